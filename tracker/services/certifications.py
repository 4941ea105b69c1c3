"""A teacher's industry certificates: add one, renew it (a new row that points at the one it renews, so the
history stays), change or delete a draft, submit or withdraw it, and list them.

The expiry is either given as a date or computed from the issue date and the years the certificate is valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlmodel import Session, select

from tracker import validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, Problem
from tracker.models import Certification, CertificationPublic, EvidencePublic, Status, utcnow
from tracker.norms.packs import add_years
from tracker.services import _lifecycle as lifecycle
from tracker.services._acting import acting
from tracker.services._records import audit_by
from tracker.services.evidence import Upload, attach, evidence_by_record

MAX_VALIDITY_YEARS = 50
RENEWABLE = frozenset({Status.submitted.value, Status.verified.value})


class CertificationRecord(CertificationPublic):
    """A certificate as its owner sees it: reviewer, files, and the renewal that replaced it (if any)."""

    renewed_by_id: int | None = None
    reviewer: str | None = None
    evidence: list[EvidencePublic] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None


def validity_years(value) -> int | None:
    """Blank, or a whole number of years from 1 to 50."""
    if lifecycle.is_blank(value):
        return None
    try:
        years = float(str(value).strip())
    except ValueError:
        raise InvalidInput(validation.problem("not_years", value=str(value)[:20])) from None
    if not years.is_integer() or not 1 <= years <= MAX_VALIDITY_YEARS:
        raise InvalidInput(validation.problem("years_whole", limit=MAX_VALIDITY_YEARS))
    return int(years)


def _clean(raw: Mapping, owner_email: str, status: str) -> validation.CertificationInput:
    """Validate the form; with no expiry date, the expiry is issue date + validity years (blank: never)."""
    data = dict(raw, teacher_email=owner_email, status=status)
    problems: list[Problem] = []
    years = None
    try:
        years = validity_years(data.pop("validity_years", None))
    except InvalidInput as exc:
        problems += [Problem("validity_years", p.message) for p in exc.problems]
    expires_given = not lifecycle.is_blank(data.get("expires_on"))
    if years and not expires_given:
        try:
            data["expires_on"] = add_years(validation.iso_date(data.get("issued_on")), years)
        except InvalidInput:
            pass  # the issue date's own problem is reported below
    try:
        clean = validation.certification(data, allowed_statuses=lifecycle.WRITABLE_STATUSES)
    except InvalidInput as exc:
        problems = exc.problems + problems
        clean = None
    if problems:
        raise InvalidInput(problems)
    return clean


def _as_records(session: Session, certifications: list[Certification]) -> list[CertificationRecord]:
    ids = [c.id for c in certifications]
    renewed_by = (
        dict(
            session.exec(
                select(Certification.renews_id, Certification.id).where(Certification.renews_id.in_(ids))
            ).all()
        )
        if ids
        else {}
    )
    reviewers = lifecycle.reviewer_names(session, (c.reviewer_id for c in certifications))
    files = evidence_by_record(session, certification_ids=ids)
    return [
        CertificationRecord(
            **c.model_dump(),
            renewed_by_id=renewed_by.get(c.id),
            reviewer=reviewers.get(c.reviewer_id),
            evidence=files.get(("certification", c.id), []),
        )
        for c in certifications
    ]


def _write(
    session: Session, actor: Actor, certification: Certification, clean: validation.CertificationInput
):
    certification.name, certification.issuer, certification.level = clean.name, clean.issuer, clean.level
    certification.type = clean.type
    certification.issued_on, certification.expires_on = clean.issued_on, clean.expires_on
    certification.credential_id, certification.status = clean.credential_id, clean.status
    certification.updated_at = utcnow()
    session.add(certification)
    session.flush()


@acting
def add_certification(
    actor: Actor,
    raw: Mapping,
    *,
    submit: bool = True,
    evidence: Iterable[Upload] = (),
    person_id: int | None = None,
) -> CertificationRecord:
    """Record a certificate for the actor (an admin may name ``person_id``), as a draft or submitted.

    ``raw``: name, issuer, type, level, issued_on, expires_on or validity_years (neither: never expires),
    credential_id.

    Raises:
        InvalidInput: every problem with the form or the files; nothing is saved.
        PermissionDenied: the actor may not record for this person.
    """
    with session_scope() as session:
        owner = lifecycle.owner_for_write(session, actor, person_id)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(raw, owner.email, lifecycle.status_for(submit)), evidence
        )
        certification = Certification(person_id=owner.id, name=clean.name, issued_on=clean.issued_on)
        _write(session, actor, certification, clean)
        audit_by(session, actor, "create", "certification", certification.id, after=certification)
        attach(session, actor, checked, certification_id=certification.id)
        return _as_records(session, [certification])[0]


@acting
def renew_certification(
    actor: Actor, certification_id: int, raw: Mapping, *, submit: bool = True, evidence: Iterable[Upload] = ()
) -> CertificationRecord:
    """Record the renewal of a certificate as a new certificate pointing at the old one (kept as history).

    Name, issuer and level default to the old certificate's; the new issue date and expiry (a date or
    validity years) come from ``raw``.

    Raises:
        InvalidInput: a problem with the form, or the certificate is a draft, rejected or already renewed.
        PermissionDenied: not the actor's certificate.
        NotFound: no such certificate.
    """
    with session_scope() as session:
        old = lifecycle.load_for_change(session, actor, Certification, certification_id, "renew", RENEWABLE)
        already = session.exec(select(Certification.id).where(Certification.renews_id == old.id)).first()
        if already is not None:
            raise InvalidInput(validation.problem("already_renewed", "status"))
        owner = lifecycle.owner_for_write(session, actor, old.person_id)
        data = {"name": old.name, "issuer": old.issuer, "type": old.type, "level": old.level}
        data.update({k: v for k, v in raw.items() if not lifecycle.is_blank(v)})
        data.setdefault("issued_on", None)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(data, owner.email, lifecycle.status_for(submit)), evidence
        )
        if clean.issued_on < old.issued_on:
            when = old.issued_on.isoformat()
            raise InvalidInput(validation.problem("renewal_too_early", "issued_on", date=when))
        renewal = Certification(
            person_id=owner.id, name=clean.name, issued_on=clean.issued_on, renews_id=old.id
        )
        _write(session, actor, renewal, clean)
        audit_by(session, actor, "renew", "certification", renewal.id, before=old, after=renewal)
        attach(session, actor, checked, certification_id=renewal.id)
        return _as_records(session, [renewal])[0]


@acting
def update_certification(
    actor: Actor,
    certification_id: int,
    raw: Mapping,
    *,
    submit: bool = False,
    evidence: Iterable[Upload] = (),
    remove_evidence: Iterable[int] = (),
) -> CertificationRecord:
    """Change a draft certificate (or one sent back), optionally submitting it; add or remove files."""
    with session_scope() as session:
        certification = lifecycle.load_for_change(
            session, actor, Certification, certification_id, "edit", lifecycle.EDITABLE
        )
        owner = lifecycle.owner_for_write(session, actor, certification.person_id)
        clean, checked = lifecycle.form_and_files(
            lambda: _clean(raw, owner.email, lifecycle.status_for(submit)), evidence
        )
        before = certification.model_dump()
        _write(session, actor, certification, clean)
        audit_by(
            session,
            actor,
            "submit" if submit else "update",
            "certification",
            certification.id,
            before=before,
            after=certification,
        )
        lifecycle.remove_evidence(session, actor, remove_evidence, certification_id=certification.id)
        attach(session, actor, checked, certification_id=certification.id)
        return _as_records(session, [certification])[0]


@acting
def delete_certification(actor: Actor, certification_id: int) -> int:
    """Delete a draft certificate (or one sent back) with its files; return its id."""
    with session_scope() as session:
        certification = lifecycle.load_for_change(
            session, actor, Certification, certification_id, "delete", lifecycle.EDITABLE
        )
        audit_by(session, actor, "delete", "certification", certification.id, before=certification)
        session.delete(certification)
        return certification_id


@acting
def submit_certification(actor: Actor, certification_id: int) -> CertificationRecord:
    with session_scope() as session:
        certification = lifecycle.load_for_change(
            session, actor, Certification, certification_id, "submit", lifecycle.EDITABLE
        )
        lifecycle.change_status(
            session, actor, certification, "certification", Status.submitted.value, "submit"
        )
        return _as_records(session, [certification])[0]


@acting
def withdraw_certification(actor: Actor, certification_id: int) -> CertificationRecord:
    with session_scope() as session:
        certification = lifecycle.load_for_change(
            session, actor, Certification, certification_id, "withdraw", frozenset({Status.submitted.value})
        )
        lifecycle.change_status(
            session, actor, certification, "certification", Status.draft.value, "withdraw"
        )
        return _as_records(session, [certification])[0]


@acting
def list_certifications(actor: Actor, person_id: int | None = None) -> list[CertificationRecord]:
    """Every certificate of a person (default: the actor), newest issue first, renewals and their history."""
    with session_scope(read_only=True) as session:
        owner = lifecycle.owner_for_read(session, actor, person_id)
        rows = session.exec(
            select(Certification)
            .where(Certification.person_id == owner.id)
            .order_by(Certification.issued_on.desc(), Certification.id.desc())
        ).all()
        return _as_records(session, list(rows))
