"""Importing teachers, activities and certifications from CSV or XLSX files, all or nothing.

Two steps. ``parse_file`` is pure: it reads the file, checks the header and validates every row through
``tracker.validation`` (the one set of rules), collecting every problem with its line number in the file.
``import_file`` adds what needs the database (known teachers, duplicates already stored) and then writes
everything in one transaction, or nothing at all when any row has a problem.

Columns (header row first; names are case-insensitive; optional columns may be left out or left blank):

- teachers: ``email, name, hire_date`` and optional ``department, role, category, title_rank, industry_years``
- activities: ``teacher_email, kind, start_date, end_date, hours`` and optional
  ``enterprise, status, description``
- certifications: ``teacher_email, name, issued_on`` and optional
  ``issuer, expires_on, status, type, level, credential_id``
- outputs: ``teacher_email, kind, title, date`` and optional ``status``
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session

from tracker import audit, validation
from tracker.db import insert_missing, one_at_a_time, session_scope
from tracker.errors import InvalidInput, Problem
from tracker.models import Activity, Certification, Department, Enterprise, Output, Person, utcnow

KINDS = ("teachers", "activities", "certifications", "outputs")

# Rows written per INSERT statement: large enough to amortise round trips, small enough for modest memory.
CHUNK = 20_000
# A file this wrong (a wrong export, a shifted column) is fixed from its first problems, not a full list.
MAX_PROBLEMS = 1000

Progress = Callable[[Iterable, int | None], Iterable]


@dataclass(frozen=True)
class _Columns:
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.required + self.optional


COLUMNS = {
    "teachers": _Columns(
        ("email", "name", "hire_date"), ("department", "role", "category", "title_rank", "industry_years")
    ),
    "activities": _Columns(
        ("teacher_email", "kind", "start_date", "end_date", "hours"), ("enterprise", "status", "description")
    ),
    "certifications": _Columns(
        ("teacher_email", "name", "issued_on"),
        ("issuer", "expires_on", "status", "type", "level", "credential_id"),
    ),
    "outputs": _Columns(("teacher_email", "kind", "title", "date"), ("status",)),
}

# Cells of an existing teacher that, left blank, keep what the database already holds (cell -> person column).
_KEEP_WHEN_BLANK = {
    "department": "department_id",
    "role": "role",
    "category": "category",
    "title_rank": "title_rank",
    "industry_years": "industry_years",
}


@dataclass
class ParsedImport:
    """A validated file: ``rows[i]`` came from line ``lines[i]``; ``problems`` lists everything wrong.

    ``blank_cells[i]`` (teachers only) names the optional cells left blank on that row.
    """

    kind: str
    filename: str
    rows: list[Any] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank_cells: list[frozenset[str]] = field(default_factory=list)
    duplicates_in_file: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


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


# --- reading a file -----------------------------------------------------------------------------------------


class _Unreadable(Exception):
    """The file as a whole cannot be read; the message is for a teacher."""


_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted (password-protected) .xlsx


def _head(source: Path | bytes, size: int = 8192) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:size])
    with open(source, "rb") as f:
        return f.read(size)


def _open_binary(source: Path | bytes) -> io.BufferedIOBase:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    return open(source, "rb")


def _count_lines(source: Path | bytes) -> int:
    """Newlines in the file: the progress bar's total (cheap next to parsing)."""
    if isinstance(source, bytes | bytearray):
        return source.count(b"\n") or 1
    count = 0
    with open(source, "rb") as f:
        while chunk := f.read(1 << 20):
            count += chunk.count(b"\n")
    return count or 1


def _not_utf8_message(sample: bytes) -> str:
    try:
        sample.decode("gb18030")
        hint = " It looks like GBK/GB18030, which Excel writes for plain 'CSV'."
    except UnicodeDecodeError:
        hint = ""
    return (
        "the file is not UTF-8 text." + hint + " In Excel choose 'Save As' > 'CSV UTF-8 (逗号分隔)', "
        "or save it as .xlsx."
    )


def _csv_lines(source: Path | bytes) -> Iterator[tuple[int, list]]:
    """(line number where the record starts, cells) for every record of a UTF-8 CSV (BOM or not)."""
    raw = _open_binary(source)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise _Unreadable(_not_utf8_message(exc.object[max(0, exc.start - 64) : exc.start + 64])) from None
    except csv.Error as exc:
        raise _Unreadable(
            f"line {reader.line_num}: the CSV text is broken ({exc}); check the quotes"
        ) from None
    finally:
        text.close()


def _xlsx_lines(source: Path | bytes) -> tuple[Iterator[tuple[int, list]], int | None]:
    """(row number, cells) for the first worksheet, and the sheet's stated row count."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes | bytearray) else source,
            read_only=True,
            data_only=True,
        )
    except Exception:  # openpyxl raises many kinds for damaged files; any of them means "cannot read"
        raise _Unreadable(
            "this .xlsx workbook cannot be read (is it damaged?); open it in Excel and save it again"
        ) from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row
    # Some writers store a wrong sheet size; without this, read-only mode would silently stop early.
    sheet.reset_dimensions()

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            workbook.close()

    return rows(), total


def _table(source: Path | bytes) -> tuple[Iterator[tuple[int, list]], int | None]:
    """Sniff the content (not the name) and return its records and an estimate of their number."""
    head = _head(source)
    if head.startswith(_ZIP):
        return _xlsx_lines(source)
    if head.startswith(_OLE2):
        raise _Unreadable(
            "this is an old Excel .xls file or a password-protected workbook; "
            "save it as .xlsx without a password"
        )
    if b"\x00" in head or head.startswith(b"%PDF"):
        raise _Unreadable("this is not a CSV or XLSX file; export the sheet as 'CSV UTF-8' or .xlsx")
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _Unreadable("the file is empty; the first line must name the columns")
    return _csv_lines(source), _count_lines(source)


def _header_key(cell) -> str:
    return str(cell or "").strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def _blank_cell(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _blank_row(cells: list) -> bool:
    try:
        return not "".join(cells).strip()  # CSV: all strings, checked in one C call
    except TypeError:  # spreadsheet cells: numbers, dates, None
        return all(_blank_cell(c) for c in cells)


# --- parsing ------------------------------------------------------------------------------------------------


def parse_file(
    kind: str,
    source: Path | bytes,
    filename: str | None = None,
    *,
    known_emails: Collection[str] | None = None,
    progress: Progress | None = None,
) -> ParsedImport:
    """Read and validate a whole file without touching the database.

    Args:
        kind: ``teachers``, ``activities`` or ``certifications``.
        source: the file's path, or its bytes (an upload).
        filename: the name shown in messages (defaults to the path's name).
        known_emails: when given, activities and certifications must name one of these teachers.
        progress: ``progress(records, total)`` wraps the record iterator (a progress bar on a terminal).

    Returns:
        The clean rows with their line numbers, and every problem found (an unreadable file gives just one).
    """
    if kind not in COLUMNS:
        raise InvalidInput(f"{kind!r} is not one of: {', '.join(KINDS)}", field="kind")
    name = filename or (source.name if isinstance(source, Path) else "upload")
    parsed = ParsedImport(kind, name)
    try:
        records, total = _table(source)
        if progress is not None:
            records = iter(progress(records, total))
        _parse_records(parsed, records, known_emails)
    except _Unreadable as exc:
        parsed.rows.clear()
        parsed.lines.clear()
        parsed.blank_cells.clear()
        parsed.problems[:] = [Problem("file", str(exc))]
    except OSError as exc:
        parsed.problems[:] = [Problem("file", f"cannot read {name}: {exc.strerror or exc}")]
    return parsed


def _read_header(parsed: ParsedImport, records: Iterator[tuple[int, list]]) -> tuple[int, list[str]] | None:
    columns = COLUMNS[parsed.kind]
    for line, cells in records:
        if all(_blank_cell(c) for c in cells):
            continue
        header = [_header_key(c) for c in cells]
        while header and not header[-1]:
            header.pop()  # trailing empty header cells (spreadsheets often have them)
        present = [h for h in header if h]
        if len(present) == 1 and (";" in present[0] or "\t" in present[0]):
            used = "semicolons" if ";" in present[0] else "tabs"
            parsed.problems.append(
                Problem("header", f"the columns are separated by {used}; separate them with commas", line)
            )
            return None
        problems = []
        missing = [c for c in columns.required if c not in present]
        if missing:
            problems.append(f"missing column(s): {', '.join(missing)}")
        unknown = [h for h in present if h not in columns.all]
        if unknown:
            problems.append(f"unknown column(s): {', '.join(unknown)}")
        twice = sorted({h for h in present if present.count(h) > 1})
        if twice:
            problems.append(f"column(s) named twice: {', '.join(twice)}")
        if "" in header:
            problems.append(f"column {header.index('') + 1} has no name")
        if problems:
            expected = ", ".join(columns.required) + " (optional: " + ", ".join(columns.optional) + ")"
            parsed.problems.extend(Problem("header", f"{p}; expected {expected}", line) for p in problems)
            return None
        return line, header
    parsed.problems.append(
        Problem("file", "the file has no header row; the first line must name the columns")
    )
    return None


def _parse_records(parsed: ParsedImport, records: Iterator[tuple[int, list]], known_emails) -> None:
    found = _read_header(parsed, records)
    if found is None:
        return
    header_line, header = found
    width = len(header)
    kind = parsed.kind
    rows, lines, problems, blanks = parsed.rows, parsed.lines, parsed.problems, parsed.blank_cells
    activity, certification, person = validation.activity, validation.certification, validation.person
    output = validation.output
    seen_teachers: dict[str, tuple[int, Any]] = {}
    for line, cells in records:
        if len(problems) >= MAX_PROBLEMS:
            problems.append(
                Problem(
                    "file",
                    f"stopped reading at row {line} after {len(problems):,} problems; "
                    "correct these and import the file again",
                )
            )
            break
        if len(cells) > width:
            extra = cells[width:]
            if any(not _blank_cell(c) for c in extra):
                problems.append(
                    Problem("cells", f"{len(cells)} values but the header has {width} columns", line)
                )
                continue
            cells = cells[:width]
        if _blank_row(cells):
            continue
        raw = dict(zip(header, cells, strict=False))  # a short row's missing cells are blank
        try:
            if kind == "activities":
                clean = activity(raw, row=line, known_emails=known_emails)
            elif kind == "certifications":
                clean = certification(raw, row=line, known_emails=known_emails)
            elif kind == "outputs":
                clean = output(raw, row=line, known_emails=known_emails)
            else:
                clean = person(raw, row=line)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if kind == "teachers":
            earlier = seen_teachers.get(clean.email)
            if earlier is not None:
                if earlier[1] != clean:
                    problems.append(
                        Problem("email", f"{clean.email} is also on row {earlier[0]} with other values", line)
                    )
                else:
                    parsed.duplicates_in_file += 1
                continue
            seen_teachers[clean.email] = (line, clean)
            blanks.append(frozenset(c for c in _KEEP_WHEN_BLANK if _blank_cell(raw.get(c))))
        rows.append(clean)
        lines.append(line)
    if not rows and not problems:
        problems.append(Problem("file", "there are no rows under the header", header_line))


# --- writing ------------------------------------------------------------------------------------------------


def import_file(
    engine: Engine,
    kind: str,
    source: Path | bytes,
    *,
    filename: str | None = None,
    progress: Progress | None = None,
    actor: str = "cli",
) -> ImportResult:
    """Validate a whole file and write it in one transaction; any problem means nothing is written.

    Teachers are upserted by email (departments created by name; blank department/role/category cells keep an
    existing teacher's values). Activities and certifications must name teachers already in the database;
    unknown enterprises are created; rows identical to one already stored, or to an earlier row of the same
    file, are skipped and counted, so importing a file twice adds nothing the second time.

    Raises:
        InvalidInput: listing every problem as ``row N: column: message`` (N is the line in the file).
    """
    if kind not in COLUMNS:
        raise InvalidInput(f"{kind!r} is not one of: {', '.join(KINDS)}", field="kind")
    known = None
    if kind != "teachers":
        with engine.connect() as conn:
            known = _emails_to_ids(conn)
    parsed = parse_file(kind, source, filename, known_emails=known, progress=progress)
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    with session_scope(engine) as session:
        one_at_a_time(session, "import")  # duplicate checks must see an import running at the same moment
        conn = session.connection()
        if kind == "teachers":
            created, updated, skipped = _write_teachers(conn, parsed)
        elif kind == "activities":
            created, updated, skipped = _write_activities(conn, parsed, known)
        elif kind == "outputs":
            created, updated, skipped = _write_outputs(conn, parsed, known)
        else:
            created, updated, skipped = _write_certifications(conn, parsed, known)
        skipped += parsed.duplicates_in_file
        result = ImportResult(kind, parsed.filename, created, updated, skipped)
        _audit(session, actor, result)
        if kind == "activities" and created:
            _rebuild_practice(session, sorted({known[r.teacher_email] for r in parsed.rows}))
    return result


def _emails_to_ids(conn) -> dict[str, int]:
    person = Person.__table__
    return dict(conn.execute(sa.select(person.c.email, person.c.id)).all())


def _names_to_ids(conn, table: sa.Table, names: set[str]) -> dict[str, int]:
    """Ids for ``names`` in a table with a unique ``name``, inserting the missing ones."""
    found: dict[str, int] = {}
    ordered = sorted(names)
    for i in range(0, len(ordered), 500):
        part = ordered[i : i + 500]
        found.update(conn.execute(sa.select(table.c.name, table.c.id).where(table.c.name.in_(part))).all())
    missing = [n for n in ordered if n not in found]
    if missing:
        # ON CONFLICT DO NOTHING: a dashboard user may add the same enterprise while the import runs
        insert_missing(conn, table, [{"name": n} for n in missing], ["name"])
        for i in range(0, len(missing), 500):
            part = missing[i : i + 500]
            found.update(
                conn.execute(sa.select(table.c.name, table.c.id).where(table.c.name.in_(part))).all()
            )
    return found


def _insert_chunks(conn, table: sa.Table, rows: list[dict]) -> None:
    """Core executemany in chunks."""
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i : i + CHUNK])


def _date_param(conn) -> Callable[[date | None], Any]:
    """How ``_insert_records`` wants a date: on SQLite the ISO text SQLAlchemy stores, elsewhere the date."""
    if conn.dialect.name == "sqlite":
        return lambda d: None if d is None else d.isoformat()
    return lambda d: d


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
    departments = _names_to_ids(conn, department, {r.department for r in parsed.rows if r.department})
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


def _write_activities(conn, parsed: ParsedImport, teacher_ids: dict[str, int]) -> tuple[int, int, int]:
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
    enterprises = _names_to_ids(conn, enterprise, {r.enterprise for r in fresh if r.enterprise})
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
    )
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
        )
        for r in fresh
    ]
    _insert_records(conn, activity, columns, values)
    return len(values), 0, len(rows) - len(values)


def _write_certifications(conn, parsed: ParsedImport, teacher_ids: dict[str, int]) -> tuple[int, int, int]:
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
    )
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
            )
        )
    _insert_records(conn, certification, columns, values)
    return len(values), 0, len(rows) - len(values)


def _write_outputs(conn, parsed: ParsedImport, teacher_ids: dict[str, int]) -> tuple[int, int, int]:
    output, person = Output.__table__, Person.__table__
    rows = parsed.rows
    person_ids = sorted({teacher_ids[r.teacher_email] for r in rows})
    o = output.c
    stored = sa.select(person.c.email, o.kind, o.title, o.dated_on).select_from(
        output.join(person, o.person_id == person.c.id)
    )  # status left out, as for activities
    seen = _existing_keys(conn, stored, person_ids, o.person_id)
    day = _date_param(conn)
    columns = ("person_id", "kind", "title", "dated_on", "description", "status")
    values = []
    for r in rows:
        key = (r.teacher_email, r.kind, r.title, r.dated_on)
        if key in seen:
            continue
        seen.add(key)
        values.append((teacher_ids[r.teacher_email], r.kind, r.title, day(r.dated_on), "", r.status))
    _insert_records(conn, output, columns, values)
    return len(values), 0, len(rows) - len(values)


_ENTITY = {
    "teachers": "person",
    "activities": "activity",
    "certifications": "certification",
    "outputs": "output",
}


def _audit(session: Session, actor: str, result: ImportResult) -> None:
    actor_id = None
    if "@" in actor:
        actor_id = (
            session.connection()
            .execute(sa.select(Person.__table__.c.id).where(Person.__table__.c.email == actor))
            .scalar()
        )
    after = {
        "file": result.filename,
        "created": result.created,
        "updated": result.updated,
        "skipped": result.skipped,
    }
    audit.record(
        session,
        actor_id=actor_id,
        actor=actor,
        action="import",
        entity=_ENTITY[result.kind],
        entity_id=None,
        after=after,
    )


def _rebuild_practice(session: Session, person_ids: list[int]) -> None:
    """Refresh what the compliance engine derives from activities, in the import's transaction."""
    from tracker.norms import rebuild_practice

    rebuild_practice(session, person_ids=person_ids)
