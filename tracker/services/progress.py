"""Where one teacher stands: a card per norm, practice hours per month, certificates about to expire.

The numbers come from the norms engine (``tracker.norms``); this module only gathers them for one person the
actor may read and turns them into plain data the pages and charts use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, func, select

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.models import Activity, Certification, Department, Status
from tracker.norms.packs import Labelled
from tracker.norms.packs import rolling_window_start as window_start
from tracker.services import _lifecycle as lifecycle
from tracker.services._acting import acting

EXPIRY_HORIZON_DAYS = 180  # how far ahead "upcoming" expiries reach
EXPIRED_LOOKBACK_DAYS = 365  # expired certificates nobody renewed stay visible this long
DEFAULT_WINDOW_YEARS = 5


@dataclass(frozen=True)
class NormCard(Labelled):
    """One norm for one teacher: what is required, what counts, what waits for review, what is missing."""

    norm: str
    label: str
    label_zh: str
    required: float
    achieved: float
    unit: str  # "hours" | "count"
    status: str  # met | on_track | at_risk | not_met
    pending: float  # submitted, not yet verified (hours, or certificates)
    gap: float
    change_date: date | None  # hours start ageing out / the certificate that keeps this norm met expires
    source: str

    @property
    def share(self) -> float:
        """Achieved as a fraction of required, between 0 and 1."""
        if self.required <= 0:
            return 1.0
        return max(0.0, min(1.0, self.achieved / self.required))


@dataclass(frozen=True)
class Expiry:
    certification_id: int
    name: str
    issuer: str
    expires_on: date
    days_left: int  # negative once expired
    status: str


@dataclass(frozen=True)
class TeacherOverview:
    person_id: int
    name: str
    email: str
    department: str | None
    as_of: date
    window_start: date  # first day of the rolling window (inclusive)
    window_years: int
    cards: list[NormCard] = field(default_factory=list)
    monthly: list[tuple[date, float]] = field(default_factory=list)  # (first day of month, counted hours)
    expiries: list[Expiry] = field(default_factory=list)
    drafts: int = 0
    waiting_review: int = 0


def _window(session: Session, as_of: date) -> tuple[date, int]:
    """First day and length in years of the 5-year norm's window on ``as_of`` (the norm's own window)."""
    from tracker.norms import active_norms

    for norm in active_norms(session, as_of):
        if norm.rule == "rolling_hours" and norm.enabled:
            return norm.window_on(as_of)[0], norm.window_years
    return window_start(as_of, DEFAULT_WINDOW_YEARS), DEFAULT_WINDOW_YEARS


def upcoming_expiries(session: Session, person_id: int, as_of: date) -> list[Expiry]:
    """Certificates (verified or waiting for review) that expire within the horizon, or expired within the
    last year, and that no renewal has replaced yet."""
    renewal_ids = select(Certification.renews_id).where(
        Certification.renews_id.is_not(None), Certification.status != Status.rejected.value
    )
    rows = session.exec(
        select(Certification)
        .where(
            Certification.person_id == person_id,
            Certification.status.in_([Status.verified.value, Status.submitted.value]),
            Certification.expires_on.is_not(None),
            Certification.expires_on <= as_of + timedelta(days=EXPIRY_HORIZON_DAYS),
            Certification.expires_on >= as_of - timedelta(days=EXPIRED_LOOKBACK_DAYS),
            Certification.id.not_in(renewal_ids),
        )
        .order_by(Certification.expires_on)
    ).all()
    return [Expiry(c.id, c.name, c.issuer, c.expires_on, (c.expires_on - as_of).days, c.status) for c in rows]


@acting
def teacher_overview(
    actor: Actor, person_id: int | None = None, as_of: date | None = None
) -> TeacherOverview:
    """A teacher's progress as of a date (default today), for the teacher, their head, or an admin.

    Raises:
        PermissionDenied: the actor may not read this person.
        NotFound: no such person.
    """
    from tracker.norms import evaluate_compliance, monthly_practice_hours

    as_of = as_of or date.today()
    with session_scope(read_only=True) as session:
        person = lifecycle.owner_for_read(session, actor, person_id)
        department = session.get(Department, person.department_id) if person.department_id else None
        first_day, years = _window(session, as_of)
        rows = evaluate_compliance(session, as_of=as_of, person_ids=[person.id])
        cards = [
            NormCard(
                r.norm,
                r.label,
                r.label_zh,
                r.required,
                r.achieved,
                r.unit,
                r.status,
                r.pending_hours,
                r.gap,
                r.change_date,
                r.source,
            )
            for r in rows
            if r.person_id == person.id
        ]
        monthly = [(m, float(h)) for m, h in monthly_practice_hours(session, person.id, until=as_of)]
        counts = dict(
            session.exec(
                select(Activity.status, func.count())
                .where(Activity.person_id == person.id)
                .group_by(Activity.status)
            ).all()
        )
        return TeacherOverview(
            person_id=person.id,
            name=person.name,
            email=person.email,
            department=department.name if department else None,
            as_of=as_of,
            window_start=first_day,
            window_years=years,
            cards=cards,
            monthly=monthly,
            expiries=upcoming_expiries(session, person.id, as_of),
            drafts=counts.get(Status.draft.value, 0),
            waiting_review=counts.get(Status.submitted.value, 0),
        )
