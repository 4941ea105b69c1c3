"""Admin people service: list, add, edit, deactivate, reset password, import — permissions, rules, audit."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import func, select

from tests.services.admin_actors import make_cast
from tracker.auth import sign_in
from tracker.errors import InvalidInput, NotFound, PermissionDenied, SignInFailed
from tracker.models import AuditEvent, Person
from tracker.services import people


@pytest.fixture
def cast(session):
    return make_cast(session)


def _raw(**over):
    raw = {"email": "li.ming@example.edu", "name": "李明", "department": "跨境电商", "role": "teacher",
           "category": "professional", "hire_date": "2021-09-01"}
    return {**raw, **over}


def _count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def _events(session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


CALLS = {
    "list_people": lambda a, pid: people.list_people(a),
    "get_person": lambda a, pid: people.get_person(a, pid),
    "add_person": lambda a, pid: people.add_person(a, _raw(), password="secret-one-1"),
    "edit_person": lambda a, pid: people.edit_person(a, pid, _raw(name="X")),
    "deactivate": lambda a, pid: people.set_active(a, pid, False),
    "reactivate": lambda a, pid: people.set_active(a, pid, True),
    "reset_password": lambda a, pid: people.reset_password(a, pid, "secret-one-1"),
    "issue_first_passwords": lambda a, pid: people.issue_first_passwords(a, [pid]),
    "preview_import": lambda a, pid: people.preview_import(a, "teachers", b"email\n", "t.csv"),
    "import_upload": lambda a, pid: people.import_upload(a, "teachers", b"email\n", "t.csv"),
}


@pytest.mark.parametrize("call", CALLS)
def test_only_an_admin_may_manage_people(session, cast, call):
    for actor in cast.non_admins:
        with pytest.raises(PermissionDenied):
            CALLS[call](actor, cast.teacher.person_id)
    assert _count(session, AuditEvent) == 0


def test_add_person_creates_an_account_that_can_sign_in(session, cast):
    added = people.add_person(cast.admin, _raw(email=" Li.Ming@Example.edu "), password="secret-one-1")
    assert (added.email, added.name, added.department, added.hire_date) == (
        "li.ming@example.edu", "李明", "跨境电商", date(2021, 9, 1))
    person = session.get(Person, added.id)
    assert person.password_hash.startswith("$argon2id$")
    assert sign_in("li.ming@example.edu", "secret-one-1").person_id == added.id
    (event,) = _events(session, "create")
    assert (event.actor_id, event.entity, event.entity_id) == (cast.admin.person_id, "person", added.id)
    assert "password_hash" not in json.loads(event.after)


def test_add_person_reports_every_problem_and_writes_nothing(session, cast):
    before = _count(session, Person)
    with pytest.raises(InvalidInput) as caught:
        people.add_person(cast.admin, _raw(email="not-an-email", hire_date="2023-02-29",
                                           department="Nowhere"), password="abc")
    fields = {p.field for p in caught.value.problems}
    # the department is looked up once the row is otherwise valid
    assert fields == {"email", "hire_date", "password"}
    with pytest.raises(InvalidInput) as caught:
        people.add_person(cast.admin, _raw(department="Nowhere"), password="secret-one-1")
    assert [p.field for p in caught.value.problems] == ["department"]
    assert _count(session, Person) == before
    assert _count(session, AuditEvent) == 0


def test_add_person_refuses_an_email_already_used(session, cast):
    with pytest.raises(InvalidInput) as caught:
        people.add_person(cast.admin, _raw(email="TEACHER@example.edu"), password="secret-one-1")
    assert caught.value.problems[0].field == "email"
    assert "already belongs" in caught.value.problems[0].message


def test_list_people_filters(session, cast, factory):
    factory.make_person(session, "zhang.wei@example.edu", name="张伟", department="Logistics", active=False)
    session.commit()
    everyone = people.list_people(cast.admin)
    assert [p.name for p in everyone] == ["Ada Admin", "Hu Head", "Oh Other", "Tang Teacher", "张伟"]
    in_trade = people.list_people(cast.admin, department_id=cast.department_id)
    assert {p.email for p in in_trade} == {"head@example.edu", "teacher@example.edu"}
    assert {p.department for p in in_trade} == {"跨境电商"}
    assert [p.email for p in people.list_people(cast.admin, role="head")] == ["head@example.edu",
                                                                              "other@example.edu"]
    assert [p.name for p in people.list_people(cast.admin, active=False)] == ["张伟"]
    assert [p.name for p in people.list_people(cast.admin, search="张")] == ["张伟"]
    assert [p.email for p in people.list_people(cast.admin, search="TEACHER@")] == ["teacher@example.edu"]


def test_edit_person_changes_fields_but_not_email_and_is_audited(session, cast):
    edited = people.edit_person(cast.admin, cast.teacher.person_id, _raw(
        email="someone.else@example.edu", name="Tang Li", department="Logistics", role="head",
        category="general", hire_date="2015-03-01"))
    assert (edited.email, edited.name, edited.department, edited.role, edited.category, edited.hire_date) == (
        "teacher@example.edu", "Tang Li", "Logistics", "head", "general", date(2015, 3, 1))
    (event,) = _events(session, "update")
    assert json.loads(event.before)["name"] == "Tang Teacher"
    assert json.loads(event.after)["name"] == "Tang Li"


def test_edit_person_keeps_the_record_when_input_is_bad(session, cast):
    with pytest.raises(InvalidInput) as caught:
        people.edit_person(cast.admin, cast.teacher.person_id, _raw(name="", role="boss"))
    assert {p.field for p in caught.value.problems} == {"name", "role"}
    session.expire_all()
    assert session.get(Person, cast.teacher.person_id).name == "Tang Teacher"


def test_an_admin_cannot_remove_their_own_admin_role_or_deactivate_themselves(session, cast):
    with pytest.raises(InvalidInput):
        people.edit_person(cast.admin, cast.admin.person_id, _raw(role="teacher", department=""))
    with pytest.raises(InvalidInput):
        people.set_active(cast.admin, cast.admin.person_id, False)
    session.expire_all()
    admin = session.get(Person, cast.admin.person_id)
    assert (admin.role, admin.active) == ("admin", True)


def test_deactivated_person_cannot_sign_in_and_reactivation_restores_it(session, cast):
    people.reset_password(cast.admin, cast.teacher.person_id, "s3cret-password!")
    assert sign_in("teacher@example.edu", "s3cret-password!").person_id == cast.teacher.person_id
    assert people.set_active(cast.admin, cast.teacher.person_id, False).active is False
    session.expire_all()
    with pytest.raises(SignInFailed):
        sign_in("teacher@example.edu", "s3cret-password!")
    people.set_active(cast.admin, cast.teacher.person_id, False)  # already inactive: no second event
    assert len(_events(session, "deactivate")) == 1
    people.set_active(cast.admin, cast.teacher.person_id, True)
    session.expire_all()
    assert sign_in("teacher@example.edu", "s3cret-password!").person_id == cast.teacher.person_id
    assert len(_events(session, "reactivate")) == 1


def test_reset_password_replaces_the_old_one_and_never_records_it(session, cast):
    people.reset_password(cast.admin, cast.teacher.person_id, "first-passphrase")
    people.reset_password(cast.admin, cast.teacher.person_id, "second-passphrase")
    session.expire_all()
    with pytest.raises(SignInFailed):
        sign_in("teacher@example.edu", "first-passphrase")
    assert sign_in("teacher@example.edu", "second-passphrase")
    events = _events(session, "set_password")
    assert len(events) == 2
    assert all(e.before is None and e.after is None for e in events)
    with pytest.raises(InvalidInput):
        people.reset_password(cast.admin, cast.teacher.person_id, "abc")


def test_unknown_person_is_not_found(cast):
    for call in (lambda: people.get_person(cast.admin, 9999),
                 lambda: people.edit_person(cast.admin, 9999, _raw()),
                 lambda: people.set_active(cast.admin, 9999, False),
                 lambda: people.reset_password(cast.admin, 9999, "secret-one-1")):
        with pytest.raises(NotFound):
            call()


# --- import (tracker.importing is the core engineer's; these pin the admin wrapper) -------------------------

TEACHERS_CSV = (
    "email,name,department,role,category,hire_date\n"
    "wang.fang@example.edu,王芳,跨境电商,teacher,professional,2019-09-01\n"
    "zhao.lei@example.edu,赵磊,Logistics,teacher,general,2012-02-15\n"
)


def test_preview_shows_rows_and_writes_nothing(session, cast):
    pytest.importorskip("tracker.importing")
    before = _count(session, Person)
    preview = people.preview_import(cast.admin, "teachers", TEACHERS_CSV.encode("utf-8-sig"), "teachers.csv")
    assert preview.ok and preview.total_rows == 2
    assert [r["email"] for r in preview.rows] == ["wang.fang@example.edu", "zhao.lei@example.edu"]
    assert preview.rows[0]["hire_date"] == "2019-09-01"
    assert _count(session, Person) == before


def test_a_bad_row_is_named_like_the_cli_and_nothing_is_imported(session, cast):
    pytest.importorskip("tracker.importing")
    bad = TEACHERS_CSV + "broken,,跨境电商,teacher,professional,2019-13-01\n"
    preview = people.preview_import(cast.admin, "teachers", bad.encode(), "teachers.csv")
    assert not preview.ok and preview.problem_count == len(preview.problems) == 3  # email, name, date
    assert any(p.startswith("row 4: email:") for p in preview.problems)
    assert any(p.startswith("row 4: hire_date:") for p in preview.problems)
    before = _count(session, Person)
    with pytest.raises(InvalidInput):
        people.import_upload(cast.admin, "teachers", bad.encode(), "teachers.csv")
    assert _count(session, Person) == before


def test_import_upload_writes_every_row_once(session, cast):
    pytest.importorskip("tracker.importing")
    result = people.import_upload(cast.admin, "teachers", TEACHERS_CSV.encode(), "teachers.csv")
    assert (result.created, result.updated, result.skipped) == (2, 0, 0)
    session.expire_all()
    emails = set(session.exec(select(Person.email)).all())
    assert {"wang.fang@example.edu", "zhao.lei@example.edu"} <= emails
    (event,) = _events(session, "import")
    assert event.actor == "admin@example.edu"


def test_activity_preview_checks_teachers_against_the_database(cast):
    pytest.importorskip("tracker.importing")
    csv = ("teacher_email,kind,enterprise,start_date,end_date,hours,status,description\n"
           "teacher@example.edu,visit,Demo Co,2024-03-01,2024-03-01,8,submitted,\n"
           "nobody@example.edu,visit,Demo Co,2024-03-01,2024-03-01,8,submitted,\n")
    preview = people.preview_import(cast.admin, "activities", csv.encode(), "a.csv")
    assert [p.split(":")[0:2] for p in preview.problems] == [["row 3", " teacher_email"]]


def test_preview_lists_at_most_200_problems_but_counts_them_all(cast):
    pytest.importorskip("tracker.importing")
    bad = "email,name,hire_date\n" + "".join(f"x{i},n,2020-01-01\n" for i in range(300))
    preview = people.preview_import(cast.admin, "teachers", bad.encode(), "t.csv")
    assert (preview.problem_count, len(preview.problems)) == (300, 200)
    assert preview.problems[0].startswith("row 2: email:")


def test_import_kind_must_be_known(cast):
    with pytest.raises(InvalidInput):
        people.preview_import(cast.admin, "budgets", b"", "x.csv")


def test_first_passwords_let_imported_people_sign_in(session, cast):
    """Imported people have no password: the list says so, the admin can make one for each (issue 11.8)."""
    file = b"email,name,hire_date\nli.ming@example.edu,Li Ming,2020-09-01\n"
    people.import_upload(cast.admin, "teachers", file, "t.csv")
    li = people.list_people(cast.admin, search="li.ming")[0]
    assert li.has_password is False
    people.reset_password(cast.admin, cast.head.person_id, "head-password")
    people.set_active(cast.admin, cast.other_head.person_id, False)
    asked = [li.id, cast.head.person_id, cast.other_head.person_id]
    made = people.issue_first_passwords(cast.admin, asked)
    assert [(m.email, len(m.password)) for m in made] == [("li.ming@example.edu", people.FIRST_PASSWORD_LENGTH)]
    session.expire_all()
    assert sign_in("li.ming@example.edu", made[0].password)
    assert sign_in("head@example.edu", "head-password")  # someone with a password is left alone
    assert people.list_people(cast.admin, search="li.ming")[0].has_password
    (event,) = [e for e in _events(session, "set_password") if e.entity_id == li.id]
    assert event.actor == "admin@example.edu" and made[0].password not in (event.after or "")
    assert people.issue_first_passwords(cast.admin, [li.id]) == []  # never a second time


# --- imported verified records name their reviewer; nobody verifies their own (issue 9 item 9) ----------------

_VERIFIED_ROWS = (
    "teacher_email,kind,enterprise,start_date,end_date,hours,status,description\n"
    "teacher@example.edu,visit,Demo Co,2024-03-01,2024-03-01,8,verified,\n"
    "admin@example.edu,visit,Demo Co,2024-03-02,2024-03-02,8,verified,\n"
    "admin@example.edu,visit,Demo Co,2024-03-03,2024-03-03,8,submitted,\n"
)


def test_an_admin_cannot_import_their_own_records_as_verified(session, cast):
    """Fails on the old main: the admin's own row was imported as verified, reviewed by nobody."""
    from tracker.i18n import t
    from tracker.models import Activity

    preview = people.preview_import(cast.admin, "activities", _VERIFIED_ROWS.encode(), "a.csv")
    assert preview.problems == [f"row 3: status: {t('problem.own_verified', lang='en')}"]
    with pytest.raises(InvalidInput) as refused:
        people.import_upload(cast.admin, "activities", _VERIFIED_ROWS.encode(), "a.csv")
    [problem] = refused.value.problems
    assert (problem.row, problem.field, problem.code) == (3, "status", "own_verified")
    assert session.exec(select(func.count()).select_from(Activity)).one() == 0  # all or nothing


def test_imported_verified_records_name_the_importing_admin_as_reviewer(session, cast):
    """Fails on the old main: imported verified records had no reviewer and no review time."""
    from tracker.models import Activity, Certification

    rows = _VERIFIED_ROWS.splitlines()
    people.import_upload(cast.admin, "activities", "\n".join(rows[:2] + rows[3:]).encode(), "a.csv")
    certificates = (
        "teacher_email,name,issued_on,status\n"
        "teacher@example.edu,1+X 跨境电商,2024-01-01,verified\n"
        "teacher@example.edu,报关员,2024-01-01,\n"
    )
    people.import_upload(cast.admin, "certifications", certificates.encode(), "c.csv")
    session.expire_all()
    reviewed = {
        (type(r).__name__, r.status): (r.reviewer_id, r.reviewed_at is not None)
        for model in (Activity, Certification)
        for r in session.exec(select(model))
    }
    assert reviewed == {
        ("Activity", "verified"): (cast.admin.person_id, True),
        ("Activity", "submitted"): (None, False),
        ("Certification", "verified"): (cast.admin.person_id, True),
        ("Certification", "submitted"): (None, False),
    }
