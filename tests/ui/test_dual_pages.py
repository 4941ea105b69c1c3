"""Issue 12 pages through AppTest: the teacher's dual-qualified path and outputs, the head's Team share and
levels, the admin's recognition batch (decisions checked in the database), in both languages."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tracker.models import Certification, Output, Recognition

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "tracker/ui/pages/"


@pytest.fixture
def college(db_url, session, factory):
    from tracker.norms import load_default_packs

    st.cache_data.clear()
    st.cache_resource.clear()
    load_default_packs(session)
    trade = factory.make_department(session, "跨境电商")
    head = factory.make_person(session, "head@example.edu", name="Hu Head", role="head", department=trade,
                               password="head-pass")
    head.language = "en"
    tang = factory.make_person(session, "tang@example.edu", name="Tang Teacher", department=trade,
                               password="tang-pass")
    tang.language, tang.industry_years = "en", 1.0
    session.add(Certification(person_id=tang.id, name="1+X", type="skill_level", level="junior",
                              issued_on=date.today() - timedelta(days=100), status="verified"))
    li = factory.make_person(session, "li@example.edu", name="Li Teacher", department=trade, password="li-pass")
    li.language = "zh"
    admin = factory.make_person(session, "admin@example.edu", name="Ada Admin", role="admin", password="admin-pass")
    admin.language = "en"
    session.commit()
    return {"tang": tang.id, "li": li.id}


def _sign_in(email: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES + page + ".py").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_teacher_sees_level_recognition_and_what_is_missing(college):
    at = _open(_sign_in("tang@example.edu", "tang-pass"), "my_dual_path")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Level met now"] == "junior"
    assert metrics["Recognised by the committee"] == "none"
    assert at.subheader[0].value == "Missing for intermediate"
    text = "\n".join(m.value for m in at.markdown)
    assert "2 verified outputs" in text and "3 year(s) of work in enterprises (you have 1)" in text
    assert "1 month = 22 days × 8 h" in "\n".join(c.value for c in at.caption)


def test_teacher_path_in_chinese(college):
    at = _open(_sign_in("li@example.edu", "li-pass"), "my_dual_path")
    assert at.title[0].value == "我的双师成长路径"
    assert {m.label: m.value for m in at.metric}["当前达到等级"] == "未达到"
    assert "近 5 年企业实践累计 1056 小时" in "\n".join(m.value for m in at.markdown)


def test_teacher_logs_an_output_for_review(college, session):
    at = _open(_sign_in("tang@example.edu", "tang-pass"), "my_outputs")
    key = "output_form_0"
    at.selectbox(key=f"{key}_kind").set_value("teaching_case")
    at.text_input(key=f"{key}_title").input("Listing <b>case</b>")
    next(b for b in at.button if b.label == "Submit for review").click().run()
    assert not at.exception, at.exception
    session.expire_all()
    (row,) = session.exec(select(Output)).all()
    assert (row.title, row.kind, row.status) == ("Listing <b>case</b>", "teaching_case", "submitted")
    assert any("Listing" in m.value and "<b>" not in m.value for m in at.markdown)  # shown literally, escaped


def test_head_team_page_shows_share_and_levels(college):
    at = _open(_sign_in("head@example.edu", "head-pass"), "team")
    metrics = {m.label: m.value for m in at.metric}
    # professional teachers: the head, Tang (junior), Li: one of three eligible, none recognised
    assert metrics["Eligible"] == "33%" and metrics["Recognised"] == "0%"
    frame = next(d.value for d in at.dataframe if "Level met" in d.value.columns)
    levels = dict(zip(frame["Teacher"], frame["Level met"], strict=True))
    assert levels["Tang Teacher"] == "junior" and levels["Li Teacher"] == "none"


def test_admin_confirms_a_recognition(college, session):
    at = _open(_sign_in("admin@example.edu", "admin-pass"), "recognition")
    frame = at.dataframe[0].value
    assert list(frame["Teacher"]) == ["Tang Teacher"]
    at.text_area(key=f"note_{college['tang']}").input("committee 2026-1")
    next(b for b in at.button if b.label == "Confirm").click().run()
    assert not at.exception, at.exception
    session.expire_all()
    (decision,) = session.exec(select(Recognition)).all()
    assert (decision.person_id, decision.level, decision.confirmed, decision.note) == (
        college["tang"],
        "junior",
        True,
        "committee 2026-1",
    )
    assert decision.decided_on == date.today()
