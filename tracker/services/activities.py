"""A teacher's own enterprise practice: log it (as a draft or submitted, with evidence), change or delete a
draft, submit or withdraw it, and list everything they have recorded.

Every write checks permission first, validates through ``tracker.validation``, writes an audit event, tells
the norms engine which teacher changed, and happens in one transaction: a failure writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlmodel import Session, func, select

from tracker import validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, Problem
from tracker.models import (
    Activity,
    ActivityPublic,
    Enterprise,
    EvidencePublic,
    Person,
    PracticeConfirmation,
    Status,
    Trust,
    trust_of,
    utcnow,
)
from tracker.norms.counting import Counting, count_activity
from tracker.registry import name_to_id
from tracker.services import _lifecycle as lifecycle
from tracker.services._acting import acting
from tracker.services._records import audit_by
from tracker.services.evidence import Upload, attach, evidence_by_record, evidence_for

HOURS_PER_DAY = 8.0  # the default when the hours are left blank: a full working day for each day


class ActivityRecord(ActivityPublic):
    """An activity as its owner sees it: the enterprise's name, who reviewed it, its files, how far it is
    proven (``trust``) and the hours the enterprise confirmed (None when it has not)."""

    reviewer: str | None = None
    evidence: list[EvidencePublic] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None
    confirmed_hours: float | None = None
    trust: str = Trust.self_reported.value


def default_hours(start: date, end: date) -> float:
    """Hours for a period when none are given: 8 for each calendar day, both ends included."""
    return HOURS_PER_DAY * lifecycle.days_inclusive(start, end)


def _clean(raw: Mapping, owner_email: str, status: str) -> validation.ActivityInput:
    """Validate the form; blank hours become days x 8 once the dates are right."""
    data = dict(raw, teacher_email=owner_email, status=status)
    hours_blank = lifecycle.is_blank(data.get("hours"))
    if hours_blank:
        try:
            start = validation.iso_date(data.get("start_date"))
            end = validation.iso_date(data.get("end_date"))
        except InvalidInput:
            start = end = None
        if start and end and end >= start:
            data["hours"] = default_hours(start, end)
    try:
        return validation.activity(data, allowed_statuses=lifecycle.WRITABLE_STATUSES)
    except InvalidInput as exc:
        # with blank hours the real problem is the dates; "hours is required" would only confuse
        problems = [p for p in exc.problems if not (hours_blank and p.field == "hours")]
        raise InvalidInput(problems) from None


def _enterprise_id(session: Session, actor: Actor, name: str | None) -> int | None:
    """The registry entry with this name (case ignored), created when it is new."""
    if not name:
        return None
    enterprise_id, created = name_to_id(session, Enterprise.__table__, name, ignore_case=True)
    if created:
        enterprise = session.get(Enterprise, enterprise_id)
        audit_by(session, actor, "create", "enterprise", enterprise_id, after=enterprise)
    return enterprise_id


def _changed(session: Session, person_id: int) -> None:
    from tracker.norms import on_activities_changed

    on_activities_changed(session, [person_id])


def _public(session: Session, activity: Activity) -> ActivityRecord:
    return _as_records(session, [activity])[0]


@acting
def create_activity(
    actor: Actor, raw: Mapping, *, submit: bool, evidence: Iterable[Upload] = (), person_id: int | None = None
) -> ActivityRecord:
    """Log an activity for the actor (an admin may name ``person_id``), as a draft or submitted for review.

    ``raw`` holds the form's values: kind, enterprise (a registry name or a new one), start_date, end_date,
    hours (blank: 8 per day), description.

    Raises:
        InvalidInput: every problem with the form or the files; nothing is saved.
        PermissionDenied: the actor may not record for this person.
    """
    with session_scope() as session:
        owner = lifecycle.owner_for_write(session, actor, person_id)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(raw, owner.email, lifecycle.status_for(submit)), evidence
        )
        activity = Activity(
            person_id=owner.id,
            kind=clean.kind,
            enterprise_id=_enterprise_id(session, actor, clean.enterprise),
            start_date=clean.start_date,
            end_date=clean.end_date,
            hours=clean.hours,
            description=clean.description,
            status=clean.status,
        )
        session.add(activity)
        session.flush()
        audit_by(session, actor, "create", "activity", activity.id, after=activity)
        attach(session, actor, checked, activity_id=activity.id)
        _changed(session, owner.id)
        return _public(session, activity)


@acting
def update_activity(
    actor: Actor,
    activity_id: int,
    raw: Mapping,
    *,
    submit: bool = False,
    evidence: Iterable[Upload] = (),
    remove_evidence: Iterable[int] = (),
) -> ActivityRecord:
    """Change a draft (or a record sent back), optionally submitting it; add or remove files.

    Raises:
        InvalidInput: a problem with the form or files, or the record is no longer a draft.
        PermissionDenied: not the actor's record.
        NotFound: no such activity.
    """
    with session_scope() as session:
        activity = lifecycle.load_for_change(
            session, actor, Activity, activity_id, "edit", lifecycle.EDITABLE
        )
        owner = lifecycle.owner_for_write(session, actor, activity.person_id)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(raw, owner.email, lifecycle.status_for(submit)), evidence
        )
        before = activity.model_dump()
        activity.kind = clean.kind
        activity.enterprise_id = _enterprise_id(session, actor, clean.enterprise)
        activity.start_date, activity.end_date = clean.start_date, clean.end_date
        activity.hours = clean.hours
        activity.description = clean.description
        activity.status = clean.status
        activity.updated_at = utcnow()
        session.add(activity)
        session.flush()
        audit_by(
            session,
            actor,
            "submit" if submit else "update",
            "activity",
            activity.id,
            before=before,
            after=activity,
        )
        lifecycle.remove_evidence(session, actor, remove_evidence, activity_id=activity.id)
        attach(session, actor, checked, activity_id=activity.id)
        _changed(session, owner.id)
        return _public(session, activity)


@acting
def delete_activity(actor: Actor, activity_id: int) -> int:
    """Delete a draft (or a record sent back) with its files; return its id.

    Raises:
        InvalidInput: the activity is submitted or verified.
        PermissionDenied: not the actor's record.
        NotFound: no such activity.
    """
    with session_scope() as session:
        activity = lifecycle.load_for_change(
            session, actor, Activity, activity_id, "delete", lifecycle.EDITABLE
        )
        files = evidence_for(session, activity_ids=[activity.id])
        audit_by(
            session,
            actor,
            "delete",
            "activity",
            activity.id,
            before=activity,
            after={"evidence_deleted": [f.filename for f in files]} if files else None,
        )
        person_id = activity.person_id
        session.delete(activity)  # its evidence goes with it (ON DELETE CASCADE)
        session.flush()
        _changed(session, person_id)
        return activity_id


@acting
def submit_activity(actor: Actor, activity_id: int) -> ActivityRecord:
    """Send a draft (or a corrected record that was sent back) for review."""
    with session_scope() as session:
        activity = lifecycle.load_for_change(
            session, actor, Activity, activity_id, "submit", lifecycle.EDITABLE
        )
        lifecycle.change_status(session, actor, activity, "activity", Status.submitted.value, "submit")
        _changed(session, activity.person_id)
        return _public(session, activity)


@acting
def withdraw_activity(actor: Actor, activity_id: int) -> ActivityRecord:
    """Take back a submission that is still waiting for review; it becomes a draft again."""
    with session_scope() as session:
        activity = lifecycle.load_for_change(
            session, actor, Activity, activity_id, "withdraw", frozenset({Status.submitted.value})
        )
        lifecycle.change_status(session, actor, activity, "activity", Status.draft.value, "withdraw")
        _changed(session, activity.person_id)
        return _public(session, activity)


def _as_records(session: Session, activities: list[Activity]) -> list[ActivityRecord]:
    names = lifecycle.enterprise_names(session, (a.enterprise_id for a in activities))
    reviewers = lifecycle.reviewer_names(session, (a.reviewer_id for a in activities))
    files = evidence_by_record(session, activity_ids=[a.id for a in activities])
    confirmed = confirmed_hours(session, [a.id for a in activities])
    return [
        ActivityRecord(
            **a.model_dump(),
            enterprise=names.get(a.enterprise_id),
            reviewer=reviewers.get(a.reviewer_id),
            evidence=files.get(("activity", a.id), []),
            confirmed_hours=confirmed.get(a.id),
            trust=trust_of(a.status, a.id in confirmed).value,
        )
        for a in activities
    ]


def confirmed_hours(session: Session, activity_ids: Iterable[int]) -> dict[int, float]:
    """``{activity id: hours the enterprise confirmed}`` for those it confirmed."""
    ids = list(activity_ids)
    if not ids:
        return {}
    return dict(
        session.exec(
            select(PracticeConfirmation.activity_id, PracticeConfirmation.confirmed_hours).where(
                PracticeConfirmation.activity_id.in_(ids)
            )
        ).all()
    )


@acting
def list_activities(actor: Actor, person_id: int | None = None) -> list[ActivityRecord]:
    """Every activity of a person (default: the actor), newest first, for those who may read them."""
    with session_scope(read_only=True) as session:
        owner = lifecycle.owner_for_read(session, actor, person_id)
        rows = session.exec(
            select(Activity)
            .where(Activity.person_id == owner.id)
            .order_by(Activity.start_date.desc(), Activity.id.desc())
        ).all()
        return _as_records(session, list(rows))


@acting
def enterprise_choices(actor: Actor) -> list[str]:
    """Names in the enterprise registry, sorted, for the form's picker (a new name is added on save)."""
    with session_scope(read_only=True) as session:
        return sorted(session.exec(select(Enterprise.name)).all(), key=str.casefold)


@dataclass(frozen=True)
class ActivityCheck:
    """What saving the form as it stands would do: ``refused`` lists what the rules refuse (nothing is saved
    then, and ``counting`` is None); otherwise ``counting`` says what will count toward the norms in force."""

    refused: tuple[Problem, ...] = ()
    counting: Counting | None = None


@acting
def check_activity(
    actor: Actor, raw: Mapping, *, evidence_count: int = 0, person_id: int | None = None
) -> ActivityCheck:
    """Check the form's current values before anything is saved: what ``create_activity`` (or
    ``update_activity``) would refuse, else what the activity will count toward the norms in force today for
    its owner (the actor, or ``person_id`` for an admin), with the findings of ``tracker.norms.counting``.
    Reads only; ``evidence_count`` is the number of files the record will have.

    Raises:
        PermissionDenied: the actor may not record for this person.
    """
    from tracker.norms import active_norms

    with session_scope(read_only=True) as session:
        owner = lifecycle.owner_for_write(session, actor, person_id)
        try:
            clean = _clean(raw, owner.email, Status.submitted.value)
        except InvalidInput as exc:
            return ActivityCheck(refused=tuple(exc.problems))
        today = date.today()
        counting = count_activity(
            kind=clean.kind,
            start=clean.start_date,
            end=clean.end_date,
            hours=clean.hours,
            enterprise=clean.enterprise,
            norms=active_norms(session, today),
            as_of=today,
            category=owner.category,
            description=clean.description,
            evidence=evidence_count,
        )
        return ActivityCheck(counting=counting)


@dataclass(frozen=True)
class OwnRecords:
    """Everything one person recorded: activities and certificates with status and review notes."""

    activities: list[ActivityRecord] = field(default_factory=list)
    certifications: list = field(default_factory=list)


@acting
def list_records(actor: Actor, person_id: int | None = None) -> OwnRecords:
    """A person's activities and certificates (default: the actor's own)."""
    from tracker.services.certifications import list_certifications

    return OwnRecords(list_activities(actor, person_id), list_certifications(actor, person_id))


@dataclass(frozen=True)
class PracticeRow:
    """One activity in ``tracker activities list`` and exports: claim, review state, trust, confirmation."""

    id: int
    teacher: str
    kind: str
    enterprise: str | None
    start_date: date
    end_date: date
    hours: float
    status: str
    trust: str
    confirmed_hours: float | None


@acting
def list_practice(actor: Actor, *, teacher_email: str | None = None, status: str | None = None) -> list[PracticeRow]:
    """Activities the actor may read (a teacher: their own; a head: the department; an admin and the command
    line: everyone), optionally one teacher's or one status, by teacher then date."""
    import sqlalchemy as sa

    from tracker.services import permissions

    with session_scope(read_only=True) as session:
        query = (
            sa.select(Activity, Person.email, Enterprise.name)
            .join(Person, Person.id == Activity.person_id)
            .outerjoin(Enterprise, Enterprise.id == Activity.enterprise_id)
            .order_by(Person.email, Activity.start_date, Activity.id)
        )
        if actor.role == "teacher":
            query = query.where(Activity.person_id == actor.person_id)
        elif actor.role == "head":
            query = query.where(
                sa.or_(Person.department_id == permissions.department_scope(actor),
                       Activity.person_id == actor.person_id)
            )
        if teacher_email:
            query = query.where(func.lower(Person.email) == teacher_email.strip().lower())
        if status:
            query = query.where(Activity.status == validation.choice(status, Status))
        rows = session.execute(query).all()
        confirmed = confirmed_hours(session, [a.id for a, *_ in rows])
        return [
            PracticeRow(a.id, email, a.kind, enterprise, a.start_date, a.end_date, a.hours, a.status,
                        trust_of(a.status, a.id in confirmed).value, confirmed.get(a.id))
            for a, email, enterprise in rows
        ]
