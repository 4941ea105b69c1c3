"""Whole-institution compliance on 5,000 teachers x 200 activities over 10 years (issue 3, "Speed").

Reported in one run, on the same database:
- the floor: one indexed ``SUM(hours) ... GROUP BY person_id`` over the 5-year window, no spreading or caps;
- the engine in process for every norm (``evaluate_compliance``), goal <= 3x the floor;
- the whole ``tracker compliance --format json`` process vs a bare Python process running the floor query,
  goal <= 3x (issue 14), with the command's peak memory (goal < 1 GB);
- the whole ``tracker dual-qualified --format json`` process vs that ``tracker compliance`` process, goal <= 2x
  (issue 12);
- for the record, what decided materialising: the engine spreading activity rows on every call instead;
- the write-time cost: one teacher's hook after an edit, and a rebuild of everyone after a bulk import.
PostgreSQL too when TRACKER_BENCH_POSTGRES_URL (or TRACKER_TEST_POSTGRES_URL) is set (schema bench_college).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from bench.common import Result, median_time
from bench.dataset import AS_OF, DatasetSpec, ensure_dataset

PROJECT = Path(__file__).resolve().parent.parent
WINDOW_START = date(AS_OF.year - 5, AS_OF.month, AS_OF.day)
FLOOR_SQL = (
    f"SELECT person_id, SUM(hours) FROM activity WHERE start_date > '{WINDOW_START.isoformat()}' "
    f"AND start_date <= '{AS_OF.isoformat()}' "
    "GROUP BY person_id"
)


def _floor(engine: sa.Engine):
    def run():
        with engine.connect() as conn:
            rows = conn.exec_driver_sql(FLOOR_SQL).fetchall()
        assert len(rows) > 0

    return run


def _engine_run(engine: sa.Engine, materialised: bool = True):
    from tracker.db import session_scope
    from tracker.norms import evaluate_compliance
    from tracker.norms import query as norms_query

    def run():
        held = norms_query.materialised_series
        if not materialised:
            norms_query.materialised_series = lambda _session: set()
        try:
            with session_scope(engine) as session:
                rows = evaluate_compliance(session, as_of=AS_OF)
        finally:
            norms_query.materialised_series = held
        assert rows

    return run


def _subprocess(args: list[str], env: dict[str, str]):
    def run():
        subprocess.run(args, env=env, check=True, stdout=subprocess.DEVNULL, cwd=PROJECT)

    return run


def _bare_floor_args(url: str) -> list[str]:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1]
        code = f"import sqlite3; c = sqlite3.connect({path!r}); c.execute({FLOOR_SQL!r}).fetchall()"
    else:
        dsn = url.replace("postgresql+psycopg://", "postgresql://")
        code = f"import psycopg; c = psycopg.connect({dsn!r}); c.execute({FLOOR_SQL!r}).fetchall()"
    return [sys.executable, "-c", code]


def _peak_rss_mb(args: list[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run of ``args`` (measured in a fresh child so nothing else counts)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *args], env=env, check=True, capture_output=True, text=True, cwd=PROJECT
    )
    return int(out.stdout.strip()) / 1024


def _measure(url: str, label: str, quick: bool) -> list[Result]:
    from tracker.db import make_engine, session_scope
    from tracker.norms import on_activities_changed, rebuild_practice

    runs = 3 if quick else 7
    engine = make_engine(url)
    env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(PROJECT)}
    command = [
        sys.executable,
        "-m",
        "tracker",
        "compliance",
        "--format",
        "json",
        "--as-of",
        AS_OF.isoformat(),
    ]
    with engine.connect() as conn:
        activities = conn.exec_driver_sql("SELECT COUNT(*) FROM activity").scalar()
    size = f"{activities:,} activities"

    floor = median_time(_floor(engine), runs)
    engine_s = median_time(_engine_run(engine), runs)
    unmaterialised = median_time(_engine_run(engine, materialised=False), 1 if quick else 3)
    bare = median_time(_subprocess(_bare_floor_args(url), env), runs)
    whole = median_time(_subprocess(command, env), runs)
    dual_command = [sys.executable, "-m", "tracker", "dual-qualified", "--format", "json", "--as-of", AS_OF.isoformat()]
    dual = median_time(_subprocess(dual_command, env), runs)
    dual_peak = _peak_rss_mb(dual_command, env)
    peak = _peak_rss_mb(command, env)

    def one_teacher():
        with session_scope(engine) as session:
            on_activities_changed(session, [1])

    def everyone():
        with session_scope(engine) as session:
            rebuild_practice(session)

    hook = median_time(one_teacher, runs)
    rebuild = median_time(everyone, 1, warmup=0)
    engine.dispose()
    floor_name = f"indexed SUM GROUP BY teacher, 5 years ({label})"
    return [
        Result(
            f"compliance engine, all norms, in process ({label})",
            engine_s,
            runs,
            floor_name,
            floor,
            3.0,
            f"{size}; every norm, statuses, outlook and change dates; from the write-time daily series",
        ),
        Result(
            f"tracker compliance --format json, whole process ({label})",
            whole,
            runs,
            f"bare python running the floor query ({label})",
            bare,
            3.0,
            f"peak memory {peak:.0f} MB (goal < 1024 MB)",
        ),
        Result(
            f"tracker dual-qualified --format json, whole process ({label})",
            dual,
            runs,
            f"tracker compliance --format json, whole process ({label})",
            whole,
            2.0,
            f"issue 12: every professional teacher's level, recognised level and what is missing, from the same "
            f"daily series plus certificates and outputs; peak memory {dual_peak:.0f} MB",
        ),
        Result(
            f"engine spreading activity rows per call, not materialised ({label})",
            unmaterialised,
            1 if quick else 3,
            floor_name,
            floor,
            None,
            "the measurement that decided write-time materialisation",
        ),
        Result(
            f"write-time hook, one teacher's 200 activities ({label})",
            hook,
            runs,
            None,
            None,
            None,
            "on_activities_changed: what every activity write adds",
        ),
        Result(
            f"rebuild everyone's daily series ({label})",
            rebuild,
            1,
            None,
            None,
            None,
            f"rebuild_practice after a bulk import of {size}",
        ),
    ]


def _postgres_url() -> str | None:
    base = os.environ.get("TRACKER_BENCH_POSTGRES_URL") or os.environ.get("TRACKER_TEST_POSTGRES_URL")
    if not base:
        return None
    admin = sa.create_engine(base, connect_args={"connect_timeout": 3})
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS bench_college")
    except sa.exc.OperationalError:
        return None
    finally:
        admin.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3Dbench_college"


def run(quick: bool) -> list[Result]:
    spec = DatasetSpec(teachers=500) if quick else DatasetSpec()
    results = _measure(ensure_dataset(spec=spec), "SQLite", quick)
    pg = _postgres_url()
    if pg and not quick:
        results += _measure(ensure_dataset(pg, spec=spec), "PostgreSQL", quick)
    return results
