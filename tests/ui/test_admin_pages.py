"""Admin pages through AppTest: sign in as admin, open each page, add a person, import a file with a bad row,
merge two enterprises, rename a department, filter the audit log."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tracker.models import Activity, AuditEvent, Department, Enterprise, Person
from tracker.norms import load_default_packs
from tracker.norms.models import NormPack

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
PAGES = "tracker/ui/pages/"
PASSWORD = "admin-pass"


@pytest.fixture
def app(db_url, session, factory):
    """A fresh app on a database with an admin, a department, a teacher and two spellings of one company."""
    st.cache_data.clear()
    st.cache_resource.clear()  # the cached engine belongs to the previous test's database
    trade = factory.make_department(session, "跨境电商")
    admin = factory.make_person(session, "admin@example.edu", name="Ada Admin", role="admin",
                                password=PASSWORD)
    admin.language = "en"  # the pages' English words are asserted below; sign-in restores the saved language
    teacher = factory.make_person(session, "teacher@example.edu", name="Tang Teacher", department=trade)
    kept = factory.make_enterprise(session, "示例跨境电商科技有限公司")
    dup = factory.make_enterprise(session, "示例跨境电商科技 (typo)")
    factory.make_activity(session, teacher, enterprise=kept)
    factory.make_activity(session, teacher, enterprise=dup, start=date(2024, 5, 1))
    load_default_packs(session)  # as `tracker init` does
    session.commit()
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.text_input(key="sign_in_email").input("admin@example.edu")
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and at.session_state["lang"] == "en"
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES + page + ".py").run()
    assert not at.exception, at.exception
    return at


def _texts(elements) -> str:
    """The text a person reads: typed values reach Markdown backslash-escaped (tracker/ui/markdown.py)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


@pytest.mark.parametrize("page", ["people", "departments", "enterprises", "audit_log", "norm_packs"])
def test_each_admin_page_opens(app, page):
    at = _open(app, page)
    assert not at.error, _texts(at.error)
    assert at.title[0].value


def test_add_person_through_the_form(app, session):
    at = _open(app, "people")
    at.text_input(key="add_email").input("wang.fang@example.edu")
    at.text_input(key="add_name").input("王芳")
    trade_id = session.exec(select(Department.id).where(Department.name == "跨境电商")).one()
    at.selectbox(key="add_department").set_value(trade_id)
    at.date_input(key="add_hire_date").set_value(date(2019, 9, 1))
    at.selectbox(key="add_category").set_value("general")
    at.text_input(key="add_password").input("welcome-123")
    at.button(key="add_person_submit").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    session.expire_all()
    person = session.exec(select(Person).where(Person.email == "wang.fang@example.edu")).one()
    assert (person.name, person.category, person.hire_date, person.role, person.department_id) == (
        "王芳", "general", date(2019, 9, 1), "teacher", trade_id)
    assert "王芳" in _texts(at.success)
    # the form starts afresh, the password first: nothing typed stays in the browser (issue 11.8)
    assert at.text_input(key="add_password_1").value == "" and at.text_input(key="add_email_1").value == ""


def test_people_without_a_password_are_named_and_get_first_passwords(app, session):
    at = _open(app, "people")  # the teacher of the fixture was made without a password, as an import does
    assert "cannot sign in" in _texts(at.warning)
    assert "no password yet" in at.dataframe[0].value["Password sign-in"].tolist()
    at.button(key="first_passwords_ask").click().run()
    assert "You will see them once" in _texts(at.warning)
    at.button(key="confirm_yes_first_passwords").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    shown = at.dataframe[-1].value
    assert shown["Email"].tolist() == ["teacher@example.edu"] and len(shown["Password"][0]) == 12
    from tracker.auth import sign_in

    session.expire_all()
    assert sign_in("teacher@example.edu", shown["Password"][0])
    at.button(key="first_done").click().run()
    assert not [d for d in at.dataframe if "Password" in d.value.columns] and "cannot sign in" not in _texts(
        at.warning)


def test_a_failed_form_keeps_what_was_typed_and_says_what_to_fix(app, session):
    at = _open(app, "people")
    at.text_input(key="add_email").input("teacher@example.edu")
    at.text_input(key="add_name").input("Someone")
    at.text_input(key="add_password").input("welcome-123")
    at.button(key="add_person_submit").click().run()
    assert "already belongs" in _texts(at.error)
    assert "Hire date" in _texts(at.error)
    assert at.text_input(key="add_name").value == "Someone"
    session.expire_all()
    assert len(session.exec(select(Person)).all()) == 2


def test_import_with_a_bad_row_shows_the_row_error_and_writes_nothing(app, session):
    pytest.importorskip("tracker.importing")
    at = _open(app, "people")
    csv = ("email,name,department,role,category,hire_date\n"
           "li.ming@example.edu,李明,跨境电商,teacher,professional,2020-09-01\n"
           "zhao.lei@example.edu,赵磊,跨境电商,teacher,professional,2023-02-29\n")
    at.file_uploader(key="import_file").upload("teachers.csv", csv.encode(), "text/csv")
    at.run()
    assert not at.exception
    errors = _texts(at.error)
    assert "row 3: hire_date:" in errors
    assert not [b for b in at.button if b.key == "import_run"]  # nothing to press while the file has problems
    session.expire_all()
    assert session.exec(select(Person).where(Person.email == "li.ming@example.edu")).first() is None


def test_import_a_good_file_after_the_preview(app, session):
    pytest.importorskip("tracker.importing")
    at = _open(app, "people")
    csv = "email,name,department,hire_date\nli.ming@example.edu,李明,跨境电商,2020-09-01\n"
    at.file_uploader(key="import_file").upload("teachers.csv", csv.encode("utf-8-sig"), "text/csv")
    at.run()
    assert "1 rows are ready" in _texts(at.success)
    at.button(key="import_run").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    session.expire_all()
    assert session.exec(select(Person).where(Person.email == "li.ming@example.edu")).one().name == "李明"


def test_deactivate_a_person(app, session):
    at = _open(app, "people")
    teacher_id = session.exec(select(Person.id).where(Person.email == "teacher@example.edu")).one()
    at.selectbox(key="edit_person").set_value(teacher_id).run()
    at.button(key=f"deactivate_{teacher_id}").click().run()
    assert not at.exception and not at.error
    session.expire_all()
    assert session.get(Person, teacher_id).active is False


def _ask_merge(at: AppTest, session) -> tuple[AppTest, dict]:
    """Choose the kept spelling and its duplicate, press Merge: the page asks before it changes anything."""
    at = _open(at, "enterprises")
    by_name = {e.name: e.id for e in session.exec(select(Enterprise))}
    keep = by_name["示例跨境电商科技有限公司"]
    at.selectbox(key="merge_keep").set_value(keep).run()
    duplicates = at.multiselect(key=f"merge_duplicates_{keep}")
    assert keep not in duplicates.options and str(keep) not in duplicates.options  # not its own duplicate
    duplicates.select(by_name["示例跨境电商科技 (typo)"]).run()
    at.button(key="merge_submit").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    return at, by_name


def test_merge_two_enterprises_after_a_confirmation(app, session):
    at, by_name = _ask_merge(app, session)
    assert "cannot be undone" in _texts(at.warning) and "1 activities" in _texts(at.warning)
    session.expire_all()
    assert len(session.exec(select(Enterprise)).all()) == 2  # nothing merged before the confirmation
    at.button(key="confirm_yes_merge").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    assert "1 activities moved" in _texts(at.success)
    session.expire_all()
    assert session.exec(select(Enterprise.name)).all() == ["示例跨境电商科技有限公司"]
    assert {a.enterprise_id for a in session.exec(select(Activity))} == {by_name["示例跨境电商科技有限公司"]}
    merge = session.exec(select(AuditEvent).where(AuditEvent.action == "merge")).one()
    assert merge.actor == "admin@example.edu"
    at.run()  # the page after a merge (it crashed on the next click before): nothing stale, nothing to merge
    assert not at.exception and "at least two" in _texts(at.info)


def test_cancel_a_merge(app, session):
    at, _ = _ask_merge(app, session)
    at.button(key="confirm_no_merge").click().run()
    assert not at.exception and not at.warning
    session.expire_all()
    assert len(session.exec(select(Enterprise)).all()) == 2


def test_add_and_rename_a_department(app, session):
    at = _open(app, "departments")
    at.text_input(key="department_add_name").input("Logistics")
    at.button(key="department_add_submit").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    session.expire_all()
    logistics = session.exec(select(Department).where(Department.name == "Logistics")).one()
    at.selectbox(key="department_chosen").set_value(logistics.id).run()
    at.text_input(key=f"department_new_name_{logistics.id}").input("物流管理")
    at.button(key=f"department_rename_submit_{logistics.id}").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    session.expire_all()
    assert session.get(Department, logistics.id).name == "物流管理"


def test_audit_log_filters_and_shows_the_change(app, session):
    at, _ = _ask_merge(app, session)
    at.button(key="confirm_yes_merge").click().run()
    at = _open(at, "audit_log")
    at.selectbox(key="audit_action").set_value("merge").run()
    assert not at.exception
    assert "1 events" in _texts(at.caption) and "Asia/Shanghai" in _texts(at.caption)
    table = at.dataframe[0].value
    assert table["Record"].tolist() == ["示例跨境电商科技有限公司"]  # by name, not "enterprise 3"
    assert table["Who"].tolist() == ["Ada Admin <admin@example.edu>"]
    assert "示例跨境电商科技 (typo)" in table["What changed"][0]  # the merged duplicate, field by field
    assert "示例跨境电商科技 (typo)" in _texts(at.code)  # and the stored record behind the expander


def test_norm_packs_load_a_bad_file_then_a_good_one_and_deactivate_it(app, session):
    at = _open(app, "norm_packs")
    before = session.exec(select(NormPack.name)).all()
    at.file_uploader(key="pack_file").upload("broken.toml", b"[pack\nname = 1", "application/toml")
    at.button(key="pack_load_submit").click().run()
    assert not at.exception
    assert "not a valid TOML" in _texts(at.error)
    assert session.exec(select(NormPack.name)).all() == before == ["cn-national-baseline"] * 2  # both versions
    provincial = (ROOT / "data" / "norms" / "examples" / "provincial.toml").read_bytes()
    at.file_uploader(key="pack_file").upload("provincial.toml", provincial, "application/toml")
    at.button(key="pack_load_submit").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    assert "example-province" in _texts(at.success)
    session.expire_all()
    pack = session.exec(select(NormPack).where(NormPack.name == "example-province")).one()
    at.selectbox(key="packs_chosen").set_value(pack.id).run()
    at.button(key=f"pack_deactivate_{pack.id}").click().run()
    assert "stop counting" in _texts(at.warning)  # asked first
    session.expire_all()
    assert session.get(NormPack, pack.id).active is True
    at.button(key="confirm_yes_pack_deactivate").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    session.expire_all()
    assert session.get(NormPack, pack.id).active is False


def test_the_last_active_pack_cannot_be_deactivated(app, session):
    for pack in session.exec(select(NormPack)).all()[1:]:
        pack.active = False
    session.commit()
    last = session.exec(select(NormPack).where(NormPack.active == True)).one()  # noqa: E712
    at = _open(app, "norm_packs")
    at.selectbox(key="packs_chosen").set_value(last.id).run()
    at.button(key=f"pack_deactivate_{last.id}").click().run()
    at.button(key="confirm_yes_pack_deactivate").click().run()
    assert "only active norm pack" in _texts(at.error)
    session.expire_all()
    assert session.get(NormPack, last.id).active is True


def test_only_admins_have_the_administration_pages_in_their_menu():
    from tracker.ui.navigation import specs_for

    admin_pages = {"people", "departments", "enterprises", "norm_packs", "audit_log"}
    assert admin_pages <= {s.file for s in specs_for("admin")}
    for role in ("teacher", "head"):
        assert not admin_pages & {s.file for s in specs_for(role)}


def test_every_admin_page_opens_in_chinese_too(app):
    app.selectbox(key="language_switch").set_value("zh").run()
    for page, title in [("people", "人员"), ("departments", "部门"), ("enterprises", "合作企业"),
                        ("norm_packs", "考核标准"), ("audit_log", "审计日志")]:
        at = _open(app, page)
        assert not at.error, _texts(at.error)
        assert at.title[0].value == title
