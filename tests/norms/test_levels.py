"""Dual-qualified levels (issue 12), pure: every criterion and its edges by hand, the shipped example standard's
level boundaries, pack parsing and layering. No database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.errors import InvalidInput
from tracker.norms.engine import ActivityArrays, spread_daily
from tracker.norms.levels import (
    Certificates,
    Criterion,
    Group,
    LevelRule,
    Outputs,
    Profile,
    Standard,
    describe_group,
    evaluate_levels,
    layer_recognition,
    parse_recognition_pack,
)
from tracker.norms.packs import COUNTING_KINDS

SHIPPED = parse_recognition_pack(
    (Path(__file__).resolve().parents[2] / "data/norms/dual_qualified.toml").read_text(encoding="utf-8")
)
EXAMPLE = layer_recognition([SHIPPED], date(2030, 1, 1))
KEY = (tuple(sorted(COUNTING_KINDS)), 8.0, ())
QUALIFYING = ("vocational_qualification", "skill_level", "professional_title")


def profile(**kw):
    values = dict(
        person_id=1,
        email="t@x.edu",
        name="T",
        department="D",
        category="professional",
        hire_date=date(2010, 1, 1),
        title_rank="none",
        industry_years=0.0,
    )
    values.update(kw)
    return Profile(**values)


def practice(*records):
    """(start, end, hours[, kind[, status]]) for person 1."""
    full = [(1, s, e, h, *(rest or ("visit",)), "verified")[:6] for s, e, h, *rest in records]
    full = [(r[0], r[1], r[2], r[3], r[4], r[5] if len(r) > 5 else "verified") for r in full]
    return {KEY: spread_daily(ActivityArrays.from_records(full), KEY).counted}


def certs(*records):
    """(type, level, issued, expires) for person 1."""
    return Certificates.from_records([(1, *r) for r in records])


def outs(*records):
    """(kind, date) for person 1."""
    return Outputs.from_records([(1, *r) for r in records])


def single(criterion, as_of, *, who=None, hours=None, c=(), o=()):
    """Whether one criterion alone makes a one-level standard met, and what the teacher is said to have."""
    standard = Standard(levels=(LevelRule("junior", (Group((criterion,)),)),))
    (row,) = evaluate_levels(standard, [who or profile()], hours or {}, certs(*c), outs(*o), as_of)
    return row.level == "junior"


# --- practice_hours ----------------------------------------------------------------------------------------


def test_practice_hours_window_is_rolling_and_excludes_its_first_day():
    need = Criterion("practice_hours", hours=16, years=5)
    as_of = date(2024, 6, 30)
    edge = date(2019, 6, 30)  # as_of − 5 years: outside
    both = practice((edge, edge + timedelta(days=1), 16))  # 8 h outside, 8 h inside
    assert not single(need, as_of, hours=both)
    assert single(need, as_of - timedelta(days=1), hours=both)  # a day earlier both days are inside
    later = practice((as_of, as_of + timedelta(days=1), 16))  # the day after as-of does not count
    assert not single(need, as_of, hours=later)


def test_practice_hours_29_february():
    need = Criterion("practice_hours", hours=8, years=4)
    leap = date(2024, 2, 29)
    # as of 2028-02-29 the window starts after 2024-02-29; as of 2028-02-28 after 2024-02-28
    hours = practice((leap, leap, 8))
    assert single(need, date(2028, 2, 28), hours=hours)
    assert not single(need, date(2028, 2, 29), hours=hours)
    # as of 29 February, one year back is 28 February (no 29th in 2023): outside; 1 March inside
    hours = practice((date(2023, 2, 28), date(2023, 2, 28), 8))
    assert not single(Criterion("practice_hours", hours=8, years=1), leap, hours=hours)
    hours = practice((date(2023, 3, 1), date(2023, 3, 1), 8))
    assert single(Criterion("practice_hours", hours=8, years=1), leap, hours=hours)


def test_practice_hours_cap_spread_rounding_and_kinds():
    as_of = date(2024, 6, 30)
    # 30 h on one day counts 8 (cap); 10 h over 3 days is 3.33.. a day
    capped = practice((date(2024, 6, 1), date(2024, 6, 1), 30))
    assert single(Criterion("practice_hours", hours=8, years=1), as_of, hours=capped)
    assert not single(Criterion("practice_hours", hours=8.01, years=1), as_of, hours=capped)
    spread = practice((date(2024, 6, 28), date(2024, 6, 30), 10))
    assert single(Criterion("practice_hours", hours=10, years=1), as_of, hours=spread)  # 9.999.. rounds to 10
    spread_part = practice((date(2024, 6, 29), date(2024, 7, 1), 10))  # 2 of 3 days by as-of: 6.67
    assert single(Criterion("practice_hours", hours=6.67, years=1), as_of, hours=spread_part)
    assert not single(Criterion("practice_hours", hours=6.68, years=1), as_of, hours=spread_part)
    base = practice((date(2024, 6, 1), date(2024, 6, 1), 8, "training_base"))
    assert not single(Criterion("practice_hours", hours=1, years=1), as_of, hours=base)  # not a 第六条 form
    pending = practice((date(2024, 6, 1), date(2024, 6, 1), 8, "visit", "submitted"))
    assert not single(Criterion("practice_hours", hours=1, years=1), as_of, hours=pending)


# --- industry_years, title_rank ----------------------------------------------------------------------------


@pytest.mark.parametrize("years, met", [(0.99, False), (1.0, True), (1.004, True), (0.994, False)])
def test_industry_years_boundary(years, met):
    # compared on 2 decimals, like hours: 0.994 is 0.99, 1.004 is 1.0
    assert single(Criterion("industry_years", years=1), date(2024, 1, 1), who=profile(industry_years=years)) is met


@pytest.mark.parametrize(
    "held, needed, met",
    [
        ("none", "junior", False),
        ("junior", "junior", True),
        ("junior", "intermediate", False),
        ("intermediate", "intermediate", True),
        ("intermediate", "associate_senior", False),
        ("associate_senior", "associate_senior", True),
        ("senior", "associate_senior", True),
        ("associate_senior", "senior", False),
        ("senior", "senior", True),
    ],
)
def test_title_rank_order(held, needed, met):
    need = Criterion("title_rank", rank=needed)
    assert single(need, date(2024, 1, 1), who=profile(title_rank=held)) is met


# --- certificates ------------------------------------------------------------------------------------------


def test_certificate_valid_on_issue_day_and_on_the_day_it_expires():
    need = Criterion("certificate", types=QUALIFYING, level="junior")
    held = [("skill_level", "junior", date(2021, 3, 1), date(2024, 3, 1))]
    assert not single(need, date(2021, 2, 28), c=held)
    assert single(need, date(2021, 3, 1), c=held)
    assert single(need, date(2024, 3, 1), c=held)  # valid on the day it expires
    assert not single(need, date(2024, 3, 2), c=held)
    forever = [("professional_title", "junior", date(2000, 1, 1), None)]
    assert single(need, date(2099, 1, 1), c=forever)


@pytest.mark.parametrize(
    "held, needed, met",
    [
        ("junior", "junior", True),
        ("junior", "intermediate", False),
        ("intermediate", "intermediate", True),
        ("senior", "intermediate", True),
        ("intermediate", "senior", False),
        ("senior", "senior", True),
    ],
)
def test_certificate_level_order(held, needed, met):
    need = Criterion("certificate", types=QUALIFYING, level=needed)
    cert = [("vocational_qualification", held, date(2020, 1, 1), None)]
    assert single(need, date(2024, 1, 1), c=cert) is met


def test_certificate_of_another_type_does_not_count():
    need = Criterion("certificate", types=QUALIFYING, level="junior")
    assert not single(need, date(2024, 1, 1), c=[("other", "senior", date(2020, 1, 1), None)])
    only_titles = Criterion("certificate", types=("professional_title",), level="junior")
    assert not single(only_titles, date(2024, 1, 1), c=[("skill_level", "senior", date(2020, 1, 1), None)])


# --- outputs -----------------------------------------------------------------------------------------------


def test_outputs_count_kinds_and_window_edges():
    need = Criterion("outputs", kinds=("patent", "teaching_case"), count=2, years=5)
    as_of = date(2024, 6, 30)
    edge = date(2019, 6, 30)
    inside = [("patent", edge + timedelta(days=1)), ("teaching_case", as_of)]
    assert single(need, as_of, o=inside)
    assert not single(need, as_of, o=[("patent", edge), ("teaching_case", as_of)])  # the edge is outside
    assert not single(need, as_of, o=[("patent", as_of), ("patent", as_of + timedelta(days=1))])  # later
    assert not single(need, as_of, o=[("patent", as_of), ("competition_award", as_of)])  # kind not listed
    leap = [("patent", date(2020, 2, 29)), ("patent", date(2020, 3, 1))]
    assert single(Criterion("outputs", kinds=("patent",), count=2, years=4), date(2024, 2, 28), o=leap)
    assert not single(Criterion("outputs", kinds=("patent",), count=2, years=4), date(2024, 2, 29), o=leap)


# --- the shipped example standard: each level boundary ------------------------------------------------------


def level_of(who, *, hours=None, c=(), o=(), as_of=date(2026, 6, 30)):
    (row,) = evaluate_levels(EXAMPLE, [who], hours or {}, certs(*c), outs(*o), as_of)
    return row


JUNIOR_CERT = ("skill_level", "junior", date(2024, 1, 1), None)
MID_CERT = ("skill_level", "intermediate", date(2024, 1, 1), None)
SENIOR_CERT = ("skill_level", "senior", date(2024, 1, 1), None)


def test_example_levels_by_hand():
    # junior: 1 industry year and a junior certificate
    row = level_of(profile(industry_years=1), c=[JUNIOR_CERT])
    assert (row.level, row.next_level) == ("junior", "intermediate")
    assert len(row.missing) == 3  # 3 industry years / 1056 h, intermediate cert or title, 2 outputs
    # 0.99 years and no practice: nothing
    assert level_of(profile(industry_years=0.99), c=[JUNIOR_CERT]).level == "none"
    # intermediate: 3 industry years, an intermediate title (no certificate needed for that group), 2 outputs
    two = [("research_report", date(2025, 1, 1)), ("technical_service", date(2025, 2, 1))]
    row = level_of(profile(industry_years=3, title_rank="intermediate"), c=[JUNIOR_CERT], o=two)
    assert (row.level, row.levels_met) == ("intermediate", ("junior", "intermediate"))
    # one output short: junior only, and the missing group says so
    row = level_of(profile(industry_years=3, title_rank="intermediate"), c=[JUNIOR_CERT], o=two[:1])
    assert row.level == "junior"
    ((gap,),) = row.missing
    assert (gap.criterion.type, gap.have) == ("outputs", 1)
    # senior: 5 industry years, associate senior title, 3 senior-kind outputs; stands alone (no cert at all)
    three = [("patent", date(2025, 1, 1)), ("competition_award", date(2025, 2, 1)), ("course_development", date(2026, 1, 1))]
    row = level_of(profile(industry_years=5, title_rank="associate_senior"), o=three)
    assert (row.level, row.levels_met, row.next_level, row.missing) == ("senior", ("senior",), None, ())
    # 4.99 industry years: not senior
    assert level_of(profile(industry_years=4.99, title_rank="associate_senior"), o=three).level == "none"


def test_example_practice_boundaries_1056_and_2112_hours():
    as_of = date(2026, 6, 30)
    start = date(2026, 6, 30) - timedelta(days=263)  # 264 days x 8 h = 2112 h, all inside the window
    full = practice((start, as_of, 2112))
    less = practice((start, as_of - timedelta(days=1), 2104))  # 263 days: 2104 h
    three = [("patent", date(2025, 1, 1)), ("patent", date(2025, 2, 1)), ("patent", date(2026, 1, 1))]
    who = profile(title_rank="associate_senior")
    assert level_of(who, hours=full, c=[SENIOR_CERT], o=three).level == "senior"
    assert level_of(who, hours=less, c=[SENIOR_CERT], o=three).level == "junior"  # 2104 ≥ 1056 for junior
    half = practice((as_of - timedelta(days=131), as_of, 1056))  # exactly 1056
    assert level_of(profile(), hours=half, c=[JUNIOR_CERT]).level == "junior"
    short = practice((as_of - timedelta(days=131), as_of, 1055.99))
    assert level_of(profile(), hours=short, c=[JUNIOR_CERT]).level == "none"


def test_recognised_level_and_flag_pass_through_and_words():
    standard = EXAMPLE
    rows = evaluate_levels(
        standard,
        [profile()],
        {},
        certs(),
        outs(),
        date(2026, 1, 1),
        recognised={1: ("intermediate", date(2027, 1, 1))},
        flagged=frozenset({1}),
    )
    (row,) = rows
    assert (row.level, row.recognised_level, row.recognised_until) == ("none", "intermediate", date(2027, 1, 1))
    assert row.practise_before_post
    words = [describe_group(g, "en") for g in row.missing]
    assert words[0] == (
        "1056 h of enterprise practice in the last 5 years (you have 0 h) or "
        "1 year(s) of work in enterprises (you have 0)"
    )
    assert "初级及以上" in describe_group(row.missing[1], "zh")


# --- pack format -------------------------------------------------------------------------------------------


def test_bad_recognition_pack_lists_every_problem():
    text = """
[pack]
name = "x"
layer = "city"
effective_from = 2024-01-01
target_share = 2
[[level]]
key = "expert"
[[level.group]]
[[level.group.criterion]]
type = "certificate"
types = ["diploma"]
[[level.group.criterion]]
type = "vibes"
"""
    with pytest.raises(InvalidInput) as caught:
        parse_recognition_pack(text)
    fields = {p.field for p in caught.value.problems}
    assert {
        "pack.layer",
        "pack.target_share",
        "level[1].key",
        "level[1].group[1].criterion[1].types",
        "level[1].group[1].criterion[1].level",
        "level[1].group[1].criterion[2].type",
    } <= fields


def test_a_later_layer_replaces_a_level_and_versions_apply_from_their_date():
    college = parse_recognition_pack(
        '[pack]\nname = "c"\nlayer = "institutional"\neffective_from = 2027-01-01\ntarget_share = 0.6\n'
        '[[level]]\nkey = "junior"\n[[level.group]]\n[[level.group.criterion]]\ntype = "industry_years"\n'
        "years = 2\n[[level]]\nkey = \"senior\"\nenabled = false\n"
    )
    before = layer_recognition([SHIPPED, college], date(2026, 12, 31))
    after = layer_recognition([SHIPPED, college], date(2027, 1, 1))
    assert [lv.key for lv in before.levels] == ["junior", "intermediate", "senior"]
    assert [lv.key for lv in after.levels] == ["junior", "intermediate"]
    assert after.target_share == 0.6 and before.target_share == 0.5
    assert after.level("junior").groups == (Group((Criterion("industry_years", years=2.0),)),)
    assert layer_recognition([SHIPPED], date(2022, 12, 31)) is None
