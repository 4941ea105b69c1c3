"""Compliance from the database (SQLite and PostgreSQL): packs stored and versioned, the write-time series,
and the same answers as the pure engine on the same data."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.errors import InvalidInput, NotFound
from tracker.norms import (
    active_norms,
    evaluate_compliance,
    list_packs,
    load_default_packs,
    load_pack,
    monthly_practice_hours,
    on_activities_changed,
    rebuild_practice,
    set_pack_active,
    summarise,
)
from tracker.norms.engine import ActivityArrays, CertificateRecord, Teacher, evaluate
from tracker.norms.models import NormPack, PracticeSeries
from tracker.norms.practice import materialised_series

EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "norms" / "examples"
AS_OF = date(2024, 6, 30)


@pytest.fixture
def packs(session):
    load_default_packs(session)
    session.commit()


def add(session, factory, person, start, days, hours, **kw):
    a = factory.make_activity(
        session, person, start=start, end=start + timedelta(days=days - 1), hours=hours, **kw
    )
    on_activities_changed(session, [person.id])
    return a


def by_norm(rows, person_id=None):
    return {r.norm: r for r in rows if person_id is None or r.person_id == person_id}


FIRST_TEXT = (
    Path(__file__).resolve().parents[2] / "data/norms/history/cn-national-baseline-2016-05-11.toml"
).read_text(encoding="utf-8")


# --- packs ----------------------------------------------------------------------------------------


def test_default_packs_load_once(session, packs):
    load_default_packs(session)
    session.commit()
    load_default_packs(session)
    session.commit()
    # the first version and the corrected one (issue 12), each loaded once
    assert session.execute(sa.select(sa.func.count()).select_from(NormPack)).scalar() == 2
    first, corrected = list_packs(session)
    assert (first.name, first.layer, first.active) == ("cn-national-baseline", "national", True)
    assert (first.effective_from, corrected.effective_from) == (date(2016, 5, 11), date(2026, 12, 1))
    assert first.norms == ("enterprise_practice_5y", "annual_practice", "valid_certification")
    assert corrected.norms == ("enterprise_practice_5y", "annual_practice")
    assert [n.key for n in active_norms(session, AS_OF)] == list(first.norms)
    assert [n.key for n in active_norms(session, date(2026, 12, 1))] == list(corrected.norms)
    assert active_norms(session, date(2016, 5, 10)) == []  # before the baseline took effect


def test_a_different_pack_with_the_same_name_and_date_is_refused(session, packs):
    with pytest.raises(InvalidInput, match="later effective_from"):
        load_pack(session, FIRST_TEXT.replace("required = 1056", "required = 1000"))
    assert len(list_packs(session)) == 2


def test_new_version_applies_from_its_date_and_history_stays(session, factory, packs):
    load_pack(
        session,
        FIRST_TEXT.replace("required = 1056", "required = 1200").replace(
            "effective_from = 2016-05-11", "effective_from = 2024-09-01"
        ),
    )
    t = factory.make_person(session)
    add(session, factory, t, date(2024, 1, 2), 132, 1056)  # 8 h a day
    session.commit()
    assert (
        by_norm(evaluate_compliance(session, as_of=date(2024, 8, 31)))["enterprise_practice_5y"].status
        == "met"
    )
    later = by_norm(evaluate_compliance(session, as_of=date(2024, 9, 1)))["enterprise_practice_5y"]
    assert (later.required, later.status, later.gap) == (1200, "not_met", 144)


def test_layers_add_change_and_switch_off_and_new_series_are_materialised(session, factory, packs):
    t = factory.make_person(session)
    add(session, factory, t, date(2024, 3, 4), 10, 80, kind="rnd_project")
    add(session, factory, t, date(2024, 4, 1), 1, 8, kind="visit")
    session.commit()
    load_pack(session, EXAMPLES / "provincial.toml")
    # the example college as it was before issue 12 (it switched the national certificate norm off)
    college = load_pack(session, EXAMPLES.parent / "history" / "example-college-2023-09-01.toml")
    session.commit()
    # the corrected baseline's yearly norm also counts training at a training base: a series of its own
    yearly = "post_practice,rnd_project,training,training_base,visit|8"
    five = "post_practice,rnd_project,training,visit|8"
    assert materialised_series(session) == {five, "rnd_project|8", yearly}
    rows = by_norm(evaluate_compliance(session, as_of=AS_OF))
    assert set(rows) == {"enterprise_practice_5y", "annual_practice", "rnd_project_3y"}
    assert rows["annual_practice"].required == 240
    assert "example-province" in rows["annual_practice"].source
    assert (rows["rnd_project_3y"].achieved, rows["rnd_project_3y"].status) == (80, "met")
    assert rows["enterprise_practice_5y"].achieved == 88
    set_pack_active(session, college.id, False)
    session.commit()
    assert materialised_series(session) == {"post_practice,rnd_project,training,visit|8", yearly}
    assert set(by_norm(evaluate_compliance(session, as_of=AS_OF))) == {
        "enterprise_practice_5y",
        "annual_practice",
        "valid_certification",
    }


def test_bad_pack_file_changes_nothing(session, packs, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[pack]\nname = "x"\nlayer = "nowhere"\n', encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_pack(session, bad)
    with pytest.raises(NotFound):
        load_pack(session, tmp_path / "missing.toml")
    with pytest.raises(InvalidInput, match="not a valid TOML"):  # a str is text, never read as a path
        load_pack(session, str(bad))
    with pytest.raises(NotFound):
        set_pack_active(session, 999, False)
    assert len(list_packs(session)) == 2


# --- compliance -----------------------------------------------------------------------------------


def test_hand_computed_teacher_in_the_database(session, factory, packs):
    t = factory.make_person(session, department="Cross-border E-commerce", hire_date=date(2010, 9, 1))
    add(session, factory, t, date(2024, 3, 1), 22, 176, kind="post_practice")  # 8 h a day
    add(session, factory, t, date(2024, 3, 5), 1, 6, kind="visit")  # same day as above: capped away
    add(session, factory, t, date(2024, 5, 6), 3, 30, kind="training")  # 10 h a day -> 24
    add(session, factory, t, date(2024, 6, 1), 2, 12, kind="training", status="submitted")
    add(session, factory, t, date(2024, 6, 3), 1, 8, kind="other")
    add(session, factory, t, date(2019, 6, 30), 1, 8)  # the day the window excludes
    add(session, factory, t, date(2019, 7, 1), 1, 8)  # the first day in the window
    factory.make_certification(session, t, issued_on=date(2022, 1, 1), expires_on=date(2024, 9, 1))
    session.commit()
    rows = by_norm(evaluate_compliance(session, as_of=AS_OF))
    five = rows["enterprise_practice_5y"]
    assert (five.achieved, five.required, five.status, five.pending_hours, five.gap) == (
        208,
        1056,
        "not_met",
        12,
        848,
    )
    assert (five.teacher, five.department, five.unit) == (t.email, "Cross-border E-commerce", "hours")
    year = rows["annual_practice"]
    assert (year.achieved, year.status) == (200, "met")
    cert = rows["valid_certification"]
    assert (cert.achieved, cert.status, cert.change_date, cert.unit) == (
        1,
        "at_risk",
        date(2024, 9, 1),
        "count",
    )


def test_who_gets_rows(session, factory, packs):
    dept = factory.make_department(session, "A")
    other = factory.make_department(session, "B")
    keep = factory.make_person(session, department=dept)
    factory.make_person(session, department=dept, category="general")
    factory.make_person(session, department=dept, category="staff")
    factory.make_person(session, department=dept, active=False)
    factory.make_person(session, department=dept, hire_date=AS_OF + timedelta(days=1))
    hired_today = factory.make_person(session, department=dept, hire_date=AS_OF)
    elsewhere = factory.make_person(session, department=other)
    session.commit()
    assert {r.person_id for r in evaluate_compliance(session, as_of=AS_OF)} == {
        keep.id,
        hired_today.id,
        elsewhere.id,
    }
    assert {r.person_id for r in evaluate_compliance(session, as_of=AS_OF, department_id=dept.id)} == {
        keep.id,
        hired_today.id,
    }
    assert {r.person_id for r in evaluate_compliance(session, as_of=AS_OF, person_ids=[elsewhere.id])} == {
        elsewhere.id
    }
    assert evaluate_compliance(session, as_of=AS_OF, person_ids=[]) == []


def test_a_change_is_seen_at_once_through_the_hook(session, factory, packs):
    t = factory.make_person(session)
    a = add(session, factory, t, date(2024, 1, 8), 22, 176)
    session.commit()
    assert by_norm(evaluate_compliance(session, as_of=AS_OF))["annual_practice"].status == "met"
    a.status = "rejected"
    session.add(a)
    on_activities_changed(session, [t.id])
    assert by_norm(evaluate_compliance(session, as_of=AS_OF))["annual_practice"].achieved == 0
    session.delete(a)
    on_activities_changed(session, [t.id])
    assert session.execute(sa.select(sa.func.count()).select_from(PracticeSeries)).scalar() == 0


def test_monthly_practice_hours(session, factory, packs):
    t = factory.make_person(session)
    add(session, factory, t, date(2024, 1, 30), 4, 40)  # 10 h/day capped to 8: Jan 16, Feb 16
    add(session, factory, t, date(2024, 2, 2), 1, 3, status="submitted")  # not counted
    add(session, factory, t, date(2024, 3, 31), 2, 8)  # March 4 (1 April is after "until")
    session.commit()
    months = monthly_practice_hours(session, t.id, until=date(2024, 3, 31))
    assert months[0][0] == date(2019, 3, 1) and months[-1][0] == date(2024, 3, 1)
    assert len(months) == 61
    assert dict(months)[date(2024, 1, 1)] == 16
    assert dict(months)[date(2024, 2, 1)] == 16
    assert dict(months)[date(2024, 3, 1)] == 4
    assert sum(h for _, h in months) == 36


def test_summary_share_meeting_every_norm(session, factory, packs):
    a = factory.make_department(session, "A")
    good = factory.make_person(session, department=a)
    factory.make_person(session, department=a)
    add(session, factory, good, date(2020, 1, 6), 132, 1056)
    add(session, factory, good, date(2024, 2, 1), 22, 176)
    factory.make_certification(session, good, issued_on=date(2020, 1, 1), expires_on=None)
    session.commit()
    (summary,) = summarise(evaluate_compliance(session, as_of=AS_OF))
    assert (summary.department, summary.head_count, summary.meeting_all, summary.share) == ("A", 2, 1, 0.5)
    assert summary.not_met == 1


def test_database_matches_the_pure_engine_on_random_data(session, factory, packs):
    """Both paths (materialised series; activities spread on the fly) against the engine fed plain records,
    with the example layers loaded so a second series (R&D only, 3-year window) is in play."""
    load_pack(session, EXAMPLES / "provincial.toml")
    load_pack(session, EXAMPLES / "institutional.toml")
    rng = random.Random(7)
    people = [
        factory.make_person(
            session, department=f"D{i % 3}", hire_date=date(2015, 1, 1) + timedelta(days=rng.randint(0, 3400))
        )
        for i in range(12)
    ]
    records, certs = [], []
    for p in people:
        for _ in range(25):
            start = date(2018, 1, 1) + timedelta(days=rng.randint(0, 2600))
            end = start + timedelta(days=rng.choice([0, 0, 1, 2, 6, 30]))
            hours = round(rng.uniform(1, 90), 1)
            kind = rng.choice(["visit", "training", "post_practice", "rnd_project", "other"])
            status = rng.choice(["verified", "verified", "verified", "submitted", "draft", "rejected"])
            factory.make_activity(session, p, start=start, end=end, hours=hours, kind=kind, status=status)
            records.append((p.id, start, end, hours, kind, status))
        issued = date(2017, 1, 1) + timedelta(days=rng.randint(0, 2500))
        expires = rng.choice([None, issued + timedelta(days=1100)])
        status = rng.choice(["verified", "submitted"])
        factory.make_certification(session, p, issued_on=issued, expires_on=expires, status=status)
        certs.append(CertificateRecord(p.id, issued, expires, status))
    rebuild_practice(session)
    session.commit()
    teachers = [
        Teacher(p.id, p.email, p.name, f"D{i % 3}", p.category, p.hire_date) for i, p in enumerate(people)
    ]
    for as_of in (
        date(2020, 2, 29),
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2024, 6, 30),
        date(2025, 3, 1),
    ):
        norms = active_norms(session, as_of)
        expected = sorted(
            evaluate(norms, teachers, ActivityArrays.from_records(records), certs, as_of),
            key=lambda r: (r.person_id, r.norm),
        )
        got = sorted(evaluate_compliance(session, as_of=as_of), key=lambda r: (r.person_id, r.norm))
        assert got == expected
    # the on-the-fly path (no materialised series) gives the same rows
    session.execute(sa.text("DELETE FROM app_setting WHERE key = 'norms.practice_series'"))
    for as_of in (date(2024, 1, 1), AS_OF):
        got = sorted(evaluate_compliance(session, as_of=as_of), key=lambda r: (r.person_id, r.norm))
        norms = active_norms(session, as_of)
        expected = evaluate(norms, teachers, ActivityArrays.from_records(records), certs, as_of)
        assert got == sorted(expected, key=lambda r: (r.person_id, r.norm))


def test_two_writers_for_one_teacher_both_succeed(engine, session, factory, packs):
    """Head verifying while the teacher edits: the second hook waits for the first instead of failing."""
    import threading

    from sqlmodel import Session

    t = factory.make_person(session)
    add(session, factory, t, date(2024, 1, 8), 2, 16)
    session.commit()
    first = Session(engine)
    factory.make_activity(first, t, start=date(2024, 2, 5), hours=8)
    on_activities_changed(first, [t.id])  # holds its transaction open
    failures: list[BaseException] = []

    def second_writer():
        try:
            with Session(engine) as other:
                factory.make_activity(other, t, start=date(2024, 3, 4), hours=8)
                on_activities_changed(other, [t.id])
                other.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(0.5)  # on SQLite the second writer waits on the file lock, on PostgreSQL on the row lock
    first.commit()
    first.close()
    thread.join(30)
    assert not thread.is_alive() and failures == []
    session.expire_all()
    assert by_norm(evaluate_compliance(session, as_of=AS_OF))["annual_practice"].achieved == 32


def test_unmaterialised_path_keeps_activities_ending_on_the_first_day_of_the_year(session, factory, packs):
    load_pack(
        session,
        '[pack]\nname = "col"\nlayer = "institutional"\neffective_from = 2020-01-01\n'
        '[[norm]]\nkey = "training_year"\nrule = "calendar_year_hours"\nrequired = 8\n'
        'kinds = ["training"]\n',
    )
    t = factory.make_person(session)
    add(session, factory, t, date(2023, 12, 31), 2, 16, kind="training")  # 8 h on 1 January 2024
    # only the baseline series stays materialised: training_year is spread from activity rows
    session.execute(
        sa.text("UPDATE app_setting SET value = :v WHERE key = 'norms.practice_series'"),
        {"v": '["post_practice,rnd_project,training,visit|8"]'},
    )
    rows = by_norm(evaluate_compliance(session, as_of=AS_OF))
    assert (rows["training_year"].achieved, rows["training_year"].status) == (8, "met")
    assert rows["annual_practice"].achieved == 8


def test_training_base_is_stored_and_counted_by_the_yearly_norm_only(session, factory, packs):
    """Issue 12: the kind exists in the schema (migration 0004); the corrected baseline counts it per year."""
    t = factory.make_person(session)
    add(session, factory, t, date(2027, 3, 1), 2, 16, kind="training_base")
    add(session, factory, t, date(2027, 3, 3), 1, 8, kind="visit")
    session.commit()
    rows = by_norm(evaluate_compliance(session, as_of=date(2027, 3, 31)))
    assert (rows["annual_practice"].achieved, rows["enterprise_practice_5y"].achieved) == (24, 8)
    assert set(rows) == {"enterprise_practice_5y", "annual_practice"}  # no certificate norm any more
    # before the corrected version took effect the first version applies, which did not count it
    old = by_norm(evaluate_compliance(session, as_of=date(2026, 11, 30)))
    assert "valid_certification" in old
    with pytest.raises(sa.exc.IntegrityError):
        with session.begin_nested():
            factory.make_activity(session, t, kind="seminar")


def test_switching_off_a_norm_the_baseline_dropped_keeps_loading(session, packs):
    """A college that switched off the national certificate norm before issue 12 still loads and layers."""
    load_pack(session, EXAMPLES.parent / "history" / "example-college-2023-09-01.toml")
    session.commit()
    assert [n.key for n in active_norms(session, date(2026, 1, 1))] == [
        "enterprise_practice_5y",
        "annual_practice",
        "rnd_project_3y",
    ]
    assert "valid_certification" not in {n.key for n in active_norms(session, date(2027, 1, 1))}
