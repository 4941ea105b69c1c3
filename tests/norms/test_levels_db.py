"""Dual-qualified levels from the database (issue 12), on SQLite and PostgreSQL: the bulk query against a
naive day-by-day oracle on random institutions, committee decisions, the 先实践再上岗 flag, and the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from tracker.models import Certification, Output, Recognition
from tracker.norms import load_default_packs, on_activities_changed
from tracker.norms.levels import CERT_LEVELS, LEVELS, TITLE_RANKS
from tracker.norms.levels_db import evaluate_dual_qualified, recognised_on, standard_on
from tracker.norms.packs import COUNTING_KINDS, years_before

KINDS = ["visit", "training", "post_practice", "rnd_project", "training_base", "other"]
STATUSES = ["draft", "submitted", "verified", "rejected"]
CERT_TYPES = ["vocational_qualification", "skill_level", "professional_title", "other"]
OUTPUT_KINDS = [
    "research_report",
    "teaching_case",
    "course_development",
    "technical_service",
    "patent",
    "competition_award",
]


@pytest.fixture
def packs(session):
    load_default_packs(session)
    session.commit()


# --- the naive oracle ----------------------------------------------------------------------------------------


def oracle_hours(activities, as_of, years):
    """Verified 第六条 activities, spread day by day, 8 h a day at most, days in (as_of − years, as_of]."""
    per_day = defaultdict(float)
    for start, end, hours, kind, status in activities:
        if status != "verified" or kind not in COUNTING_KINDS:
            continue
        days = (end - start).days + 1
        for k in range(days):
            per_day[start + timedelta(days=k)] += hours / days
    first = years_before(as_of, years)
    return sum(min(h, 8.0) for d, h in per_day.items() if first < d <= as_of)


def oracle_criterion(c, person, activities, certificates, outputs, as_of):
    if c.type == "practice_hours":
        return round(oracle_hours(activities, as_of, int(c.years)), 2) >= c.hours
    if c.type == "industry_years":
        return round(person["industry_years"], 2) >= c.years
    if c.type == "title_rank":
        return TITLE_RANKS.index(person["title_rank"]) >= TITLE_RANKS.index(c.rank)
    if c.type == "certificate":
        return any(
            status == "verified"
            and kind in c.types
            and level is not None
            and CERT_LEVELS.index(level) >= CERT_LEVELS.index(c.level)
            and issued <= as_of
            and (expires is None or expires >= as_of)
            for kind, level, issued, expires, status in certificates
        )
    first = years_before(as_of, int(c.years))
    return (
        sum(1 for kind, day, status in outputs if status == "verified" and kind in c.kinds and first < day <= as_of)
        >= c.count
    )


def oracle_level(standard, person, activities, certificates, outputs, as_of):
    met = [
        rule.key
        for rule in standard.levels
        if all(
            any(oracle_criterion(c, person, activities, certificates, outputs, as_of) for c in g.criteria)
            for g in rule.groups
        )
    ]
    return met[-1] if met else "none"


# --- random institutions --------------------------------------------------------------------------------------

day = st.dates(date(2018, 1, 1), date(2027, 6, 30))
activity = st.tuples(
    day, st.integers(0, 40), st.sampled_from([4, 8, 16, 37.5, 100, 300, 528, 1056]), st.sampled_from(KINDS),
    st.sampled_from(STATUSES),
).map(lambda a: (a[0], a[0] + timedelta(days=a[1]), float(a[2]), a[3], a[4]))
certificate = st.tuples(
    st.sampled_from(CERT_TYPES),
    st.sampled_from([*CERT_LEVELS, None]),
    day,
    st.one_of(st.none(), st.integers(0, 2000)),
    st.sampled_from(["verified", "verified", "submitted", "rejected"]),
).map(lambda c: (c[0], c[1] if c[0] == "other" or c[1] else "junior", c[2], None if c[3] is None else c[2] + timedelta(days=c[3]), c[4]))
output = st.tuples(st.sampled_from(OUTPUT_KINDS), day, st.sampled_from(["verified", "verified", "submitted"]))
teacher = st.fixed_dictionaries(
    {
        "title_rank": st.sampled_from(TITLE_RANKS),
        "industry_years": st.sampled_from([0, 0.5, 0.99, 1, 2.99, 3, 4.995, 5, 12]),
        "hire": st.sampled_from([None, date(2012, 9, 1), date(2019, 9, 1), date(2026, 9, 1)]),
        "activities": st.lists(activity, max_size=12),
        "certificates": st.lists(certificate, max_size=3),
        "outputs": st.lists(output, max_size=5),
    }
)


def reset(session):
    for table in ("evidence", "output", "recognition", "certification", "practice_series", "activity", "person"):
        session.execute(sa.text(f"DELETE FROM {table}"))
    session.commit()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(teacher, min_size=1, max_size=4), day)
def test_bulk_query_matches_a_day_by_day_oracle(session, factory, packs, teachers, as_of):
    reset(session)
    standard = standard_on(session, as_of)
    people = []
    for n, spec in enumerate(teachers):
        person = factory.make_person(session, f"p{n}@x.edu", hire_date=spec["hire"], department="D")
        person.title_rank, person.industry_years = spec["title_rank"], spec["industry_years"]
        for start, end, hours, kind, status in spec["activities"]:
            factory.make_activity(session, person, start=start, end=end, hours=hours, kind=kind, status=status)
        for kind, level, issued, expires, status in spec["certificates"]:
            session.add(
                Certification(
                    person_id=person.id, name="C", type=kind, level=level, issued_on=issued, expires_on=expires,
                    status=status,
                )
            )
        for kind, dated, status in spec["outputs"]:
            session.add(Output(person_id=person.id, kind=kind, title="O", dated_on=dated, status=status))
        people.append(person)
    session.flush()
    on_activities_changed(session, [p.id for p in people])
    session.commit()
    rows = {r.teacher: r for r in evaluate_dual_qualified(session, as_of=as_of)}
    if standard is None:
        assert rows == {}
        return
    for n, spec in enumerate(teachers):
        email = f"p{n}@x.edu"
        if spec["hire"] is not None and spec["hire"] > as_of:
            assert email not in rows
            continue
        for years in (5,):
            total = oracle_hours(spec["activities"], as_of, years)
            if any(abs(total - t) < 1e-6 for t in (1056, 2112)):
                reject()  # a rounding tie: the engine's nano-hours and the oracle's floats may differ
        expected = oracle_level(standard, spec, spec["activities"], spec["certificates"], spec["outputs"], as_of)
        assert rows[email].level == expected, (email, spec)
        assert rows[email].practice_hours == pytest.approx(round(oracle_hours(spec["activities"], as_of, 5), 2), abs=0.011)


# --- decisions, flag, CLI -------------------------------------------------------------------------------------


def test_recognised_level_is_the_latest_confirmation_until_it_lapses(session, factory, packs):
    t = factory.make_person(session, "t@x.edu")
    admin = factory.make_person(session, "a@x.edu", role="admin")

    def decide(level, on, until, confirmed=True):
        session.add(
            Recognition(
                person_id=t.id, level=level, decided_on=on, valid_until=until, confirmed=confirmed,
                decided_by=admin.id,
            )
        )

    decide("junior", date(2024, 1, 10), date(2026, 1, 9))
    decide("intermediate", date(2025, 1, 10), date(2028, 1, 9), confirmed=False)  # declined: no change
    decide("senior", date(2025, 6, 1), date(2025, 12, 31))
    decide("intermediate", date(2025, 9, 1), date(2027, 8, 31))  # a later decision lowers it
    session.commit()
    assert recognised_on(session, date(2024, 1, 9)) == {}
    assert recognised_on(session, date(2024, 1, 10)) == {t.id: ("junior", date(2026, 1, 9))}
    assert recognised_on(session, date(2025, 5, 31))[t.id][0] == "junior"
    assert recognised_on(session, date(2025, 6, 1))[t.id][0] == "senior"
    assert recognised_on(session, date(2025, 9, 1))[t.id][0] == "intermediate"
    assert recognised_on(session, date(2027, 8, 31))[t.id][0] == "intermediate"  # valid on its last day
    assert recognised_on(session, date(2027, 9, 1)) == {}  # lapsed


def test_practise_before_post_flag_from_the_database(session, factory, packs):
    new = factory.make_person(session, "new@x.edu", hire_date=date(2025, 9, 1))
    practised = factory.make_person(session, "pr@x.edu", hire_date=date(2025, 9, 1))
    factory.make_activity(session, practised, start=date(2025, 7, 1), kind="post_practice")
    base_only = factory.make_person(session, "base@x.edu", hire_date=date(2025, 9, 1))
    factory.make_activity(session, base_only, start=date(2025, 7, 1), kind="training_base")
    industry = factory.make_person(session, "ind@x.edu", hire_date=date(2025, 9, 1))
    industry.industry_years = 2
    old = factory.make_person(session, "old@x.edu", hire_date=date(2016, 5, 10))
    on_activities_changed(session, [practised.id, base_only.id])
    session.commit()
    rows = {r.teacher: r.practise_before_post for r in evaluate_dual_qualified(session, as_of=date(2026, 1, 1))}
    assert rows == {
        "new@x.edu": True,
        "pr@x.edu": False,
        "base@x.edu": True,  # a training base is not an enterprise (第四条/第六条)
        "ind@x.edu": False,
        "old@x.edu": False,
    }
    assert old.id and new.id


@pytest.fixture
def college(session, factory, packs):
    """Two departments; one teacher at each level by hand, one recognised by the committee."""
    e = factory.make_department(session, "跨境电商系")
    logistics = factory.make_department(session, "Logistics")
    junior = factory.make_person(session, "junior@x.edu", name="初级", department=e)
    junior.industry_years = 1
    session.add(Certification(person_id=junior.id, name="1+X", type="skill_level", level="junior",
                              issued_on=date(2024, 1, 1), status="verified"))
    mid = factory.make_person(session, "mid@x.edu", name="中级", department=e)
    mid.industry_years, mid.title_rank = 3, "intermediate"
    session.add(Certification(person_id=mid.id, name="QC", type="vocational_qualification", level="intermediate",
                              issued_on=date(2024, 1, 1), status="verified"))
    for k in ("research_report", "teaching_case"):
        session.add(Output(person_id=mid.id, kind=k, title=k, dated_on=date(2025, 3, 1), status="verified"))
    factory.make_person(session, "none@x.edu", name="无", department=logistics)
    other = factory.make_person(session, "gen@x.edu", name="General", department=logistics, category="general")
    session.add(Recognition(person_id=junior.id, level="junior", decided_on=date(2025, 1, 1),
                            valid_until=date(2027, 12, 31)))
    session.commit()
    return {"general": other}


def test_cli_json_has_the_documented_fields(cli, college):
    result = cli("dual-qualified", "--as-of", "2026-06-30", "--format", "json")
    assert result.exit_code == 0, result
    rows = {r["teacher"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"junior@x.edu", "mid@x.edu", "none@x.edu"}  # professional teachers only
    assert {k: rows["junior@x.edu"][k] for k in ("name", "department", "level", "recognised_level", "next_level")} == {
        "name": "初级",
        "department": "跨境电商系",
        "level": "junior",
        "recognised_level": "junior",
        "next_level": "intermediate",
    }
    assert rows["mid@x.edu"]["level"] == "intermediate" and rows["mid@x.edu"]["next_level"] == "senior"
    assert rows["none@x.edu"]["missing"] == [
        "1056 h of enterprise practice in the last 5 years (you have 0 h) or "
        "1 year(s) of work in enterprises (you have 0)",
        "a valid verified certificate (Vocational qualification, Vocational skill level (1+X), Professional title "
        "(not teacher series)), junior level or higher",
    ]


def test_cli_filters_csv_table_and_summary(cli, college):
    result = cli("dual-qualified", "--as-of", "2026-06-30", "--teacher", "MID@x.edu", "--format", "csv")
    assert result.exit_code == 0, result
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert (row["teacher"], row["level"]) == ("mid@x.edu", "intermediate")
    table = cli("dual-qualified", "--as-of", "2026-06-30", "--department", "Logistics")
    assert table.exit_code == 0 and "none@x.edu" in table.stdout and "mid@x.edu" not in table.stdout
    summary = cli("dual-qualified", "--as-of", "2026-06-30", "--summary", "--format", "json")
    assert summary.exit_code == 0, summary
    lines = {s["department"]: s for s in json.loads(summary.stdout)}
    assert lines["跨境电商系"]["teachers"] == 2 and lines["跨境电商系"]["share_eligible"] == 1.0
    whole = lines["(institution)"]
    assert (whole["teachers"], whole["eligible"], whole["recognised"]) == (3, 2, 1)
    assert (whole["meets_junior"], whole["meets_intermediate"], whole["meets_senior"]) == (2, 1, 0)
    assert (whole["share_eligible"], whole["share_recognised"], whole["target"]) == (0.6667, 0.3333, 0.5)
    assert (whole["target_met_eligible"], whole["target_met_recognised"]) == (True, False)
    bad = cli("dual-qualified", "--department", "Nowhere")
    assert bad.exit_code == 1 and "Traceback" not in bad.stderr + bad.stdout
    assert LEVELS == ("junior", "intermediate", "senior")
