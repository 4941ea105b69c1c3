"""Importing 1,000,000 activity rows (100,000 when quick) for 5,000 teachers into a fresh SQLite database.

Measured as an admin runs it (issue 14): the whole ``tracker import activities FILE`` process, start-up included
(read, validate every row, look up teachers and duplicates, create enterprises, bulk insert, audit, refresh the
compliance series, one commit). Floor: a bare Python process that reads the same CSV with ``csv.reader`` and
``sqlite3.executemany``-s the rows into the same migrated, indexed table of an identical fresh database: the
least the whole job costs. Goal: at most 5x. A second result compares with issue 2's 60 s budget.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

from bench.common import Result, run_process

TEACHERS = 5000
KINDS = ("visit", "training", "post_practice", "rnd_project", "other")
STATUSES = ("verified", "verified", "verified", "submitted", "draft")
BUDGET_SECONDS = 60.0


def write_files(folder: Path, rows: int, seed: int = 20261125) -> tuple[Path, Path, list[tuple]]:
    """The teachers file, the activities file, and the activity rows as insert-ready tuples."""
    rng = random.Random(seed)
    teachers = folder / "teachers.csv"
    with open(teachers, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["email", "name", "department", "role", "category", "hire_date"])
        for i in range(TEACHERS):
            out.writerow(
                [
                    f"t{i:05d}@bench.example",
                    f"教师{i:05d}",
                    f"Department {i % 20}",
                    "",
                    "",
                    (date(2000, 1, 1) + timedelta(days=i)).isoformat(),
                ]
            )
    enterprises = [f"示例企业{i:03d} (Demo)" for i in range(300)]
    first = date(2016, 1, 1)
    activities = folder / "activities.csv"
    tuples = []
    with open(activities, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(
            [
                "teacher_email",
                "kind",
                "enterprise",
                "start_date",
                "end_date",
                "hours",
                "status",
                "description",
            ]
        )
        for n in range(rows):
            teacher = n % TEACHERS
            start = first + timedelta(days=rng.randrange(3650))
            days = rng.choice((1, 1, 1, 2, 3, 5))
            end = start + timedelta(days=days - 1)
            hours = float(rng.randrange(2, 8 * days + 1))
            kind, status = rng.choice(KINDS), rng.choice(STATUSES)
            enterprise = rng.choice(enterprises)
            description = f"practice {n}"
            out.writerow(
                [
                    f"t{teacher:05d}@bench.example",
                    kind,
                    enterprise,
                    start.isoformat(),
                    end.isoformat(),
                    f"{hours:g}",
                    status,
                    description,
                ]
            )
            tuples.append((teacher + 1, kind, start.isoformat(), end.isoformat(), hours, description, status))
    return teachers, activities, tuples


def _fresh_database(template: Path, folder: Path, name: str) -> Path:
    path = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    return path


# The least a whole process can do with the file: read it, map teachers' emails to ids, insert every row into
# the same migrated (indexed) table in one transaction, with the pragmas the app's connections use.
FLOOR_SCRIPT = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("PRAGMA synchronous=NORMAL")
conn.execute("PRAGMA foreign_keys=ON")
people = dict(conn.execute("SELECT email, id FROM person"))
now = "2026-01-01 00:00:00.000000"
with open(sys.argv[2], newline="", encoding="utf-8") as f, conn:
    rows = csv.reader(f)
    next(rows)
    conn.executemany(
        "INSERT INTO activity (person_id, kind, start_date, end_date, hours, description, status, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((people[r[0]], r[1], r[3], r[4], float(r[5]), r[7], r[6], now, now) for r in rows),
    )
conn.close()
"""


def run(quick: bool) -> list[Result]:
    from tracker.db import make_engine, session_scope, upgrade_database
    from tracker.importing import import_file
    from tracker.norms import load_default_packs

    rows = 100_000 if quick else 1_000_000
    runs = 3
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        folder = Path(tmp)
        teachers_csv, activities_csv, tuples = write_files(folder, rows)
        # One template: migrated, shipped norm packs loaded (so the import also refreshes the compliance
        # series, as it does after `tracker init`), the 5,000 teachers; each timed run starts from a copy.
        template = folder / "template.db"
        engine = make_engine(f"sqlite:///{template}")
        upgrade_database(engine)
        with session_scope(engine) as session:
            load_default_packs(session)
        import_file(engine, "teachers", teachers_csv)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()

        project = str(Path(__file__).resolve().parent.parent)
        imports, floors = [], []
        for _ in range(runs):  # interleaved, so a busy moment on a shared machine hits both
            path = _fresh_database(template, folder, "import.db")
            env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{path}", "PYTHONPATH": project}
            imports.append(
                run_process(
                    [sys.executable, "-m", "tracker", "import", "activities", str(activities_csv)], env
                )
            )
            with sqlite3.connect(path) as conn:
                stored = conn.execute("SELECT COUNT(*) FROM activity").fetchone()[0]
            assert stored == rows, f"the import stored {stored} of {rows} rows"
            path = _fresh_database(template, folder, "floor.db")
            floors.append(run_process([sys.executable, "-c", FLOOR_SCRIPT, str(path), str(activities_csv)]))

    seconds = statistics.median(m.seconds for m in imports)
    floor = statistics.median(m.seconds for m in floors)
    peak = max(m.peak_mb for m in imports)
    label = f"{rows:,} activity rows"
    return [
        Result(
            name=f"tracker import activities, {label}, whole process",
            seconds_median=seconds,
            runs=runs,
            floor_name="bare python: csv.reader + sqlite3.executemany into the same indexed table",
            floor_seconds=floor,
            goal_ratio=5.0,
            notes=f"{rows / seconds:,.0f} rows/s; reads, validates, dedupes, audits, refreshes compliance series; "
            f"peak memory {peak:.0f} MB (floor {max(m.peak_mb for m in floors):.0f} MB)",
        ),
        Result(
            name=f"tracker import activities, {label}, against the budget",
            seconds_median=seconds,
            runs=runs,
            floor_name=f"budget {BUDGET_SECONDS:g} s" + (" x 0.1 (quick)" if quick else ""),
            floor_seconds=BUDGET_SECONDS * (0.1 if quick else 1.0),
            goal_ratio=0.5,
            notes="issue 2: 1M rows into SQLite well under a minute",
        ),
    ]


if __name__ == "__main__":
    for r in run(quick=True):
        print(r)
