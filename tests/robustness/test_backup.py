"""Backups taken while people keep saving, and the documented restore (docs/deployment.md, "Backups").

SQLite: `tracker backup PATH` (SQLite's online backup API) while writer processes commit activities with
evidence; the copy must open, pass integrity_check, and hold a consistent snapshot: each writer's records are
a gap-free prefix of what it wrote, every activity has its evidence bytes and audit event. PostgreSQL: the
command says to use pg_dump, and a pg_dump/pg_restore round trip restores the same rows and bytes."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import uuid

import pytest
import sqlalchemy as sa

from tests.robustness.conftest import finish, is_sqlite, scalar, spawn, sqlite_path, wait_for_lines
from tests.robustness.workers import evidence_content, write_activities
from tracker.db import current_revision, make_engine

WRITERS = 3


@pytest.fixture
def teacher_id(session, factory) -> int:
    person = factory.make_person(session, "writer@example.edu", department="Backup dept")
    session.commit()
    return person.id


def query(conn: sqlite3.Connection | sa.Connection, sql: str) -> list:
    """Rows of ``sql`` on a plain sqlite3 connection (a backup file) or a SQLAlchemy one (a live database)."""
    return (conn.execute(sa.text(sql)) if isinstance(conn, sa.Connection) else conn.execute(sql)).fetchall()


def snapshot_facts(conn) -> dict[str, list[int]]:
    """Per writer tag, the record numbers present, after checking each activity's evidence bytes exactly."""
    rows = query(
        conn,
        "SELECT a.description, e.sha256, e.content, e.size FROM activity a "
        "JOIN evidence e ON e.activity_id = a.id ORDER BY a.id",
    )
    tags: dict[str, list[int]] = {}
    for description, sha, content, size in rows:
        tag, n = description.rsplit("-", 1)
        expected = evidence_content(tag, int(n))
        assert bytes(content) == expected and size == len(expected)
        assert sha == hashlib.sha256(expected).hexdigest()
        tags.setdefault(tag, []).append(int(n))
    return tags


def counts(conn) -> tuple[int, int, int]:
    return (
        query(conn, "SELECT count(*) FROM activity")[0][0],
        query(conn, "SELECT count(*) FROM evidence")[0][0],
        query(conn, "SELECT count(*) FROM audit_event WHERE entity = 'activity'")[0][0],
    )


def assert_consistent(conn) -> dict[str, list[int]]:
    activities, evidence, audits = counts(conn)
    assert activities == evidence == audits, "an activity without its evidence or audit event: a torn write"
    tags = snapshot_facts(conn)
    for tag, numbers in tags.items():
        assert numbers == list(range(len(numbers))), f"{tag}: records missing inside the snapshot"
    return tags


def test_backup_while_writers_run_gives_a_consistent_copy(db_url, teacher_id, tmp_path):
    if not is_sqlite(db_url):
        pytest.skip("tracker backup copies SQLite; PostgreSQL is covered by the pg_dump tests below")
    stop = tmp_path / "stop-writing"
    writers = [
        spawn(
            "tests.robustness.workers",
            "write",
            db_url,
            "--person-id",
            str(teacher_id),
            "--tag",
            f"w{i}",
            "--until",
            str(stop),
        )
        for i in range(WRITERS)
    ]
    for w in writers:
        wait_for_lines(w, 3)  # every writer has committed before the copy starts
    copy = tmp_path / "copy.db"
    backup = spawn("tracker", "backup", str(copy))
    out, _ = finish(backup)
    assert "integrity ok" in out
    assert all(w.poll() is None for w in writers), "a writer stopped while the backup ran"
    stop.touch()
    for w in writers:
        finish(w)

    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = assert_consistent(conn)
        copied_counts = counts(conn)
    assert sorted(copied) == [f"w{i}" for i in range(WRITERS)]
    live = make_engine(db_url)
    with live.connect() as conn:
        final = assert_consistent(conn)
        final_counts = counts(conn)
    live.dispose()
    assert all(len(copied[t]) <= len(final[t]) for t in copied)
    assert 0 < copied_counts[0] <= final_counts[0]

    # the app opens the copy: the schema is at the same revision
    copy_engine = make_engine(f"sqlite:///{copy}")
    assert current_revision(copy_engine) == current_revision(make_engine(db_url))
    assert (
        scalar(copy_engine, "SELECT email FROM person WHERE id = :id", id=teacher_id) == "writer@example.edu"
    )
    copy_engine.dispose()


def test_restore_round_trip_as_documented(db_url, teacher_id, tmp_path, cli):
    if not is_sqlite(db_url):
        pytest.skip("PostgreSQL restores with pg_restore: see test_pg_dump_round_trip")
    write_activities(db_url, teacher_id, "before", 5, None)
    copy = tmp_path / "nightly.db"
    result = cli("backup", copy)
    assert result.exit_code == 0, result
    # a second backup to the same file is refused unless --force (a backup never silently replaces another)
    again = cli("backup", copy)
    assert again.exit_code == 1 and "exists" in again.stderr
    assert cli("backup", copy, "--force").exit_code == 0

    # after the backup: more work, and an accident that loses a record
    write_activities(db_url, teacher_id, "after", 3, None)
    live = make_engine(db_url)
    with live.begin() as conn:
        conn.execute(sa.text("DELETE FROM activity WHERE description = 'before-2'"))
    live.dispose()

    # restore (docs/deployment.md): stop the app, remove the WAL files, copy the backup over the database
    from tracker.db import get_engine

    get_engine().dispose()
    path = sqlite_path(db_url)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, path)

    restored = make_engine(db_url)
    with restored.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert assert_consistent(conn) == {"before": [0, 1, 2, 3, 4]}
    restored.dispose()


def test_backup_reports_a_missing_database_in_one_line(tmp_path, monkeypatch, cli_for_missing):
    result = cli_for_missing("backup", tmp_path / "copy.db")
    assert result.exit_code == 1
    assert "no database file" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def cli_for_missing(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from tracker.cli import app
    from tracker.settings import get_settings

    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'nowhere' / 'tracker.db'}")
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args])
    get_settings.cache_clear()


def test_backup_on_postgres_points_to_pg_dump(db_url, cli, tmp_path):
    if is_sqlite(db_url):
        pytest.skip("PostgreSQL only")
    result = cli("backup", tmp_path / "copy.db")
    assert result.exit_code == 1
    assert "pg_dump" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "copy.db").exists()


def test_pg_dump_round_trip(db_url, teacher_id, tmp_path):
    """The commands docs/deployment.md gives: pg_dump --format=custom, then pg_restore into a new database."""
    if is_sqlite(db_url):
        pytest.skip("PostgreSQL only")
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    write_activities(db_url, teacher_id, "pg", 4, None)
    url = sa.engine.make_url(db_url)
    schema = url.query["options"].split("search_path=", 1)[1]
    conninfo = f"host={url.host} port={url.port or 5432} user={url.username} dbname={url.database}"
    dump = tmp_path / "tracker.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", f"--schema={schema}", f"--file={dump}", conninfo], check=True
    )

    target = f"restore_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(query={}), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{target}"')
    try:
        restore_info = conninfo.replace(f"dbname={url.database}", f"dbname={target}")
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={restore_info}", str(dump)], check=True)
        restored = make_engine(str(url.set(database=target).render_as_string(hide_password=False)))
        with restored.connect() as conn:
            assert assert_consistent(conn) == {"pg": [0, 1, 2, 3]}
            assert conn.execute(sa.text("SELECT count(*) FROM person")).scalar() == 1
        assert current_revision(restored) == current_revision(make_engine(db_url))
        restored.dispose()
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        admin.dispose()
