"""Validation problems reach a Chinese-first reader in Chinese, with the values they name."""

import pytest

from tracker import validation
from tracker.errors import InvalidInput
from tracker.i18n import t
from tracker.i18n.messages.problems import MESSAGES
from tracker.ui.widgets import problem_text


def test_every_rule_has_both_languages():
    assert set(MESSAGES) >= {f"problem.{c}" for c in validation.PROBLEMS}
    for texts in MESSAGES.values():
        assert texts["en"] and texts["zh"]


def _problems(raw):
    with pytest.raises(InvalidInput) as caught:
        validation.activity(raw, known_emails={"a@x.org"})
    return caught.value.problems


def test_form_problems_are_translated_with_their_values(monkeypatch):
    problems = _problems(
        {"teacher_email": "b@x.org", "kind": "visit", "start_date": "2024-03-02", "end_date": "2024-03-01",
         "hours": "30"}
    )
    by_field = {p.field: p for p in problems}
    assert by_field["teacher_email"].message == "no teacher with email b@x.org"
    monkeypatch.setattr("tracker.ui.widgets.t", lambda key, **kw: t(key, lang="zh", **kw))
    assert problem_text(by_field["teacher_email"]) == "没有邮箱为 b@x.org 的教师"
    assert problem_text(by_field["end_date"]) == "早于开始日期"


def test_hours_problem_keeps_numbers_in_both_languages():
    (p,) = _problems({"teacher_email": "a@x.org", "kind": "visit", "start_date": "2024-03-01",
                      "end_date": "2024-03-01", "hours": "25"})
    assert p.message == "25 hours do not fit in 1 day(s) (at most 24)"
    assert t(f"problem.{p.code}", lang="zh", **p.params) == "25 小时超出了 1 天的上限（最多 24 小时）"


def test_row_numbers_survive_for_the_cli():
    with pytest.raises(InvalidInput) as caught:
        validation.person({"email": "nope", "name": "X", "hire_date": "2024-02-30"}, row=7)
    assert [str(p) for p in caught.value.problems] == [
        "row 7: email: 'nope' is not a valid email address",
        "row 7: hire_date: '2024-02-30' is not a real calendar date",
    ]


def test_a_certificate_form_refuses_a_status_the_person_may_not_set_like_an_activity_form():
    from tracker.models import Status

    raw = {"teacher_email": "a@x.org", "name": "1+X", "issued_on": "2024-01-01", "status": "verified"}
    with pytest.raises(InvalidInput) as caught:
        validation.certification(raw, allowed_statuses=(Status.draft, Status.submitted))
    (p,) = caught.value.problems
    assert (p.field, p.code, p.message) == ("status", "status_not_allowed", "verified is not allowed here")
    assert t("problem.status_not_allowed", lang="zh", **p.params) == "此处不允许状态 verified"
