"""Commands that do (almost) nothing, as whole processes: what an admin or cron pays before any work (issue 14).

Each command is compared, in the same run, with a bare Python process that imports the one library the command
cannot do without: Typer for ``--help``, SQLAlchemy for a command that only opens the database. Goal: at most
2x that floor. Peak memory of each command is reported beside its time.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bench.common import Result, median_process

PROJECT = Path(__file__).resolve().parent.parent
GOAL = 2.0


def _tracker(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


def _bare(imports: str) -> list[str]:
    return [sys.executable, "-c", f"import {imports}" if imports else "pass"]


def run(quick: bool) -> list[Result]:
    from tracker.db import make_engine, upgrade_database

    runs = 5 if quick else 11
    with tempfile.TemporaryDirectory(prefix="commands-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'empty.db'}"
        engine = make_engine(url)
        upgrade_database(engine)  # migrated, no news sources: `feeds refresh` has nothing to fetch
        engine.dispose()
        env = {**os.environ, "TRACKER_DATABASE_URL": url, "PYTHONPATH": str(PROJECT)}
        cases = [
            ("tracker --help", _tracker("--help"), "typer", "python -c 'import typer'"),
            ("tracker feeds --help", _tracker("feeds", "--help"), "typer", "python -c 'import typer'"),
            (
                "tracker feeds refresh, nothing due",
                _tracker("feeds", "refresh"),
                "sqlalchemy, typer",
                "python -c 'import sqlalchemy, typer'",
            ),
        ]
        bare = median_process(_bare(""), runs, env)
        results = [
            Result(
                "python -c pass",
                bare.seconds,
                runs,
                notes=f"the interpreter alone; peak memory {bare.peak_mb:.0f} MB",
            )
        ]
        floors: dict[str, object] = {}
        for name, args, needs, floor_name in cases:
            if needs not in floors:
                floors[needs] = median_process(_bare(needs), runs, env)
            floor = floors[needs]
            measured = median_process(args, runs, env, cwd=str(PROJECT))
            results.append(
                Result(
                    f"{name}, whole process",
                    measured.seconds,
                    runs,
                    floor_name,
                    floor.seconds,
                    GOAL,
                    f"peak memory {measured.peak_mb:.0f} MB (floor {floor.peak_mb:.0f} MB)",
                )
            )
    return results


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        ratio = f"{r.ratio:.2f}x" if r.ratio else ""
        print(f"{r.name:50s} {r.seconds_median * 1000:8.1f} ms {ratio:>8s}  {r.notes}")
