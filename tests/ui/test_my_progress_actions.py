"""My progress's action list and the self-explaining cards through AppTest (issue 11, items 2 and 5), in
Chinese and English: the head sends a record back with a note (through the review service), and the teacher
sees it first on her list with the note and a link to My records; an expired certificate is listed as
expired (not as expiring soon) with a link to renew it; every card says its rule, window and reason, with the
hours also as days and months. The head's view of the teacher keeps expired and expiring apart too."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import streamlit as st
from sqlmodel import select

from tests.ui.test_teacher_pages import PASSWORD, open_page, page_text, sign_in, texts
from tracker.auth import Actor
from tracker.i18n import t
from tracker.models import Activity

TODAY = date.today()
NOTE = "请补充企业盖章的实践证明"


@pytest.fixture
def world(db_url, session, factory):
    """A teacher employed for years (40 h verified, one record the head sent back, a certificate expired 40
    days ago, one expiring in 30 days, a draft certificate), a colleague hired two years ago who is behind
    pace, and their head."""
    from tracker.norms import load_default_packs, on_activities_changed
    from tracker.services.review import reject

    st.cache_data.clear()
    st.cache_resource.clear()
    load_default_packs(session)
    trade = factory.make_department(session, "跨境电商")
    teacher = factory.make_person(
        session, "teacher@example.edu", name="唐老师", department=trade, password=PASSWORD
    )
    newcomer = factory.make_person(
        session,
        "new@example.edu",
        name="New Teacher",
        department=trade,
        password=PASSWORD,
        hire_date=TODAY - timedelta(days=730),
    )
    head = factory.make_person(
        session, "head@example.edu", name="林海燕", role="head", department=trade, password=PASSWORD
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
    sent = factory.make_activity(
        session,
        teacher,
        start=TODAY - timedelta(days=20),
        hours=8,
        status="submitted",
        kind="training",
        enterprise=company,
    )
    factory.make_activity(
        session, newcomer, start=TODAY - timedelta(days=100), end=TODAY - timedelta(days=96), hours=40
    )
    cert = factory.make_certification
    cert(
        session,
        teacher,
        name="跨境电商直播运营",
        issued_on=TODAY - timedelta(days=1100),
        expires_on=TODAY - timedelta(days=40),
    )
    cert(
        session,
        teacher,
        name="1+X 数据运营",
        issued_on=TODAY - timedelta(days=1000),
        expires_on=TODAY + timedelta(days=30),
    )
    cert(
        session,
        teacher,
        name="外贸单证员",
        issued_on=TODAY - timedelta(days=5),
        expires_on=None,
        status="draft",
    )
    on_activities_changed(session, [teacher.id, newcomer.id])
    session.commit()
    session.refresh(sent)
    reject(Actor.of(head), "activity", sent.id, NOTE, version=sent.version)
    return {"teacher": teacher.id, "newcomer": newcomer.id, "sent": sent.id}


def links(at) -> list[tuple[str, str]]:
    """(label, the page's url path) of every page link, in page order."""
    return [(p.proto.label, p.proto.page) for p in at.get("page_link")]


def todo(at) -> list[tuple[str, str, str]]:
    """The action list: (what it is about, as read; the link's label; the page it opens), in order. Each item
    is a line starting with its icon, then its link; the items come before the first card (bold label)."""
    subjects = []
    for m in at.markdown:
        if str(m.value).startswith("**"):
            break
        if str(m.value).startswith(":material/"):
            subjects.append(texts([m]))
    return [(s, label, page) for s, (label, page) in zip(subjects, links(at), strict=False)]


def go(lang: str, todo_key: str, page: str) -> str:
    return t(f"progress.go.{todo_key}", lang, page=t(f"page.{page}", lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_teacher_sees_the_record_sent_back_first_with_the_heads_note(world, session, lang):
    session.expire_all()
    assert session.get(Activity, world["sent"]).status == "rejected"  # the head really sent it back
    at = open_page(sign_in("teacher@example.edu", lang), "my_progress")
    assert not at.error
    items = todo(at)
    subject, label, page = items[0]
    assert ("**已退回**：" if lang == "zh" else "**Sent back:** ") in subject
    assert t("kind.training", lang) in subject and "深圳跨境通" in subject
    assert (label, page) == (go(lang, "resubmit", "my_records"), "my_records")
    warnings = texts(at.warning)
    assert NOTE in warnings and "林海燕" in warnings
    # the draft certificate is on the list too, last, to submit on My records
    assert "外贸单证员" in items[-1][0]
    assert items[-1][1:] == (go(lang, "submit", "my_records"), "my_records")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_expired_certificate_is_listed_as_expired_not_as_expiring_soon(world, lang):
    at = open_page(sign_in("teacher@example.edu", lang), "my_progress")
    subheaders = [s.value for s in at.subheader]
    expired_at = subheaders.index(t("progress.expired", lang))
    expiring_at = subheaders.index(t("progress.expiring", lang))
    assert expired_at < expiring_at
    lines = [texts([m]) for m in at.markdown]
    expired = t("mine.expired_on", lang, date=(TODAY - timedelta(days=40)).isoformat(), days=40)
    assert any("跨境电商直播运营" in line and expired in line for line in lines)
    assert not any("-40" in line for line in lines)
    # on the action list: renew it, on Certificates, before the one still valid
    renewals = [item for item in todo(at) if "跨境电商直播运营" in item[0] or "1+X" in item[0]]
    assert [page for _, _, page in renewals] == ["certificates", "certificates"]
    assert "跨境电商直播运营" in renewals[0][0] and renewals[0][1] == go(lang, "renew", "certificates")


def test_each_card_explains_its_rule_window_and_reason_in_chinese(world):
    at = open_page(sign_in("teacher@example.edu", "zh"), "my_progress")
    text = page_text(at)
    assert "6 个月 = 1056 小时（6 × 22 天 × 8 小时）" in text
    assert "1 个月 = 176 小时（1 × 22 天 × 8 小时）" in text and "每个自然年" in text
    assert "未达标：整个 5 年统计周期均在职，不再按进度考核" in text
    assert "折合 5 / 132 天 · 0.23 / 6 个月" in text
    assert f"统计区间 {TODAY.replace(year=TODAY.year - 5) + timedelta(days=1)} 至 {TODAY}" in text


def test_each_card_explains_its_rule_window_and_reason_in_english(world):
    at = open_page(sign_in("teacher@example.edu", "en"), "my_progress")
    text = page_text(at)
    assert "6 months = 1056 h (6 × 22 days × 8 h)" in text and "in any 5 years" in text
    assert "1 month = 176 h (1 × 22 days × 8 h) of verified practice in each calendar year" in text
    assert "not met: employed for the whole 5-year window, so no pace allowance applies" in text
    assert "= 5 of 132 days · 0.23 of 6 months (8 h a day, 22 days a month)" in text
    # the not-met norm is on the action list with the hours that fix it, as days and months
    [five] = [item for item in todo(at) if "record 1016 h (127 days, 5.77 months)" in item[0]]
    assert five[1:] == (go("en", "log", "log_activity"), "log_activity")


def test_a_teacher_hired_within_the_window_reads_why_40_hours_are_at_risk_not_not_met(world):
    at = open_page(sign_in("new@example.edu", "en"), "my_progress")
    text = page_text(at)
    hired = (TODAY - timedelta(days=730)).isoformat()
    assert f"at risk, not yet “not met”: hired on {hired}, so until" in text
    assert "h were due by today (1056 h × 731 of" in text
    catch_up = [page for subject, _, page in todo(at) if "get back on track" in subject]
    assert catch_up == ["log_activity", "log_activity"]  # both norms: behind pace, on Log activity


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_heads_view_keeps_expired_and_expiring_apart(world, lang):
    at = sign_in("head@example.edu", lang)
    at = open_page(at, "teacher")
    at.selectbox(key="teacher_pick").set_value(world["teacher"]).run()
    assert not at.exception and not at.error
    tables = {tuple(d.value.columns): d.value for d in at.dataframe}
    expired = next(df for cols, df in tables.items() if t("progress.days_ago", lang) in cols)
    expiring = next(df for cols, df in tables.items() if t("dept.days_left", lang) in cols)
    assert list(expired[t("field.name", lang)]) == ["跨境电商直播运营"]
    assert list(expired[t("progress.days_ago", lang)]) == [40]
    assert list(expiring[t("field.name", lang)]) == ["1+X 数据运营"]
    assert list(expiring[t("dept.days_left", lang)]) == [30]
    text = page_text(at)
    assert t("progress.expired", lang) in text and t("progress.expiring", lang) in text
    assert ("6 × 22" in text) and (("未达标" if lang == "zh" else "not met:") in text)
    assert (t("progress.counts", lang, sent_back=1, drafts=1, waiting=0)) in text


def test_links_go_only_to_pages_the_teacher_has(world):
    from tracker.ui.navigation import specs_for

    at = open_page(sign_in("teacher@example.edu", "en"), "my_progress")
    allowed = {s.file for s in specs_for("teacher")}
    assert {page for _, page in links(at)} <= allowed
    assert len(links(at)) >= 6  # sent back, two norms, expired, expiring, draft, and the two page links


def test_nothing_to_do_says_so(db_url, session, factory):
    from tracker.norms import load_default_packs

    st.cache_data.clear()
    st.cache_resource.clear()
    load_default_packs(session)
    factory.make_person(session, "staff@example.edu", name="Staff", category="staff", password=PASSWORD)
    session.commit()
    at = open_page(sign_in("staff@example.edu", "en"), "my_progress")
    assert t("progress.todo_none", "en") in texts(at.caption)
    assert session.exec(select(Activity)).all() == []
