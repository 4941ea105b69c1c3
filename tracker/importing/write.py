"""Writing a parsed import: bulk inserts and updates in the caller's transaction, then the audit event.

Core ``executemany`` in chunks (an ORM ``add_all`` is ten times slower for a million rows); duplicates of rows
already stored are found by comparing values, so importing a file twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from tracker import audit
from tracker.auth import Actor
from tracker.importing.parse import _KEEP_WHEN_BLANK, ParsedImport
from tracker.models import Activity, Certification, Department, Enterprise, Output, Person, utcnow
from tracker.registry import names_to_ids

# Rows written per INSERT statement: large enough to amortise round trips, small enough for modest memory.
CHUNK = 20_000


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: new rows, changed rows (teachers only) and exact duplicates skipped."""

    kind: str
    filename: str
    created: int
    updated: int
    skipped: int

    def summary(self) -> str:
        """One line for the CLI and the import page."""
        parts = [f"{self.created} created"]
        if self.kind == "teachers":
            parts.append(f"{self.updated} updated")
            parts.append(f"{self.skipped} unchanged")
        else:
            parts.append(f"{self.skipped} duplicates skipped")
        return f"Imported {self.kind} from {self.filename}: " + ", ".join(parts) + "."


def _emails_to_ids(conn) -> dict[str, int]:
    person = Person.__table__
    return dict(conn.execute(sa.select(person.c.email, person.c.id)).all())


def _insert_chunks(conn, table: sa.Table, rows: list[dict]) -> None:
    """Core executemany in chunks."""
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i : i + CHUNK])


def _date_param(conn) -> Callable[[date | None], Any]:
    """How ``_insert_records`` wants a date: on SQLite the ISO text SQLAlchemy stores, elsewhere the date."""
    if conn.dialect.name == "sqlite":
        return lambda d: None if d is None else d.isoformat()
    return lambda d: d


def _review_columns(conn, reviewer_id: int | None) -> Callable[[str], tuple]:
    """``(reviewer_id, reviewed_at)`` for a row of this status: verified rows are reviewed by the importer,
    now (in the form ``_insert_records`` passes to the driver)."""
    now = utcnow()
    if conn.dialect.name == "sqlite":
        to_text = Activity.__table__.c.reviewed_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        now = to_text(now) if to_text else now
    return lambda status: (reviewer_id, now) if status == "verified" else (None, None)


def _insert_records(conn, table: sa.Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert activity or certificate rows (values in ``columns`` order, dates from ``_date_param``), all
    stamped with the import's time, in the caller's transaction.

    SQLAlchemy's per-row type processing costs more than the insert itself (bench/import_bench.py, 1M rows),
    so the rows go to the driver directly: SQLite ``executemany`` of plain tuples, PostgreSQL ``COPY``.
    """
    now = utcnow()
    names = (*columns, "created_at", "updated_at")
    if conn.dialect.name == "sqlite":
        to_text = table.c.created_at.type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
        stamp = to_text(now) if to_text else now  # the exact text SQLAlchemy would store
        sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        for i in range(0, len(rows), CHUNK):
            conn.exec_driver_sql(sql, [(*row, stamp, stamp) for row in rows[i : i + CHUNK]])
    elif conn.dialect.driver == "psycopg":
        driver = conn.connection.driver_connection  # same connection, same transaction
        with (
            driver.cursor() as cursor,
            cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row((*row, now, now))
    else:
        for i in range(0, len(rows), CHUNK):
            conn.execute(
                table.insert(),
                [dict(zip(names, (*row, now, now), strict=True)) for row in rows[i : i + CHUNK]],
            )


def _write_teachers(conn, parsed: ParsedImport) -> tuple[int, int, int]:
    person, department = Person.__table__, Department.__table__
    departments = names_to_ids(conn, department, {r.department for r in parsed.rows if r.department})
    existing = {
        r.email: r
        for r in conn.execute(
            sa.select(
                person.c.id,
                person.c.email,
                person.c.name,
                person.c.department_id,
                person.c.role,
                person.c.category,
                person.c.hire_date,
                person.c.title_rank,
                person.c.industry_years,
            )
        )
    }
    now = utcnow()
    creates, updates, unchanged = [], [], 0
    for row, blank in zip(parsed.rows, parsed.blank_cells, strict=True):
        values = {
            "name": row.name,
            "department_id": departments.get(row.department),
            "role": row.role,
            "category": row.category,
            "hire_date": row.hire_date,
            "title_rank": row.title_rank,
            "industry_years": row.industry_years,
        }
        old = existing.get(row.email)
        if old is None:
            creates.append({"email": row.email, "active": True, "created_at": now, **values})
            continue
        for cell in blank:
            column = _KEEP_WHEN_BLANK[cell]
            values[column] = getattr(old, column)
        if all(getattr(old, k) == v for k, v in values.items()):
            unchanged += 1
        else:
            updates.append({"_id": old.id, **values})
    _insert_chunks(conn, person, creates)
    if updates:
        statement = (
            person.update()
            .where(person.c.id == sa.bindparam("_id"))
            .values({k: sa.bindparam(k) for k in updates[0] if k != "_id"})
        )
        conn.execute(statement, updates)
    return len(creates), len(updates), unchanged


def _existing_keys(conn, select: sa.Select, person_ids: list[int], id_column) -> set[tuple]:
    keys: set[tuple] = set()
    for i in range(0, len(person_ids), 500):
        keys.update(tuple(r) for r in conn.execute(select.where(id_column.in_(person_ids[i : i + 500]))))
    return keys


def _write_activities(
    conn, parsed: ParsedImport, teacher_ids: dict[str, int], reviewer_id: int | None = None
) -> tuple[int, int, int]:
    activity, enterprise, person = Activity.__table__, Enterprise.__table__, Person.__table__
    rows = parsed.rows
    person_ids = sorted({teacher_ids[r.teacher_email] for r in rows})
    # The duplicate key uses emails and enterprise names, so the file's rows compare without writing first.
    # Status is not part of it: a record a head has verified since the last import is still the same record,
    # and importing it again as "submitted" would count its hours twice once verified.
    stored = sa.select(
        person.c.email,
        activity.c.kind,
        enterprise.c.name,
        activity.c.start_date,
        activity.c.end_date,
        activity.c.hours,
        activity.c.description,
    ).select_from(
        activity.join(person, activity.c.person_id == person.c.id).outerjoin(
            enterprise, activity.c.enterprise_id == enterprise.c.id
        )
    )
    seen = _existing_keys(conn, stored, person_ids, activity.c.person_id)
    fresh = []
    for r in rows:
        key = (
            r.teacher_email,
            r.kind,
            r.enterprise,
            r.start_date,
            r.end_date,
            r.hours,
            r.description,
        )
        if key not in seen:
            seen.add(key)
            fresh.append(r)
    enterprises = names_to_ids(conn, enterprise, {r.enterprise for r in fresh if r.enterprise})
    day = _date_param(conn)
    columns = (
        "person_id",
        "kind",
        "enterprise_id",
        "start_date",
        "end_date",
        "hours",
        "description",
        "status",
        "reviewer_id",
        "reviewed_at",
    )
    review = _review_columns(conn, reviewer_id)
    values = [
        (
            teacher_ids[r.teacher_email],
            r.kind,
            enterprises[r.enterprise] if r.enterprise else None,
            day(r.start_date),
            day(r.end_date),
            r.hours,
            r.description,
            r.status,
            *review(r.status),
        )
        for r in fresh
    ]
    _insert_records(conn, activity, columns, values)
    return len(values), 0, len(rows) - len(values)


def _write_certifications(
    conn, parsed: ParsedImport, teacher_ids: dict[str, int], reviewer_id: int | None = None
) -> tuple[int, int, int]:
    certification, person = Certification.__table__, Person.__table__
    rows = parsed.rows
    person_ids = sorted({teacher_ids[r.teacher_email] for r in rows})
    c = certification.c
    stored = sa.select(
        person.c.email, c.name, c.issuer, c.type, c.level, c.issued_on, c.expires_on, c.credential_id
    ).select_from(certification.join(person, c.person_id == person.c.id))  # status left out, as for activities
    seen = _existing_keys(conn, stored, person_ids, c.person_id)
    day = _date_param(conn)
    columns = (
        "person_id",
        "name",
        "issuer",
        "type",
        "level",
        "issued_on",
        "expires_on",
        "credential_id",
        "status",
        "reviewer_id",
        "reviewed_at",
    )
    review = _review_columns(conn, reviewer_id)
    values = []
    for r in rows:
        key = (
            r.teacher_email,
            r.name,
            r.issuer,
            r.type,
            r.level,
            r.issued_on,
            r.expires_on,
            r.credential_id,
        )
        if key in seen:
            continue
        seen.add(key)
        values.append(
            (
                teacher_ids[r.teacher_email],
                r.name,
                r.issuer,
                r.type,
                r.level,
                day(r.issued_on),
                day(r.expires_on),
                r.credential_id,
                r.status,
                *review(r.status),
            )
        )
    _insert_records(conn, certification, columns, values)
    return len(values), 0, len(rows) - len(values)


def _write_outputs(
    conn, parsed: ParsedImport, teacher_ids: dict[str, int], reviewer_id: int | None = None
) -> tuple[int, int, int]:
    output, person = Output.__table__, Person.__table__
    rows = parsed.rows
    person_ids = sorted({teacher_ids[r.teacher_email] for r in rows})
    o = output.c
    stored = sa.select(person.c.email, o.kind, o.title, o.dated_on).select_from(
        output.join(person, o.person_id == person.c.id)
    )  # status left out, as for activities
    seen = _existing_keys(conn, stored, person_ids, o.person_id)
    day = _date_param(conn)
    columns = (
        "person_id", "kind", "title", "dated_on", "description", "status", "reviewer_id", "reviewed_at"
    )
    review = _review_columns(conn, reviewer_id)
    values = []
    for r in rows:
        key = (r.teacher_email, r.kind, r.title, r.dated_on)
        if key in seen:
            continue
        seen.add(key)
        values.append(
            (teacher_ids[r.teacher_email], r.kind, r.title, day(r.dated_on), "", r.status, *review(r.status))
        )
    _insert_records(conn, output, columns, values)
    return len(values), 0, len(rows) - len(values)


_ENTITY = {
    "teachers": "person",
    "activities": "activity",
    "certifications": "certification",
    "outputs": "output",
}


def _audit(session: Session, actor: Actor, result: ImportResult) -> None:
    after = {
        "file": result.filename,
        "created": result.created,
        "updated": result.updated,
        "skipped": result.skipped,
    }
    audit.record_by(session, actor, "import", _ENTITY[result.kind], None, after=after)


def _rebuild_practice(session: Session, person_ids: list[int]) -> None:
    """Refresh what the compliance engine derives from activities, in the import's transaction."""
    from tracker.norms import rebuild_practice

    rebuild_practice(session, person_ids=person_ids)
