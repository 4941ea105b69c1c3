"""Placement plans (issue 13): a teacher's application (申请), the head's approval or return, the journal (周志)
and the teacher's summary (个人总结) that closes the plan.

An approved plan frames one activity: its kind, dates and enterprise come from the plan, its claimed hours from
the journal. Closing the plan submits that activity for verification. The enterprise's confirmation of the
activity is ``tracker.services.confirmation``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker import audit, validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound, Problem
from tracker.i18n import Text
from tracker.models import (
    Activity,
    ConfirmationLink,
    Department,
    Enterprise,
    EvidencePublic,
    JournalEntry,
    Person,
    PlacementPlan,
    PlanStatus,
    PracticeConfirmation,
    Status,
    trust_of,
    utcnow,
)
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services._records import audit_by
from tracker.services.evidence import Upload, attach, evidence_by_record

HOURS_PER_DAY = 8.0
PLAN = "placement_plan"

_WHY_NOT = {why: Text(f"problem.plan_cannot_{why}") for why in ("edit", "decide", "journal", "close")}


@dataclass(frozen=True)
class JournalView:
    id: int
    day: date
    hours: float
    content: str
    evidence: EvidencePublic | None


@dataclass(frozen=True)
class ConfirmationView:
    """The enterprise's confirmation as the school sees it."""

    confirmed_days: int
    confirmed_hours: float
    rating: str
    comment: str
    confirmed_by: str
    confirmed_at: datetime
    scan: EvidencePublic | None


@dataclass(frozen=True)
class PlanView:
    """A plan with its journal totals, its activity's review state and the enterprise's confirmation."""

    id: int
    person_id: int
    teacher: str
    name: str
    department: str | None
    enterprise: str
    kind: str
    post: str
    tasks: str
    start_date: date
    end_date: date
    planned_days: int
    release: str
    mentor_name: str
    mentor_title: str
    mentor_email: str
    mentor_phone: str
    status: str
    review_note: str | None
    reviewer: str | None
    reviewed_at: datetime | None
    summary: str | None
    closed_at: datetime | None
    created_at: datetime
    activity_id: int | None
    activity_status: str | None
    claimed_hours: float | None
    journal: tuple[JournalView, ...]
    confirmation: ConfirmationView | None
    open_links: int

    @property
    def days_logged(self) -> int:
        return len({e.day for e in self.journal})

    @property
    def hours_logged(self) -> float:
        return round(sum(e.hours for e in self.journal), 2)

    @property
    def trust(self) -> str:
        return trust_of(self.activity_status or "", self.confirmation is not None).value


# --- reading ----------------------------------------------------------------------------------------------


def _views(session: Session, plans: list[PlacementPlan]) -> list[PlanView]:
    if not plans:
        return []
    people = {
        p.id: (p.email, p.name, d)
        for p, d in session.execute(
            sa.select(Person, Department.name)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Person.id.in_({x.person_id for x in plans}))
        ).all()
    }
    enterprises = dict(
        session.execute(
            sa.select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_({x.enterprise_id for x in plans}))
        ).all()
    )
    reviewers = dict(
        session.execute(
            sa.select(Person.id, Person.name).where(Person.id.in_({x.reviewer_id for x in plans} - {None}))
        ).all()
    )
    activity_ids = [x.activity_id for x in plans if x.activity_id is not None]
    activities = (
        {a.id: a for a in session.exec(select(Activity).where(Activity.id.in_(activity_ids))).all()}
        if activity_ids
        else {}
    )
    files = {
        f.id: f for group in evidence_by_record(session, activity_ids=activity_ids).values() for f in group
    }
    journal: dict[int, list[JournalView]] = {}
    for e in session.exec(
        select(JournalEntry)
        .where(JournalEntry.plan_id.in_([x.id for x in plans]))
        .order_by(JournalEntry.day, JournalEntry.id)
    ).all():
        journal.setdefault(e.plan_id, []).append(
            JournalView(e.id, e.day, e.hours, e.content, files.get(e.evidence_id))
        )
    confirmations = confirmations_for(session, activity_ids, files)
    now = utcnow()
    links: dict[int, int] = {}
    if activity_ids:
        for aid, n in session.execute(
            sa.select(ConfirmationLink.activity_id, sa.func.count())
            .where(
                ConfirmationLink.activity_id.in_(activity_ids),
                ConfirmationLink.revoked_at.is_(None),
                ConfirmationLink.used_at.is_(None),
                ConfirmationLink.expires_at > now,
            )
            .group_by(ConfirmationLink.activity_id)
        ).all():
            links[aid] = n
    out = []
    for x in plans:
        email, name, department = people[x.person_id]
        activity = activities.get(x.activity_id)
        out.append(
            PlanView(
                id=x.id,
                person_id=x.person_id,
                teacher=email,
                name=name,
                department=department,
                enterprise=enterprises.get(x.enterprise_id, ""),
                kind=x.kind,
                post=x.post,
                tasks=x.tasks,
                start_date=x.start_date,
                end_date=x.end_date,
                planned_days=x.planned_days,
                release=x.release,
                mentor_name=x.mentor_name,
                mentor_title=x.mentor_title,
                mentor_email=x.mentor_email,
                mentor_phone=x.mentor_phone,
                status=x.status,
                review_note=x.review_note,
                reviewer=reviewers.get(x.reviewer_id),
                reviewed_at=x.reviewed_at,
                summary=x.summary,
                closed_at=x.closed_at,
                created_at=x.created_at,
                activity_id=x.activity_id,
                activity_status=activity.status if activity else None,
                claimed_hours=activity.hours if activity else None,
                journal=tuple(journal.get(x.id, ())),
                confirmation=confirmations.get(x.activity_id),
                open_links=links.get(x.activity_id, 0),
            )
        )
    return out


def confirmations_for(
    session: Session, activity_ids, files: Mapping[int, EvidencePublic] | None = None
) -> dict[int, ConfirmationView]:
    """``{activity id: the enterprise's confirmation}`` for the activities that have one."""
    ids = list(activity_ids)
    if not ids:
        return {}
    rows = session.exec(select(PracticeConfirmation).where(PracticeConfirmation.activity_id.in_(ids))).all()
    if files is None:
        files = {f.id: f for group in evidence_by_record(session, activity_ids=ids).values() for f in group}
    return {
        c.activity_id: ConfirmationView(
            c.confirmed_days, c.confirmed_hours, c.rating, c.comment, c.confirmed_by, c.created_at,
            files.get(c.scan_evidence_id),
        )
        for c in rows
    }


@acting
def list_plans(actor: Actor, *, person_id: int | None = None) -> list[PlanView]:
    """A person's plans (default: the actor's own), newest first."""
    with session_scope(read_only=True) as session:
        owner_id = actor.person_id if person_id is None else person_id
        owner = session.get(Person, owner_id)
        if owner is None:
            raise NotFound(Text("errors.person.missing"))
        permissions.require(permissions.can_read_person(actor, owner.id, owner.department_id))
        plans = session.exec(
            select(PlacementPlan)
            .where(PlacementPlan.person_id == owner.id)
            .order_by(PlacementPlan.start_date.desc(), PlacementPlan.id.desc())
        ).all()
        return _views(session, list(plans))


@acting
def team_plans(actor: Actor, *, status: str | None = None) -> list[PlanView]:
    """Plans of the people a head or an admin reviews (a head: their department; never their own)."""
    scope = permissions.department_scope(actor)
    with session_scope(read_only=True) as session:
        query = select(PlacementPlan).where(PlacementPlan.person_id != actor.person_id)
        if scope is not None:
            query = query.where(
                PlacementPlan.person_id.in_(sa.select(Person.id).where(Person.department_id == scope))
            )
        if status is not None:
            query = query.where(PlacementPlan.status == status)
        plans = session.exec(query.order_by(PlacementPlan.created_at, PlacementPlan.id)).all()
        return _views(session, list(plans))


@acting
def get_plan(actor: Actor, plan_id: int) -> PlanView:
    """One plan, for its owner, the head of the owner's department or an admin."""
    with session_scope(read_only=True) as session:
        plan = _load(session, plan_id)
        owner = session.get(Person, plan.person_id)
        permissions.require(permissions.can_read_person(actor, owner.id, owner.department_id))
        return _views(session, [plan])[0]


# --- the teacher's application ----------------------------------------------------------------------------


def _load(session: Session, plan_id: int, *, lock: bool = False) -> PlacementPlan:
    plan = session.get(PlacementPlan, plan_id, with_for_update=lock)
    if plan is None:
        raise NotFound(Text("errors.plan.missing"))
    return plan


def _require_status(plan: PlacementPlan, allowed: set[str], why: str) -> None:
    if plan.status not in allowed:
        raise InvalidInput(Problem("status", _WHY_NOT[why]))


@acting
def propose_plan(actor: Actor, raw: Mapping, *, plan_id: int | None = None) -> PlanView:
    """Apply for a placement, or change and re-propose a plan that was returned (or still waits).

    ``raw`` holds the form: enterprise (a registry name or a new one), kind, post, tasks, start_date,
    end_date, planned_days (blank: the weekdays of the period), release, mentor_name, mentor_title,
    mentor_email, mentor_phone.

    Raises:
        InvalidInput: every problem with the form; nothing is saved.
    """
    from tracker.services.activities import _enterprise_id

    clean = validation.placement_plan(dict(raw))
    with session_scope() as session:
        if plan_id is None:
            permissions.require(permissions.can_edit_own_records(actor, actor.person_id))
            plan = PlacementPlan(person_id=actor.person_id, enterprise_id=0, post="", start_date=clean.start_date,
                                 end_date=clean.end_date, planned_days=1, mentor_name="")
            before = None
        else:
            plan = _load(session, plan_id, lock=True)
            permissions.require(permissions.can_edit_own_records(actor, plan.person_id))
            _require_status(plan, {PlanStatus.proposed, PlanStatus.returned}, "edit")
            before = audit.snapshot(plan)
        for name, value in vars(clean).items():
            if name != "enterprise":
                setattr(plan, name, value)
        plan.enterprise_id = _enterprise_id(session, actor, clean.enterprise)
        plan.status = PlanStatus.proposed.value
        plan.updated_at = utcnow()
        session.add(plan)
        session.flush()
        audit_by(session, actor, "propose", PLAN, plan.id, before=before, after=plan)
        return _views(session, [plan])[0]


def _decide_load(session: Session, actor: Actor, plan_id: int) -> tuple[PlacementPlan, Person]:
    plan = _load(session, plan_id, lock=True)
    owner = session.get(Person, plan.person_id)
    if actor.person_id == owner.id:
        permissions.require(False, Text("errors.plan.own"))
    permissions.require(permissions.can_review(actor, owner.id, owner.department_id))
    _require_status(plan, {PlanStatus.proposed}, "decide")
    return plan, owner


@acting
def approve_plan(actor: Actor, *, plan_id: int, note: str | None = None) -> PlanView:
    """Approve a proposed plan: it becomes the frame of a new draft activity (kind, dates, enterprise, and
    for now the planned days x 8 hours; the journal replaces the hours)."""
    clean_note = validation.note(note)
    with session_scope() as session:
        plan, owner = _decide_load(session, actor, plan_id)
        before = audit.snapshot(plan)
        days = (plan.end_date - plan.start_date).days + 1
        activity = Activity(
            person_id=owner.id,
            enterprise_id=plan.enterprise_id,
            kind=plan.kind,
            start_date=plan.start_date,
            end_date=plan.end_date,
            hours=min(plan.planned_days * HOURS_PER_DAY, 24.0 * days),
            description=_description(plan),
            status=Status.draft.value,
        )
        session.add(activity)
        session.flush()
        audit_by(session, actor, "create", "activity", activity.id, after=activity)
        now = utcnow()
        plan.activity_id = activity.id
        plan.status = PlanStatus.approved.value
        plan.reviewer_id, plan.reviewed_at, plan.review_note, plan.updated_at = actor.person_id, now, clean_note, now
        session.add(plan)
        session.flush()
        audit_by(session, actor, "approve", PLAN, plan.id, before=before, after=plan)
        return _views(session, [plan])[0]


def _description(plan: PlacementPlan) -> str:
    text = f"{plan.post}: {plan.tasks}" if plan.tasks else plan.post
    return text[:4000]


@acting
def return_plan(actor: Actor, *, plan_id: int, note: str) -> PlanView:
    """Send a proposed plan back to the teacher with a note saying what to change (the note is required)."""
    clean_note = validation.note(note)
    if not clean_note:
        raise InvalidInput(validation.problem("required", "review_note"))
    with session_scope() as session:
        plan, _owner = _decide_load(session, actor, plan_id)
        before = audit.snapshot(plan)
        now = utcnow()
        plan.status = PlanStatus.returned.value
        plan.reviewer_id, plan.reviewed_at, plan.review_note, plan.updated_at = actor.person_id, now, clean_note, now
        session.add(plan)
        session.flush()
        audit_by(session, actor, "return", PLAN, plan.id, before=before, after=plan)
        return _views(session, [plan])[0]


# --- the journal and the summary --------------------------------------------------------------------------


def _editable_activity(session: Session, plan: PlacementPlan) -> Activity | None:
    activity = session.get(Activity, plan.activity_id) if plan.activity_id else None
    if activity is not None and activity.status in (Status.draft, Status.rejected):
        return activity
    return None


def _claim_journal_hours(session: Session, actor: Actor, plan: PlacementPlan) -> None:
    """While the activity is still the teacher's to change, its claimed hours are the journal's total."""
    activity = _editable_activity(session, plan)
    if activity is None:
        return
    total = session.execute(
        sa.select(sa.func.sum(JournalEntry.hours)).where(JournalEntry.plan_id == plan.id)
    ).scalar()
    if not total:
        return
    days = (activity.end_date - activity.start_date).days + 1
    before = audit.snapshot(activity)
    activity.hours = min(float(total), 24.0 * days)
    activity.updated_at = utcnow()
    session.add(activity)
    session.flush()
    audit_by(session, actor, "update", "activity", activity.id, before=before, after=activity)


@acting
def add_journal_entry(
    actor: Actor, *, plan_id: int, raw: Mapping, evidence: Upload | None = None
) -> PlanView:
    """Add a dated journal entry (day, hours, content, optionally a photo or file) to an approved plan.

    Raises:
        InvalidInput: a bad field or file, a day outside the plan, or a plan that is not approved.
    """
    with session_scope() as session:
        plan = _load(session, plan_id, lock=True)
        permissions.require(permissions.can_edit_own_records(actor, plan.person_id))
        _require_status(plan, {PlanStatus.approved}, "journal")

        def form():
            return validation.journal_entry(dict(raw), first=plan.start_date, last=plan.end_date)

        from tracker.services._lifecycle import form_and_files

        clean, checked = form_and_files(form, [evidence] if evidence is not None else [])
        stored = attach(session, actor, checked, activity_id=plan.activity_id) if checked else []
        entry = JournalEntry(
            plan_id=plan.id,
            day=clean.day,
            hours=clean.hours,
            content=clean.content,
            evidence_id=stored[0].id if stored else None,
        )
        session.add(entry)
        session.flush()
        audit_by(session, actor, "create", "journal_entry", entry.id, after=entry)
        _claim_journal_hours(session, actor, plan)
        return _views(session, [plan])[0]


@acting
def close_plan(actor: Actor, *, plan_id: int, summary: str) -> PlanView:
    """Close an approved plan with the teacher's summary (个人总结) and submit its activity for verification
    (with the journal's hours as the claim) unless it was submitted already."""
    with session_scope() as session:
        plan = _load(session, plan_id, lock=True)
        permissions.require(permissions.can_edit_own_records(actor, plan.person_id))
        _require_status(plan, {PlanStatus.approved}, "close")
        try:
            text = validation.text(summary, max_length=4000, multiline=True)
        except InvalidInput as exc:
            raise InvalidInput([Problem("summary", p.message, code=p.code, params=p.params)
                                for p in exc.problems]) from None
        _claim_journal_hours(session, actor, plan)
        activity = _editable_activity(session, plan)
        if activity is not None:
            from tracker.services import _lifecycle as lifecycle

            lifecycle.change_status(session, actor, activity, "activity", Status.submitted.value, "submit")
            from tracker.norms import on_activities_changed

            on_activities_changed(session, [plan.person_id])
        before = audit.snapshot(plan)
        now = utcnow()
        plan.summary, plan.status, plan.closed_at, plan.updated_at = text, PlanStatus.closed.value, now, now
        session.add(plan)
        session.flush()
        audit_by(session, actor, "close", PLAN, plan.id, before=before, after=plan)
        return _views(session, [plan])[0]
