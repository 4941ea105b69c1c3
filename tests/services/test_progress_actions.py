"""Why a norm card has its status and what would fix it (``norm_standing``), and the action list
(``plan_actions``): plain functions, no database. Every row comes from the pure engine on hand-made data, so
the figures the page explains are the engine's own; every expected figure is computed by hand below.

The national pack: 1056 h in a rolling 5 years (6 months × 22 days × 8 h), 176 h a calendar year; the
example institutional pack's certificate norm: 1 valid certificate, 90 days of outlook."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.norms.engine import ActivityArrays, CertificateRecord, Teacher, evaluate
from tracker.norms.packs import layer_packs, parse_pack
from tracker.services.progress import (
    EXPIRY_HORIZON_DAYS,
    Expiry,
    NormCard,
    RecordRef,
    Standing,
    norm_standing,
    plan_actions,
)

AS_OF = date(2026, 6, 30)  # the 5-year window: 2021-07-01 … 2026-06-30 = 1826 days (29 Feb 2024 in it)


def _norm(path: str, key: str):
    pack = parse_pack(open(path, encoding="utf-8").read())
    return next(n for n in layer_packs([pack], date(2030, 1, 1)) if n.key == key)


ROLLING = _norm("data/norms/national.toml", "enterprise_practice_5y")
ANNUAL = _norm("data/norms/national.toml", "annual_practice")
CERT = _norm("data/norms/examples/institutional.toml", "valid_certification")


def standing(norm, *, hire=None, work=(), certificates=(), as_of=AS_OF):
    """(engine row, standing) for one teacher; ``work``: (first day, days, hours a day) of verified visits."""
    records = [
        (1, start, start + timedelta(days=days - 1), days * per_day, "visit", "verified")
        for start, days, per_day in work
    ]
    certs = [CertificateRecord(1, date(2020, 1, 1), expires, "verified") for expires in certificates]
    teacher = Teacher(1, "t@example.edu", "T", None, "professional", hire)
    [row] = evaluate([norm], [teacher], ActivityArrays.from_records(records), certs, as_of)
    return row, norm_standing(row, norm, hire_date=hire, as_of=as_of)


# --- the five-year rolling norm ----------------------------------------------------------------------------


def test_a_teacher_hired_within_the_window_and_behind_pace_is_at_risk_with_the_hours_to_catch_up():
    # hired 2023-09-01: 1034 days served of the 1826 in the window (122 in 2023, 366 in 2024, 365 in 2025,
    # 181 in 2026), so 1056 × 1034 / 1826 = 597.98 h were due by today; 342 h are recorded
    row, s = standing(ROLLING, hire=date(2023, 9, 1), work=[(date(2024, 3, 4), 57, 6)])  # 342 h
    assert (row.achieved, row.status) == (342, "at_risk")
    assert s.reason == "behind_pace"
    assert (s.pace_due, s.needed, s.act_by) == (597.98, 255.98, AS_OF)
    # the pace allowance ends when the window no longer holds the hire date: 2028-09-01
    assert (s.pace_since, s.complete_by) == (date(2023, 9, 1), date(2028, 9, 1))


def test_a_teacher_employed_for_the_whole_window_and_short_is_not_met_with_the_gap_due_now():
    row, s = standing(
        ROLLING, hire=date(2010, 9, 1), work=[(date(2022, 5, 2), 1, 2.8), (date(2023, 1, 2), 72, 8)]
    )
    assert (row.achieved, row.status) == (578.8, "not_met")
    assert s == Standing("short", act_by=AS_OF, needed=477.2)  # 1056 − 578.8


def test_on_pace_the_teacher_must_act_before_falling_behind_and_reach_1056_by_the_window_closing():
    # hired 2025-07-01, 300 h (50 days × 6 h); the pace 1056 × served / 1826 passes 300 h when served reaches
    # 519 days (1056 × 519 / 1826 = 300.14; at 518 days it is 299.56): on 2025-07-01 + 518 days = 2026-12-01
    row, s = standing(ROLLING, hire=date(2025, 7, 1), work=[(date(2025, 9, 1), 50, 6)])
    assert (row.achieved, row.status) == (300, "on_track")
    assert s.reason == "on_pace"
    assert s.pace_due == 211.08  # 1056 × 365 / 1826 = 211.084…
    assert (s.act_by, s.next_status) == (date(2026, 12, 1), "at_risk")
    assert (s.needed, s.complete_by) == (756, date(2030, 7, 1))


def test_met_until_hours_age_out_says_when_it_turns_at_risk_and_when_it_falls_short():
    # 1056 h from 2022-03-01 to 2022-07-10 (132 days × 8 h); the first day leaves the window on 2027-03-01,
    # and 90 days before that (1 December 2026 + 31 + 31 + 28 days = 1 March 2027) the card turns at risk
    row, s = standing(ROLLING, hire=date(2010, 9, 1), work=[(date(2022, 3, 1), 132, 8)])
    assert (row.achieved, row.status) == (1056, "met")
    assert (s.reason, s.act_by, s.changes_on, s.short_on) == (
        "met_until",
        date(2026, 12, 1),
        date(2026, 12, 1),
        date(2027, 3, 1),
    )


def test_met_today_but_falling_short_within_the_outlook_is_lapsing():
    # 1056 h from 2021-08-02 (132 days × 8 h): the first day leaves the window on 2026-08-02, within 90 days
    row, s = standing(ROLLING, hire=date(2010, 9, 1), work=[(date(2021, 8, 2), 132, 8)])
    assert (row.achieved, row.status) == (1056, "at_risk")
    assert (s.reason, s.act_by, s.next_status) == ("lapsing", date(2026, 8, 2), "not_met")


# --- the calendar year -------------------------------------------------------------------------------------


def test_behind_the_even_pace_of_the_calendar_year_is_at_risk():
    # 1 January to 30 June = 181 of 365 days: 176 × 181 / 365 = 87.28 h due; 40 h recorded
    row, s = standing(ANNUAL, work=[(date(2026, 3, 2), 5, 8)])
    assert (row.achieved, row.status) == (40, "at_risk")
    assert (s.reason, s.pace_due, s.needed, s.act_by) == ("behind_pace", 87.28, 47.28, AS_OF)
    assert (s.complete_by, s.pace_since) == (date(2026, 12, 31), date(2026, 1, 1))


def test_the_pace_of_a_teacher_hired_this_year_counts_from_the_hire_date():
    # hired 1 April: 91 of the 275 days to 31 December served, 176 × 91 / 275 = 58.24 h due
    row, s = standing(ANNUAL, hire=date(2026, 4, 1), work=[(date(2026, 5, 4), 5, 8)])
    assert (row.status, s.reason, s.pace_due, s.needed) == ("at_risk", "behind_pace", 58.24, 18.24)


def test_on_track_in_the_calendar_year_needs_the_rest_by_31_december():
    row, s = standing(ANNUAL, work=[(date(2026, 2, 2), 25, 4)])  # 100 h ≥ 87.28
    assert (row.status, s.reason, s.needed, s.act_by, s.complete_by) == (
        "on_track",
        "on_pace",
        76,
        date(2026, 12, 31),
        date(2026, 12, 31),
    )


def test_on_the_last_day_of_the_year_short_is_not_met():
    row, s = standing(ANNUAL, work=[(date(2026, 2, 2), 25, 4)], as_of=date(2026, 12, 31))
    assert (row.status, s.reason, s.needed, s.act_by) == ("not_met", "period_over", 76, date(2026, 12, 31))


# --- certificates ------------------------------------------------------------------------------------------


def test_certificates_met_until_lapsing_and_too_few():
    # valid to 2027-01-31: met; at risk once fewer than 90 days remain, from 2026-11-03 (+ 90 days = 31 Jan)
    _, s = standing(CERT, certificates=[date(2027, 1, 31)])
    assert (s.reason, s.act_by, s.changes_on) == ("met_until", date(2027, 1, 31), date(2026, 11, 3))
    # valid to 2026-08-15, within 90 days: at risk, not met from the day after
    row, s = standing(CERT, certificates=[date(2026, 8, 15)])
    assert (row.status, s.reason, s.act_by, s.changes_on) == (
        "at_risk",
        "lapsing",
        date(2026, 8, 15),
        date(2026, 8, 16),
    )
    row, s = standing(CERT)
    assert (row.status, s.reason, s.needed, s.act_by) == ("not_met", "too_few", 1, AS_OF)


# --- the action list ---------------------------------------------------------------------------------------


def card(key: str, unit: str, s: Standing, status: str = "at_risk") -> NormCard:
    return NormCard(key, key, key, 176, 40, unit, status, 0, 136, None, "pack", standing=s)


SENT_BACK = RecordRef(
    "activity",
    7,
    "rejected",
    "深圳跨境通",
    "visit",
    date(2026, 5, 4),
    8,
    note="请补充企业盖章的实践证明",
    reviewer="林海燕",
)
DRAFT = RecordRef("certification", 3, "draft", "1+X 数据运营", None, date(2026, 6, 1))
DRAFT_OUTPUT = RecordRef("output", 2, "draft", "海外仓调研", "research_report", date(2026, 6, 2))
EXPIRED = Expiry(11, "电商师", "人社部", date(2026, 5, 1), -60, "verified")
EXPIRING = Expiry(12, "直播运营", "协会", date(2026, 9, 1), 63, "verified")


def test_the_list_puts_records_sent_back_first_then_dated_items_overdue_first_then_drafts():
    behind = card(
        "annual", "hours", Standing("behind_pace", act_by=AS_OF, needed=47.28, complete_by=date(2026, 12, 31))
    )
    short = card("five", "hours", Standing("short", act_by=AS_OF, needed=477.2), status="not_met")
    lapsing = card("cert", "count", Standing("lapsing", act_by=date(2026, 8, 15)))
    actions = plan_actions(
        as_of=AS_OF,
        records=[DRAFT, SENT_BACK, DRAFT_OUTPUT],
        expiries=[EXPIRED, EXPIRING],
        cards=[behind, short, lapsing],
    )
    summary = [(a.kind, a.todo, a.target, a.due, a.overdue) for a in actions]
    assert summary == [
        ("sent_back", "resubmit", "my_records", None, False),
        ("expired", "renew", "certificates", date(2026, 5, 1), True),
        ("norm", "log_hours", "log_activity", AS_OF, True),  # the five-year norm, not met
        ("norm", "catch_up", "log_activity", AS_OF, False),
        ("norm", "renew", "certificates", date(2026, 8, 15), False),
        ("expiring", "renew", "certificates", date(2026, 9, 1), False),
        ("draft", "submit", "my_records", None, False),
        ("draft", "submit", "my_outputs", None, False),
    ]
    sent_back = actions[0]
    assert (sent_back.note, sent_back.reviewer, sent_back.record.id) == (
        "请补充企业盖章的实践证明",
        "林海燕",
        7,
    )
    catch_up = actions[3]
    assert (catch_up.amount, catch_up.complete_by, catch_up.card.norm) == (
        47.28,
        date(2026, 12, 31),
        "annual",
    )
    assert actions[2].amount == 477.2 and actions[2].complete_by is None


def test_met_norms_are_left_out_unless_they_change_within_the_horizon():
    soon = AS_OF + timedelta(days=EXPIRY_HORIZON_DAYS)
    cards = [
        card("met", "hours", Standing("met"), status="met"),
        card("later", "hours", Standing("met_until", act_by=soon + timedelta(days=1)), status="met"),
        card("soon", "hours", Standing("met_until", act_by=soon), status="met"),
    ]
    actions = plan_actions(as_of=AS_OF, records=[], expiries=[], cards=cards)
    assert [(a.card.norm, a.todo, a.due) for a in actions] == [("soon", "keep_logging", soon)]


def test_nothing_to_do_is_an_empty_list():
    assert plan_actions(as_of=AS_OF, records=[], expiries=[], cards=[]) == []


@pytest.mark.parametrize(
    ("reason", "todo"), [("on_pace", "log_hours"), ("period_over", "log_hours"), ("lapsing", "keep_logging")]
)
def test_each_hour_norm_reason_has_a_thing_to_do_on_log_activity(reason, todo):
    [action] = plan_actions(
        as_of=AS_OF, records=[], expiries=[], cards=[card("n", "hours", Standing(reason, act_by=AS_OF))]
    )
    assert (action.todo, action.target) == (todo, "log_activity")


def test_on_pace_in_a_rolling_window_asks_to_keep_pace_now_and_the_rest_by_the_window_closing():
    row, s = standing(ROLLING, hire=date(2025, 7, 1), work=[(date(2025, 9, 1), 50, 6)])  # as above
    c = NormCard(
        row.norm,
        row.label,
        row.label_zh,
        row.required,
        row.achieved,
        row.unit,
        row.status,
        0,
        row.gap,
        row.change_date,
        row.source,
        standing=s,
    )
    [action] = plan_actions(as_of=AS_OF, records=[], expiries=[], cards=[c])
    assert (action.todo, action.due, action.amount, action.complete_by) == (
        "keep_pace",
        date(2026, 12, 1),
        None,
        date(2030, 7, 1),
    )


# --- from the database (SQLite and PostgreSQL) --------------------------------------------------------------


def test_the_overview_lists_what_the_head_sent_back_with_the_note_and_drafts_of_every_kind(session):
    from tests import factories
    from tests.services.teacher_cast import make_cast
    from tracker.models import Output, Person
    from tracker.norms import load_default_packs, on_activities_changed
    from tracker.services.progress import teacher_overview
    from tracker.services.review import reject

    cast = make_cast(session)
    load_default_packs(session)
    teacher = session.get(Person, cast.teacher.person_id)
    company = factories.make_enterprise(session, "深圳跨境通")
    sent = factories.make_activity(
        session, teacher, start=date(2025, 5, 5), hours=8, status="submitted", enterprise=company
    )
    factories.make_activity(session, teacher, start=date(2025, 6, 2), hours=4, status="draft")
    factories.make_certification(
        session, teacher, name="Lapsed", issued_on=date(2022, 1, 1), expires_on=date(2025, 5, 1)
    )
    session.add(
        Output(
            person_id=teacher.id,
            kind="research_report",
            title="海外仓调研",
            dated_on=date(2025, 6, 1),
            status="draft",
        )
    )
    on_activities_changed(session, [teacher.id])
    session.commit()
    session.refresh(sent)
    reject(cast.head, "activity", sent.id, "请补充盖章证明", version=sent.version)

    overview = teacher_overview(cast.teacher, as_of=date(2025, 6, 30))
    kinds = [(a.kind, a.target) for a in overview.actions]
    assert kinds[0] == ("sent_back", "my_records")
    first = overview.actions[0]
    assert (first.note, first.reviewer, first.record.title, first.record.category) == (
        "请补充盖章证明",
        "Hu Head",
        "深圳跨境通",
        "visit",
    )
    assert ("expired", "certificates") in kinds
    assert kinds[-2:] == [("draft", "my_records"), ("draft", "my_outputs")]
    assert overview.sent_back == 1
    assert [e.name for e in overview.expired] == ["Lapsed"] and overview.expiring == []
    # every card carries its explanation: as of 30 June 2025 (the first baseline: 5 years, a year, a
    # certificate), employed since 2010 and 0 h counted — the five-year norm is short, not on pace
    five = next(c for c in overview.cards if c.norm == "enterprise_practice_5y")
    assert five.standing == Standing("short", act_by=date(2025, 6, 30), needed=1056)
    assert (five.window_start, five.outlook_days, five.hours_per_day, five.days_per_month) == (
        date(2020, 7, 1),
        90,
        8,
        22,
    )
