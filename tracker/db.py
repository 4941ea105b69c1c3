"""The one engine of a process, short sessions, and schema upgrades through Alembic.

SQLite is the default: every connection gets WAL (readers never block the writer), a busy timeout (a second
writer waits instead of failing with "database is locked") and foreign keys. PostgreSQL works with the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from tracker.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    """Build an engine for ``url`` with this product's connection settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        busy_ms = get_settings().sqlite_busy_timeout_ms
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_ms / 1000},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return _engine_for(get_settings().database_url)


def _begin_immediate(_session, transaction, connection) -> None:
    if transaction.nested:  # a savepoint (session.begin_nested) inside the unit of work, already begun
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def session_scope(engine: Engine | None = None, *, read_only: bool = False) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error, always close.

    On SQLite the unit of work starts with ``BEGIN IMMEDIATE``: it holds the write lock from its first read,
    so a read-then-write ("is this name free? then insert it") cannot interleave with another writer's, and a
    second writer waits (busy timeout) instead of failing. Pass ``read_only=True`` for pure reads (pages,
    reports), which then never wait for a writer (WAL).
    """
    engine = engine or get_engine()
    session = Session(engine, expire_on_commit=False)
    if not read_only and engine.dialect.name == "sqlite":
        event.listen(session, "after_begin", _begin_immediate)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _dialect_name(executor: Session | Connection) -> str:
    return executor.dialect.name if isinstance(executor, Connection) else executor.get_bind().dialect.name


def one_at_a_time(session: Session | Connection, name: str) -> None:
    """Make the units of work that call this with the same ``name`` run one after another.

    PostgreSQL: a transaction-level advisory lock, released at commit or rollback, so e.g. two imports of
    the same file cannot both find its rows missing. SQLite needs nothing: every unit of work holds the write
    lock.
    """
    if _dialect_name(session) == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:name))"), {"name": name})


def insert_missing(session: Session | Connection, table, rows: list[dict], unique: list[str]) -> int:
    """Insert ``rows`` into ``table``, skipping any that would repeat a value of the ``unique`` columns.

    For get-or-create by a unique name: a row someone else inserted a moment ago is not an error. Returns the
    driver's count of inserted rows (exact for a single row).
    """
    if not rows:
        return 0
    if _dialect_name(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return session.execute(insert(table).on_conflict_do_nothing(index_elements=unique), rows).rowcount


def alembic_config(engine: Engine):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def upgrade_database(engine: Engine | None = None) -> None:
    """Create or upgrade the schema to the newest revision (the only way tables are made)."""
    from alembic import command

    command.upgrade(alembic_config(engine or get_engine()), "head")


def current_revision(engine: Engine | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with (engine or get_engine()).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
