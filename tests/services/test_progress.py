"""A teacher's overview: norm cards from the engine, monthly hours, upcoming expiries, who may see it.

Numbers are computed by hand from the shipped national pack (1056 hours in a rolling 5 years, 176 hours a
calendar year, one valid certificate; 8 hours a day at most)."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.services.teacher_cast import make_cast
from tracker.auth import Actor
from tracker.errors import NotFound, PermissionDenied
from tracker.models import Person
from tracker.norms import load_default_packs, on_activities_changed
from tracker.services.progress import teacher_overview, window_start

AS_OF = date(2025, 6, 30)


def _world(session):
    cast = make_cast(session)
    load_default_packs(session)
    teacher = session.get(Person, cast.teacher.person_id)
    add = factories.make_activity
    add(session, teacher, start=date(2024, 3, 4), end=date(2024, 3, 8), hours=40)  # 5 days x 8
    add(session, teacher, start=date(2025, 1, 10), hours=12)  # one day: capped at 8
    add(session, teacher, start=date(2025, 2, 3), hours=6, status="submitted")  # pending
    add(session, teacher, start=date(2025, 2, 4), hours=6, status="draft")  # neither
    add(session, teacher, start=date(2025, 2, 5), hours=6, status="rejected")  # neither
    add(session, teacher, start=date(2019, 6, 3), hours=8)  # before the window
    add(session, teacher, start=date(2025, 3, 1), hours=8, kind="other")  # a kind that does not count
    cert = factories.make_certification
    cert(session, teacher, name="Soon", issued_on=date(2022, 8, 15), expires_on=date(2025, 8, 15))
    old = cert(session, teacher, name="Renewed", issued_on=date(2022, 1, 1), expires_on=date(2025, 1, 1))
    renewal = cert(session, teacher, name="Renewed", issued_on=date(2024, 12, 1), expires_on=date(2026, 6, 1))
    renewal.renews_id = old.id
    cert(session, teacher, name="Lapsed", issued_on=date(2021, 12, 1), expires_on=date(2024, 12, 1))
    cert(session, teacher, name="Long gone", issued_on=date(2020, 1, 1), expires_on=date(2023, 1, 1))
    session.add(renewal)
    on_activities_changed(session, [teacher.id])
    session.commit()
    return cast


def test_cards_hold_the_engines_numbers_for_each_norm(session):
    cast = _world(session)
    overview = teacher_overview(cast.teacher, as_of=AS_OF)
    cards = {c.norm: c for c in overview.cards}
    five = cards["enterprise_practice_5y"]
    assert (five.required, five.achieved, five.pending, five.gap, five.unit) == (1056, 48, 6, 1008, "hours")
    assert five.status == "not_met"
    assert five.share == pytest.approx(48 / 1056)
    year = cards["annual_practice"]
    assert (year.required, year.achieved, year.pending, year.gap) == (176, 8, 6, 168)
    assert year.status == "at_risk"  # 8 hours by 30 June is far behind the pace of 176 a year
    certificate = cards["valid_certification"]
    # valid today: "Soon" and the renewal; with one required, compliance ends at the later expiry
    assert (certificate.achieved, certificate.required, certificate.status) == (2, 1, "met")
    assert certificate.change_date == date(2026, 6, 1)
    assert five.label_zh and five.source


def test_monthly_hours_are_counted_hours_only(session):
    cast = _world(session)
    monthly = dict(teacher_overview(cast.teacher, as_of=AS_OF).monthly)
    assert monthly[date(2024, 3, 1)] == 40
    assert monthly[date(2025, 1, 1)] == 8
    assert date(2025, 2, 1) not in monthly or monthly[date(2025, 2, 1)] == 0  # submitted/draft/rejected
    assert date(2025, 3, 1) not in monthly or monthly[date(2025, 3, 1)] == 0  # kind "other"


def test_window_start_and_counts(session):
    cast = _world(session)
    overview = teacher_overview(cast.teacher, as_of=AS_OF)
    assert (overview.window_start, overview.window_years) == (date(2020, 7, 1), 5)
    assert (overview.drafts, overview.waiting_review) == (1, 1)
    assert (overview.name, overview.department) == ("唐老师", "跨境电商")


@pytest.mark.parametrize(
    ("as_of", "first"), [(date(2024, 2, 29), date(2019, 3, 1)), (date(2025, 1, 1), date(2020, 1, 2))]
)
def test_window_start_is_the_day_after_as_of_minus_the_years(as_of, first):
    assert window_start(as_of, 5) == first


def test_upcoming_expiries_skip_renewed_far_and_long_expired_certificates(session):
    cast = _world(session)
    expiries = teacher_overview(cast.teacher, as_of=AS_OF).expiries
    assert [(e.name, e.expires_on, e.days_left) for e in expiries] == [
        ("Lapsed", date(2024, 12, 1), -211),
        ("Soon", date(2025, 8, 15), 46),
    ]


def test_ageing_out_date_of_a_teacher_who_meets_the_five_year_norm(session):
    cast = make_cast(session)
    load_default_packs(session)
    teacher = session.get(Person, cast.teacher.person_id)
    # 132 days x 8 hours = exactly 1056, all from 4 January 2021
    factories.make_activity(
        session, teacher, start=date(2021, 1, 4), end=date(2021, 5, 15), hours=1056, kind="post_practice"
    )
    on_activities_changed(session, [teacher.id])
    session.commit()
    card = {c.norm: c for c in teacher_overview(cast.teacher, as_of=AS_OF).cards}["enterprise_practice_5y"]
    assert (card.achieved, card.status, card.gap) == (1056, "met", 0)
    # 4 January 2021 leaves the window on 4 January 2026; 90 days of outlook before that the card turns
    # "at risk": 6 October 2025
    assert card.change_date == date(2025, 10, 6)


def test_the_teacher_their_head_and_an_admin_see_the_overview_others_do_not(session):
    cast = _world(session)
    for allowed in (cast.teacher, cast.head, cast.admin):
        assert (
            teacher_overview(allowed, cast.teacher.person_id, as_of=AS_OF).person_id == cast.teacher.person_id
        )
    for refused in (cast.colleague, cast.other_head):
        with pytest.raises(PermissionDenied):
            teacher_overview(refused, cast.teacher.person_id, as_of=AS_OF)
    with pytest.raises(NotFound):
        teacher_overview(cast.admin, 9999, as_of=AS_OF)


def test_no_card_for_a_teacher_no_norm_applies_to(session):
    make_cast(session)
    load_default_packs(session)
    general = factories.make_person(session, "general@example.edu", category="general")
    session.commit()
    overview = teacher_overview(Actor.of(general), as_of=AS_OF)
    assert overview.cards == [] and overview.expiries == []
    assert all(hours == 0 for _, hours in overview.monthly)
