"""Write-time materialisation of each teacher's effective practice hours per day.

Why: on the 1,000,000-activity benchmark, spreading activity rows on every evaluation took 9.5x the floor
query on SQLite and 20x on PostgreSQL; reading these series instead took 1.0x and 2.7x (issue 3, "Speed";
docs/norms.md). Each write path calls
``on_activities_changed`` in its own transaction, so the series are never out of step with the activities;
``rebuild_practice`` recomputes everyone after a bulk import or when a pack starts counting other kinds.
Evaluations of a series that is not materialised fall back to spreading activity rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

import numpy as np
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session

from tracker.norms.engine import (
    ActivityArrays,
    DailyHours,
    SeriesKey,
    SparseDays,
    series_key,
    spread_daily,
)
from tracker.norms.models import PracticeSeries
from tracker.norms.packs import Norm

SETTING = "norms.practice_series"  # app_setting key: JSON list of the materialised series
_table = PracticeSeries.__table__
_BATCH = 1000  # teachers per rebuild step: bounds memory on a million rows
# what an activity counts for: the enterprise's confirmed hours when it confirmed (0 if it rated it a fail),
# else the teacher's claim (one home for this rule: every compliance path loads activities through here)
COUNTED_HOURS = (
    "CASE WHEN c.id IS NULL THEN a.hours WHEN c.rating = 'fail' THEN 0 ELSE c.confirmed_hours END"
)


def key_text(key: SeriesKey) -> str:
    """``kinds|cap``, plus ``|confirmed:kinds`` when some kinds count only once the enterprise confirmed them
    (series stored before issue 13 keep their names)."""
    kinds, cap, confirmed_only = key
    text = f"{','.join(kinds)}|{cap:g}"
    return f"{text}|confirmed:{','.join(confirmed_only)}" if confirmed_only else text


def _connection(target: Session | Connection) -> Connection:
    return target.connection() if isinstance(target, Session) else target


def materialised_series(target: Session | Connection) -> set[str]:
    """The series kept up to date at write time."""
    value = (
        _connection(target)
        .execute(sa.text("SELECT value FROM app_setting WHERE key = :k"), {"k": SETTING})
        .scalar()
    )
    return set(json.loads(value)) if value else set()


def _day_number(conn: Connection, column: str) -> str:
    if conn.dialect.name == "postgresql":
        return f"({column} - DATE '0001-01-01') + 1"
    return f"CAST(julianday({column}) - 1721424.5 AS INTEGER)"  # = date.toordinal()


def load_activities(
    target: Session | Connection,
    *,
    person_ids: Iterable[int] | None = None,
    department_id: int | None = None,
    ends_after: date | None = None,
    starts_until: date | None = None,
) -> ActivityArrays:
    """Verified and submitted activities as arrays (the only statuses that count or are pending).

    Where the host enterprise confirmed an activity, its confirmed hours replace the claimed ones (issue 13);
    a confirmation rated ``fail`` confirms no hours.
    """
    conn = _connection(target)
    sql = (
        f"SELECT a.person_id, {_day_number(conn, 'a.start_date')}, {_day_number(conn, 'a.end_date')}, "
        f"{COUNTED_HOURS}, a.kind, a.status = 'verified', c.id IS NOT NULL FROM activity a "
        "LEFT JOIN practice_confirmation c ON c.activity_id = a.id"
    )
    where = ["a.status IN ('verified', 'submitted')"]
    params: dict = {}
    if department_id is not None:
        sql += " JOIN person p ON p.id = a.person_id"
        where.append("p.department_id = :dept")
        params["dept"] = department_id
    if ends_after is not None:
        where.append("a.end_date > :ends_after")
        params["ends_after"] = ends_after
    if starts_until is not None:
        where.append("a.start_date <= :starts_until")
        params["starts_until"] = starts_until
    statement = sa.text(sql + " WHERE " + " AND ".join(where))
    if person_ids is not None:
        ids = sorted(set(person_ids))
        if not ids:
            return ActivityArrays.empty()
        statement = sa.text(sql + " WHERE " + " AND ".join([*where, "a.person_id IN :ids"])).bindparams(
            sa.bindparam("ids", expanding=True)
        )
        params["ids"] = ids
    rows = conn.execute(statement, params).fetchall()
    if not rows:
        return ActivityArrays.empty()
    pid, start, end, hours, kind, verified, confirmed = zip(*rows, strict=True)
    return ActivityArrays(
        person_id=np.array(pid, dtype=np.int64),
        start=np.array(start, dtype=np.int64),
        end=np.array(end, dtype=np.int64),
        hours=np.array(hours, dtype=np.float64),
        kind=np.array(kind, dtype=object),
        verified=np.array(verified, dtype=bool),
        confirmed=np.array(confirmed, dtype=bool),
    )


def _by_person(days: SparseDays) -> dict[int, tuple[bytes, bytes]]:
    """Each teacher's (days as int32, nano-hours as int64) little-endian bytes; entries sorted by teacher."""
    if not len(days.day):
        return {}
    cuts = np.flatnonzero(np.diff(days.person_id)) + 1
    starts = np.concatenate([[0], cuts]).tolist()
    stops = np.concatenate([cuts, [len(days.day)]]).tolist()
    day = days.day.astype("<i4")
    nano = days.nano.astype("<i8")
    return {
        int(days.person_id[lo]): (day[lo:hi].tobytes(), nano[lo:hi].tobytes())
        for lo, hi in zip(starts, stops, strict=True)
    }


def _write(conn: Connection, key: SeriesKey, series: DailyHours) -> None:
    counted, pending = _by_person(series.counted), _by_person(series.pending)
    empty = (b"", b"")
    rows = [
        {
            "person_id": pid,
            "series": key_text(key),
            "days": counted.get(pid, empty)[0],
            "counted": counted.get(pid, empty)[1],
            "pending_days": pending.get(pid, empty)[0],
            "pending": pending.get(pid, empty)[1],
        }
        for pid in sorted(counted.keys() | pending.keys())
    ]
    if rows:
        conn.execute(_table.insert(), rows)


def rebuild_practice(
    target: Session | Connection,
    person_ids: Iterable[int] | None = None,
    *,
    keys: Iterable[SeriesKey] | None = None,
) -> None:
    """Recompute the materialised series of ``person_ids`` (everyone when None), in the caller's transaction.

    For bulk imports: one pass over the activity table in batches of teachers.
    """
    conn = _connection(target)
    keys = [_parse_key(k) for k in materialised_series(conn)] if keys is None else list(keys)
    _materialise(conn, keys, person_ids)


def _materialise(conn: Connection, keys: list[SeriesKey], person_ids: Iterable[int] | None) -> None:
    """Replace the rows of ``keys`` for ``person_ids`` (everyone when None) with freshly spread ones."""
    names = [key_text(k) for k in keys]
    if person_ids is None:
        conn.execute(_table.delete().where(_table.c.series.in_(names)))
        ids = conn.execute(sa.text("SELECT DISTINCT person_id FROM activity ORDER BY 1")).scalars().all()
    else:
        ids = sorted(set(person_ids))
        if ids and conn.dialect.name == "postgresql":
            # two writers for one teacher at once: the second waits here instead of failing on a duplicate
            conn.execute(
                sa.text("SELECT id FROM person WHERE id IN :ids ORDER BY id FOR UPDATE").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": ids},
            )
        conn.execute(_table.delete().where(_table.c.person_id.in_(ids), _table.c.series.in_(names)))
    if not keys:
        return
    for i in range(0, len(ids), _BATCH):
        acts = load_activities(conn, person_ids=ids[i : i + _BATCH])
        for key in keys:
            _write(conn, key, spread_daily(acts, key))


def on_activities_changed(session: Session, person_ids: Iterable[int]) -> None:
    """Every write path calls this after changing activities, in the same transaction (services, import,
    demo loader), so compliance sees the change at once."""
    session.flush()
    rebuild_practice(session, person_ids)


def _parse_key(text: str) -> SeriesKey:
    kinds, cap, *rest = text.split("|")
    confirmed_only = rest[0].removeprefix("confirmed:").split(",") if rest else []
    return (tuple(k for k in kinds.split(",") if k), float(cap), tuple(k for k in confirmed_only if k))


def refresh_series(session: Session, norms: Iterable[Norm]) -> None:
    """Materialise exactly the series ``norms`` (every stored norm version) use; build the new ones for
    everyone. The pack store calls it after a pack is loaded or switched on or off."""
    wanted = {key_text(series_key(n)) for n in norms if n.rule != "valid_certificates"}
    held = materialised_series(session)
    if wanted == held:
        return
    conn = session.connection()
    gone = held - wanted
    if gone:
        conn.execute(_table.delete().where(_table.c.series.in_(sorted(gone))))
    _materialise(conn, [_parse_key(k) for k in sorted(wanted - held)], None)
    conn.execute(sa.text("DELETE FROM app_setting WHERE key = :k"), {"k": SETTING})
    conn.execute(
        sa.text("INSERT INTO app_setting (key, value) VALUES (:k, :v)"),
        {"k": SETTING, "v": json.dumps(sorted(wanted))},
    )


def read_series(
    target: Session | Connection,
    key: SeriesKey,
    *,
    department_id: int | None = None,
    person_ids: Iterable[int] | None = None,
) -> DailyHours:
    """A materialised series for everyone (or a department, or some people) as one sparse array set."""
    conn = _connection(target)
    c = _table.c
    query = sa.select(c.person_id, c.days, c.counted, c.pending_days, c.pending).where(
        c.series == key_text(key)
    )
    if department_id is not None:
        person = sa.table("person", sa.column("id"), sa.column("department_id"))
        query = query.join(person, person.c.id == c.person_id).where(person.c.department_id == department_id)
    if person_ids is not None:
        query = query.where(c.person_id.in_(sorted(set(person_ids))))
    if conn.dialect.name == "postgresql":
        # binary results: bytea arrives as raw bytes instead of hex text twice the size
        compiled = query.compile(conn, compile_kwargs={"render_postcompile": True})
        with conn.connection.dbapi_connection.cursor(binary=True) as cursor:
            cursor.execute(str(compiled), compiled.params)
            rows = cursor.fetchall()
    else:
        rows = conn.execute(query).fetchall()
    if not rows:
        return DailyHours.empty()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return DailyHours(
        _unpack(ids, [r[1] for r in rows], [r[2] for r in rows]),
        _unpack(ids, [r[3] for r in rows], [r[4] for r in rows]),
    )


def _unpack(ids: np.ndarray, days: list[bytes], nanos: list[bytes]) -> SparseDays:
    day = [np.frombuffer(d, dtype="<i4") for d in days]
    lengths = np.fromiter((len(d) for d in day), dtype=np.int64, count=len(day))
    return SparseDays(
        person_id=np.repeat(ids, lengths),
        day=np.concatenate(day).astype(np.int64),
        nano=np.concatenate([np.frombuffer(n, dtype="<i8") for n in nanos]).astype(np.int64, copy=False),
    )


def daily_hours(session: Session, key: SeriesKey, **scope) -> DailyHours:
    """The series from the materialised table when kept there, else spread from the activities now."""
    if key_text(key) in materialised_series(session):
        return read_series(session, key, **scope)
    return spread_daily(load_activities(session, **scope), key)
