"""Department pages through AppTest: a head signs in, opens Team, Review, Teacher and Reports, verifies and
rejects records (checked in the database), bulk-verifies ticked rows; a teacher never gets these pages."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.services.teacher_cast import image_bytes
from tracker.i18n import t
from tracker.models import Activity, Certification, Evidence, Person
from tracker.previews import make_preview
from tracker.ui.navigation import specs_for

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "tracker/ui/pages/"
DEPARTMENT_PAGES = ["team", "review", "teacher", "reports"]
PASSWORD = "head-pass"
PNG = image_bytes("PNG", (64, 48))


@pytest.fixture
def college(db_url, session, factory):
    """A trade department (head, two teachers with submitted work and evidence) and a logistics department."""
    from tracker.norms import load_default_packs, on_activities_changed

    st.cache_data.clear()
    st.cache_resource.clear()  # the cached engine belongs to the previous test's database
    load_default_packs(session)
    trade = factory.make_department(session, "跨境电商")
    head = factory.make_person(
        session, "head@example.edu", name="Hu Head", role="head", department=trade, password=PASSWORD
    )
    head.language = "en"
    tang = factory.make_person(
        session, "tang@example.edu", name="Tang Teacher", department=trade, password="tang-pass"
    )
    tang.language = "en"
    li = factory.make_person(session, "li@example.edu", name="Li Teacher", department=trade)
    other = factory.make_person(session, "other@example.edu", name="Other Teacher", department="Logistics")
    factory.make_person(session, "admin@example.edu", name="Ada Admin", role="admin", password="admin-pass")
    today = date.today()
    visit = factory.make_activity(
        session,
        tang,
        status="submitted",
        start=today - timedelta(days=30),
        hours=8,
        enterprise=factory.make_enterprise(session, "Alpha 跨境"),
    )
    factory.make_activity(session, tang, status="verified", start=today - timedelta(days=400), hours=40)
    training = factory.make_activity(
        session, li, status="submitted", kind="training", start=today - timedelta(days=20), hours=16
    )
    cert = factory.make_certification(
        session,
        li,
        status="submitted",
        issued_on=today - timedelta(days=10),
        expires_on=today + timedelta(days=3 * 365),
    )
    factory.make_certification(
        session, tang, issued_on=today - timedelta(days=700), expires_on=today + timedelta(days=20)
    )
    factory.make_activity(session, other, status="submitted")
    session.add(
        Evidence(
            activity_id=visit.id,
            filename="site-visit.png",
            media_type="image/png",
            size=len(PNG),
            sha256=hashlib.sha256(PNG).hexdigest(),
            content=PNG,
            preview=make_preview(PNG, "image/png"),  # as an upload makes it
        )
    )
    on_activities_changed(session, [tang.id, li.id, other.id])
    session.commit()
    return {"visit": visit.id, "training": training.id, "cert": cert.id, "tang": tang.id, "trade": trade.id}


def review_picker(at):
    """The Review page's record picker (its widget key names the wording shown: tracker.ui.widgets.pick_by_key)."""
    return next(box for box in at.selectbox if (box.key or "").startswith("review_pick_"))


def _sign_in(email: str, password: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def head(college) -> AppTest:
    at = _sign_in("head@example.edu", PASSWORD)
    assert at.session_state["lang"] == "en"
    return at


def _open(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES + page + ".py").run()
    assert not at.exception, at.exception
    return at


def _texts(elements) -> str:
    """The text a person reads: typed values reach Markdown backslash-escaped (tracker/ui/markdown.py)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


def _status(session, model, record_id) -> str:
    session.expire_all()
    return session.get(model, record_id).status


@pytest.mark.parametrize("page", DEPARTMENT_PAGES)
def test_each_department_page_opens_for_a_head(head, page):
    at = _open(head, page)
    assert not at.error, _texts(at.error)
    assert at.title[0].value


@pytest.mark.parametrize("page", DEPARTMENT_PAGES)
def test_each_department_page_opens_for_an_admin_in_chinese(college, page):
    at = _open(_sign_in("admin@example.edu", "admin-pass"), page)
    assert not at.error, _texts(at.error)
    assert at.session_state["lang"] == "zh"
    assert at.title[0].value in {"团队概况", "审核", "教师详情", "报表"}


def test_team_page_shows_kpis_matrix_and_charts(head):
    at = _open(head, "team")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Teachers"] == "3"  # head and two teachers; the other department is not counted
    assert metrics["Waiting for review"] == "3"  # two activities and a certificate, none the head's own
    assert metrics["Certificates expiring in 30 days"] == "1"
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heatmap = next(f for f in figures if f["data"] and f["data"][0]["type"] == "heatmap")
    assert {y.split(" · ")[0] for y in heatmap["data"][0]["y"]} == {"Hu Head", "Li Teacher", "Tang Teacher"}
    assert len(figures) == 4

    at.text_input(key="team_name").input("tang").run()
    figures = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert [y.split(" · ")[0] for y in figures[0]["data"][0]["y"]] == ["Tang Teacher"]


def test_review_verify_one_with_evidence_preview(head, session, college):
    at = _open(head, "review")
    review_picker(at).set_value(("activity", college["visit"])).run()
    assert at.get("imgs") or at.get("image"), "the PNG evidence is shown inline"
    assert any("site\\-visit\\.png" in b.proto.label for b in at.get("download_button"))  # literal
    at.text_area(key=f"note_activity_{college['visit']}").input("合同与照片已核对")
    at.form_submit_button[0].click().run()
    assert not at.exception and not at.error, _texts(at.error)
    session.expire_all()
    row = session.get(Activity, college["visit"])
    assert (row.status, row.review_note) == ("verified", "合同与照片已核对")


def test_review_reject_needs_a_note(head, session, college):
    at = _open(head, "review")
    review_picker(at).set_value(("certification", college["cert"])).run()
    at.form_submit_button[1].click().run()  # reject with no note
    assert "note" in _texts(at.error)
    assert _status(session, Certification, college["cert"]) == "submitted"
    at.text_area(key=f"note_certification_{college['cert']}").input("Please upload the scan.")
    at.form_submit_button[1].click().run()
    assert not at.error, _texts(at.error)
    assert _status(session, Certification, college["cert"]) == "rejected"


def _tick(at: AppTest, rows: list[int]) -> AppTest:
    """Tick rows of the review table as a person would (AppTest seeds a keyed editor's edit state)."""
    at.session_state[at.data_editor[0].key] = {
        "edited_rows": {i: {"pick": True} for i in rows},
        "added_rows": [],
        "deleted_rows": [],
    }
    return at.run()


def test_review_bulk_verify_ticked_rows_after_confirming_the_count(head, session, college):
    at = _open(head, "review")
    table = at.data_editor[0].value
    rows = [i for i, who in enumerate(table["teacher"]) if who == "Li Teacher"]
    assert len(rows) == 2
    _tick(at, rows)
    at.button(key="review_bulk").click().run()
    assert _status(session, Activity, college["training"]) == "submitted"  # nothing before the confirmation
    assert [d.proto.dialog.title for d in at.get("dialog")] == ["Verify 2 records?"]
    assert "These 2 records will be verified" in _texts(at.markdown)
    at.button(key="review_bulk_yes").click().run()
    assert not at.exception and not at.error, _texts(at.error)
    assert _status(session, Activity, college["training"]) == "verified"
    assert _status(session, Certification, college["cert"]) == "verified"
    assert _status(session, Activity, college["visit"]) == "submitted"
    assert "2 records verified." in _texts(at.success)


def test_a_tick_stays_on_its_record_when_the_queue_changes_under_it(head, session, college):
    """Issue 9 item 3; fails on the old main, where the tick landed on whichever record took the row."""
    from tracker.auth import Actor
    from tracker.services import activities

    at = _open(head, "review")
    table = at.data_editor[0].value
    [cert_row] = [i for i, what in enumerate(table["record"]) if what == "certificate"]
    _tick(at, [cert_row])
    # Meanwhile a teacher withdraws and resubmits an earlier record: same length, rows shift under the tick.
    li = Actor.of(session.get(Person, session.get(Activity, college["training"]).person_id))
    activities.withdraw_activity(li, college["training"])
    activities.submit_activity(li, college["training"])
    st.cache_data.clear()  # as the page's one-minute cache would expire
    at.run()
    moved = at.data_editor[0].value
    assert list(moved["record"]).index("certificate") != cert_row  # the rows did shift
    at.button(key="review_bulk").click().run()
    if any(b.key == "review_bulk_yes" for b in at.button):  # asked to confirm first: yes
        at.button(key="review_bulk_yes").click().run()
    assert _status(session, Activity, college["training"]) == "submitted"  # never the record that moved in
    assert _status(session, Activity, college["visit"]) == "submitted"
    assert _status(session, Certification, college["cert"]) == "verified"  # the tick followed its record


def test_review_says_what_was_verified_and_opens_the_next_record(head, session, college):
    """Issue 11 item 6; fails on the old main (a toast that vanished, and the first record opened again)."""
    at = _open(head, "review")
    keys = review_picker(at).options
    assert len(keys) == 3
    review_picker(at).set_value(("activity", college["training"])).run()  # the middle one
    at.form_submit_button[0].click().run()
    assert not at.error, _texts(at.error)
    assert _status(session, Activity, college["training"]) == "verified"
    [done] = at.success
    assert done.value.startswith("Verified: Li Teacher") and "next record is open" in done.value
    assert review_picker(at).value == ("certification", college["cert"])  # the one after it


def test_review_numbers_are_formatted_and_certificates_have_no_hours(head, college):
    """Issue 11 item 6; fails on the old main ("8.0" in the card, NaN shown as "None" for a certificate)."""
    at = _open(head, "review")
    table = at.data_editor[0].value
    hours = dict(zip(table["record"], table["hours"], strict=True))
    assert list(table["hours"]) == ["8", "16", "–"] and hours["certificate"] == "–"
    assert list(table["end"])[-1] != "None"
    review_picker(at).set_value(("activity", college["visit"])).run()
    assert "8" in _texts(at.markdown) and "8.0" not in _texts(at.markdown)


def test_review_of_a_record_changed_meanwhile_shows_it_fresh_and_decides_nothing(head, session, college):
    """Issue 9 item 4 on the page: the click after a withdraw-edit-resubmit says so and shows the new content."""
    from tracker.auth import Actor
    from tracker.services import activities

    at = _open(head, "review")
    review_picker(at).set_value(("activity", college["training"])).run()
    li = Actor.of(session.get(Person, session.get(Activity, college["training"]).person_id))
    activities.withdraw_activity(li, college["training"])
    activities.update_activity(
        li,
        college["training"],
        {"kind": "training", "start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "hours": 8760},
        submit=True,
    )
    at.form_submit_button[0].click().run()  # Verify, on what the head saw before
    assert _status(session, Activity, college["training"]) == "submitted"
    assert [e.value for e in at.error] == [
        t("review.err.changed", "en", name="Li Teacher", record=t("report.record.activity", "en"))
    ]
    assert review_picker(at).value == ("activity", college["training"])  # shown again, fresh
    assert "8,760" in _texts(at.markdown)


def test_teacher_page_shows_the_picked_teachers_picture(head, college):
    at = _open(head, "teacher")
    at.selectbox(key="teacher_pick").set_value(college["tang"]).run()
    assert not at.error, _texts(at.error)
    assert at.subheader[0].value.startswith("Tang Teacher")
    assert any(d.value.shape[0] == 2 for d in at.dataframe)  # Tang's two activities


def test_reports_page_offers_downloads(head):
    at = _open(head, "reports")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("Download CSV") == 2 and labels.count("Download Excel") == 2
    assert any("audit pack" in label for label in labels)


def test_a_teacher_does_not_get_department_pages(college):
    assert not {s.file for s in specs_for("teacher")} & set(DEPARTMENT_PAGES)
    assert set(DEPARTMENT_PAGES) <= {s.file for s in specs_for("head")}
    at = _sign_in("tang@example.edu", "tang-pass")
    assert not at.exception and at.title[0].value == "My progress"
    for page in DEPARTMENT_PAGES:  # the teacher's navigation has no such page to switch to
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(PAGES + page + ".py")


def test_admin_team_compares_departments_then_shows_one_departments_teachers(college):
    at = _open(_sign_in("admin@example.edu", "admin-pass"), "team")
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert heatmap["type"] == "heatmap" and set(heatmap["y"]) == {"跨境电商", "Logistics"}
    at.selectbox(key="team_department").set_value(college["trade"]).run()
    assert not at.exception and not at.error
    heatmap = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert {y.split(" · ")[0] for y in heatmap["y"]} == {"Hu Head", "Li Teacher", "Tang Teacher"}


def test_a_head_without_a_department_gets_one_clear_message(college, session, factory):
    factory.make_person(
        session, "lonely@example.edu", name="Lonely Head", role="head", password="lonely-pass"
    )
    session.commit()
    at = _sign_in("lonely@example.edu", "lonely-pass")
    for page in DEPARTMENT_PAGES:
        at = _open(at, page)
        assert len(at.error) == 1, page
        message = at.error[0].value  # each service's refusal, in the reader's language (issue 11)
        assert message in (t("errors.team.no_department", "zh"), t("review.err.no_department", "zh")), page
