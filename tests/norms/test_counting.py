"""What one activity will count toward the norms (tracker/norms/counting.py), hand-computed, in both
languages; and the figure it announces is the one the compliance engine then counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from tracker.norms.counting import Weight, count_activity
from tracker.norms.engine import NANO, ActivityArrays, series_key, spread_daily
from tracker.norms.packs import layer_packs, parse_pack

TODAY = date(2027, 3, 10)
NATIONAL = layer_packs(
    [parse_pack(open("data/norms/national.toml", encoding="utf-8").read())], date(2027, 1, 1)
)
ROLLING = next(n for n in NATIONAL if n.key == "enterprise_practice_5y")
ANNUAL = next(n for n in NATIONAL if n.key == "annual_practice")
DAY = date(2027, 3, 1)


def count(**given):
    values = {
        "kind": "visit",
        "start": DAY,
        "end": DAY,
        "hours": 6.0,
        "enterprise": "深圳跨境通",
        "norms": NATIONAL,
        "as_of": TODAY,
        "category": "professional",
        "description": "走访海外仓",
        "evidence": 1,
    }
    return count_activity(**{**values, **given})


def codes(counting) -> list[str]:
    return [f.code for f in counting.findings]


def test_the_issue_s_visit_20_hours_in_one_day_without_anything_counts_8_and_says_why():
    c = count(hours=20, enterprise=None, description="", evidence=0)
    assert [(s.norm.key, s.hours) for s in c.shares] == [
        ("enterprise_practice_5y", 8),
        ("annual_practice", 8),
    ]
    assert c.counted_hours == 8
    # worst first: the lost hours, then what the reviewer cannot check
    assert codes(c) == ["over_daily_cap", "enterprise_missing", "no_evidence", "no_description"]
    cap = c.findings[0]
    assert cap.weight == Weight.lost
    assert dict(cap.params) == {"hours": 20, "days": 1, "per_day": 20, "cap": 8, "counted": 8, "lost": 12}
    assert cap.text("en") == (
        "20 h in 1 day(s) is 20 h a day, but a day counts at most 8 h: 8 h will count, 12 h will not."
    )
    assert cap.text("zh") == (
        "20 小时分摊到 1 天，每天 20 小时，但每天最多计 8 小时：计入 8 小时，12 小时不计入。"
    )
    assert "“企业考察”属于企业实践" in c.findings[1].text("zh")
    assert "“Enterprise visit” is enterprise practice" in c.findings[1].text("en")


def test_hours_spread_over_the_days_lose_only_what_is_above_the_cap():
    # 50 h over 5 days = 10 h a day; 8 a day count: 40 h, 10 h lost
    c = count(start=DAY, end=DAY + timedelta(days=4), hours=50)
    assert c.counted_hours == 40
    assert dict(c.findings[0].params) == {
        "hours": 50, "days": 5, "per_day": 10, "cap": 8, "counted": 40, "lost": 10,
    }
    # 30 h over the same 5 days = 6 h a day: all of it counts, nothing to say
    assert count(start=DAY, end=DAY + timedelta(days=4), hours=30).findings == ()
    assert count(start=DAY, end=DAY + timedelta(days=4), hours=30).counted_hours == 30


def test_other_counts_toward_no_norm_and_names_the_kinds_that_do():
    c = count(kind="other", hours=20)
    assert c.shares == () and c.counted_hours == 0
    assert codes(c) == ["kind_not_counted"]  # no cap finding: nothing of it counts anyway
    assert c.findings[0].text("en").startswith("“Other” counts toward no norm in force")
    assert "Training at a training base" in c.findings[0].text("en")  # the 2026 pack counts it yearly
    assert c.findings[0].text("zh").startswith("“其他”不计入任何现行规范")


def test_training_at_a_training_base_counts_for_the_yearly_month_only():
    c = count(kind="training_base", enterprise=None)
    assert [(s.norm.key, s.hours) for s in c.shares] == [("annual_practice", 6)]
    assert codes(c) == ["kind_counts_partly"]  # not enterprise practice: no enterprise needed
    assert c.findings[0].weight == Weight.note
    assert c.findings[0].text("zh") == "“实训基地实训”仅计入“每年至少累计1个月企业实践或实训基地实训”。"


def test_a_category_no_norm_applies_to_counts_nothing():
    c = count(category="general")
    assert c.shares == () and codes(c) == ["no_norm_applies"]
    assert c.findings[0].text("en").startswith("No norm in force applies to teachers of the category")
    assert "“公共课教师”" in c.findings[0].text("zh")


def test_each_norm_s_own_cap_counts_and_each_cap_is_said_once():
    six = replace(ANNUAL, daily_cap_hours=6.0)
    c = count(hours=10, norms=[ROLLING, six])
    assert [(s.norm.key, s.hours) for s in c.shares] == [
        ("enterprise_practice_5y", 8),
        ("annual_practice", 6),
    ]
    assert c.counted_hours == 8
    assert [(f.params["cap"], f.params["lost"]) for f in c.findings] == [(6, 4), (8, 2)]


def test_kinds_counted_only_once_the_enterprise_confirmed_say_so_until_it_has():
    norms = [replace(n, confirmed_kinds=("post_practice", "rnd_project")) for n in NATIONAL]
    c = count(kind="post_practice", norms=norms)
    assert codes(c) == ["needs_confirmation"]
    assert "host enterprise has confirmed it" in c.findings[0].text("en")
    assert codes(count(kind="post_practice", norms=norms, confirmed=True)) == []
    assert codes(count(kind="visit", norms=norms)) == []


def test_days_after_today_count_once_they_have_passed():
    c = count(start=TODAY - timedelta(days=1), end=TODAY + timedelta(days=2), hours=32)
    assert codes(c) == ["days_ahead"]
    assert dict(c.findings[0].params) == {"days": 2, "total": 4}
    assert c.findings[0].text("zh") == "4 天中有 2 天在今天之后：这些天的时数到当天过后才计入。"


@pytest.mark.parametrize(("hours", "days"), [(20, 1), (50, 5), (7.5, 1), (100, 3)])
def test_what_it_announces_is_what_the_engine_counts_once_verified(hours, days):
    end = DAY + timedelta(days=days - 1)
    c = count(hours=hours, end=end)
    acts = ActivityArrays.from_records([(1, DAY, end, hours, "visit", "verified")])
    for share, norm in zip(c.shares, (ROLLING, ANNUAL), strict=True):
        counted = spread_daily(acts, series_key(norm)).counted
        assert share.hours == pytest.approx(np.sum(counted.nano) / NANO)
