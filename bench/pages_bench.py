"""Every page of every role, rendered with AppTest on the 1M-activity college (issue 4, "Speed").

The norms engineer's data set (``bench.dataset``: 5,000 teachers x 200 activities over 10 years) is copied and
adjusted so department 1 has exactly 200 teachers, a head, evidence on some submitted work, and there is an
admin. Each page is timed cold: ``st.cache_data`` is cleared before every run, so the figure is what a head
sees on opening the page, not a cached rerun. The engine (``st.cache_resource``) stays warm, as in a server.

Measured: the median wall time of ``AppTest.switch_page(page).run()`` (router + page, as a browser rerun).
The issue's goal is absolute (under one second for the head of a 200-teacher department), so each result
compares with a 1 s budget; the notes give the ratio to a trivial AppTest page measured in the same run.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import Result, median_time

PROJECT = Path(__file__).resolve().parents[1]
APP = str(PROJECT / "streamlit_app.py")
PAGES = PROJECT / "tracker" / "ui" / "pages"
BUDGET_SECONDS = 1.0
TEAM_SIZE = 200
DEPARTMENT = 1
TRIVIAL_PAGE = "import streamlit as st\nst.title('Trivial')\nst.write('one line')\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc33"
    "0000000049454e44ae426082"
)

ROLES = ("teacher", "head", "admin")


def prepare(quick: bool) -> tuple[str, dict[str, object]]:
    """A copy of the benchmark college with a 200-teacher department, its head and an admin.

    Returns the database URL and the actors by role.
    """
    from bench.dataset import ensure_dataset

    source_url = ensure_dataset(quick=quick)
    source = Path(source_url.removeprefix("sqlite:///"))
    target = source.with_name(f"pages-{source.stem}.db")
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        _copy(source, target)
        _adjust(target)
    return f"sqlite:///{target}", _actors(target)


def _copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _adjust(path: Path) -> None:
    """Department 1 keeps its first 200 teachers (the rest move to department 2); add a head, an admin and a
    few evidence files on the department's oldest submissions (the Review page previews the first)."""
    with sqlite3.connect(path) as conn:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM person WHERE department_id = ? AND role = 'teacher' ORDER BY id",
                (DEPARTMENT,),
            )
        ]
        extra = ids[TEAM_SIZE:]
        conn.executemany(
            "UPDATE person SET department_id = ? WHERE id = ?", [(DEPARTMENT + 1, i) for i in extra]
        )
        for email, name, role, dept in (
            ("head@bench.example", "系主任", "head", DEPARTMENT),
            ("admin@bench.example", "管理员", "admin", None),
        ):
            conn.execute(
                "INSERT INTO person (email, name, role, category, hire_date, active, department_id, "
                "created_at) VALUES (?, ?, ?, 'professional', '2005-09-01', 1, ?, '2026-06-30 00:00:00')",
                (email, name, role, dept),
            )
        submitted = [
            r[0]
            for r in conn.execute(
                "SELECT a.id FROM activity a JOIN person p ON p.id = a.person_id WHERE p.department_id = ? "
                "AND a.status = 'submitted' ORDER BY a.updated_at, a.id LIMIT 20",
                (DEPARTMENT,),
            )
        ]
        digest = hashlib.sha256(PNG).hexdigest()
        conn.executemany(
            "INSERT INTO evidence (activity_id, filename, media_type, size, sha256, content, created_at) "
            "VALUES (?, 'proof.png', 'image/png', ?, ?, ?, '2026-06-30 00:00:00')",
            [(a, len(PNG), digest, PNG) for a in submitted],
        )
        conn.execute("ANALYZE")


def _actors(path: Path) -> dict[str, object]:
    from tracker.auth import Actor

    with sqlite3.connect(path) as conn:

        def one(sql: str, *args):
            row = conn.execute(sql, args).fetchone()
            return Actor(row[0], row[1], row[2], row[3], row[4], "zh")

        return {
            "teacher": one(
                "SELECT id, email, name, role, department_id FROM person WHERE department_id = ? "
                "AND role = 'teacher' ORDER BY id LIMIT 1",
                DEPARTMENT,
            ),
            "head": one(
                "SELECT id, email, name, role, department_id FROM person WHERE email = 'head@bench.example'"
            ),
            "admin": one(
                "SELECT id, email, name, role, department_id FROM person WHERE email = ?",
                "admin@bench.example",
            ),
        }


@contextmanager
def _pointed_at(url: str):
    """Point settings, the engine and Streamlit's cached engine at ``url``; restore them afterwards, so
    benchmarks that run later in the same process see their own database."""
    import streamlit as st

    from tracker import db
    from tracker.settings import get_settings

    def reset() -> None:
        get_settings.cache_clear()
        db._engine_for.cache_clear()
        st.cache_resource.clear()
        st.cache_data.clear()

    before = os.environ.get("TRACKER_DATABASE_URL")
    os.environ["TRACKER_DATABASE_URL"] = url
    reset()
    try:
        yield
    finally:
        db.get_engine().dispose()
        if before is None:
            os.environ.pop("TRACKER_DATABASE_URL", None)
        else:
            os.environ["TRACKER_DATABASE_URL"] = before
        reset()


def render_page(actor, page: str) -> float:
    """Seconds for one cold render of ``page`` as ``actor`` (router included)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["actor"] = actor
    at.session_state["lang"] = "zh"
    at.run()  # the role's default page; it registers the navigation the switch needs
    st.cache_data.clear()
    start = time.perf_counter()
    at.switch_page(str(PAGES / f"{page}.py")).run()
    seconds = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(f"{page} as {actor.role} raised: {at.exception[0].value}")
    return seconds


def _trivial() -> float:
    """Seconds for a rerun of a one-line page: what every AppTest run costs before any page work."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(TRIVIAL_PAGE)
    return median_time(lambda: at.run(), runs=7, warmup=2)


def run(quick: bool) -> list[Result]:
    url, actors = prepare(quick)
    with _pointed_at(url):
        return _measure(actors, quick)


def _measure(actors: dict[str, object], quick: bool) -> list[Result]:
    from tracker.ui.navigation import specs_for

    runs = 2 if quick else 5
    trivial = _trivial()
    results = [
        Result(
            "trivial AppTest page",
            trivial,
            7,
            notes="a rerun of a one-line page: the floor every page pays (script thread, messages)",
        )
    ]
    size = "quick data set" if quick else f"{TEAM_SIZE}-teacher department, 1M activities"
    for role in ROLES:
        actor = actors[role]
        for page in (spec.file for spec in specs_for(role)):  # every page in the role's menu
            render_page(actor, page)  # warm-up: imports, engine, SQLite page cache
            times = [render_page(actor, page) for _ in range(runs)]
            median = statistics.median(times)
            scope = " (all departments)" if role == "admin" and page in ("team", "review", "reports") else ""
            results.append(
                Result(
                    f"{role}: {page}{scope}",
                    median,
                    runs,
                    floor_name="budget 1 s (issue 4)",
                    floor_seconds=BUDGET_SECONDS,
                    goal_ratio=1.0,
                    notes=f"cold cache; {median / trivial:.1f}× a trivial page; {size}",
                )
            )
    return results


if __name__ == "__main__":  # python -m bench.pages_bench [--quick]: just this module
    import sys

    for r in run("--quick" in sys.argv):
        print(f"{r.name:40s} {r.seconds_median * 1000:8.1f} ms  {r.notes}")
