"""The core `tracker` commands an admin runs: init, import, user, backup (in-process, SQLite and PostgreSQL),
plus the real console entry point once in a subprocess."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from tracker.auth import sign_in
from tracker.db import current_revision, make_engine
from tracker.models import Activity, AppSetting, Department, Person

PROJECT = Path(__file__).resolve().parent.parent


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def no_sleep(_seconds: float) -> None:
    raise AssertionError("no slowdown expected")


def assert_clean_failure(result, *needles: str) -> None:
    """Exit status 1, the message on stderr, and no Python traceback anywhere."""
    assert result.exit_code == 1, result
    assert "Traceback" not in result.stdout + result.stderr
    assert isinstance(result.exception, SystemExit), result.exception
    for needle in needles:
        assert needle in result.stderr, result


# --- init ---------------------------------------------------------------------------------------------------


def test_init_creates_a_new_sqlite_database(cli, tmp_path, monkeypatch, db_url):
    from tests.conftest import _clear_caches

    path = tmp_path / "new" / "tracker.db"
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{path}")
    _clear_caches()
    result = cli("init")
    assert result.exit_code == 0, result
    assert "Database is at the newest schema." in result.stdout
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert current_revision(engine) is not None
        with Session(engine) as session:
            assert session.exec(select(func.count()).select_from(Person)).one() == 0
    finally:
        engine.dispose()


def test_init_on_an_existing_database_upgrades_and_keeps_data(cli, session, factory):
    factory.make_person(session, "kept@demo.example")
    session.commit()
    first, second = cli("init"), cli("init")
    assert first.exit_code == 0 and second.exit_code == 0, (first, second)
    session.expire_all()
    assert session.exec(select(Person.email)).all() == ["kept@demo.example"]


def test_init_demo_loads_the_college_and_the_three_accounts_sign_in(cli, session):
    result = cli("init", "--demo")
    assert result.exit_code == 0, result
    assert "Loaded the demo college" in result.stdout
    for email, role in [
        ("teacher@demo.example", "teacher"),
        ("head@demo.example", "head"),
        ("admin@demo.example", "admin"),
    ]:
        actor = sign_in(email, "demo", sleep=no_sleep)
        assert actor.role == role
    head = session.exec(select(Person).where(Person.email == "head@demo.example")).one()
    assert session.get(Department, head.department_id).name == "跨境电子商务系 (Cross-border E-commerce)"
    assert session.get(AppSetting, "demo").value == "1"
    assert 35 <= session.exec(select(func.count()).select_from(Person)).one() <= 45
    again = cli("init", "--demo")
    assert again.exit_code == 0 and "Demo data is already loaded." in again.stdout


def test_init_demo_refuses_a_database_with_people(cli, session, factory):
    factory.make_person(session, "real.teacher@college.example")
    session.commit()
    result = cli("init", "--demo")
    assert_clean_failure(result, "already has people")
    session.expire_all()
    assert session.exec(select(Person.email)).all() == ["real.teacher@college.example"]
    assert session.get(AppSetting, "demo") is None


# --- import -------------------------------------------------------------------------------------------------


def test_import_good_files_prints_the_summary(cli, session, tmp_path):
    teachers = tmp_path / "teachers.csv"
    teachers.write_text(
        "email,name,department,role,category,hire_date\n"
        "zhang.wei@demo.example,张伟,Cross-border E-commerce,,,2015-09-01\n",
        encoding="utf-8",
    )
    activities = tmp_path / "activities.csv"
    activities.write_text(
        "teacher_email,kind,enterprise,start_date,end_date,hours,status,description\n"
        "zhang.wei@demo.example,visit,示例公司 (Demo),2024-03-01,2024-03-01,6,,走访\n",
        encoding="utf-8-sig",
    )
    first = cli("import", "teachers", teachers)
    assert first.exit_code == 0, first
    assert first.stdout.strip() == "Imported teachers from teachers.csv: 1 created, 0 updated, 0 unchanged."
    second = cli("import", "activities", activities)
    assert second.exit_code == 0, second
    assert "1 created, 0 duplicates skipped" in second.stdout
    again = cli("import", "activities", activities)
    assert "0 created, 1 duplicates skipped" in again.stdout
    assert session.exec(select(func.count()).select_from(Activity)).one() == 1


def test_import_bad_file_lists_every_bad_row_and_changes_nothing(cli, session, tmp_path):
    path = tmp_path / "teachers.csv"
    path.write_text(
        "email,name,department,role,category,hire_date\n"
        "ok@demo.example,好老师,,,,2015-09-01\n"
        "bad-email,坏老师,,,,2015-09-01\n"
        "late@demo.example,晚老师,,,,2015-02-30\n",
        encoding="utf-8",
    )
    result = cli("import", "teachers", path)
    assert_clean_failure(
        result,
        "row 3: email: 'bad-email' is not a valid email address",
        "row 4: hire_date: '2015-02-30' is not a real calendar date",
        "error: 2 problem(s); nothing was changed",
    )
    assert result.stdout == ""
    assert session.exec(select(func.count()).select_from(Person)).one() == 0


def test_import_unreadable_or_missing_file_is_one_line(cli, tmp_path):
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli("import", "activities", binary)
    assert_clean_failure(result, "file: this is not a CSV or XLSX file")
    missing = cli("import", "activities", tmp_path / "nowhere.xlsx")
    assert_clean_failure(missing, "file: cannot read nowhere.xlsx")


def test_import_unknown_kind_is_a_usage_error(cli, tmp_path):
    result = cli("import", "courses", tmp_path / "x.csv")
    assert result.exit_code == 2
    assert "Traceback" not in result.stdout + result.stderr


# --- user ---------------------------------------------------------------------------------------------------


def test_user_add_with_password_on_stdin_then_sign_in(cli, session):
    result = cli(
        "user",
        "add",
        "Li.Na@Demo.Example",
        "--role",
        "head",
        "--name",
        "李娜",
        "--department",
        "International Trade",
        "--password-stdin",
        input="correct horse\n",
    )
    assert result.exit_code == 0, result
    assert result.stdout.strip() == "li.na@demo.example can now sign in as head."
    actor = sign_in("li.na@demo.example", "correct horse", sleep=no_sleep)
    assert (actor.name, actor.role) == ("李娜", "head")
    assert session.get(Department, actor.department_id).name == "International Trade"


def test_user_add_with_a_prompted_password(cli, session):
    result = cli("user", "add", "wang.fang@demo.example", "--role", "teacher", input="pass123456\npass123456\n")
    assert result.exit_code == 0, result
    assert sign_in("wang.fang@demo.example", "pass123456", sleep=no_sleep).name == "wang.fang"


@pytest.mark.parametrize(
    ("args", "password", "message"),
    [
        (["bad-email", "--role", "teacher"], "pass123456", "email: 'bad-email' is not a valid email address"),
        (
            ["x@demo.example", "--role", "dean"],
            "pass123456",
            "role: 'dean' is not one of: teacher, head, admin",
        ),
        (["x@demo.example", "--role", "teacher"], "abc", "password: must be at least 10 characters"),
    ],
)
def test_user_add_bad_input_is_one_line(cli, session, args, password, message):
    result = cli("user", "add", *args, "--password-stdin", input=password + "\n")
    assert_clean_failure(result)
    assert message in result.stderr
    assert session.exec(select(func.count()).select_from(Person)).one() == 0


def test_set_password_changes_the_password(cli, session, factory):
    factory.make_person(session, "zhang.wei@demo.example", password="old-pass")
    session.commit()
    result = cli("user", "set-password", "Zhang.Wei@demo.example", "--password-stdin", input="new-passphrase\n")
    assert result.exit_code == 0, result
    assert result.stdout.strip() == "Password changed for zhang.wei@demo.example."
    assert sign_in("zhang.wei@demo.example", "new-passphrase", sleep=no_sleep)
    from tracker.errors import SignInFailed

    with pytest.raises(SignInFailed):
        sign_in("zhang.wei@demo.example", "old-pass", sleep=no_sleep)


def test_set_password_for_an_unknown_person(cli):
    result = cli("user", "set-password", "ghost@demo.example", "--password-stdin", input="new-passphrase\n")
    assert_clean_failure(result, "no person with email ghost@demo.example")


# --- backup -------------------------------------------------------------------------------------------------


def test_backup_on_postgresql_says_to_use_pg_dump(cli, db_url, tmp_path):
    if is_sqlite(db_url):
        pytest.skip("PostgreSQL only")
    result = cli("backup", tmp_path / "copy.db")
    assert_clean_failure(result, "this database is PostgreSQL: back it up with pg_dump")
    assert not (tmp_path / "copy.db").exists()


def test_backup_copies_a_sqlite_database_that_opens_and_checks_ok(cli, session, factory, db_url, tmp_path):
    if not is_sqlite(db_url):
        pytest.skip("SQLite only")
    factory.make_person(session, "kept@demo.example")
    session.commit()
    target = tmp_path / "backups" / "copy.db"
    result = cli("backup", target)
    assert result.exit_code == 0, result
    assert "integrity ok" in result.stdout
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT email FROM person").fetchall() == [("kept@demo.example",)]
    finally:
        copy.close()
    refused = cli("backup", target)
    assert_clean_failure(refused, "exists; choose a new file or pass --force")
    assert cli("backup", target, "--force").exit_code == 0


# --- the real console script --------------------------------------------------------------------------------


def test_python_dash_m_tracker_help_lists_the_commands(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        "HOME": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--help"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for command in ("init", "import", "user", "backup"):
        assert command in done.stdout
    assert not (tmp_path / "x.db").exists()  # --help touches no database


def test_bad_setting_is_one_line_not_a_traceback(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "TRACKER_DATABASE_URL": "mysql://nope", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "init"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith("error: bad setting TRACKER_DATABASE_URL")
