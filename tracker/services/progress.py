"""Where one teacher stands: a card per norm, practice hours per month, certificates about to expire, and the
list of things to do next (records sent back, drafts, certificates, norms), each with the page to do it on.

The numbers come from the norms engine (``tracker.norms``); this module only gathers them for one person the
actor may read and turns them into plain data the pages and charts use. Why a card has its status and what
would fix it (``norm_standing``) and the action list (``plan_actions``) are plain functions over plain data,
so they are tested without a database (issue 11).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from sqlmodel import Session, func, select

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.models import Activity, Certification, Department, Output, Status
from tracker.norms.engine import ComplianceRow
from tracker.norms.packs import (
    ComplianceStatus,
    Labelled,
    Norm,
    add_years,
    hours_as_days_months,
    years_before,
)
from tracker.norms.packs import rolling_window_start as window_start
from tracker.services import _lifecycle as lifecycle
from tracker.services._acting import acting

EXPIRY_HORIZON_DAYS = 180  # how far ahead "upcoming" expiries (and met norms about to change) reach
EXPIRED_LOOKBACK_DAYS = 365  # expired certificates nobody renewed stay visible this long
DEFAULT_WINDOW_YEARS = 5

MET, ON_TRACK, AT_RISK, NOT_MET = (s.value for s in ComplianceStatus)


@dataclass(frozen=True)
class Standing:
    """Why a norm card has its status and what would keep or restore it, as numbers (the page words them).

    ``reason`` is one of:

    - ``met``: met, and nothing changes it within the outlook (or the fixed period);
    - ``met_until``: met, but from ``changes_on`` it turns at risk (rolling hours ageing out; a certificate
      within the outlook of its expiry) unless something new is recorded by ``act_by``;
    - ``lapsing``: at risk although met today: on ``act_by`` the total falls short (rolling), or the
      certificate that keeps it met expires (then not met from ``changes_on``);
    - ``on_pace`` / ``behind_pace``: short of the requirement while the window is still open (a rolling
      window that began before the hire date, or a fixed period that has not ended), judged by the pace rule:
      ``pace_due`` hours were due by as-of (the requirement times the share of the period served since
      ``pace_since``); behind it is at risk;
    - ``short``: not met: a rolling window served in full and the total below the requirement;
    - ``period_over``: not met: a fixed period (calendar year, cycle) reached its last day short;
    - ``too_few``: not met: fewer valid certificates than required.

    ``needed`` is what to record by ``act_by`` (hours, or certificates): the gap, or what brings the total
    back to the pace; ``complete_by`` is when the whole requirement is due (the last day of an open window
    or period).
    """

    reason: str
    act_by: date | None = None
    needed: float | None = None
    complete_by: date | None = None
    pace_due: float | None = None
    pace_since: date | None = None
    changes_on: date | None = None  # the first day of another status if nothing new is recorded
    next_status: str | None = None
    short_on: date | None = None  # a rolling total falls below the requirement on this day


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
    rule: str = "rolling_hours"  # rolling_hours | calendar_year_hours | valid_certificates
    window: str = "rolling"  # rolling | fixed (rolling_hours only)
    window_years: int = DEFAULT_WINDOW_YEARS
    window_start: date | None = None  # first day counted (hour norms)
    window_end: date | None = None  # last day of a fixed window; None when rolling
    outlook_days: int = 90
    hours_per_day: float = 8.0
    days_per_month: float = 22.0
    standing: Standing | None = None

    @property
    def share(self) -> float:
        """Achieved as a fraction of required, between 0 and 1."""
        if self.required <= 0:
            return 1.0
        return max(0.0, min(1.0, self.achieved / self.required))

    def as_days_months(self, hours: float) -> tuple[float, float]:
        """Hours as (working days, months) with this norm's own conversion."""
        return hours_as_days_months(
            hours, hours_per_day=self.hours_per_day, days_per_month=self.days_per_month
        )


@dataclass(frozen=True)
class Expiry:
    certification_id: int
    name: str
    issuer: str
    expires_on: date
    days_left: int  # negative once expired
    status: str

    @property
    def expired(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class RecordRef:
    """A record of the teacher's that needs them: a draft, or one the reviewer sent back (rejected)."""

    kind: str  # activity | certification | output
    id: int
    status: str  # draft | rejected
    title: str  # as typed: the enterprise, the certificate's name, the output's title ("" when none)
    category: str | None  # the activity's or output's kind; None for a certificate
    on: date  # start date, issue date or the output's date
    hours: float | None = None
    note: str | None = None  # the reviewer's note
    reviewer: str | None = None


@dataclass(frozen=True)
class Action:
    """One thing the teacher should do, where, and by when.

    ``kind``: sent_back | draft | expired | expiring | norm. ``todo``: resubmit | submit | renew | log_hours |
    catch_up | keep_pace | keep_logging | add_certificate. ``target``: the page to act on (a module in
    tracker/ui/pages).
    ``amount``: hours (certificates for a certificate norm) that would fix it, by ``due``; ``complete_by``:
    when the whole requirement is due, if later.
    """

    kind: str
    todo: str
    target: str
    due: date | None = None
    overdue: bool = False
    record: RecordRef | None = None
    note: str | None = None
    reviewer: str | None = None
    expiry: Expiry | None = None
    card: NormCard | None = None
    amount: float | None = None
    complete_by: date | None = None


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
    expiries: list[Expiry] = field(default_factory=list)  # expired (not renewed) and expiring, by date
    drafts: int = 0
    waiting_review: int = 0
    actions: list[Action] = field(default_factory=list)
    sent_back: int = 0

    @property
    def expired(self) -> list[Expiry]:
        return [e for e in self.expiries if e.expired]

    @property
    def expiring(self) -> list[Expiry]:
        return [e for e in self.expiries if not e.expired]


# --- why a card has its status (pure) ----------------------------------------------------------------------


def _r2(value: float) -> float:
    return float(np.round(value, 2))  # the engine's rounding, so a pace figure never differs from its status


def _window_closes(hire_date: date, years: int) -> date:
    """The first day whose rolling window of ``years`` no longer holds the hire date: from then on the pace
    allowance is over and the whole requirement is due."""
    day = add_years(hire_date, years)
    while years_before(day, years) < hire_date:  # 29 February hires
        day += timedelta(days=1)
    return day


def norm_standing(row: ComplianceRow, norm: Norm, *, hire_date: date | None, as_of: date) -> Standing:
    """Why ``row`` (the engine's result for ``norm`` on ``as_of``) has its status, and what would fix it.

    The rules are the engine's (docs/norms.md): a rolling window that began on or before the hire date, and
    a fixed period before its last day, are judged on pace — the requirement times the share of the period
    served — and are at risk behind it; a rolling window served in full, or a fixed period on its last day,
    is not met when short. Certificates: at risk once the one that keeps the norm met expires within the
    outlook.
    """
    required, got = row.required, row.achieved
    if norm.rule == "valid_certificates":
        return _certificate_standing(row, norm, as_of)
    first, last = norm.window_on(as_of)
    if norm.is_rolling:
        if row.status == MET:
            if row.change_date is None:
                return Standing("met")
            return Standing(
                "met_until",
                act_by=row.change_date,
                changes_on=row.change_date,
                next_status=row.next_status,
                short_on=row.change_date + timedelta(days=norm.outlook_days),
            )
        if got >= required:  # at risk although met: the total falls short within the outlook
            return Standing(
                "lapsing",
                act_by=row.change_date,
                changes_on=row.change_date,
                next_status=row.next_status,
                short_on=row.change_date,
            )
        if row.status == NOT_MET:  # hired before the window began: all of it counts, no pace allowance
            return Standing("short", act_by=as_of, needed=row.gap)
        since = hire_date or first
        closes = _window_closes(since, norm.window_years)
        pace = _r2(required * ((as_of - since).days + 1) / ((as_of - first).days + 1))
    else:
        since = max(first, hire_date) if hire_date else first
        if row.status == MET:
            return Standing("met", complete_by=last)
        if row.status == NOT_MET:
            return Standing("period_over", act_by=last, needed=row.gap, complete_by=last)
        closes = last
        pace = _r2(required * ((as_of - since).days + 1) / ((last - since).days + 1))
    if row.status == ON_TRACK:
        act_by = row.change_date if norm.is_rolling and row.change_date else closes
        return Standing(
            "on_pace",
            act_by=act_by,
            needed=row.gap,
            complete_by=closes,
            pace_due=pace,
            pace_since=since,
            changes_on=row.change_date,
            next_status=row.next_status,
        )
    return Standing(
        "behind_pace",
        act_by=as_of,
        needed=_r2(max(0.0, pace - got)),
        complete_by=closes,
        pace_due=pace,
        pace_since=since,
        changes_on=row.change_date,
        next_status=row.next_status,
    )


def _certificate_standing(row: ComplianceRow, norm: Norm, as_of: date) -> Standing:
    expiry = row.change_date  # the expiry that ends compliance (None: enough never expire)
    if row.status == MET:
        if expiry is None:
            return Standing("met")
        return Standing(
            "met_until",
            act_by=expiry,
            changes_on=expiry - timedelta(days=norm.outlook_days - 1),
            next_status=AT_RISK,
        )
    if row.status == AT_RISK:
        return Standing("lapsing", act_by=expiry, changes_on=expiry + timedelta(days=1), next_status=NOT_MET)
    return Standing("too_few", act_by=as_of, needed=row.gap)


# --- the action list (pure) --------------------------------------------------------------------------------

RECORD_PAGES = {"activity": "my_records", "certification": "my_records", "output": "my_outputs"}
_NORM_TODO = {
    ("hours", "met_until"): "keep_logging",
    ("hours", "lapsing"): "keep_logging",
    ("hours", "on_pace"): "log_hours",
    ("hours", "behind_pace"): "catch_up",
    ("hours", "short"): "log_hours",
    ("hours", "period_over"): "log_hours",
    ("count", "met_until"): "renew",
    ("count", "lapsing"): "renew",
    ("count", "too_few"): "add_certificate",
}
_OVERDUE = frozenset({"short", "period_over", "too_few"})


def plan_actions(
    *, as_of: date, records: Sequence[RecordRef], expiries: Sequence[Expiry], cards: Sequence[NormCard]
) -> list[Action]:
    """What the teacher should do, most urgent first: records sent back (with the reviewer's note), then
    everything with a date (overdue first: norms not met, expired certificates; then by the date to act
    by), then drafts to submit. A met norm is listed only when it changes within the expiry horizon."""
    sent_back, dated, drafts = [], [], []
    for r in records:
        if r.status == Status.rejected.value:
            sent_back.append(
                Action(
                    "sent_back", "resubmit", RECORD_PAGES[r.kind], record=r, note=r.note, reviewer=r.reviewer
                )
            )
        elif r.status == Status.draft.value:
            drafts.append(Action("draft", "submit", RECORD_PAGES[r.kind], record=r))
    for e in expiries:
        dated.append(
            Action(
                "expired" if e.expired else "expiring",
                "renew",
                "certificates",
                due=e.expires_on,
                overdue=e.expired,
                expiry=e,
            )
        )
    horizon = as_of + timedelta(days=EXPIRY_HORIZON_DAYS)
    for card in cards:
        s = card.standing
        todo = _NORM_TODO.get((card.unit, s.reason)) if s else None
        if todo is None or (s.reason == "met_until" and (s.act_by is None or s.act_by > horizon)):
            continue
        complete_by = s.complete_by if s.complete_by and s.complete_by != s.act_by else None
        amount = s.needed
        if s.reason == "on_pace" and complete_by:  # a rolling window: keep pace now, the rest later
            todo, amount = "keep_pace", None
        dated.append(
            Action(
                "norm",
                todo,
                "log_activity" if card.unit == "hours" else "certificates",
                due=s.act_by,
                overdue=s.reason in _OVERDUE,
                card=card,
                amount=amount,
                complete_by=complete_by,
            )
        )
    dated.sort(key=lambda a: (not a.overdue, a.due or date.max))
    return sent_back + dated + drafts


# --- from the database -------------------------------------------------------------------------------------


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


_OPEN = (Status.draft.value, Status.rejected.value)


def _open_records(session: Session, person_id: int) -> list[RecordRef]:
    """The person's drafts and records sent back, newest first within each kind."""
    activities = session.exec(
        select(Activity)
        .where(Activity.person_id == person_id, Activity.status.in_(_OPEN))
        .order_by(Activity.start_date.desc(), Activity.id.desc())
    ).all()
    certifications = session.exec(
        select(Certification)
        .where(Certification.person_id == person_id, Certification.status.in_(_OPEN))
        .order_by(Certification.issued_on.desc(), Certification.id.desc())
    ).all()
    outputs = session.exec(
        select(Output)
        .where(Output.person_id == person_id, Output.status.in_(_OPEN))
        .order_by(Output.dated_on.desc(), Output.id.desc())
    ).all()
    enterprises = lifecycle.enterprise_names(session, (a.enterprise_id for a in activities))
    everyone = [*activities, *certifications, *outputs]
    reviewers = lifecycle.reviewer_names(session, (r.reviewer_id for r in everyone))

    def ref(
        kind: str, r, title: str, category: str | None, on: date, hours: float | None = None
    ) -> RecordRef:
        return RecordRef(
            kind, r.id, r.status, title, category, on, hours, r.review_note, reviewers.get(r.reviewer_id)
        )

    return [
        *(
            ref("activity", a, enterprises.get(a.enterprise_id, ""), a.kind, a.start_date, a.hours)
            for a in activities
        ),
        *(ref("certification", c, c.name, None, c.issued_on) for c in certifications),
        *(ref("output", o, o.title, o.kind, o.dated_on) for o in outputs),
    ]


def _card(row: ComplianceRow, norm: Norm | None, standing: Standing | None) -> NormCard:
    extra = {}
    if norm is not None:
        extra = {
            "rule": norm.rule,
            "window": norm.window,
            "window_years": norm.window_years,
            "outlook_days": norm.outlook_days,
        }
    return NormCard(
        row.norm,
        row.label,
        row.label_zh,
        row.required,
        row.achieved,
        row.unit,
        row.status,
        row.pending_hours,
        row.gap,
        row.change_date,
        row.source,
        window_start=row.window_start,
        window_end=row.window_end,
        hours_per_day=row.hours_per_day,
        days_per_month=row.days_per_month,
        standing=standing,
        **extra,
    )


@acting
def teacher_overview(
    actor: Actor, person_id: int | None = None, as_of: date | None = None
) -> TeacherOverview:
    """A teacher's progress as of a date (default today), for the teacher, their head, or an admin: a card
    per norm with why it has its status, monthly hours, expiring and expired certificates, and the actions
    to take (``plan_actions``).

    Raises:
        PermissionDenied: the actor may not read this person.
        NotFound: no such person.
    """
    from tracker.norms import active_norms, evaluate_compliance, monthly_practice_hours

    as_of = as_of or date.today()
    with session_scope(read_only=True) as session:
        person = lifecycle.owner_for_read(session, actor, person_id)
        department = session.get(Department, person.department_id) if person.department_id else None
        norms = {n.key: n for n in active_norms(session, as_of)}
        rolling = next((n for n in norms.values() if n.rule == "rolling_hours"), None)
        first_day, years = (
            (rolling.window_on(as_of)[0], rolling.window_years)
            if rolling
            else (window_start(as_of, DEFAULT_WINDOW_YEARS), DEFAULT_WINDOW_YEARS)
        )
        rows = evaluate_compliance(session, as_of=as_of, person_ids=[person.id])
        cards = []
        for r in rows:
            if r.person_id != person.id:
                continue
            norm = norms.get(r.norm)
            standing = norm_standing(r, norm, hire_date=person.hire_date, as_of=as_of) if norm else None
            cards.append(_card(r, norm, standing))
        monthly = [(m, float(h)) for m, h in monthly_practice_hours(session, person.id, until=as_of)]
        counts = dict(
            session.exec(
                select(Activity.status, func.count())
                .where(Activity.person_id == person.id)
                .group_by(Activity.status)
            ).all()
        )
        expiries = upcoming_expiries(session, person.id, as_of)
        records = _open_records(session, person.id)
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
            expiries=expiries,
            drafts=counts.get(Status.draft.value, 0),
            waiting_review=counts.get(Status.submitted.value, 0),
            actions=plan_actions(as_of=as_of, records=records, expiries=expiries, cards=cards),
            sent_back=sum(r.status == Status.rejected.value for r in records),
        )
