"""`make bench`: run every ``bench/*_bench.py`` module, print a table and write ``docs/benchmarks.md``.

Each module exposes ``run(quick: bool) -> list[bench.common.Result]``; each result is a median of several runs
compared with a floor or a peer measured in the same run, so the ratio means something on any machine.

    python -m bench.run            # full runs, writes docs/benchmarks.md
    python -m bench.run --quick    # fewer, smaller runs (a smoke check); writes the file too
    python -m bench.run --only feeds_bench --output /tmp/bench.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import platform
import sqlite3
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import Result

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
DEFAULT_OUTPUT = PROJECT_DIR / "docs" / "benchmarks.md"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@dataclass
class ModuleRun:
    """What one benchmark module produced (or why it produced nothing)."""

    module: str
    results: list[Result] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def discover(only: list[str] | None = None) -> list[str]:
    """Module names of every ``bench/*_bench.py``, sorted, optionally limited to ``only``."""
    names = sorted(p.stem for p in BENCH_DIR.glob("*_bench.py"))
    if only:
        wanted = {n.removesuffix(".py") for n in only}
        unknown = wanted - set(names)
        if unknown:
            raise SystemExit(
                f"no such benchmark module: {', '.join(sorted(unknown))} (have: {', '.join(names)})"
            )
        names = [n for n in names if n in wanted]
    return names


def run_module(name: str, quick: bool) -> ModuleRun:
    """Import ``bench.<name>`` and call its ``run(quick)``; a failure is recorded, not raised."""
    start = time.perf_counter()
    outcome = ModuleRun(name)
    try:
        module = importlib.import_module(f"bench.{name}")
        outcome.results = list(module.run(quick))
    except Exception as exc:  # one broken benchmark must not hide the others' figures
        outcome.error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    outcome.seconds = time.perf_counter() - start
    return outcome


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _postgres_version() -> str:
    url = (
        os.environ.get("TRACKER_BENCH_POSTGRES_URL")
        or os.environ.get("TRACKER_TEST_POSTGRES_URL")
        or (DEFAULT_POSTGRES_URL)
    )
    try:
        import sqlalchemy as sa

        engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                return str(conn.exec_driver_sql("SHOW server_version").scalar())
        finally:
            engine.dispose()
    except Exception as exc:  # the table still says which databases were measured
        return f"not reachable ({type(exc).__name__})"


def machine() -> dict[str, str]:
    """The facts a reader needs to compare these figures with their own."""
    return {
        "Date (UTC)": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"),
        "CPU": _cpu_model(),
        "Cores": str(os.cpu_count()),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": _postgres_version(),
    }


def _seconds(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 1e-3:
        return f"{value * 1e6:.1f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def _goal(result: Result) -> tuple[str, str, str]:
    ratio = "–" if result.ratio is None else f"{result.ratio:.2f}×"
    goal = "–" if result.goal_ratio is None else f"≤ {result.goal_ratio:g}×"
    met = {True: "yes", False: "**no**", None: "–"}[result.meets_goal]
    return ratio, goal, met


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def rows(runs: list[ModuleRun]) -> list[list[str]]:
    """One table row per result: module, name, median, runs, floor, floor median, ratio, goal, met, notes."""
    out = []
    for run in runs:
        if run.error:
            out.append([run.module, "(failed)", "–", "–", "–", "–", "–", "–", "**no**", run.error])
        for r in run.results:
            ratio, goal, met = _goal(r)
            out.append(
                [
                    run.module,
                    r.name,
                    _seconds(r.seconds_median),
                    str(r.runs),
                    r.floor_name or "–",
                    _seconds(r.floor_seconds),
                    ratio,
                    goal,
                    met,
                    r.notes,
                ]
            )
    return out


HEADER = [
    "Module",
    "Benchmark",
    "Median",
    "Runs",
    "Floor / peer",
    "Floor median",
    "Ratio",
    "Goal",
    "Met",
    "Notes",
]


def markdown(runs: list[ModuleRun], facts: dict[str, str], quick: bool, command: str) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `{command}` (do not edit by hand; run it again). "
        + ("**Quick mode**: fewer, smaller runs; a smoke check, not a measurement. " if quick else "")
        + "Each figure is the median of several runs; the ratio compares it with a floor (the least the work "
        "could cost, e.g. raw SQL) or a peer measured in the same run on the same machine, so ratios travel "
        "between machines better than seconds do. *Goal* is the largest ratio we accept.",
        "",
        "## Machine",
        "",
        *(f"- **{k}**: {v}" for k, v in facts.items()),
        "",
        "## Results",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
        *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows(runs)),
        "",
    ]
    missed = [r for run in runs for r in run.results if r.meets_goal is False]
    failed = [run.module for run in runs if run.error]
    summary = (
        f"{sum(len(run.results) for run in runs)} results from {len(runs)} modules; "
        f"{len(missed)} missed their goal; {len(failed)} module(s) failed."
    )
    lines += ["## Summary", "", summary, ""]
    return "\n".join(lines)


def print_table(runs: list[ModuleRun]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Benchmarks (median of runs)")
    for h in HEADER:
        table.add_column(h, overflow="fold")
    for row in rows(runs):
        table.add_row(*(c.replace("**", "") for c in row))
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 200  # a log file, not a screen: keep rows on one line
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, smaller runs (a smoke check)")
    parser.add_argument("--only", nargs="*", help="module names, e.g. feeds_bench")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="markdown file to write")
    args = parser.parse_args(argv)

    runs = []
    for name in discover(args.only):
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        outcome = run_module(name, args.quick)
        print(f"bench: {name} done in {outcome.seconds:.1f} s", file=sys.stderr, flush=True)
        runs.append(outcome)
    print_table(runs)
    command = "python -m bench.run --quick" if args.quick else "make bench"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(markdown(runs, machine(), args.quick, command), encoding="utf-8")
    print(f"bench: wrote {args.output}", file=sys.stderr)
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
