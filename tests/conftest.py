"""Shared fixtures: a fresh migrated database per test, on SQLite and (when configured) on PostgreSQL.

Set TRACKER_TEST_POSTGRES_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) and every test that
uses ``db_url``/``engine``/``session``/``cli`` runs twice: once on SQLite, once on PostgreSQL.
PostgreSQL isolation: one schema per test process, migrated once, tables truncated before each test.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings as hypothesis_settings
from sqlmodel import Session

from tests import factories
from tracker.db import make_engine, upgrade_database
from tracker.settings import get_settings

# No test asserts a time: hypothesis's per-example deadline (200 ms by default) failed correct property tests
# on a loaded 2-core CI machine, so the suite runs without it (a test may still set its own settings).
hypothesis_settings.register_profile("tracker", deadline=None)
hypothesis_settings.load_profile("tracker")

POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])


def pytest_configure(config):
    # never let a test reach the developer's own data/tracker.db
    os.environ.setdefault("TRACKER_DATABASE_URL", "sqlite:///:memory:")
    # no stray refresh threads writing into test databases; tests of the background refresh turn it on
    os.environ.setdefault("TRACKER_FEEDS_BACKGROUND", "0")


def _clear_caches() -> None:
    from tracker import db

    get_settings.cache_clear()
    db._engine_for.cache_clear()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str | None]:
    if not POSTGRES_URL:
        yield None
        return
    schema = f"t_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    upgrade_database(engine)
    engine.dispose()
    yield url
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


def _truncate_all(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        # A connection a previous test left open (a thread still running, a session not closed) would hold
        # locks in this schema and make TRUNCATE wait forever: end those sessions first, and never wait long.
        conn.exec_driver_sql(
            "SELECT pg_terminate_backend(l.pid) FROM pg_locks l "
            "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND l.pid <> pg_backend_pid() GROUP BY l.pid"
        )
        conn.exec_driver_sql("SET LOCAL lock_timeout = '20s'")
        tables = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            conn.exec_driver_sql(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
            )
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path, monkeypatch, sqlite_template) -> Iterator[str]:
    """URL of an empty, migrated database, also set as TRACKER_DATABASE_URL for code under test."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copyfile(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_schema_url")
        _truncate_all(url)
    monkeypatch.setenv("TRACKER_DATABASE_URL", url)
    _clear_caches()
    yield url
    from tracker.db import get_engine

    get_engine().dispose()
    _clear_caches()


@pytest.fixture
def engine(db_url) -> sa.Engine:
    """The same engine the code under test gets from tracker.db.get_engine()."""
    from tracker.db import get_engine

    return get_engine()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def factory():
    return factories


class CliResult:
    def __init__(self, result):
        self.exit_code = result.exit_code
        self.stdout = result.stdout
        self.stderr = result.stderr
        self.exception = result.exception

    def __repr__(self) -> str:
        return f"<CliResult exit={self.exit_code} stdout={self.stdout[-500:]!r} stderr={self.stderr[-500:]!r}>"


@pytest.fixture
def cli(db_url):
    """Run the `tracker` command in-process against the test database: ``cli("norms", "list")``."""
    from typer.testing import CliRunner

    from tracker.cli import app

    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> CliResult:
        return CliResult(runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=True))

    return run
