"""Every rule of the one validation layer, as a teacher meets it (pure: no database)."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import validation
from tracker.errors import InvalidInput, Problem

GOOD_ACTIVITY = {
    "teacher_email": "Zhang.Wei@Demo.Example",
    "kind": "visit",
    "enterprise": " 示例跨境电商科技有限公司 (Demo) ",
    "start_date": "2024-03-01",
    "end_date": "2024-03-02",
    "hours": "12.5",
    "status": "",
    "description": "走访企业\n调研岗位",
}

GOOD_CERTIFICATION = {
    "teacher_email": "li.na@demo.example",
    "name": "1+X 跨境电商B2B数据运营",
    "issuer": "示例职业技能评价组织 (Demo)",
    "issued_on": "2023-06-01",
    "expires_on": "2026-06-01",
    "status": "verified",
}


def problems_of(fn, raw, **kw) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        fn(raw, **kw)
    return {p.field: p.message for p in caught.value.problems}


def activity_with(**changes) -> dict:
    return {**GOOD_ACTIVITY, **changes}


# --- a clean activity ---------------------------------------------------------------------------------------


def test_clean_activity_is_normalised():
    a = validation.activity(GOOD_ACTIVITY)
    assert a.teacher_email == "zhang.wei@demo.example"  # emails are the natural key: lower-cased
    assert a.enterprise == "示例跨境电商科技有限公司 (Demo)"  # trimmed
    assert (a.start_date, a.end_date) == (date(2024, 3, 1), date(2024, 3, 2))
    assert a.hours == 12.5
    assert a.status == "submitted"  # blank status means submitted
    assert a.description == "走访企业\n调研岗位"  # descriptions may have several lines


def test_every_problem_of_a_row_is_reported_at_once_with_its_row():
    raw = activity_with(teacher_email="not-an-email", kind="party", start_date="2024/03/01", hours="-1")
    with pytest.raises(InvalidInput) as caught:
        validation.activity(raw, row=7)
    fields = [p.field for p in caught.value.problems]
    assert fields == ["teacher_email", "kind", "start_date", "hours"]
    assert all(p.row == 7 for p in caught.value.problems)
    assert (
        str(caught.value.problems[1])
        == "row 7: kind: 'party' is not one of: visit, training, post_practice, "
        "rnd_project, training_base, other"
    )


# --- emails -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["plainaddress", "a@", "@demo.example", "a b@demo.example", "a@@demo.example"]
)
def test_bad_emails_are_rejected(value):
    assert (
        "not a valid email"
        in problems_of(validation.activity, activity_with(teacher_email=value))["teacher_email"]
    )


def test_blank_email_is_required():
    assert (
        problems_of(validation.activity, activity_with(teacher_email="  "))["teacher_email"] == "is required"
    )


def test_known_teacher_rule():
    message = problems_of(validation.activity, GOOD_ACTIVITY, known_emails={"someone@demo.example"})
    assert message == {"teacher_email": "no teacher with email zhang.wei@demo.example"}
    assert validation.activity(GOOD_ACTIVITY, known_emails={"zhang.wei@demo.example"}).hours == 12.5


def test_email_cache_does_not_hide_a_later_bad_value():
    assert validation.email("ok@demo.example") == "ok@demo.example"
    with pytest.raises(InvalidInput):
        validation.email("ok@@demo.example")
    with pytest.raises(InvalidInput):
        validation.email("ok@@demo.example")  # failures are not remembered as successes


# --- dates --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-29", "'2023-02-29' is not a real calendar date"),
        ("2024-13-01", "'2024-13-01' is not a real calendar date"),
        ("2024/03/01", "'2024/03/01' is not a date; write it as YYYY-MM-DD"),
        ("1 March 2024", "'1 March 2024' is not a date; write it as YYYY-MM-DD"),
        ("24-3-1", "'24-3-1' is not a date; write it as YYYY-MM-DD"),
        ("1900-01-01", "1900-01-01 is outside 1950–2100"),
        ("", "is required (YYYY-MM-DD)"),
    ],
)
def test_start_date_rules(value, message):
    assert (
        problems_of(validation.activity, activity_with(start_date=value, end_date="2024-03-01")).get(
            "start_date"
        )
        == message
    )


def test_leap_day_of_a_leap_year_is_a_date():
    assert validation.iso_date("2024-02-29") == date(2024, 2, 29)


def test_spreadsheet_date_cells_are_accepted():
    assert validation.iso_date(datetime(2024, 3, 1, 0, 0)) == date(2024, 3, 1)
    assert validation.iso_date(date(2024, 3, 1)) == date(2024, 3, 1)


def test_end_before_start_is_rejected_and_same_day_is_fine():
    assert problems_of(
        validation.activity, activity_with(start_date="2024-03-02", end_date="2024-03-01")
    ) == {"end_date": "is before the start date"}
    one_day = validation.activity(activity_with(start_date="2024-03-01", end_date="2024-03-01", hours="8"))
    assert one_day.start_date == one_day.end_date


# --- hours --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "must be more than 0"),
        ("-3", "must be more than 0"),
        ("abc", "'abc' is not a number"),
        ("nan", "must be a finite number"),
        ("inf", "must be a finite number"),
        ("-inf", "must be a finite number"),
        ("", "is required"),
        ("48.5", "48.5 hours do not fit in 2 day(s) (at most 48)"),
    ],
)
def test_hours_rules(hours, message):
    assert problems_of(validation.activity, activity_with(hours=hours))["hours"] == message


def test_hours_may_fill_every_day_exactly():
    assert validation.activity(activity_with(hours="48")).hours == 48.0


@pytest.mark.parametrize("value", [float("nan"), math.inf, True])
def test_hours_from_spreadsheet_cells_must_be_real_numbers(value):
    with pytest.raises(InvalidInput):
        validation.hours(value, date(2024, 1, 1), date(2024, 1, 1))


@settings(deadline=None)
@given(days=st.integers(min_value=1, max_value=400), hours=st.floats(allow_nan=True, allow_infinity=True))
def test_hours_rule_matches_a_naive_oracle(days, hours):
    start = date(2024, 1, 1)
    end = date.fromordinal(start.toordinal() + days - 1)
    expected_ok = math.isfinite(hours) and 0 < hours <= 24 * days
    try:
        got = validation.hours(repr(hours), start, end)
    except InvalidInput:
        assert not expected_ok
    else:
        assert expected_ok and got == hours


# --- choices ------------------------------------------------------------------------------------------------


def test_kind_and_status_are_case_insensitive_and_known():
    a = validation.activity(activity_with(kind=" Post_Practice ", status="VERIFIED"))
    assert (a.kind, a.status) == ("post_practice", "verified")
    assert problems_of(validation.activity, activity_with(kind=""))["kind"] == "is required"
    assert (
        "'approved' is not one of: draft, submitted, verified, rejected"
        == problems_of(validation.activity, activity_with(status="approved"))["status"]
    )


def test_a_status_can_be_disallowed_for_an_entry_point():
    from tracker.models import Status

    message = problems_of(
        validation.activity,
        activity_with(status="verified"),
        allowed_statuses=(Status.draft, Status.submitted),
    )
    assert message == {"status": "verified is not allowed here"}


def test_person_role_and_category_rules():
    p = validation.person({"email": "A@B.example", "name": "王芳", "hire_date": "2020-09-01"})
    assert (p.email, p.role, p.category, p.department) == ("a@b.example", "teacher", "professional", None)
    bad = problems_of(
        validation.person,
        {
            "email": "a@b.example",
            "name": "王芳",
            "hire_date": "2020-09-01",
            "role": "dean",
            "category": "parttime",
        },
    )
    assert bad == {
        "role": "'dean' is not one of: teacher, head, admin",
        "category": "'parttime' is not one of: professional, general, staff",
    }
    assert problems_of(validation.person, {"email": "a@b.example", "name": "王芳"}) == {
        "hire_date": "is required (YYYY-MM-DD)"
    }


# --- certificates -------------------------------------------------------------------------------------------


def test_certificate_expiry_rules():
    c = validation.certification({**GOOD_CERTIFICATION, "expires_on": ""})
    assert c.expires_on is None  # blank: never expires
    assert validation.certification({**GOOD_CERTIFICATION, "expires_on": "2023-06-01"}).expires_on == date(
        2023, 6, 1
    )  # same day is allowed
    assert problems_of(validation.certification, {**GOOD_CERTIFICATION, "expires_on": "2023-05-31"}) == {
        "expires_on": "is before the issue date"
    }
    assert problems_of(validation.certification, {**GOOD_CERTIFICATION, "name": " "}) == {
        "name": "is required"
    }


# --- text limits and control characters ---------------------------------------------------------------------


def test_text_length_limits_count_characters_not_bytes():
    assert validation.text("字" * 200) == "字" * 200
    assert problems_of(validation.certification, {**GOOD_CERTIFICATION, "name": "字" * 201}) == {
        "name": "is too long (201 characters; at most 200)"
    }
    long = problems_of(validation.activity, activity_with(description="x" * 4001))
    assert long == {"description": "is too long (4001 characters; at most 4000)"}


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "esc\x1b[31m", "del\x7f"])
def test_control_characters_are_rejected(bad):
    assert problems_of(validation.activity, activity_with(description=bad)) == {
        "description": "contains control characters"
    }


def test_single_line_fields_reject_line_breaks():
    assert problems_of(validation.activity, activity_with(enterprise="示例\n公司")) == {
        "enterprise": "must be a single line"
    }


def test_text_is_nfc_normalised():
    assert validation.text("Cafe\u0301") == "Café"


def test_problem_reads_as_row_column_message():
    assert str(Problem("hours", "must be more than 0", 12)) == "row 12: hours: must be more than 0"
    assert str(Problem("file", "is empty")) == "file: is empty"


def test_password_rule():
    with pytest.raises(InvalidInput):
        validation.password("abc")
    with pytest.raises(InvalidInput):
        validation.password("nine char")  # issue 9: ten characters at least
    assert validation.password("ten chars!") == "ten chars!"
