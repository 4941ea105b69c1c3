"""Log activity says what will count before anything is saved, and the head's review card flags the same
(issue 11, item 3), through AppTest in Chinese and English. Every claim is checked against the database."""

from __future__ import annotations

from datetime import timedelta

from tests.ui import test_teacher_pages
from tests.ui.test_teacher_pages import TODAY, activities_of, open_page, sign_in, texts

world = test_teacher_pages.world  # the same fixture: a teacher with some history, her head, an enterprise

FORM = "log_activity_0"


def fill(at, *, kind="visit", enterprise=None, hours=None, days=1, description=""):
    """The form's values, set the way a person sets them (each change reruns the page: the form is live)."""
    day = TODAY - timedelta(days=3)
    at.selectbox(key=f"{FORM}_kind").set_value(kind).run()
    if enterprise:
        at.text_input(key=f"{FORM}_enterprise_new").input(enterprise).run()
    at.date_input(key=f"{FORM}_start").set_value(day).run()
    at.date_input(key=f"{FORM}_end").set_value(day + timedelta(days=days - 1)).run()
    at.number_input(key=f"{FORM}_hours").set_value(hours).run()
    at.text_area(key=f"{FORM}_description").input(description).run()
    assert not at.exception, at.exception
    return at


def test_the_issue_s_visit_says_before_submitting_that_8_of_20_hours_count(world, session):
    at = open_page(sign_in("teacher@example.edu", "zh"), "log_activity")
    before = len(activities_of(session, world))
    fill(at, hours=20)
    # nothing pressed yet: nothing saved, and the form already says what will and will not count
    assert len(activities_of(session, world)) == before
    counted = texts(at.success)
    assert "审核通过后计入" in counted
    assert "每5年累计不少于6个月企业实践：8 小时" in counted
    assert "每年至少累计1个月企业实践或实训基地实训：8 小时" in counted
    warning = texts(at.warning)
    assert "20 小时分摊到 1 天，每天 20 小时，但每天最多计 8 小时：计入 8 小时，12 小时不计入。" in warning
    assert "未填写企业" in warning and "未上传佐证材料" in warning and "未说明实践内容" in warning
    assert not at.error
    # naming the enterprise and saying what was done clears those two, live
    at.text_input(key=f"{FORM}_enterprise_new").input("深圳跨境通").run()
    at.text_area(key=f"{FORM}_description").input("走访海外仓").run()
    warning = texts(at.warning)
    assert "未填写企业" not in warning and "未说明实践内容" not in warning and "12 小时不计入" in warning
    # the teacher may still submit it: it is allowed, and 8 of its 20 hours will count
    at.button(key=f"{FORM}_submit").click().run()
    assert not at.error, texts(at.error)
    new = activities_of(session, world)[-1]
    assert (new.kind, new.hours, new.status) == ("visit", 20, "submitted")


def test_other_says_it_counts_toward_no_norm(world, session):
    at = open_page(sign_in("teacher@example.edu", "en"), "log_activity")
    fill(at, kind="other", enterprise="Shenzhen Shop", hours=6, description="Helped at an open day")
    assert "Nothing of this will count toward a norm." in texts(at.warning)
    assert "“Other” counts toward no norm in force" in texts(at.warning)
    assert not at.success


def test_more_hours_than_the_days_hold_are_refused_before_and_on_submit(world, session):
    for lang, refused, detail in (
        ("zh", "按目前的填写无法保存", "30 小时超出了 1 天的上限（最多 24 小时）"),
        ("en", "This cannot be saved as it is", "30 hours do not fit in 1 day(s) (at most 24)"),
    ):
        at = open_page(sign_in("teacher@example.edu", lang), "log_activity")
        before = len(activities_of(session, world))
        fill(at, enterprise="深圳跨境通", hours=30, description="x")
        error = texts(at.error)
        assert refused in error and detail in error
        assert not at.success  # nothing is said to count while the form cannot be saved
        at.button(key=f"{FORM}_submit").click().run()
        assert detail in texts(at.error)
        assert len(activities_of(session, world)) == before


def test_the_head_s_review_card_flags_the_same(world, session, factory):
    factory.make_activity(
        session, world, start=TODAY - timedelta(days=5), hours=20, status="submitted", kind="visit"
    )
    session.commit()
    for lang, heading, lost in (
        ("zh", "核实前请注意", "计入 8 小时，12 小时不计入"),
        ("en", "Before verifying", "8 h will count, 12 h will not"),
    ):
        at = open_page(sign_in("head@example.edu", lang), "review")
        flags = texts(at.warning)
        assert heading in flags and lost in flags
        assert ("未填写企业" if lang == "zh" else "No enterprise named") in flags
        assert ("未上传佐证材料" if lang == "zh" else "No evidence file") in flags
