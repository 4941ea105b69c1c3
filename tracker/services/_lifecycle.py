"""What activities and certificates share: whose record it is, which status allows which change, the audit.

A person's own record moves draft -> submitted (submit), submitted -> draft (withdraw), and may be edited or
deleted while it is a draft or was sent back (rejected). Verified records are history and never change here.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, SQLModel, select

from tracker import audit
from tracker.auth import Actor
from tracker.errors import InvalidInput, NotFound, Problem
from tracker.i18n import Text
from tracker.models import Enterprise, Evidence, Person, Status, utcnow
from tracker.services._records import audit_by
from tracker.services.permissions import can_edit_own_records, can_read_person, require

EDITABLE = frozenset({Status.draft.value, Status.rejected.value})
WRITABLE_STATUSES = (Status.draft, Status.submitted)  # what a person may set on their own record


def status_for(submit: bool) -> str:
    return Status.submitted.value if submit else Status.draft.value


def owner_for_write(session: Session, actor: Actor, person_id: int | None) -> Person:
    """The person a new record belongs to (the actor unless an admin names someone), checked."""
    person_id = actor.person_id if person_id is None else person_id
    require(can_edit_own_records(actor, person_id))
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(Text("errors.person.missing"))
    return person


def owner_for_read(session: Session, actor: Actor, person_id: int | None) -> Person:
    person_id = actor.person_id if person_id is None else person_id
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(Text("errors.person.missing"))
    require(can_read_person(actor, person.id, person.department_id))
    return person


def load_for_change(
    session: Session,
    actor: Actor,
    model: type[SQLModel],
    record_id: int,
    change: str,
    allowed: frozenset[str],
):
    """The record, once the actor may change it and its status allows ``change``."""
    record = session.get(model, record_id, with_for_update=True)
    if record is None:
        raise NotFound(Text("errors.record.missing"))
    require(can_edit_own_records(actor, record.person_id))
    if record.status not in allowed:
        raise InvalidInput(Problem("status", Text(f"problem.record_cannot_{change}")))
    return record


def change_status(session: Session, actor: Actor, record, entity: str, new_status: str, action: str) -> None:
    before = audit.snapshot(record)
    record.status = new_status
    record.updated_at = utcnow()
    session.add(record)
    session.flush()
    audit_by(session, actor, action, entity, record.id, before=before, after=record)


def reviewer_names(session: Session, ids) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.exec(select(Person.id, Person.name).where(Person.id.in_(ids))).all())


def enterprise_names(session: Session, ids) -> dict[int, str]:
    """``{enterprise id: name}`` for the ids given (None and repeats ignored)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.exec(select(Enterprise.id, Enterprise.name).where(Enterprise.id.in_(ids))).all())


def days_inclusive(start: date, end: date) -> int:
    return (end - start).days + 1


def remove_evidence(
    session: Session,
    actor: Actor,
    evidence_ids,
    *,
    activity_id: int | None = None,
    certification_id: int | None = None,
    output_id: int | None = None,
) -> None:
    """Delete files the person took off a record they may change (files of other records are refused)."""
    for evidence_id in set(evidence_ids):
        evidence = session.get(Evidence, evidence_id)
        if evidence is None:
            continue  # already gone: removing twice is harmless
        owner = (evidence.activity_id, evidence.certification_id, evidence.output_id)
        if owner != (activity_id, certification_id, output_id):
            raise NotFound(Text("errors.file.not_of_record"))
        audit_by(session, actor, "delete", "evidence", evidence.id, before=evidence)
        session.delete(evidence)
    session.flush()


def is_blank(value) -> bool:
    """An empty form field: None or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def form_and_files(clean_form, uploads):
    """Validate the form (``clean_form()``) and check the files; one InvalidInput lists every problem of both.

    Returns:
        ``(clean form, [(upload, media type), ...])``
    """
    from tracker.services.evidence import check_uploads

    problems = []
    clean = checked = None
    try:
        clean = clean_form()
    except InvalidInput as exc:
        problems += exc.problems
    try:
        checked = check_uploads(uploads)
    except InvalidInput as exc:
        problems += exc.problems
    if problems:
        raise InvalidInput(problems)
    return clean, checked
