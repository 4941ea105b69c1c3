"""A teacher's outputs (成果: reports, cases, courses, services, patents, awards), issue 12.

They go through the same lifecycle as activities and certificates (``_lifecycle``: draft → submitted →
verified/rejected, edit or delete only drafts and records sent back), carry evidence files the same way, and are
decided in the same review queue (``tracker.services.review``). An output may name the practice activity it
came from (the teacher's own).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlmodel import Session, select

from tracker import validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput
from tracker.models import Activity, EvidencePublic, Output, OutputPublic, Status, utcnow
from tracker.services import _lifecycle as lifecycle
from tracker.services._acting import acting
from tracker.services._records import audit_by
from tracker.services.evidence import Upload, attach, evidence_by_record, evidence_for


class OutputRecord(OutputPublic):
    """An output as its owner and reviewers see it: the activity it came from, who reviewed it, its files."""

    activity: str | None = None  # "kind · start date" of the linked activity
    reviewer: str | None = None
    evidence: list[EvidencePublic] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None


def _clean(raw: Mapping, owner_email: str, status: str) -> validation.OutputInput:
    data = dict(raw, teacher_email=owner_email, status=status)
    return validation.output(data, allowed_statuses=lifecycle.WRITABLE_STATUSES)


def _activity_id(session: Session, owner_id: int, value) -> int | None:
    """The linked activity, which must be the owner's own."""
    if value in (None, ""):
        return None
    activity = session.get(Activity, int(value))
    if activity is None or activity.person_id != owner_id:
        raise InvalidInput(validation.problem("own_activity", "activity_id"))
    return activity.id


def _as_records(session: Session, outputs: list[Output]) -> list[OutputRecord]:
    linked = {o.activity_id for o in outputs if o.activity_id is not None}
    activities = (
        {a.id: f"{a.kind} · {a.start_date.isoformat()}" for a in session.exec(
            select(Activity).where(Activity.id.in_(linked))
        ).all()}
        if linked
        else {}
    )
    reviewers = lifecycle.reviewer_names(session, (o.reviewer_id for o in outputs))
    files = evidence_by_record(session, output_ids=[o.id for o in outputs])
    return [
        OutputRecord(
            **o.model_dump(),
            activity=activities.get(o.activity_id),
            reviewer=reviewers.get(o.reviewer_id),
            evidence=files.get(("output", o.id), []),
        )
        for o in outputs
    ]


@acting
def create_output(
    actor: Actor, raw: Mapping, *, submit: bool, evidence: Iterable[Upload] = (), person_id: int | None = None
) -> OutputRecord:
    """Log an output for the actor (an admin may name ``person_id``), as a draft or submitted for review.

    ``raw``: kind, title, date, description, activity_id (optional, one of the owner's activities).

    Raises:
        InvalidInput: every problem with the form or the files; nothing is saved.
        PermissionDenied: the actor may not record for this person.
    """
    with session_scope() as session:
        owner = lifecycle.owner_for_write(session, actor, person_id)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(raw, owner.email, lifecycle.status_for(submit)), evidence
        )
        output = Output(
            person_id=owner.id,
            kind=clean.kind,
            title=clean.title,
            dated_on=clean.dated_on,
            description=clean.description,
            status=clean.status,
            activity_id=_activity_id(session, owner.id, raw.get("activity_id")),
        )
        session.add(output)
        session.flush()
        audit_by(session, actor, "create", "output", output.id, after=output)
        attach(session, actor, checked, output_id=output.id)
        return _as_records(session, [output])[0]


@acting
def update_output(
    actor: Actor,
    output_id: int,
    raw: Mapping,
    *,
    submit: bool = False,
    evidence: Iterable[Upload] = (),
    remove_evidence: Iterable[int] = (),
) -> OutputRecord:
    """Change a draft output (or one sent back), optionally submitting it; add or remove files."""
    with session_scope() as session:
        output = lifecycle.load_for_change(session, actor, Output, output_id, "edit", lifecycle.EDITABLE)
        owner = lifecycle.owner_for_write(session, actor, output.person_id)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(raw, owner.email, lifecycle.status_for(submit)), evidence
        )
        before = output.model_dump()
        output.kind, output.title, output.dated_on = clean.kind, clean.title, clean.dated_on
        output.description, output.status = clean.description, clean.status
        output.activity_id = _activity_id(session, owner.id, raw.get("activity_id"))
        output.updated_at = utcnow()
        session.add(output)
        session.flush()
        audit_by(
            session, actor, "submit" if submit else "update", "output", output.id, before=before, after=output
        )
        lifecycle.remove_evidence(session, actor, remove_evidence, output_id=output.id)
        attach(session, actor, checked, output_id=output.id)
        return _as_records(session, [output])[0]


@acting
def delete_output(actor: Actor, output_id: int) -> int:
    """Delete a draft output (or one sent back) with its files; return its id."""
    with session_scope() as session:
        output = lifecycle.load_for_change(session, actor, Output, output_id, "delete", lifecycle.EDITABLE)
        files = evidence_for(session, output_ids=[output.id])
        audit_by(
            session,
            actor,
            "delete",
            "output",
            output.id,
            before=output,
            after={"evidence_deleted": [f.filename for f in files]} if files else None,
        )
        session.delete(output)
        session.flush()
        return output_id


@acting
def submit_output(actor: Actor, output_id: int) -> OutputRecord:
    """Send a draft output for review."""
    with session_scope() as session:
        output = lifecycle.load_for_change(session, actor, Output, output_id, "submit", lifecycle.EDITABLE)
        lifecycle.change_status(session, actor, output, "output", Status.submitted.value, "submit")
        return _as_records(session, [output])[0]


@acting
def withdraw_output(actor: Actor, output_id: int) -> OutputRecord:
    """Take back a submitted output still waiting for review; it becomes a draft again."""
    with session_scope() as session:
        output = lifecycle.load_for_change(
            session, actor, Output, output_id, "withdraw", frozenset({Status.submitted.value})
        )
        lifecycle.change_status(session, actor, output, "output", Status.draft.value, "withdraw")
        return _as_records(session, [output])[0]


@acting
def list_outputs(actor: Actor, person_id: int | None = None) -> list[OutputRecord]:
    """Every output of a person (default: the actor), newest first, for those who may read them."""
    with session_scope(read_only=True) as session:
        owner = lifecycle.owner_for_read(session, actor, person_id)
        rows = session.exec(
            select(Output).where(Output.person_id == owner.id).order_by(Output.dated_on.desc(), Output.id.desc())
        ).all()
        return _as_records(session, list(rows))
