"""The benchmark college: 5,000 teachers x 200 activities over 10 years (1,000,000 activity rows), two
certificates and five outputs each, and title ranks and industry years for the dual-qualified levels.

Built once with bulk inserts (SQLite ``executemany`` on the raw connection, PostgreSQL ``COPY``) into a
migrated database and reused while its marker row says it is the same data set. The compliance and
dashboard benchmarks both use it:

    from bench.dataset import ensure_dataset
    url = ensure_dataset()                       # sqlite file under bench/.cache
    url = ensure_dataset(quick=True)             # 500 teachers, for a smoke run
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import sqlalchemy as sa
from sqlalchemy import Engine, text

CACHE_DIR = Path(__file__).resolve().parent / ".cache"
AS_OF = date(2026, 6, 30)  # the data set's "today": 10 years of history end here
KINDS = np.array(["visit", "training", "post_practice", "rnd_project", "other"])
KIND_SHARE = [0.4, 0.3, 0.1, 0.1, 0.1]
STATUSES = np.array(["verified", "submitted", "draft", "rejected"])
STATUS_SHARE = [0.85, 0.05, 0.05, 0.05]
DEPARTMENTS = 20
TITLE_RANKS = np.array(["none", "junior", "intermediate", "associate_senior", "senior"])
CERT_TYPES = np.array(["vocational_qualification", "skill_level", "professional_title", "other"])
OUTPUT_KINDS = np.array(
    ["research_report", "teaching_case", "course_development", "technical_service", "patent", "competition_award"]
)
OUTPUTS_PER_TEACHER = 5


@dataclass(frozen=True)
class DatasetSpec:
    teachers: int = 5000
    activities_per_teacher: int = 200
    years: int = 10
    seed: int = 20261125

    @property
    def marker(self) -> str:
        return f"v4 {self.teachers}x{self.activities_per_teacher} {self.years}y seed {self.seed} to {AS_OF}"


def ensure_dataset(url: str | None = None, *, quick: bool = False, spec: DatasetSpec | None = None) -> str:
    """The URL of a migrated database holding the benchmark data set, built if missing or stale."""
    from tracker.db import make_engine, upgrade_database

    spec = spec or (DatasetSpec(teachers=500) if quick else DatasetSpec())
    if url is None:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{CACHE_DIR / f'college-{spec.teachers}.db'}"
    engine = make_engine(url)
    try:
        held = None
        if sa.inspect(engine).has_table("app_setting"):
            with engine.connect() as conn:
                held = conn.execute(
                    text("SELECT value FROM app_setting WHERE key = 'bench_dataset'")
                ).scalar()
        if held != spec.marker:
            _drop_everything(engine)  # a schema from an older draft of a migration is rebuilt
            upgrade_database(engine)
            build(engine, spec)
    finally:
        engine.dispose()
    return url


def _drop_everything(engine: Engine) -> None:
    from sqlmodel import SQLModel

    import feeds.models  # noqa: F401  (every table model, so drop_all knows them)
    import tracker.models  # noqa: F401
    import tracker.norms.models  # noqa: F401

    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")


def _tables(engine: Engine) -> list[str]:
    return [
        "evidence",
        "audit_event",
        "output",
        "recognition",
        "certification",
        "activity",
        "person",
        "enterprise",
        "department",
    ]


def build(engine: Engine, spec: DatasetSpec) -> None:
    """Replace every core row in ``engine``'s database with the generated college (deterministic per seed)."""
    rng = np.random.default_rng(spec.seed)
    n, per = spec.teachers, spec.activities_per_teacher
    end = AS_OF.toordinal()
    first = date(AS_OF.year - spec.years, AS_OF.month, AS_OF.day).toordinal() + 1

    departments = [(i + 1, f"跨境电商学院 第{i + 1}系") for i in range(DEPARTMENTS)]
    categories = rng.choice(["professional", "general", "staff"], size=n, p=[0.8, 0.15, 0.05])
    # most staff hired long ago, a tenth within the last five years (their 5-year period is still open)
    hire = np.where(
        rng.random(n) < 0.1,
        rng.integers(end - 5 * 365, end + 1, size=n),
        rng.integers(date(1995, 1, 1).toordinal(), end - 5 * 365, size=n),
    )
    ranks = rng.choice(TITLE_RANKS, size=n, p=[0.2, 0.25, 0.35, 0.15, 0.05])
    industry = np.round(rng.choice([0.0, 0.5, 1.0, 2.0, 3.0, 6.0], size=n, p=[0.4, 0.1, 0.2, 0.1, 0.1, 0.1]), 2)
    people = [
        (
            i + 1,
            f"teacher{i + 1:05d}@college.example",
            f"教师{i + 1:05d}",
            "teacher",
            str(categories[i]),
            date.fromordinal(int(hire[i])),
            True,
            (i % DEPARTMENTS) + 1,
            str(ranks[i]),
            float(industry[i]),
        )
        for i in range(n)
    ]

    total = n * per
    person_id = np.repeat(np.arange(1, n + 1), per)
    kind = rng.choice(len(KINDS), size=total, p=KIND_SHARE)
    days = np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3],
        [
            np.ones(total, dtype=np.int64),
            rng.integers(1, 5, total),
            rng.integers(3, 8, total),
            rng.integers(5, 12, total),
        ],
        default=np.ones(total, dtype=np.int64),
    )
    per_day = np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3], [rng.uniform(2, 8, total), 6.0, 6.0, 1.5], 4.0
    )
    effort = np.repeat(rng.lognormal(0.0, 0.35, n), per)  # some teachers do far more than others
    hours = np.round(days * per_day * effort, 1).clip(0.5, None)
    start = rng.integers(first, end - 3, size=total)
    stop = np.minimum(start + days - 1, end)
    status = rng.choice(len(STATUSES), size=total, p=STATUS_SHARE)

    cert_people = np.repeat(np.arange(1, n + 1), 2)
    issued = rng.integers(first, end, size=2 * n)
    lasts = rng.choice([3 * 365, 5 * 365, 0], size=2 * n, p=[0.5, 0.3, 0.2])  # 0: never expires
    cert_status = rng.choice(len(STATUSES), size=2 * n, p=STATUS_SHARE)
    cert_type = rng.choice(CERT_TYPES, size=2 * n)
    cert_level = rng.choice(["junior", "intermediate", "senior"], size=2 * n)
    out_people = np.repeat(np.arange(1, n + 1), OUTPUTS_PER_TEACHER)
    out_kind = rng.choice(OUTPUT_KINDS, size=OUTPUTS_PER_TEACHER * n)
    out_day = rng.integers(first, end + 1, size=OUTPUTS_PER_TEACHER * n)
    out_status = rng.choice(len(STATUSES), size=OUTPUTS_PER_TEACHER * n, p=STATUS_SHARE)

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE " + ", ".join(_tables(engine)) + " RESTART IDENTITY CASCADE")
        else:
            for table in _tables(engine):
                conn.exec_driver_sql(f"DELETE FROM {table}")
        dbapi = conn.connection.dbapi_connection
        stamp = "2026-06-30 00:00:00"
        _insert(conn, dbapi, "department", ["id", "name"], departments)
        _insert(
            conn,
            dbapi,
            "person",
            [
                "id",
                "email",
                "name",
                "role",
                "category",
                "hire_date",
                "active",
                "department_id",
                "title_rank",
                "industry_years",
                "created_at",
            ],
            [(*p, stamp) for p in people],
        )
        starts = _iso(start)
        stops = _iso(stop)
        kinds = KINDS[kind]
        statuses = STATUSES[status]
        rows = zip(
            kinds.tolist(), starts, stops, hours.tolist(), statuses.tolist(), person_id.tolist(), strict=True
        )
        _insert(
            conn,
            dbapi,
            "activity",
            [
                "kind",
                "start_date",
                "end_date",
                "hours",
                "description",
                "status",
                "person_id",
                "created_at",
                "updated_at",
            ],
            ((k, s, e, h, "", st, p, stamp, stamp) for k, s, e, h, st, p in rows),
        )
        issued_iso = _iso(issued)
        expires_iso = _iso(issued + lasts)
        _insert(
            conn,
            dbapi,
            "certification",
            [
                "name",
                "issuer",
                "type",
                "level",
                "issued_on",
                "expires_on",
                "status",
                "person_id",
                "created_at",
                "updated_at",
            ],
            (
                (
                    "跨境电商B2B数据运营 1+X",
                    "教育部职业技能等级证书",
                    str(cert_type[i]),
                    str(cert_level[i]),
                    issued_iso[i],
                    None if lasts[i] == 0 else expires_iso[i],
                    str(STATUSES[cert_status[i]]),
                    int(cert_people[i]),
                    stamp,
                    stamp,
                )
                for i in range(2 * n)
            ),
        )
        out_iso = _iso(out_day)
        _insert(
            conn,
            dbapi,
            "output",
            ["kind", "title", "dated_on", "description", "status", "person_id", "created_at", "updated_at"],
            (
                (str(out_kind[i]), f"成果 {i}", out_iso[i], "", str(STATUSES[out_status[i]]), int(out_people[i]),
                 stamp, stamp)
                for i in range(OUTPUTS_PER_TEACHER * n)
            ),
        )
        conn.execute(
            text("DELETE FROM app_setting WHERE key = 'bench_dataset'"),
        )
        conn.execute(
            text("INSERT INTO app_setting (key, value) VALUES ('bench_dataset', :v)"), {"v": spec.marker}
        )
        if conn.dialect.name == "postgresql":
            for table in ("department", "person", "activity", "certification", "output"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
    prepare_norms(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")


def prepare_norms(engine: Engine) -> None:
    """What ``tracker init`` and a bulk import do: load the shipped packs, materialise everyone's hours."""
    from tracker.db import session_scope
    from tracker.norms import load_default_packs, rebuild_practice

    with session_scope(engine) as session:
        load_default_packs(session)
        rebuild_practice(session)


def _iso(ordinals: np.ndarray) -> list[str]:
    epoch = date(1970, 1, 1).toordinal()
    return np.datetime_as_string((ordinals - epoch).astype("datetime64[D]")).tolist()


def _insert(conn, dbapi, table: str, columns: list[str], rows) -> None:
    if conn.dialect.name == "postgresql":
        with dbapi.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    cur = dbapi.cursor()
    cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    cur.close()


__all__ = ["AS_OF", "DatasetSpec", "build", "ensure_dataset"]
