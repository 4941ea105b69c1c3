"""The Team page's matrix through AppTest (issue 11.7): worst first, the reason of each status as text, in
English and Chinese, the chart without its toolbar, and a click on the table (a row or a cell) or on the chart
opening that teacher on the Teacher page, as of the Team page's date."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tracker.i18n import t
from tracker.ui.charts import team as charts

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "tracker/ui/pages/"
AS_OF = date(2025, 6, 30)  # the page's date is set, so nothing here depends on today


@pytest.fixture
def trade(db_url, session, factory):
    """One department as of 2025-06-30 (national norms then: 1056 h in 5 years, 176 h this calendar year, one
    valid certificate), all hired in 2010: Hu Head has nothing (two norms not met, the year at risk); Li has
    176 h this year (two not met); Tang has 1056 h in 2024, 104 h this year (8 more waiting for review) and a
    certificate (the year on track, the rest met). Another department's teacher is never listed."""
    from tracker.norms import load_default_packs, on_activities_changed

    st.cache_data.clear()
    st.cache_resource.clear()  # the cached engine belongs to the previous test's database
    load_default_packs(session)
    dept = factory.make_department(session, "跨境电商")
    head = factory.make_person(
        session, "head@example.edu", name="Hu Head", role="head", department=dept, password="head-pass"
    )
    head.language = "en"
    tang = factory.make_person(session, "tang@example.edu", name="Tang Teacher", department=dept)
    li = factory.make_person(session, "li@example.edu", name="Li Teacher", department=dept)
    other = factory.make_person(session, "other@example.edu", name="Other Teacher", department="Logistics")
    factory.make_person(session, "admin@example.edu", name="Ada Admin", role="admin", password="admin-pass")
    start = date(2024, 1, 1)
    factory.make_activity(session, tang, start=start, end=start + timedelta(days=131), hours=1056)
    factory.make_activity(session, tang, start=date(2025, 1, 6), end=date(2025, 1, 18), hours=104)
    factory.make_activity(session, tang, start=date(2025, 6, 2), hours=8, status="submitted")
    factory.make_certification(session, tang, issued_on=date(2024, 5, 1), expires_on=date(2029, 5, 1))
    factory.make_activity(session, li, start=date(2025, 2, 3), end=date(2025, 2, 24), hours=176)
    on_activities_changed(session, [tang.id, li.id, other.id])
    session.commit()
    return {"head": head.id, "tang": tang.id, "li": li.id, "dept": dept.id}


def _sign_in(email: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def _team(at: AppTest, department_id: int | None = None) -> AppTest:
    at.switch_page(PAGES + "team.py").run()
    at.date_input(key="team_as_of").set_value(AS_OF).run()
    if department_id is not None:
        at.selectbox(key="team_department").set_value(department_id).run()
    assert not at.exception and not at.error, at.exception or at.error
    return at


def _table(at: AppTest, lang: str):
    reason = t("team_matrix.col.reason", lang)
    return next(d.value for d in at.dataframe if reason in d.value.columns)


def _matrix(at: AppTest) -> dict:
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return next(f for f in figures if f["data"] and f["data"][0]["type"] == "heatmap")


def test_the_table_lists_the_worst_first_with_each_reason_in_words(trade):
    at = _team(_sign_in("head@example.edu", "head-pass"))
    table = _table(at, "en")
    assert list(table.columns) == ["Status", "Norm", "Teacher", "Done / required", "Why, and what is due"]
    rows = [tuple(r) for r in table[["Teacher", "Status", "Done / required"]].itertuples(index=False)]
    assert rows == [
        ("Hu Head", "not met", "0 / 1056 hours"),
        ("Hu Head", "not met", "0 / 1 certificates"),
        ("Hu Head", "at risk", "0 / 176 hours"),
        ("Li Teacher", "not met", "176 / 1056 hours"),
        ("Li Teacher", "not met", "0 / 1 certificates"),
        ("Li Teacher", "met", "176 / 176 hours"),
        ("Tang Teacher", "on track", "104 / 176 hours"),
        ("Tang Teacher", "met", "1160 / 1056 hours"),
        ("Tang Teacher", "met", "1 / 1 certificates"),
    ]
    why = list(table["Why, and what is due"])
    assert why[0] == "1056 h missing now"
    assert why[1] == "1 more valid certificate(s) needed"
    assert why[2].startswith("Behind pace: ") and why[2].endswith("176 h in all by 2025-12-31")
    assert why[5] == "Met for this period (until 2025-12-31)"
    assert why[6] == "On pace; 72 h more due by 2025-12-31 (8 h waiting for review)"
    assert why[8] == "Valid until 2029-05-01; renew before then"

    # the chart: the same teachers in the same order, on top first, and no toolbar over the norms' headings
    heatmap = _matrix(at)["data"][0]
    assert [y.split(" · ")[0] for y in heatmap["y"]] == ["Hu Head", "Li Teacher", "Tang Teacher"]
    chart = next(c for c in at.get("plotly_chart") if "heatmap" in c.proto.spec)
    assert json.loads(chart.proto.config)["displayModeBar"] is False


def test_the_reasons_read_in_chinese_for_an_admin_who_picks_the_department(trade):
    at = _team(_sign_in("admin@example.edu", "admin-pass"), trade["dept"])  # the admin reads Chinese first
    table = _table(at, "zh")
    assert list(table.columns) == ["状态", "考核标准", "教师", "已完成 / 要求", "原因与待办"]
    assert list(table["状态"])[:3] == ["未达标", "未达标", "有风险"]
    assert list(table["原因与待办"])[0] == "尚缺 1056 小时，需尽快补足"
    assert "（另有 8 小时待审核）" in list(table["原因与待办"])[6]
    assert list(table["教师"].drop_duplicates()) == ["Hu Head", "Li Teacher", "Tang Teacher"]


def test_clicking_a_row_opens_that_teacher_as_of_the_teams_date_and_team_stays_put_after(trade):
    at = _team(_sign_in("head@example.edu", "head-pass"))
    at.session_state["team_reasons"] = {"selection": {"rows": [4]}}  # Li's certificate line
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("page.teacher", "en")
    assert at.selectbox(key="teacher_pick").value == trade["li"]
    assert at.date_input(key="teacher_as_of").value == AS_OF
    assert "Li Teacher" in at.subheader[0].value

    at.switch_page(PAGES + "team.py").run()  # back on Team: the old click does not open the teacher again
    assert not at.exception and at.title[0].value == t("page.team", "en")


def test_clicking_a_cell_opens_that_teacher(trade):
    at = _team(_sign_in("head@example.edu", "head-pass"))
    at.session_state["team_reasons"] = {"selection": {"cells": [[7, "Why, and what is due"]]}}  # a Tang line
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("page.teacher", "en")
    assert at.selectbox(key="teacher_pick").value == trade["tang"]


def test_an_admin_lands_on_the_teacher_in_the_department_chosen_on_team(trade):
    at = _team(_sign_in("admin@example.edu", "admin-pass"), trade["dept"])
    at.session_state["team_reasons"] = {"selection": {"rows": [0]}}
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("page.teacher", "zh")
    assert at.selectbox(key="teacher_department").value == trade["dept"]
    assert at.selectbox(key="teacher_pick").value == trade["head"]


def test_every_cell_of_the_chart_carries_its_teacher_for_a_click(trade):
    at = _team(_sign_in("head@example.edu", "head-pass"))
    figure = _matrix(at)
    heatmap, clicks = figure["data"]
    assert clicks["type"] == "scatter" and heatmap["hoverinfo"] == "skip"
    names = {trade["head"]: "Hu Head", trade["li"]: "Li Teacher", trade["tang"]: "Tang Teacher"}
    cells = {(x, y) for x, y in zip(clicks["x"], clicks["y"], strict=True)}
    assert cells == {(x, y) for x in heatmap["x"] for y in heatmap["y"]}  # one marker on every cell
    for y, (person, hover) in zip(clicks["y"], clicks["customdata"], strict=True):
        assert y.startswith(names[person]) and hover.startswith(names[person])
        # what the page reads from Plotly's selection when that marker is clicked
        assert charts.person_from_chart({"points": [{"customdata": [person, hover]}]}) == person
    assert charts.person_from_chart({"points": []}) is None
