"""What a head (or an admin) sees of a team: KPIs, the teacher x norm matrix, and hours aggregated in SQL.

A head's scope is their own department; an admin chooses one department or the whole institution
(``department_id=None``). Everything returned is plain data (dataclasses and DataFrames) so pages can cache it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import PermissionDenied
from tracker.models import Activity, Certification, Department, Enterprise, Person, Role, Status
from tracker.services import permissions

EXPIRY_HORIZONS = (30, 60, 90)  # days ahead the Team page counts certificate expiries for
CHART_YEARS = 5  # the charts cover the same five years the practice norm looks back over

MATRIX_COLUMNS = [
    "person_id", "teacher", "name", "department", "norm", "label", "label_zh", "status", "achieved",
    "required", "unit", "pending_hours", "gap", "change_date",
]


@dataclass(frozen=True)
class TeamKpis:
    head_count: int  # active teaching staff in scope (teachers and heads)
    evaluated: int  # people at least one norm applies to
    meeting_all: int  # of those, people whose every norm is met
    at_risk: int  # people with at least one norm at risk
    not_met: int  # people with at least one norm not met
    expiring: tuple[tuple[int, int], ...]  # ((30, n), (60, n), (90, n)): verified certificates ending within

    @property
    def share_meeting_all(self) -> float | None:
        return self.meeting_all / self.evaluated if self.evaluated else None


@dataclass(frozen=True)
class TeamOverview:
    as_of: date
    department_id: int | None
    kpis: TeamKpis
    matrix: pd.DataFrame  # one row per teacher and norm, columns MATRIX_COLUMNS


@dataclass(frozen=True)
class TeamMember:
    person_id: int
    name: str
    email: str
    department: str | None


def scope_department(actor: Actor, department_id: int | None = None) -> int | None:
    """The department an actor's team views cover: a head's own (asking for another is refused); for an
    admin the one asked for, or None for everyone. Teachers have no team."""
    scope = permissions.department_scope(actor)
    if actor.role == Role.admin:
        return department_id
    if scope is None:
        raise PermissionDenied("You are not assigned to a department; ask an admin to assign you.")
    if department_id is not None and department_id != scope:
        raise PermissionDenied("You can see only your own department.")
    return scope


def departments_in_scope(actor: Actor) -> list[tuple[int, str]]:
    """``(id, name)`` of the departments the actor may choose between (a head: their own)."""
    scope = scope_department(actor)
    with session_scope() as session:
        query = sa.select(Department.id, Department.name).order_by(Department.name)
        if scope is not None:
            query = query.where(Department.id == scope)
        return [tuple(r) for r in session.execute(query).all()]


def team_members(actor: Actor, *, department_id: int | None = None) -> list[TeamMember]:
    """Active teachers and heads in scope, by name (for the Teacher and Reports pickers)."""
    scope = scope_department(actor, department_id)
    with session_scope() as session:
        query = (
            sa.select(Person.id, Person.name, Person.email, Department.name)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Person.active.is_(True), Person.role != Role.admin)
            .order_by(Person.name, Person.email)
        )
        if scope is not None:
            query = query.where(Person.department_id == scope)
        return [TeamMember(*r) for r in session.execute(query).all()]


def team_overview(actor: Actor, *, as_of: date, department_id: int | None = None) -> TeamOverview:
    """KPIs and the teacher x norm matrix for the actor's scope on ``as_of``."""
    from tracker.norms import evaluate_compliance

    scope = scope_department(actor, department_id)
    with session_scope() as session:
        rows = evaluate_compliance(session, as_of=as_of, department_id=scope)
        head_count = session.execute(
            _in_scope(sa.select(sa.func.count()).select_from(Person), scope)
        ).scalar_one()
        expiring = _expiring_certificates(session, scope, as_of)
    matrix = matrix_frame(rows)
    return TeamOverview(as_of, scope, kpis_from(matrix, head_count, expiring), matrix)


def _in_scope(query, scope: int | None):
    query = query.where(Person.active.is_(True), Person.role != Role.admin)
    return query if scope is None else query.where(Person.department_id == scope)


def _expiring_certificates(session, scope: int | None, as_of: date) -> tuple[tuple[int, int], ...]:
    """Verified certificates of people in scope ending within each horizon, renewed ones left out."""
    renewal = sa.orm.aliased(Certification)
    renewed = sa.exists().where(renewal.renews_id == Certification.id, renewal.status != Status.rejected)
    ends = sa.select(Certification.expires_on).join(Person, Person.id == Certification.person_id).where(
        Certification.status == Status.verified,
        Certification.expires_on >= as_of,
        Certification.expires_on <= as_of + timedelta(days=max(EXPIRY_HORIZONS)),
        ~renewed,
    )
    dates = session.execute(_in_scope(ends, scope)).scalars().all()
    return tuple((days, sum(1 for d in dates if d <= as_of + timedelta(days=days))) for days in EXPIRY_HORIZONS)


def matrix_frame(rows: Sequence) -> pd.DataFrame:
    """ComplianceRows as a DataFrame with MATRIX_COLUMNS (pure)."""
    frame = pd.DataFrame([{c: getattr(r, c, None) for c in MATRIX_COLUMNS} for r in rows], columns=MATRIX_COLUMNS)
    return frame.sort_values(["name", "teacher", "norm"], kind="stable").reset_index(drop=True)


def kpis_from(matrix: pd.DataFrame, head_count: int, expiring: tuple[tuple[int, int], ...]) -> TeamKpis:
    """The KPI counts from the matrix (pure): a person meets every norm when each of their rows is met."""
    if matrix.empty:
        return TeamKpis(head_count, 0, 0, 0, 0, expiring)
    per_person = matrix.groupby("person_id")["status"]
    return TeamKpis(
        head_count=head_count,
        evaluated=int(per_person.ngroups),
        meeting_all=int(per_person.apply(lambda s: bool((s == "met").all())).sum()),
        at_risk=int(per_person.apply(lambda s: bool((s == "at_risk").any())).sum()),
        not_met=int(per_person.apply(lambda s: bool((s == "not_met").any())).sum()),
        expiring=expiring,
    )


def filter_matrix(matrix: pd.DataFrame, *, statuses: Sequence[str] = (), norms: Sequence[str] = (),
                  name: str = "") -> pd.DataFrame:
    """The rows whose status and norm are among those chosen (none chosen: all) and whose teacher's name or
    email contains ``name`` (case-insensitive). A teacher keeps all their rows when any row matches the
    status filter, so the matrix still shows them whole."""
    frame = matrix
    if norms:
        frame = frame[frame["norm"].isin(list(norms))]
    if statuses:
        hit = frame.loc[frame["status"].isin(list(statuses)), "person_id"].unique()
        frame = frame[frame["person_id"].isin(hit)]
    needle = name.strip().casefold()
    if needle:
        text = (frame["name"].fillna("") + " " + frame["teacher"].fillna("")).str.casefold()
        frame = frame[text.str.contains(needle, regex=False)]
    return frame


# --- hours aggregated in SQL ------------------------------------------------------------------------------------


def _chart_window(as_of: date) -> tuple[date, date]:
    return date(as_of.year - CHART_YEARS, as_of.month, 1), as_of


def _verified_hours(scope: int | None, as_of: date, *columns):
    """SELECT columns, SUM(hours) over verified activities started in the chart window, grouped by columns."""
    start, end = _chart_window(as_of)
    query = (
        sa.select(*columns, sa.func.sum(Activity.hours).label("hours"))
        .where(Activity.status == Status.verified, Activity.start_date >= start, Activity.start_date <= end)
        .group_by(*columns)
    )
    if scope is not None:
        # through the person: the (person_id, start_date) index then reads only this department's rows
        people = sa.select(Person.id).where(Person.department_id == scope)
        query = query.where(Activity.person_id.in_(people))
    return query


def hours_by_month(actor: Actor, *, as_of: date, department_id: int | None = None) -> pd.DataFrame:
    """Verified hours per calendar month of the activity's start, over the five years up to ``as_of``.

    Columns ``month`` (first day, every month of the window, zero when empty) and ``hours``.
    """
    scope = scope_department(actor, department_id)
    year = sa.extract("year", Activity.start_date)
    month = sa.extract("month", Activity.start_date)
    with session_scope() as session:
        rows = session.execute(_verified_hours(scope, as_of, year, month)).all()
    start, end = _chart_window(as_of)
    months = pd.date_range(start, end, freq="MS").date
    totals = {date(int(y), int(m), 1): float(h) for y, m, h in rows}
    return pd.DataFrame({"month": months, "hours": [totals.get(m, 0.0) for m in months]})


def hours_by_kind(actor: Actor, *, as_of: date, department_id: int | None = None) -> pd.DataFrame:
    """Verified hours per kind of practice over the five years up to ``as_of`` (columns ``kind``, ``hours``)."""
    scope = scope_department(actor, department_id)
    with session_scope() as session:
        rows = session.execute(_verified_hours(scope, as_of, Activity.kind)).all()
    frame = pd.DataFrame([(k, float(h)) for k, h in rows], columns=["kind", "hours"])
    return frame.sort_values("hours", ascending=False, kind="stable").reset_index(drop=True)


def hours_by_enterprise(actor: Actor, *, as_of: date, department_id: int | None = None,
                        top: int = 15) -> pd.DataFrame:
    """Verified hours per enterprise over the five years up to ``as_of``: the ``top`` largest, by hours.

    Columns ``enterprise`` (None for activities without one) and ``hours``.
    """
    scope = scope_department(actor, department_id)
    with session_scope() as session:
        totals = _verified_hours(scope, as_of, Activity.enterprise_id).subquery()
        rows = session.execute(
            sa.select(Enterprise.name, totals.c.hours)
            .select_from(totals)
            .outerjoin(Enterprise, Enterprise.id == totals.c.enterprise_id)
            .order_by(totals.c.hours.desc(), Enterprise.name)
            .limit(top)
        ).all()
    # object dtype keeps "no enterprise" as None (a string column would turn it into NaN)
    return pd.DataFrame({"enterprise": pd.Series([n for n, _ in rows], dtype=object),
                         "hours": pd.Series([float(h) for _, h in rows], dtype=float)})
