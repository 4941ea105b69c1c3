"""Teacher pages through AppTest: sign in as a teacher, log an activity with evidence, fix a failed form,
submit/withdraw/edit/delete in My records, add and renew a certificate, and read My progress — in Chinese and
English. Every write is checked in the database."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import streamlit as st
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from tests.services.teacher_cast import EXE, JPEG, PDF, PNG
from tracker.models import Activity, AuditEvent, Certification, Enterprise, Evidence, Person

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PAGES = "tracker/ui/pages/"
TEACHER_PAGES = ["my_progress", "log_activity", "my_records", "certificates"]
PASSWORD = "teacher-pass"
TODAY = date.today()


@pytest.fixture
def world(db_url, session, factory):
    """A department with a teacher (some history), their head, and a registry enterprise."""
    from tracker.norms import load_default_packs, on_activities_changed

    st.cache_data.clear()
    st.cache_resource.clear()  # the cached engine belongs to the previous test's database
    load_default_packs(session)
    trade = factory.make_department(session, "跨境电商")
    teacher = factory.make_person(
        session, "teacher@example.edu", name="唐老师", department=trade, password=PASSWORD
    )
    factory.make_person(
        session, "head@example.edu", name="Hu Head", role="head", department=trade, password=PASSWORD
    )
    company = factory.make_enterprise(session, "深圳跨境通")
    factory.make_activity(
        session,
        teacher,
        start=TODAY - timedelta(days=40),
        end=TODAY - timedelta(days=36),
        hours=40,
        enterprise=company,
    )
    factory.make_certification(
        session,
        teacher,
        name="1+X 跨境电商B2B数据运营",
        issued_on=TODAY - timedelta(days=1000),
        expires_on=TODAY + timedelta(days=30),
    )
    on_activities_changed(session, [teacher.id])
    session.commit()
    return teacher


def sign_in(email: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    at.text_input(key="sign_in_email").input(email)
    at.text_input(key="sign_in_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    if lang and at.session_state["lang"] != lang:
        at.selectbox(key="language_switch").set_value(lang).run()  # the sidebar switch, as a person would
        assert at.session_state["lang"] == lang
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(PAGES + page + ".py").run()
    assert not at.exception, at.exception
    return at


def texts(elements) -> str:
    """The text a person reads: typed values reach Markdown backslash-escaped (tracker/ui/markdown.py)."""
    return re.sub(r"\\(.)", r"\1", "\n".join(str(e.value) for e in elements))


MARKDOWN_KINDS = ("title", "markdown", "caption", "success", "info", "warning", "error", "subheader")


def page_text(at: AppTest) -> str:
    return "\n".join(texts(getattr(at, kind)) for kind in MARKDOWN_KINDS)


def page_markdown(at: AppTest) -> str:
    """The Markdown source the page sent, escapes included (what Streamlit renders)."""
    return "\n".join(str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", TEACHER_PAGES)
def test_each_teacher_page_opens_in_both_languages(world, page, lang):
    at = open_page(sign_in("teacher@example.edu", lang), page)
    assert not at.error, texts(at.error)
    from tracker.i18n import t

    assert at.title[0].value == t(f"page.{page}", lang=lang)


def test_my_progress_shows_cards_timeline_and_expiry_in_chinese(world):
    at = open_page(sign_in("teacher@example.edu", "zh"), "my_progress")
    text = page_text(at)
    assert "每5年累计不少于6个月企业实践" in text and "未达标" in text
    assert "40 / 1056 小时" in "\n".join(p.proto.text for p in at.get("progress"))
    assert "1+X 跨境电商B2B数据运营" in text and "还有 30 天" in text
    assert "1\\+X 跨境电商B2B数据运营" in page_markdown(at)  # typed names reach Markdown escaped
    [chart] = at.get("plotly_chart")
    figure = json.loads(chart.proto.spec)
    assert sum(figure["data"][0]["y"]) == 40
    assert figure["layout"]["shapes"][0]["type"] == "rect"


def test_my_progress_in_english(world):
    at = open_page(sign_in("teacher@example.edu", "en"), "my_progress")
    text = page_text(at)
    assert "Enterprise practice, 6 months in every 5 years" in text and "not met" in text
    assert "in 30 days" in text


def fill_activity(
    at: AppTest,
    key: str,
    *,
    kind="training",
    enterprise="新丝路跨境供应链",
    start=None,
    end=None,
    hours=None,
    description="跟岗学习海外仓运营",
    files=(),
) -> AppTest:
    at.selectbox(key=f"{key}_kind").set_value(kind)
    if enterprise in at.selectbox(key=f"{key}_enterprise").options:
        at.selectbox(key=f"{key}_enterprise").set_value(enterprise)
    else:
        at.text_input(key=f"{key}_enterprise_new").input(enterprise)
    at.date_input(key=f"{key}_start").set_value(start or TODAY - timedelta(days=3))
    at.date_input(key=f"{key}_end").set_value(end or TODAY - timedelta(days=2))
    at.number_input(key=f"{key}_hours").set_value(hours)
    at.text_area(key=f"{key}_description").input(description)
    if files:
        at.file_uploader(key=f"{key}_files").set_value(list(files))
    return at


def activities_of(session, person) -> list[Activity]:
    session.expire_all()
    return list(
        session.exec(select(Activity).where(Activity.person_id == person.id).order_by(Activity.id)).all()
    )


def test_log_an_activity_with_evidence_and_submit_it(world, session):
    at = open_page(sign_in("teacher@example.edu", "zh"), "log_activity")
    fill_activity(
        at,
        "log_activity_0",
        files=[("海外仓照片.png", PNG, "image/png"), ("证明.pdf", PDF, "application/pdf")],
    )
    at.button(key="log_activity_0_submit").click().run()
    assert not at.exception and not at.error, texts(at.error)
    new = activities_of(session, world)[-1]
    assert (new.kind, new.status, new.hours, new.description) == (
        "training",
        "submitted",
        16.0,
        "跟岗学习海外仓运营",
    )
    assert session.get(Enterprise, new.enterprise_id).name == "新丝路跨境供应链"
    files = session.exec(select(Evidence).where(Evidence.activity_id == new.id)).all()
    assert sorted(f.media_type for f in files) == ["application/pdf", "image/png"]
    assert "已提交审核。" in texts(at.success)
    # a fresh, empty form for the next one
    assert at.selectbox(key="log_activity_1_kind").value == "visit"
    assert at.text_area(key="log_activity_1_description").value == ""
    assert at.date_input(key="log_activity_1_start").value == TODAY


def test_save_as_draft_with_a_registry_enterprise(world, session):
    at = open_page(sign_in("teacher@example.edu", "en"), "log_activity")
    fill_activity(at, "log_activity_0", kind="visit", enterprise="深圳跨境通", hours=5.5)
    at.button(key="log_activity_0_draft").click().run()
    assert not at.error, texts(at.error)
    new = activities_of(session, world)[-1]
    assert (new.kind, new.status, new.hours) == ("visit", "draft", 5.5)
    assert session.exec(select(Enterprise)).all().__len__() == 1  # the registry entry was reused
    assert "Saved as a draft." in texts(at.success)


def test_a_failed_form_keeps_what_was_typed_and_says_what_to_fix(world, session):
    at = open_page(sign_in("teacher@example.edu", "en"), "log_activity")
    before = len(activities_of(session, world))
    fill_activity(
        at,
        "log_activity_0",
        start=TODAY - timedelta(days=1),
        end=TODAY - timedelta(days=5),
        hours=7,
        files=[("scan.pdf", EXE, "application/pdf")],
    )
    at.button(key="log_activity_0_submit").click().run()
    assert not at.exception
    error = texts(at.error)
    assert "End date" in error and "is before the start date" in error
    assert "scan.pdf" in error and "PDF, JPEG or PNG" in error  # an EXE behind a .pdf name
    assert len(activities_of(session, world)) == before
    assert at.number_input(key="log_activity_0_hours").value == 7  # what was typed is still there
    assert at.text_area(key="log_activity_0_description").value == "跟岗学习海外仓运营"
    # fix the dates and send again: saved, once
    at.date_input(key="log_activity_0_end").set_value(TODAY - timedelta(days=1))
    at.file_uploader(key="log_activity_0_files").set_value(None)
    at.button(key="log_activity_0_submit").click().run()
    assert not at.error, texts(at.error)
    assert len(activities_of(session, world)) == before + 1


def test_my_records_submit_withdraw_edit_and_delete(world, session, factory):
    draft = factory.make_activity(
        session, world, start=TODAY - timedelta(days=10), hours=4, status="draft", description="草稿"
    )
    session.commit()
    draft_id = draft.id
    at = open_page(sign_in("teacher@example.edu", "en"), "my_records")
    prefix = f"activity_{draft_id}"
    # submit the draft
    at.button(key=f"{prefix}_submit").click().run()
    assert not at.error, texts(at.error)
    assert "Submitted for review." in texts(at.success)
    session.expire_all()
    assert session.get(Activity, draft_id).status == "submitted"
    # withdraw it again
    at.button(key=f"{prefix}_withdraw").click().run()
    session.expire_all()
    assert session.get(Activity, draft_id).status == "draft"
    assert "Withdrawn; it is a draft again." in texts(at.success)
    # edit it: more hours, and a file
    at.toggle(key=f"{prefix}_editing").set_value(True).run()
    assert at.number_input(key=f"{prefix}_form_hours").value == 4
    at.number_input(key=f"{prefix}_form_hours").set_value(6)
    at.file_uploader(key=f"{prefix}_form_files").set_value(("letter.pdf", PDF, "application/pdf"))
    at.button(key=f"{prefix}_form_draft").click().run()
    assert not at.error, texts(at.error)
    session.expire_all()
    assert (session.get(Activity, draft_id).hours, session.get(Activity, draft_id).status) == (6, "draft")
    assert (
        session.exec(select(Evidence).where(Evidence.activity_id == draft_id)).one().filename == "letter.pdf"
    )
    # delete it (through the confirmation)
    at.button(key=f"{prefix}_delete").click().run()
    assert not at.error, texts(at.error)
    session.expire_all()
    assert session.get(Activity, draft_id) is None
    assert "Deleted." in texts(at.success)
    actions = [
        e.action
        for e in session.exec(
            select(AuditEvent).where(AuditEvent.entity == "activity", AuditEvent.entity_id == draft_id)
        )
    ]
    assert actions == ["submit", "withdraw", "update", "delete"]


def test_my_records_shows_review_notes_and_locks_verified_records(world, session, factory):
    rejected = factory.make_activity(session, world, start=TODAY - timedelta(days=20), status="rejected")
    rejected.review_note = "请补充企业盖章的实践证明"
    session.add(rejected)
    session.commit()
    at = open_page(sign_in("teacher@example.edu", "zh"), "my_records")
    assert "请补充企业盖章的实践证明" in texts(at.warning)
    verified = session.exec(select(Activity).where(Activity.status == "verified")).first()
    keys = {getattr(w, "key", None) for w in at.button}
    assert f"activity_{verified.id}_submit" not in keys and f"activity_{verified.id}_delete" not in keys
    assert f"activity_{rejected.id}_submit" in keys  # sent back: can be corrected and sent again
    assert "已认定的记录属于历史档案，不能修改。" in texts(at.caption)


def test_add_and_renew_a_certificate(world, session):
    at = open_page(sign_in("teacher@example.edu", "zh"), "certificates")
    at.text_input(key="add_certificate_0_name").input("跨境电商B2C数据运营（1+X）")
    at.text_input(key="add_certificate_0_issuer").input("示例评价组织")
    at.date_input(key="add_certificate_0_issued").set_value(date(2024, 2, 29))
    at.number_input(key="add_certificate_0_years").set_value(1)
    at.file_uploader(key="add_certificate_0_files").set_value(
        ("证书.jpg", JPEG, "image/jpeg")
    )
    at.button(key="add_certificate_0_submit").click().run()
    assert not at.error, texts(at.error)
    session.expire_all()
    added = session.exec(
        select(Certification).where(Certification.name == "跨境电商B2C数据运营（1+X）")
    ).one()
    assert (added.expires_on, added.status) == (date(2025, 2, 28), "submitted")
    assert "证书已保存。" in texts(at.success)
    # renew the older, verified certificate
    old = session.exec(select(Certification).where(Certification.name == "1+X 跨境电商B2B数据运营")).one()
    at.toggle(key=f"renew_{old.id}").set_value(True).run()
    at.date_input(key=f"renew_{old.id}_1_issued").set_value(TODAY)
    at.number_input(key=f"renew_{old.id}_1_years").set_value(3)
    at.button(key=f"renew_{old.id}_1_submit").click().run()
    assert not at.error, texts(at.error)
    session.expire_all()
    renewal = session.exec(select(Certification).where(Certification.renews_id == old.id)).one()
    assert (renewal.name, renewal.issued_on, renewal.status) == (old.name, TODAY, "submitted")
    assert session.get(Certification, old.id).expires_on == TODAY + timedelta(days=30)  # history unchanged
    assert "续期已登记。" in texts(at.success)


def test_a_certificate_without_a_name_is_refused_and_the_form_kept(world, session):
    at = open_page(sign_in("teacher@example.edu", "en"), "certificates")
    at.text_input(key="add_certificate_0_issuer").input("Board")
    at.number_input(key="add_certificate_0_years").set_value(3)
    at.button(key="add_certificate_0_submit").click().run()
    error = texts(at.error)
    assert "Name" in error and "Issued on" in error
    assert at.text_input(key="add_certificate_0_issuer").value == "Board"
    session.expire_all()
    assert len(session.exec(select(Certification)).all()) == 1


def test_a_head_has_the_teacher_pages_for_their_own_practice(world, session):
    at = open_page(sign_in("head@example.edu", "en"), "my_progress")
    assert not at.error
    at = open_page(at, "log_activity")
    fill_activity(at, "log_activity_0", hours=3)
    at.button(key="log_activity_0_submit").click().run()
    session.expire_all()
    head = session.exec(select(Person).where(Person.email == "head@example.edu")).one()
    assert [a.hours for a in activities_of(session, head)] == [3]


def test_every_message_the_teacher_pages_use_exists_in_both_languages():
    import re

    from tracker.i18n import catalogue

    sources = [Path(PAGES, f"{p}.py") for p in TEACHER_PAGES] + [
        Path("tracker/ui/record_forms.py"),
        Path("tracker/ui/charts/progress.py"),
    ]
    root = Path(APP).parent
    keys = set()
    for source in sources:
        keys |= set(re.findall(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_.]+)["']""", (root / source).read_text()))
    assert len(keys) > 40
    missing = [
        k
        for k in sorted(keys)
        if not {"en", "zh"} <= {lang for lang, text in catalogue().get(k, {}).items() if text}
    ]
    assert missing == []


def test_my_records_pages_a_long_history(world, session, factory):
    for i in range(24):  # with the fixture's one: 25 activities, 2 pages of 20
        factory.make_activity(session, world, start=date(2020, 1, 1) + timedelta(days=7 * i), hours=2)
    session.commit()
    at = open_page(sign_in("teacher@example.edu", "en"), "my_records")
    activity_tab = at.tabs[0]
    assert len(activity_tab.expander) == 20
    at.pagination(key="activities_page").set_value(2).run()
    assert len(at.tabs[0].expander) == 5


def test_typed_text_is_shown_as_typed_not_as_formatting(world, session, factory):
    from tracker.ui.markdown import literal

    hostile = "**bold** [link](javascript:alert(1)) :red[x] <b>"
    certificate = factory.make_certification(
        session, world, name=hostile, expires_on=TODAY + timedelta(days=9)
    )
    certificate.review_note = hostile
    session.add(certificate)
    session.commit()
    for page in ("my_progress", "certificates", "my_records"):
        at = open_page(sign_in("teacher@example.edu", "en"), page)
        if page == "my_records":
            at.segmented_control(key="my_records_filter").set_value("verified").run()
        shown = page_markdown(at) + "\n".join(e.proto.label for e in at.get("expandable"))
        assert literal(hostile) in shown
        assert hostile not in shown.replace(literal(hostile), "")


def test_literal_escapes_every_markdown_trigger():
    from tracker.ui.markdown import literal

    assert literal("a*b_c [d](e) :red[f] #g <h>") == r"a\*b\_c \[d\]\(e\) \:red\[f\] \#g \<h\>"
    assert literal(None) == "" and literal("两行\n文字") == "两行 文字"


def test_a_draft_certificate_points_to_my_records(world, session):
    at = open_page(sign_in("teacher@example.edu", "en"), "certificates")
    at.text_input(key="add_certificate_0_name").input("Draft cert")
    at.date_input(key="add_certificate_0_issued").set_value(date(2025, 1, 1))
    at.button(key="add_certificate_0_draft").click().run()
    assert not at.error, texts(at.error)
    session.expire_all()
    draft = session.exec(select(Certification).where(Certification.name == "Draft cert")).one()
    assert draft.status == "draft"
    assert "Change, submit or delete it in My records" in [link.proto.label for link in at.get("page_link")]
