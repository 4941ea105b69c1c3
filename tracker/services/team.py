"""What a head (or an admin) sees of a team: KPIs, the teacher x norm matrix, and hours aggregated in SQL.

A head's scope is their own department; an admin chooses one department or the whole institution
(``department_id=None``). Everything returned is plain data (dataclasses and DataFrames), so pages can
cache it. The matrix lists the teachers worst first (issue 11): the order of ``ComplianceStatus``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import PermissionDenied
from tracker.i18n import Text
from tracker.models import Activity, Certification, Department, Enterprise, Person, Role, Status
from tracker.norms.packs import ComplianceStatus
from tracker.services import permissions
from tracker.services._acting import acting

EXPIRY_HORIZONS = (30, 60, 90)  # days ahead the Team page counts certificate expiries for
CHART_YEARS = 5  # the charts cover the same five years the practice norm looks back over

MATRIX_COLUMNS = [
    "person_id",
    "teacher",
    "name",
    "department",
    "norm",
    "label",
    "label_zh",
    "status",
    "achieved",
    "required",
    "unit",
    "pending_hours",
    "gap",
    "change_date",
    "next_status",
    # why the row has its status, as on the teacher's own card (``services.progress.Standing``): filled for
    # one department's matrix, None across the whole institution (compared by department instead)
    "reason",
    "act_by",
    "needed",
    "complete_by",
    "changes_on",
]
STANDING_COLUMNS = ("reason", "act_by", "needed", "complete_by", "changes_on")
# ComplianceStatus lists the statuses best first; a teacher's count of each, worst first, orders the matrix
_WORST_FIRST = [s.value for s in reversed(ComplianceStatus)]


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
    matrix: pd.DataFrame  # one row per teacher and norm, columns MATRIX_COLUMNS, worst first (matrix_frame)


@dataclass(frozen=True)
class TeamMember:
    person_id: int
    name: str
    email: str
    department: str | None


@acting
def scope_department(actor: Actor, department_id: int | None = None) -> int | None:
    """The department an actor's team views cover: a head's own (asking for another is refused); for an
    admin the one asked for, or None for everyone. Teachers have no team."""
    scope = permissions.department_scope(actor)
    if actor.role == Role.admin:
        return department_id
    if scope is None:
        raise PermissionDenied(Text("errors.team.no_department"))
    if department_id is not None and department_id != scope:
        raise PermissionDenied(Text("errors.team.own_only"))
    return scope


@acting
def departments_in_scope(actor: Actor) -> list[tuple[int, str]]:
    """``(id, name)`` of the departments the actor may choose between (a head: their own)."""
    scope = scope_department(actor)
    with session_scope(read_only=True) as session:
        query = sa.select(Department.id, Department.name).order_by(Department.name)
        if scope is not None:
            query = query.where(Department.id == scope)
        return [tuple(r) for r in session.execute(query).all()]


@acting
def team_members(actor: Actor, *, department_id: int | None = None) -> list[TeamMember]:
    """Active teachers and heads in scope, by name (for the Teacher and Reports pickers)."""
    scope = scope_department(actor, department_id)
    with session_scope(read_only=True) as session:
        query = (
            sa.select(Person.id, Person.name, Person.email, Department.name)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Person.active.is_(True), Person.role != Role.admin)
            .order_by(Person.name, Person.email)
        )
        if scope is not None:
            query = query.where(Person.department_id == scope)
        return [TeamMember(*r) for r in session.execute(query).all()]


@acting
def team_overview(actor: Actor, *, as_of: date, department_id: int | None = None) -> TeamOverview:
    """KPIs and the teacher x norm matrix for the actor's scope on ``as_of``, worst first; for one
    department each row also says why it has its status (``STANDING_COLUMNS``)."""
    from tracker.norms import evaluate_compliance

    scope = scope_department(actor, department_id)
    with session_scope(read_only=True) as session:
        rows = teaching_rows(session, evaluate_compliance(session, as_of=as_of, department_id=scope))
        head_count = session.execute(
            _in_scope(sa.select(sa.func.count()).select_from(Person), scope)
        ).scalar_one()
        expiring = _expiring_certificates(session, scope, as_of)
        # the whole institution is compared by department, never read row by row: no reasons to work out
        standings = _standings(session, rows, as_of) if scope is not None else None
    matrix = matrix_frame(rows, standings)
    return TeamOverview(as_of, scope, kpis_from(matrix, head_count, expiring), matrix)


def _standings(session, rows: Sequence, as_of: date) -> dict:
    """``(person_id, norm) -> Standing``: the reason each row has its status, worked out as for the teacher's
    own card (``services.progress.norm_standing``), so the head reads the same reason the teacher does."""
    from tracker.norms import active_norms
    from tracker.services.progress import norm_standing

    norms = {n.key: n for n in active_norms(session, as_of)}
    people = sorted({r.person_id for r in rows})
    hired = (
        dict(session.execute(sa.select(Person.id, Person.hire_date).where(Person.id.in_(people))).all())
        if people
        else {}
    )
    return {
        (r.person_id, r.norm): norm_standing(r, norms[r.norm], hire_date=hired.get(r.person_id), as_of=as_of)
        for r in rows
        if r.norm in norms
    }


def teaching_rows(session, rows: Sequence) -> list:
    """Compliance rows without admins: they run the institution and are not counted among its teachers."""
    admins = set(session.execute(sa.select(Person.id).where(Person.role == Role.admin)).scalars())
    return [r for r in rows if r.person_id not in admins] if admins else list(rows)


def _in_scope(query, scope: int | None):
    query = query.where(Person.active.is_(True), Person.role != Role.admin)
    return query if scope is None else query.where(Person.department_id == scope)


def _expiring_certificates(session, scope: int | None, as_of: date) -> tuple[tuple[int, int], ...]:
    """Verified certificates of people in scope ending within each horizon, renewed ones left out."""
    renewed = sa.select(Certification.renews_id).where(
        Certification.renews_id.is_not(None), Certification.status != Status.rejected
    )
    ends = (
        sa.select(Certification.expires_on)
        .join(Person, Person.id == Certification.person_id)
        .where(
            Certification.status == Status.verified,
            Certification.expires_on >= as_of,
            Certification.expires_on <= as_of + timedelta(days=max(EXPIRY_HORIZONS)),
            Certification.id.not_in(renewed),
        )
    )
    dates = session.execute(_in_scope(ends, scope)).scalars().all()
    return tuple(
        (days, sum(1 for d in dates if d <= as_of + timedelta(days=days))) for days in EXPIRY_HORIZONS
    )


def matrix_frame(rows: Sequence, standings: Mapping | None = None) -> pd.DataFrame:
    """ComplianceRows as a DataFrame with MATRIX_COLUMNS, worst first (pure).

    Teachers with the most norms not met come first, then those with the most at risk, then on track (the
    order of ``ComplianceStatus``); among equals, the one furthest short (the share of each requirement still
    missing, summed), then by name and email. Each teacher's rows stay together, their worst norm first, then
    by norm. Filtering the frame keeps this order. ``standings`` (``(person_id, norm) ->
    Standing``) fills ``STANDING_COLUMNS``; rows without one keep None.
    """
    standings = standings or {}
    records = []
    for r in rows:
        record = {c: getattr(r, c, None) for c in MATRIX_COLUMNS}
        standing = standings.get((r.person_id, r.norm))
        for c in STANDING_COLUMNS:
            record[c] = getattr(standing, c, None)
        records.append(record)
    return pd.DataFrame(_worst_first(records), columns=MATRIX_COLUMNS)


def _worst_first(records: list[dict]) -> list[dict]:
    rank = {status: i for i, status in enumerate(_WORST_FIRST)}
    best = len(_WORST_FIRST) - 1
    counts: dict = {}
    short: dict = {}  # the share of each requirement still missing, summed over the teacher's norms
    for r in records:
        person = r["person_id"]
        counts.setdefault(person, [0] * best)
        i = rank.get(r["status"], best)
        if i < best:
            counts[person][i] += 1
        required, gap = r["required"], r["gap"]
        share = min(1.0, gap / required) if required and gap and required > 0 and gap > 0 else 0.0
        short[person] = short.get(person, 0.0) + share

    def key(r: dict) -> tuple:
        person = r["person_id"]
        worse = tuple(-n for n in counts[person])
        return (worse, -round(short[person], 6), str(r["name"] or ""), str(r["teacher"] or ""), person,
                rank.get(r["status"], best), str(r["norm"]))

    return sorted(records, key=key)


def kpis_from(matrix: pd.DataFrame, head_count: int, expiring: tuple[tuple[int, int], ...]) -> TeamKpis:
    """The KPI counts from the matrix (pure): a person meets every norm when each of their rows is met."""
    if matrix.empty:
        return TeamKpis(head_count, 0, 0, 0, 0, expiring)
    status = matrix["status"]
    per_person = pd.DataFrame(
        {
            "person_id": matrix["person_id"],
            "met": status.eq("met"),
            "at_risk": status.eq("at_risk"),
            "not_met": status.eq("not_met"),
        }
    ).groupby("person_id")
    return TeamKpis(
        head_count=head_count,
        evaluated=int(per_person.ngroups),
        meeting_all=int(per_person["met"].all().sum()),
        at_risk=int(per_person["at_risk"].any().sum()),
        not_met=int(per_person["not_met"].any().sum()),
        expiring=expiring,
    )


def department_summary(matrix: pd.DataFrame) -> pd.DataFrame:
    """Per department and norm (pure): teachers evaluated and the share of them meeting the norm, for the
    all-departments view, where a matrix of thousands of teachers would say little.

    Columns ``department``, ``norm``, ``label``, ``label_zh``, ``teachers``, ``met``, ``share_met``.
    """
    if matrix.empty:
        return pd.DataFrame(
            columns=["department", "norm", "label", "label_zh", "teachers", "met", "share_met"]
        )
    frame = matrix.assign(department=matrix["department"].fillna("–"), met=matrix["status"].eq("met"))
    summary = (
        frame.groupby(["department", "norm"], sort=True)
        .agg(
            label=("label", "first"),
            label_zh=("label_zh", "first"),
            teachers=("person_id", "nunique"),
            met=("met", "sum"),
        )
        .reset_index()
    )
    summary["met"] = summary["met"].astype(int)
    summary["share_met"] = summary["met"] / summary["teachers"]
    return summary


def filter_matrix(
    matrix: pd.DataFrame, *, statuses: Sequence[str] = (), norms: Sequence[str] = (), name: str = ""
) -> pd.DataFrame:
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


# --- hours aggregated in SQL --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursSummary:
    """Verified hours over the five years up to ``as_of``, by the month and the kind of the activity's start
    and by enterprise.

    ``by_month``: columns ``month`` (first day; every month of the window, 0 when empty) and ``hours``;
    ``by_kind``: ``kind``, ``hours``, largest first; ``by_enterprise``: ``enterprise`` (None for activities
    without one), ``hours``, the ``top`` largest first.
    """

    by_month: pd.DataFrame
    by_kind: pd.DataFrame
    by_enterprise: pd.DataFrame


def chart_window(as_of: date) -> tuple[date, date]:
    """First day of the month five years before ``as_of``, and ``as_of``."""
    return date(as_of.year - CHART_YEARS, as_of.month, 1), as_of


@acting
def hours_summary(
    actor: Actor, *, as_of: date, department_id: int | None = None, top: int = 15
) -> HoursSummary:
    """Practice hours in scope per month (``norms.practice_hours_by_month``: the teacher's timeline's hours,
    spread over the days and capped), and verified hours per kind and per enterprise from one grouped scan."""
    from tracker.norms.query import practice_hours_by_month

    scope = scope_department(actor, department_id)
    start, end = chart_window(as_of)
    # "YYYY-MM" of an ISO date: the same text on SQLite and PostgreSQL, and cheaper than extract() per row
    month = sa.func.substr(sa.cast(Activity.start_date, sa.String), 1, 7).label("month")
    query = (
        sa.select(month, Activity.kind, Activity.enterprise_id, sa.func.sum(Activity.hours))
        .where(Activity.status == Status.verified, Activity.start_date >= start, Activity.start_date <= end)
        .group_by(month, Activity.kind, Activity.enterprise_id)
    )
    if scope is not None:
        # through the person: the (person_id, start_date) index then reads only this department's rows
        query = query.where(Activity.person_id.in_(sa.select(Person.id).where(Person.department_id == scope)))
    with session_scope(read_only=True) as session:
        groups = pd.DataFrame(
            session.execute(query).all(), columns=["month", "kind", "enterprise_id", "hours"]
        )
        groups["hours"] = groups["hours"].astype(float)
        per_enterprise = (
            groups.groupby("enterprise_id", dropna=False)["hours"]
            .sum()
            .sort_values(ascending=False, kind="stable")
        )
        wanted = [int(i) for i in per_enterprise.index if not pd.isna(i)]
        names = (
            dict(
                session.execute(
                    sa.select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(wanted))
                ).all()
            )
            if wanted
            else {}
        )
        monthly = practice_hours_by_month(session, since=start, until=end, department_id=scope)

    by_month = pd.DataFrame({"month": [m for m, _ in monthly], "hours": [h for _, h in monthly]})
    kinds = groups.groupby("kind")["hours"].sum().sort_values(ascending=False, kind="stable")
    by_kind = pd.DataFrame(
        {"kind": pd.Series(list(kinds.index), dtype=object), "hours": kinds.to_numpy(float)}
    )
    enterprises = [(None if pd.isna(i) else names.get(int(i)), float(h)) for i, h in per_enterprise.items()]
    enterprises.sort(key=lambda e: (-e[1], e[0] is None, e[0] or ""))
    enterprises = enterprises[:top]
    # object dtype keeps "no enterprise" as None (a string column would turn it into NaN)
    by_enterprise = pd.DataFrame(
        {
            "enterprise": pd.Series([n for n, _ in enterprises], dtype=object),
            "hours": pd.Series([h for _, h in enterprises], dtype=float),
        }
    )
    return HoursSummary(by_month, by_kind, by_enterprise)
