"""Compliance from the database: load plain data for an as-of date, hand it to the pure engine."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import sqlalchemy as sa
from sqlmodel import Session

from tracker.models import Certification, Department, Person
from tracker.norms.engine import (
    NANO,
    CertificateRecord,
    ComplianceRow,
    SeriesKey,
    SparseDays,
    Teacher,
    evaluate,
    series_key,
    years_before,
)
from tracker.norms.packs import COUNTING_KINDS, Norm
from tracker.norms.practice import (
    daily_hours,
    key_text,
    load_activities,
    materialised_series,
    read_series,
)
from tracker.norms.roster import employed_on, scoped_to
from tracker.norms.store import active_norms


@dataclass(frozen=True)
class DepartmentSummary:
    """Per department: teachers with at least one norm, how many meet every norm, and that share (0..1)."""

    department: str | None
    head_count: int
    meeting_all: int
    share: float
    at_risk: int
    not_met: int


def _teachers(
    session: Session,
    as_of: date,
    categories: set[str],
    department_id: int | None,
    person_ids: list[int] | None,
) -> list[Teacher]:
    query = employed_on(
        as_of, categories, department_id, person_ids,
        Person.id, Person.email, Person.name, Department.name, Person.category, Person.hire_date,
    )
    return [Teacher(*row) for row in session.execute(query).all()]


def _certificates(session: Session, as_of: date, department_id: int | None, person_ids: list[int] | None):
    query = sa.select(
        Certification.person_id, Certification.issued_on, Certification.expires_on, Certification.status
    ).where(
        Certification.status.in_(["verified", "submitted"]),
        Certification.issued_on <= as_of,
        sa.or_(Certification.expires_on.is_(None), Certification.expires_on >= as_of),
    )
    query = scoped_to(query, Certification.person_id, department_id, person_ids)
    return [CertificateRecord(*row) for row in session.execute(query).all()]


def evaluate_compliance(
    session: Session,
    *,
    as_of: date,
    department_id: int | None = None,
    person_ids: Iterable[int] | None = None,
) -> list[ComplianceRow]:
    """Every active norm for every teacher it applies to (or a department's, or some people's) on ``as_of``.

    Returns plain frozen dataclasses grouped by teacher (department, then name), norms in pack order. The
    caller checks permissions. Teachers hired after ``as_of``, inactive accounts and categories no norm
    covers get no rows.
    """
    norms = active_norms(session, as_of)
    if not norms:
        return []
    ids = None if person_ids is None else list(person_ids)
    teachers = _teachers(session, as_of, {c for n in norms for c in n.categories}, department_id, ids)
    if not teachers:
        return []
    scope = {"department_id": department_id, "person_ids": ids}
    held = materialised_series(session)
    daily = {}
    spread_from = None
    for norm in norms:
        if norm.rule == "valid_certificates":
            continue
        key = series_key(norm)
        if key_text(key) in held:
            if key not in daily:
                daily[key] = read_series(session, key, **scope)
        else:
            # the day before the window: activities must end after it
            before = norm.window_on(as_of)[0] - timedelta(days=1)
            spread_from = before if spread_from is None else min(spread_from, before)
    activities = None
    if spread_from is not None:
        activities = load_activities(session, ends_after=spread_from, starts_until=as_of, **scope)
    certificates = []
    if any(n.rule == "valid_certificates" for n in norms):
        certificates = _certificates(session, as_of, department_id, ids)
    return evaluate(norms, teachers, activities, certificates, as_of, daily=daily)


def summarise(rows: Sequence[ComplianceRow]) -> list[DepartmentSummary]:
    """Per department (by name): head count of evaluated teachers and the share meeting every norm."""
    people: dict[str | None, dict[int, list[str]]] = {}
    for r in rows:
        people.setdefault(r.department, {}).setdefault(r.person_id, []).append(r.status)
    out = []
    for department in sorted(people, key=lambda d: (d is None, d or "")):
        statuses = people[department].values()
        head_count = len(statuses)
        meeting = sum(1 for s in statuses if all(x == "met" for x in s))
        out.append(
            DepartmentSummary(
                department=department,
                head_count=head_count,
                meeting_all=meeting,
                share=meeting / head_count if head_count else 0.0,
                at_risk=sum(1 for s in statuses if "at_risk" in s),
                not_met=sum(1 for s in statuses if "not_met" in s),
            )
        )
    return out


def _timeline_norm(session: Session, until: date) -> tuple[SeriesKey, Norm | None, int]:
    """The series behind "practice hours per month": the 5-year norm's (its kinds, its daily cap)."""
    norms = [n for n in active_norms(session, until) if n.rule != "valid_certificates"]
    rolling = [n for n in norms if n.rule == "rolling_hours"]  # the 5-year norm, rolling or fixed
    norm = (rolling or norms or [None])[0]
    if norm is None:
        return (tuple(sorted(COUNTING_KINDS)), 8.0, ()), None, 5
    return series_key(norm), norm, norm.window_years


def _by_month(series: SparseDays, first: date, until: date) -> list[tuple[date, float]]:
    """Counted hours per calendar month from ``first``'s month to ``until``'s (days outside are left out)."""
    last = until.toordinal()
    keep = series.day <= last
    days, hours = series.day[keep], series.nano[keep] / NANO
    months = []
    y, m = first.year, first.month
    while (y, m) <= (until.year, until.month):
        months.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    bounds = np.array([d.toordinal() for d in months] + [last + 1], dtype=np.int64)
    which = np.searchsorted(bounds, days, side="right") - 1
    sums = np.bincount(which[which >= 0], weights=hours[which >= 0], minlength=len(months))[: len(months)]
    return [(month, float(h)) for month, h in zip(months, sums.tolist(), strict=True)]


def monthly_practice_hours(session: Session, person_id: int, *, until: date) -> list[tuple[date, float]]:
    """Counted (verified, capped) hours per calendar month up to ``until``, for a teacher's timeline.

    Months run from the start of the rolling window (or the first month with hours, if earlier) to
    ``until``'s month, empty months included. Hours are full precision; round for display.
    """
    key, norm, years = _timeline_norm(session, until)
    series = daily_hours(session, key, person_ids=[person_id]).counted
    if norm is None or norm.is_rolling:  # from the month holding the day before the window
        first = years_before(until, years)
    else:
        first = norm.window_on(until)[0]
    days = series.day[series.day <= until.toordinal()]
    if len(days):
        first = min(first, date.fromordinal(int(days.min())))
    return _by_month(series, first, until)


def practice_hours_by_month(
    session: Session, *, since: date, until: date, department_id: int | None = None
) -> list[tuple[date, float]]:
    """Practice hours per calendar month from ``since``'s month to ``until``'s, summed over everyone (or one
    department): the same hours as a teacher's timeline (verified, spread over the days, capped per day)."""
    key, _norm, _years = _timeline_norm(session, until)
    return _by_month(daily_hours(session, key, department_id=department_id).counted, since, until)
