"""The corrected national pack (issue 12): citations, kinds, the conversion parameters, fixed-cycle windows,
the versions in force on each date and the 先实践再上岗 flag. Pure: no database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.errors import InvalidInput
from tracker.norms.engine import ActivityArrays, Teacher, evaluate, needs_practice_before_post
from tracker.norms.packs import Norm, hours_as_days_months, layer_packs, parse_pack

NORMS_DIR = Path(__file__).resolve().parents[2] / "data" / "norms"
CURRENT = parse_pack((NORMS_DIR / "national.toml").read_text(encoding="utf-8"))
FIRST = parse_pack(
    (NORMS_DIR / "history" / "cn-national-baseline-2016-05-11.toml").read_text(encoding="utf-8")
)
INSTITUTION = parse_pack((NORMS_DIR / "examples" / "institutional.toml").read_text(encoding="utf-8"))


def norms_on(day, *packs):
    return {n.key: n for n in layer_packs(list(packs or (FIRST, CURRENT)), day)}


def one(norm, as_of, records, hire=date(2000, 1, 1)):
    teacher = Teacher(1, "t@x.edu", "T", "D", "professional", hire)
    arrays = ActivityArrays.from_records([(1, s, e, h, k, "verified") for s, e, h, k in records])
    (row,) = evaluate([norm], [teacher], arrays, [], as_of)
    return row


# --- what the corrected version says ------------------------------------------------------------------------


def test_citations_name_article_4_and_article_6():
    five = norms_on(CURRENT.effective_from)["enterprise_practice_5y"]
    assert "第四条" in five.citation and "第六条" in five.citation
    assert "第二条" not in five.citation and "第八条" not in five.citation
    assert "先实践再上岗" in five.citation
    assert "实训基地实训" in norms_on(CURRENT.effective_from)["annual_practice"].citation


def test_training_base_counts_for_the_year_but_not_for_five_years():
    norms = norms_on(date(2027, 3, 1))
    assert "training_base" in norms["annual_practice"].kinds
    assert "training_base" not in norms["enterprise_practice_5y"].kinds
    day = date(2027, 2, 1)
    record = [(day, day, 8, "training_base")]
    assert one(norms["annual_practice"], date(2027, 3, 1), record).achieved == 8
    assert one(norms["enterprise_practice_5y"], date(2027, 3, 1), record).achieved == 0


def test_certificate_norm_left_the_national_pack_and_lives_in_the_institutional_example():
    assert set(norms_on(date(2027, 1, 1))) == {"enterprise_practice_5y", "annual_practice"}
    institution = norms_on(date(2027, 1, 1), FIRST, CURRENT, INSTITUTION)
    assert institution["valid_certification"].rule == "valid_certificates"
    assert institution["valid_certification"].required == 1


def test_earlier_dates_keep_the_version_in_force_then():
    before = norms_on(CURRENT.effective_from - timedelta(days=1))
    assert set(before) == {"enterprise_practice_5y", "annual_practice", "valid_certification"}
    assert "第八条" in before["enterprise_practice_5y"].citation
    assert "training_base" not in before["annual_practice"].kinds
    after = norms_on(CURRENT.effective_from)
    assert "valid_certification" not in after


def test_first_version_file_is_unchanged_so_existing_databases_reload_it():
    # the checksum databases stored when they loaded the 2016-05-11 version (commit ee9f299)
    assert FIRST.effective_from == date(2016, 5, 11)
    assert FIRST.checksum == "81b0086545494a28c05a6c057741d1514580fc8c781be75c0d5046c3b8781d54"
    assert CURRENT.name == FIRST.name and CURRENT.effective_from > FIRST.effective_from


# --- days and months ---------------------------------------------------------------------------------------


def test_conversion_defaults_and_pack_parameters():
    five = norms_on(date(2027, 1, 1))["enterprise_practice_5y"]
    assert (five.days_per_month, five.hours_per_day) == (22, 8)
    assert five.as_days_months(1056) == (132.0, 6.0)
    assert five.as_days_months(176) == (22.0, 1.0)
    assert hours_as_days_months(100) == (12.5, 0.57)
    assert hours_as_days_months(100, hours_per_day=10, days_per_month=20) == (10.0, 0.5)
    province = parse_pack(
        '[pack]\nname = "p"\nlayer = "provincial"\neffective_from = 2027-01-01\n'
        '[[norm]]\nkey = "enterprise_practice_5y"\ndays_per_month = 21\nhours_per_day = 7.5\n'
    )
    changed = norms_on(date(2027, 1, 1), FIRST, CURRENT, province)["enterprise_practice_5y"]
    assert changed.as_days_months(157.5) == (21.0, 1.0)
    assert changed.required == 1056  # the requirement stays in hours
    row = one(changed, date(2027, 1, 1), [(date(2026, 12, 1), date(2026, 12, 2), 15, "visit")])
    assert (row.hours_per_day, row.days_per_month) == (7.5, 21)
    assert row.as_days_months(row.achieved) == (2.0, 0.1)


@pytest.mark.parametrize(
    "entry, field",
    [
        ('window = "weekly"', "norm[1].window"),
        ('window = "fixed"', "norm[1].cycle_start"),
        ('window = "fixed"\ncycle_start = "2021"', "norm[1].cycle_start"),
        ("days_per_month = 0", "norm[1].days_per_month"),
        ("hours_per_day = 25", "norm[1].hours_per_day"),
    ],
)
def test_bad_window_and_conversion_values_are_refused(entry, field):
    text = (
        '[pack]\nname = "p"\nlayer = "national"\neffective_from = 2020-01-01\n'
        f'[[norm]]\nkey = "a"\nrule = "rolling_hours"\nrequired = 10\n{entry}\n'
    )
    with pytest.raises(InvalidInput) as caught:
        parse_pack(text)
    assert field in {p.field for p in caught.value.problems}


# --- fixed cycles ------------------------------------------------------------------------------------------


def fixed(start=date(2021, 1, 1), years=5, required=100.0):
    return Norm(
        key="cycle",
        rule="rolling_hours",
        label="c",
        label_zh="c",
        required=required,
        unit="hours",
        window_years=years,
        window="fixed",
        cycle_start=start,
    )


def test_fixed_cycle_windows_by_hand():
    norm = fixed()
    assert norm.window_on(date(2021, 1, 1)) == (date(2021, 1, 1), date(2025, 12, 31))
    assert norm.window_on(date(2025, 12, 31)) == (date(2021, 1, 1), date(2025, 12, 31))
    assert norm.window_on(date(2026, 1, 1)) == (date(2026, 1, 1), date(2030, 12, 31))
    # cycles run backwards from the anchor too
    assert norm.window_on(date(2020, 12, 31)) == (date(2016, 1, 1), date(2020, 12, 31))
    assert norm.window_on(date(2011, 6, 1)) == (date(2011, 1, 1), date(2015, 12, 31))


def test_fixed_cycle_from_29_february():
    norm = fixed(start=date(2024, 2, 29), years=1)
    assert norm.window_on(date(2024, 2, 29)) == (date(2024, 2, 29), date(2025, 2, 27))
    assert norm.window_on(date(2025, 2, 28)) == (date(2025, 2, 28), date(2026, 2, 27))
    assert norm.window_on(date(2028, 2, 28)) == (date(2027, 2, 28), date(2028, 2, 28))
    assert norm.window_on(date(2028, 2, 29)) == (date(2028, 2, 29), date(2029, 2, 27))


def test_rolling_window_is_unchanged():
    five = norms_on(date(2027, 1, 1))["enterprise_practice_5y"]
    assert five.window_on(date(2026, 6, 30)) == (date(2021, 7, 1), None)
    assert five.window_on(date(2024, 2, 29)) == (date(2019, 3, 1), None)


def test_fixed_cycle_counts_from_its_start_and_resets():
    norm = fixed()
    before, first = date(2020, 12, 31), date(2021, 1, 1)
    records = [(before, first, 16, "visit")]  # 8 h on each day, one on each side of the cycle start
    assert one(norm, date(2021, 1, 1), records).achieved == 8
    assert one(norm, date(2025, 12, 31), records).achieved == 8
    assert one(norm, date(2026, 1, 1), records).achieved == 0


def test_fixed_cycle_statuses_by_hand():
    norm = fixed(required=100)
    # 1826 days in the 2021-2025 cycle; on 2023-07-02 (day 913) the pace is 100 * 913 / 1826 = 50
    day = date(2023, 7, 2)
    assert (day - date(2021, 1, 1)).days + 1 == 913
    records = [(date(2021, 3, 1), date(2021, 3, 7), 50, "visit")]
    row = one(norm, day, records)
    assert (row.achieved, row.status, row.change_date) == (50, "on_track", None)
    assert one(norm, day + timedelta(days=1), records).status == "at_risk"
    assert one(norm, date(2025, 12, 30), records).status == "at_risk"
    assert one(norm, date(2025, 12, 31), records).status == "not_met"
    met = [(date(2021, 3, 1), date(2021, 3, 20), 100, "visit")]
    assert one(norm, date(2025, 12, 31), met).status == "met"
    row = one(norm, date(2024, 1, 1), met)
    assert (row.window_start, row.window_end) == (date(2021, 1, 1), date(2025, 12, 31))


def test_fixed_cycle_pace_starts_at_the_hire_date():
    norm = fixed(required=100)
    hire = date(2025, 7, 3)  # 182 days left in the cycle, incl. both ends
    assert (date(2025, 12, 31) - hire).days + 1 == 182
    day = hire + timedelta(days=90)  # 91 days served: pace 50
    records = [(hire, hire + timedelta(days=9), 50, "visit")]
    assert one(norm, day, records, hire=hire).status == "on_track"
    assert one(norm, day + timedelta(days=1), records, hire=hire).status == "at_risk"


# --- 先实践再上岗 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "category, hire, years, first, flagged",
    [
        ("professional", date(2016, 5, 11), 0, None, True),  # the first day the provisions apply
        ("professional", date(2016, 5, 10), 0, None, False),  # the day before
        ("professional", date(2020, 9, 1), 0.5, None, False),  # some industry years
        ("professional", date(2020, 9, 1), 0, date(2020, 8, 31), False),  # practised the day before
        ("professional", date(2020, 9, 1), 0, date(2020, 9, 1), True),  # practice from the hire day on
        ("general", date(2020, 9, 1), 0, None, False),
        ("professional", None, 0, None, False),
    ],
)
def test_practice_before_post_flag(category, hire, years, first, flagged):
    assert (
        needs_practice_before_post(
            category=category, hire_date=hire, industry_years=years, first_practice_day=first
        )
        is flagged
    )
