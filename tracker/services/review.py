"""The review queue of a head or an admin: submitted activities, certificates and outputs, verified or rejected.

Every decision is checked with ``permissions.can_review`` (a head reviews their own department, never
their own records; an admin everyone's but their own), sets the reviewer and the time, writes an audit
event and, for activities, tells the norms engine in the same transaction. A bulk verify is all-or-nothing.

A decision names each record by its key *and the version the reviewer saw* (``ReviewItem.ref``): the
UPDATE only matches that version, so a record withdrawn, edited and resubmitted after the reviewer opened it
is never decided unseen (issue 9); the reviewer gets ``ChangedSinceSeen`` and the fresh record instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session

from tracker import validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound, PermissionDenied, Problem, TrackerError
from tracker.i18n import Text, t
from tracker.models import (
    Activity,
    Certification,
    Department,
    Enterprise,
    EvidencePublic,
    Output,
    Person,
    PracticeConfirmation,
    Role,
    Status,
    trust_of,
    utcnow,
)
from tracker.norms.counting import Finding, count_activity
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services._records import audit_by
from tracker.services.evidence import evidence_by_record

ACTIVITY = "activity"
CERTIFICATION = "certification"
OUTPUT = "output"  # issue 12: outputs are reviewed like activities
QUEUE_LIMIT = 300  # the page lists the oldest first; more than this is never worked through in one sitting


RecordRef = tuple[str, int, int]  # (kind, id, version): a record as the reviewer saw it


class AlreadyReviewed(TrackerError):
    """The record is no longer waiting for review (someone else decided first, or it was withdrawn)."""


class ChangedSinceSeen(TrackerError):
    """The record was changed (withdrawn, edited, resubmitted) after the reviewer opened it; nothing was
    decided. ``key`` names it so the page can show it again as it is now."""

    def __init__(self, message: str, key: tuple[str, int]):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class ReviewItem:
    """One submitted record as the reviewer sees it.

    For an activity ``title`` is its kind (``visit`` ...), ``start``/``end`` its dates, ``hours`` its
    hours; for a certificate ``title`` is the certificate name, ``start``/``end`` the issue and expiry dates;
    for an output ``title`` is its title, ``description`` its kind (``patent`` ...), ``start`` its date.
    """

    kind: str  # "activity" | "certification" | "output"
    id: int
    person_id: int
    teacher: str  # email
    name: str
    department: str | None
    title: str
    enterprise: str | None  # the enterprise of an activity, the issuer of a certificate
    start: date
    end: date | None
    hours: float | None
    description: str
    submitted_at: datetime
    evidence: tuple[EvidencePublic, ...]
    # activities: the hours the host enterprise confirmed (None: not confirmed) and how far it is proven
    confirmed_hours: float | None = None
    trust: str | None = None
    version: int = 1  # the record's version counter when the queue was read
    # activities: what will not count or is hard to verify (tracker.norms.counting), worst first
    findings: tuple[Finding, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    @property
    def ref(self) -> RecordRef:
        """What a decision on this item sends: the key and the version seen."""
        return (self.kind, self.id, self.version)


@dataclass(frozen=True)
class ReviewQueue:
    items: list[ReviewItem]
    total: int  # all waiting in scope; ``items`` holds at most QUEUE_LIMIT of them


def _owner_filter(model, actor: Actor, department_id: int | None):
    """WHERE clause on a record's owner for what an actor may review (never their own).

    Written on ``person_id`` rather than through a join, so the planner starts from the submitted records
    (the status index) or from the department's people, never from every person's every record.
    """
    scope = permissions.department_scope(actor)  # raises for a teacher
    if scope is None and actor.role == Role.head:
        raise PermissionDenied(Text("review.err.no_department"))
    wanted = scope if scope is not None else department_id
    clauses = [model.person_id != actor.person_id]
    if wanted is not None:
        clauses.append(model.person_id.in_(sa.select(Person.id).where(Person.department_id == wanted)))
    return sa.and_(*clauses)


@acting
def review_queue(actor: Actor, *, department_id: int | None = None, limit: int = QUEUE_LIMIT) -> ReviewQueue:
    """Submitted activities and certificates the actor may review, oldest first, with their evidence.

    A head sees their department (``department_id`` is ignored); an admin everyone, or one department.
    Each activity carries the findings of ``tracker.norms.counting`` against the norms in force today.
    """
    from tracker.norms import active_norms  # on first use: the engine brings NumPy

    activity_scope = _owner_filter(Activity, actor, department_id)
    cert_scope = _owner_filter(Certification, actor, department_id)
    output_scope = _owner_filter(Output, actor, department_id)
    with session_scope(read_only=True) as session:
        activity_rows = session.execute(
            sa.select(Activity, Person.email, Person.name, Department.name, Enterprise.name,
                      PracticeConfirmation.confirmed_hours, Person.category)
            .join(Person, Person.id == Activity.person_id)
            .outerjoin(Department, Department.id == Person.department_id)
            .outerjoin(Enterprise, Enterprise.id == Activity.enterprise_id)
            .outerjoin(PracticeConfirmation, PracticeConfirmation.activity_id == Activity.id)
            .where(Activity.status == Status.submitted, activity_scope)
            .order_by(Activity.updated_at, Activity.id)
            .limit(limit)
        ).all()
        cert_rows = session.execute(
            sa.select(Certification, Person.email, Person.name, Department.name)
            .join(Person, Person.id == Certification.person_id)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Certification.status == Status.submitted, cert_scope)
            .order_by(Certification.updated_at, Certification.id)
            .limit(limit)
        ).all()
        output_rows = session.execute(
            sa.select(Output, Person.email, Person.name, Department.name)
            .join(Person, Person.id == Output.person_id)
            .outerjoin(Department, Department.id == Person.department_id)
            .where(Output.status == Status.submitted, output_scope)
            .order_by(Output.updated_at, Output.id)
            .limit(limit)
        ).all()
        total = _waiting(session, activity_scope, cert_scope, output_scope)
        evidence = _evidence_for(
            session,
            [a.id for a, *_ in activity_rows],
            [c.id for c, *_ in cert_rows],
            [o.id for o, *_ in output_rows],
        )
        today = date.today()
        norms = active_norms(session, today) if activity_rows else []
    items = [
        ReviewItem(
            kind=ACTIVITY,
            id=a.id,
            person_id=a.person_id,
            teacher=email,
            name=name,
            department=dept,
            title=a.kind,
            enterprise=enterprise,
            start=a.start_date,
            end=a.end_date,
            hours=a.hours,
            description=a.description,
            submitted_at=a.updated_at,
            evidence=evidence.get((ACTIVITY, a.id), ()),
            confirmed_hours=confirmed,
            trust=trust_of(a.status, confirmed is not None).value,
            version=a.version,
            findings=count_activity(
                kind=a.kind, start=a.start_date, end=a.end_date, enterprise=enterprise, norms=norms,
                as_of=today, category=category, description=a.description,
                evidence=len(evidence.get((ACTIVITY, a.id), ())),
                hours=a.hours if confirmed is None else confirmed, confirmed=confirmed is not None,
            ).findings,
        )
        for a, email, name, dept, enterprise, confirmed, category in activity_rows
    ] + [
        ReviewItem(
            kind=CERTIFICATION,
            id=c.id,
            person_id=c.person_id,
            teacher=email,
            name=name,
            department=dept,
            title=c.name,
            enterprise=c.issuer or None,
            start=c.issued_on,
            end=c.expires_on,
            hours=None,
            description=" · ".join(x for x in (c.level, c.credential_id) if x),
            submitted_at=c.updated_at,
            evidence=evidence.get((CERTIFICATION, c.id), ()),
            version=c.version,
        )
        for c, email, name, dept in cert_rows
    ] + [
        ReviewItem(
            kind=OUTPUT,
            id=o.id,
            person_id=o.person_id,
            teacher=email,
            name=name,
            department=dept,
            title=o.title,
            enterprise=None,
            start=o.dated_on,
            end=None,
            hours=None,
            description=o.kind,
            submitted_at=o.updated_at,
            evidence=evidence.get((OUTPUT, o.id), ()),
            version=o.version,
        )
        for o, email, name, dept in output_rows
    ]
    items.sort(key=lambda i: (_naive(i.submitted_at), i.kind, i.id))
    return ReviewQueue(items=items[:limit], total=total)


def _naive(moment: datetime) -> datetime:
    # SQLite hands back naive UTC, PostgreSQL aware UTC; sort them on one footing
    return moment.replace(tzinfo=None)


def _evidence_for(session: Session, activity_ids: list[int], cert_ids: list[int], output_ids: list[int]) -> dict:
    """``{(kind, id): (EvidencePublic, ...)}`` without loading any file content."""
    found = evidence_by_record(
        session, activity_ids=activity_ids, certification_ids=cert_ids, output_ids=output_ids
    )
    return {k: tuple(v) for k, v in found.items()}


@acting
def verify(actor: Actor, kind: str, record_id: int, note: str | None = None, *, version: int) -> int:
    """Mark one submitted record verified (it now counts towards the teacher's norms); returns 1.

    ``version`` is the record's version as the reviewer saw it (``ReviewItem.version``).

    Raises:
        ChangedSinceSeen: the record changed after the reviewer opened it; nothing was changed.
        AlreadyReviewed, PermissionDenied, NotFound: as their names say; nothing was changed.
    """
    return bulk_verify(actor, [(kind, record_id, version)], note=note)


@acting
def reject(actor: Actor, kind: str, record_id: int, note: str, *, version: int) -> int:
    """Send one submitted record back to its teacher; the note saying why is required. Returns 1.

    ``version`` as for ``verify``: a record changed since the reviewer saw it is not rejected.
    """
    clean = _clean_note(note)
    if not clean:
        raise InvalidInput(Text("review.err.note_required"), field="review_note")
    with session_scope() as session:
        owner = _decide(session, actor, (kind, record_id, version), Status.rejected, clean)
        _practice_changed(session, [owner])
    return 1


@acting
def bulk_verify(actor: Actor, items: Iterable[RecordRef], note: str | None = None) -> int:
    """Verify several submitted records at once: all of them, or (on any refusal) none.

    Each item is ``(kind, id, version seen)``; a record changed since then refuses the whole batch.
    Returns how many were verified.
    """
    refs: dict[tuple[str, int], int] = {}
    for kind, record_id, version in items:
        key = (kind, int(record_id))
        if refs.setdefault(key, int(version)) != int(version):
            raise InvalidInput(Text("review.err.two_versions"), field="input")
    if not refs:
        raise InvalidInput(Text("review.err.choose_one"), field="input")
    clean = _clean_note(note)
    with session_scope() as session:
        owners = [
            _decide(session, actor, (kind, record_id, version), Status.verified, clean)
            for (kind, record_id), version in refs.items()
        ]
        _practice_changed(session, owners)  # once for all of them: the norms engine works per teacher
    return len(refs)


def _clean_note(note: str | None) -> str | None:
    try:
        return validation.note(note)
    except InvalidInput as exc:
        raise InvalidInput([Problem("review_note", p.message, code=p.code, params=p.params)
                            for p in exc.problems]) from None


def _practice_changed(session: Session, owners: list[int | None]) -> None:
    """Tell the norms engine whose activities changed (certificates leave practice hours alone)."""
    people = sorted({o for o in owners if o is not None})
    if people:
        from tracker.norms import on_activities_changed

        on_activities_changed(session, people)


def _decide(session: Session, actor: Actor, ref: RecordRef, status: Status, note: str | None) -> int | None:
    """Decide one submitted record, as the reviewer saw it, in the caller's transaction; returns its owner
    when it is an activity."""
    kind, record_id, seen = ref
    model = _model(kind)
    record = session.get(model, record_id)
    if record is None:
        raise NotFound(Text("review.err.not_found", record=Text(f"report.record.{kind}"), id=record_id))
    owner = session.get(Person, record.person_id)
    if not permissions.can_review(actor, owner.id, owner.department_id):
        if actor.person_id == owner.id:
            raise PermissionDenied(Text("review.err.own"))
        raise PermissionDenied(Text("review.err.not_yours", name=owner.name))
    _still_as_seen(record, owner, kind, seen)
    before = record.model_dump()
    now = utcnow()
    # The status and version guards make a decision on a record that changed meanwhile (a second reviewer,
    # or the teacher withdrawing, editing and resubmitting) match nothing instead of overwriting.
    changed = session.execute(
        sa.update(model)
        .where(model.id == record_id, model.status == Status.submitted, model.version == seen)
        .values(
            status=status.value,
            reviewer_id=actor.person_id,
            reviewed_at=now,
            review_note=note,
            updated_at=now,
            version=model.version + 1,
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        session.refresh(record)
        _still_as_seen(record, owner, kind, seen)
        raise AlreadyReviewed(Text("review.err.raced", name=owner.name, record=Text(f"report.record.{kind}")))
    session.refresh(record)
    audit_by(
        session,
        actor,
        "verify" if status == Status.verified else "reject",
        kind,
        record_id,
        before=before,
        after=record,
    )
    return owner.id if kind == ACTIVITY else None


def _still_as_seen(record, owner: Person, kind: str, seen: int) -> None:
    """Refuse a decision on a record that is no longer waiting, or no longer the version the reviewer saw."""
    if record.status != Status.submitted:
        raise AlreadyReviewed(
            Text("review.err.not_waiting", name=owner.name, record=Text(f"report.record.{kind}"),
                 status=Text(f"status.{record.status}"))
        )
    if record.version != seen:
        raise ChangedSinceSeen(
            Text("review.err.changed", name=owner.name, record=Text(f"report.record.{kind}")),
            key=(kind, record.id),
        )


def _model(kind: str):
    if kind == ACTIVITY:
        return Activity
    if kind == CERTIFICATION:
        return Certification
    if kind == OUTPUT:
        return Output
    raise InvalidInput(Text("review.err.bad_kind", kind=repr(kind)), field="input")


def _label(kind: str) -> str:
    return t(f"report.record.{kind}")


def _waiting(session: Session, activity_scope, cert_scope, output_scope) -> int:
    return sum(
        session.execute(
            sa.select(sa.func.count()).select_from(model).where(model.status == Status.submitted, scope)
        ).scalar_one()
        for model, scope in ((Activity, activity_scope), (Certification, cert_scope), (Output, output_scope))
    )


@acting
def pending_count(actor: Actor, *, department_id: int | None = None) -> int:
    """How many records wait for this actor's review (for the Team page's KPI)."""
    activity_scope = _owner_filter(Activity, actor, department_id)
    cert_scope = _owner_filter(Certification, actor, department_id)
    output_scope = _owner_filter(Output, actor, department_id)
    with session_scope(read_only=True) as session:
        return _waiting(session, activity_scope, cert_scope, output_scope)
