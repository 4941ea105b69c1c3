"""Evidence files: checking an upload, storing it with its record, and reading it back for those allowed.

Only PDF, JPEG and PNG are accepted, and the type is decided by the file's first bytes, never by its name: a
file called ``report.pdf`` that is really a PNG or a program is refused. An image is measured from its header
and refused above ``tracker.previews.MAX_PIXELS``; each file gets a small preview made once here, which pages
show instead of the original. Each person's files together may not exceed ``evidence_quota_mb`` (a setting).
The bytes live in the database (see ``tracker.models.Evidence``) so a record and its proof are written in one
transaction.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import sqlalchemy as sa
import sqlalchemy.orm
from sqlmodel import Session, select

from tracker import audit, previews
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound, Problem
from tracker.i18n import Text
from tracker.models import Activity, Certification, Evidence, EvidencePublic, Output, Person
from tracker.services._acting import acting
from tracker.services.permissions import can_read_person, require
from tracker.settings import get_settings
from tracker.validation import problem

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5  # per save; a record rarely needs more than a few pages of proof
MEDIA_TYPES = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",)}
ACCEPTED_EXTENSIONS = [ext.lstrip(".") for exts in MEDIA_TYPES.values() for ext in exts]
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]")


@dataclass(frozen=True)
class Upload:
    """A file as the person chose it: its name and its bytes (pages build this from ``st.file_uploader``)."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed ``check_uploads``: its media type and its preview (None when none was made)."""

    upload: Upload
    media_type: str
    preview: bytes | None


@dataclass(frozen=True)
class EvidenceFile:
    """A stored file with its content, for preview or download."""

    id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    content: bytes


def sniff_media_type(data: bytes) -> str | None:
    """The media type the content's magic bytes announce, if it is one we accept."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def clean_filename(filename: str) -> str:
    """The file's own name without any folder part or unsafe characters, at most 255 characters."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    name = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 255 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:255].strip(" .")
    return name or "evidence"


def check_upload(filename: str, data: bytes) -> str:
    """Accept a PDF, JPEG or PNG of at most 10 MB whose name agrees with its content; return its media type.

    Raises:
        InvalidInput: on field ``evidence`` with one message saying what is wrong with the file.
    """
    name = clean_filename(filename)

    def refuse(code: str, **params) -> InvalidInput:
        return InvalidInput(problem(code, "evidence", name=name, **params))

    size = len(data or b"")
    if size == 0:
        raise refuse("evidence_empty")
    if size > MAX_BYTES:
        raise refuse("evidence_too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_BYTES // 1024 // 1024)
    media_type = sniff_media_type(data)
    if media_type is None:
        raise refuse("evidence_not_allowed")
    extension = PurePosixPath(name.lower()).suffix
    if extension not in MEDIA_TYPES[media_type]:
        kind = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}[media_type]
        raise refuse("evidence_mismatch", extension=extension or Text("errors.evidence.no_type"), kind=kind)
    if media_type.startswith("image/"):
        code = previews.image_problem(data)  # the header only: nothing is decoded before this says yes
        if code is not None:
            raise refuse(code, limit=previews.MAX_PIXELS // 1_000_000)
    return media_type


def check_uploads(uploads: Iterable[Upload]) -> list[CheckedUpload]:
    """Check every upload and report every bad file at once; return each with its media type and preview."""
    uploads = list(uploads)
    problems: list[Problem] = []
    if len(uploads) > MAX_FILES:
        problems.append(problem("evidence_too_many", "evidence", limit=MAX_FILES, count=len(uploads)))
    checked = []
    for upload in uploads:
        try:
            media_type = check_upload(upload.filename, upload.data)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        preview = previews.make_preview(upload.data, media_type)
        if preview is None and media_type.startswith("image/"):  # its header was fine, its pixels are not
            problems.append(problem("image_unreadable", "evidence", name=clean_filename(upload.filename)))
            continue
        checked.append(CheckedUpload(upload, media_type, preview))
    if problems:
        raise InvalidInput(problems)
    return checked


def quota_bytes() -> int:
    """How much evidence one person may store, all records together (setting ``evidence_quota_mb``)."""
    return get_settings().evidence_quota_mb * 1024 * 1024


def stored_bytes(session: Session, person_id: int) -> int:
    """The size of every file on the person's activities, certificates and outputs."""
    total = 0
    for model, column in (
        (Activity, Evidence.activity_id),
        (Certification, Evidence.certification_id),
        (Output, Evidence.output_id),
    ):
        total += session.execute(
            sa.select(sa.func.coalesce(sa.func.sum(Evidence.size), 0))
            .join(model, model.id == column)
            .where(model.person_id == person_id)
        ).scalar_one()
    return int(total)


def _check_quota(session: Session, person_id: int, adding: int) -> None:
    """Refuse files that would take the person over their quota (the person's row is locked first, so two
    uploads at the same moment cannot both slip under it)."""
    if adding <= 0:
        return
    person = session.get(Person, person_id, with_for_update=True)
    used = stored_bytes(session, person_id) + adding
    limit = quota_bytes()
    if used > limit:
        mb = 1024 * 1024
        raise InvalidInput(
            problem("evidence_quota", "evidence", name=person.name, used=f"{used / mb:,.1f}", limit=limit // mb)
        )


def attach(
    session: Session,
    actor: Actor,
    checked: Iterable[CheckedUpload],
    *,
    activity_id: int | None = None,
    certification_id: int | None = None,
    output_id: int | None = None,
) -> list[Evidence]:
    """Store already checked uploads for one record, in the caller's transaction, with an audit event each.

    Raises:
        InvalidInput: the files would take the record's owner over the evidence quota.
    """
    checked = list(checked)
    if not checked:
        return []
    if activity_id is not None:
        record = session.get(Activity, activity_id)
    elif certification_id is not None:
        record = session.get(Certification, certification_id)
    else:
        record = session.get(Output, output_id)
    _check_quota(session, record.person_id, sum(len(c.upload.data) for c in checked))
    stored = []
    for upload, media_type, preview in ((c.upload, c.media_type, c.preview) for c in checked):
        evidence = Evidence(
            activity_id=activity_id,
            certification_id=certification_id,
            output_id=output_id,
            filename=clean_filename(upload.filename),
            media_type=media_type,
            size=len(upload.data),
            sha256=hashlib.sha256(upload.data).hexdigest(),
            content=upload.data,
            preview=preview,
            uploaded_by=actor.person_id,
        )
        session.add(evidence)
        session.flush()
        audit.record_by(session, actor, "create", "evidence", evidence.id, after=evidence)
        stored.append(evidence)
    return stored


def evidence_for(
    session: Session,
    *,
    activity_ids: Iterable[int] = (),
    certification_ids: Iterable[int] = (),
    output_ids: Iterable[int] = (),
) -> list[EvidencePublic]:
    """File facts (no content) for many records in one query per kind of record, for listings."""
    columns = (
        Evidence.id,
        Evidence.activity_id,
        Evidence.certification_id,
        Evidence.output_id,
        Evidence.filename,
        Evidence.media_type,
        Evidence.size,
        Evidence.sha256,
        Evidence.preview.is_not(None).label("has_preview"),
    )
    out: list[EvidencePublic] = []
    for column, ids in (
        (Evidence.activity_id, list(activity_ids)),
        (Evidence.certification_id, list(certification_ids)),
        (Evidence.output_id, list(output_ids)),
    ):
        if ids:
            rows = session.exec(select(*columns).where(column.in_(ids)).order_by(Evidence.id)).all()
            out.extend(EvidencePublic(**row._asdict()) for row in rows)
    return out


def evidence_by_record(
    session: Session,
    *,
    activity_ids: Iterable[int] = (),
    certification_ids: Iterable[int] = (),
    output_ids: Iterable[int] = (),
) -> dict[tuple[str, int], list[EvidencePublic]]:
    """``evidence_for`` grouped by the record each file proves: ``("activity", id)``, ``("certification",
    id)`` or ``("output", id)``."""
    found: dict[tuple[str, int], list[EvidencePublic]] = {}
    for f in evidence_for(
        session, activity_ids=activity_ids, certification_ids=certification_ids, output_ids=output_ids
    ):
        if f.activity_id is not None:
            key = ("activity", f.activity_id)
        elif f.certification_id is not None:
            key = ("certification", f.certification_id)
        else:
            key = ("output", f.output_id)
        found.setdefault(key, []).append(f)
    return found


def owner_of(session: Session, evidence: Evidence) -> Person:
    """The person whose activity, certificate or output this file proves."""
    if evidence.activity_id is not None:
        record = session.get(Activity, evidence.activity_id)
    elif evidence.certification_id is not None:
        record = session.get(Certification, evidence.certification_id)
    else:
        record = session.get(Output, evidence.output_id)
    person = session.get(Person, record.person_id) if record is not None else None
    if person is None:  # pragma: no cover - foreign keys make this impossible
        raise NotFound(Text("errors.file.orphan"))
    return person


@acting
def read_evidence(actor: Actor, evidence_id: int) -> EvidenceFile:
    """The file with its content, for its owner, the head of the owner's department, or an admin.

    Raises:
        NotFound: no such file.
        PermissionDenied: the actor may not read the owner's records.
    """
    with session_scope(read_only=True) as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None:
            raise NotFound(Text("errors.file.missing"))
        owner = owner_of(session, evidence)
        require(can_read_person(actor, owner.id, owner.department_id))
        return EvidenceFile(
            evidence.id,
            evidence.filename,
            evidence.media_type,
            evidence.size,
            evidence.sha256,
            bytes(evidence.content),
        )


@acting
def read_preview(actor: Actor, evidence_id: int) -> bytes | None:
    """The file's stored preview (a small JPEG), for whoever may read the file; None when it has none.

    Pages show this, never the original: the original is only ever downloaded.
    """
    with session_scope(read_only=True) as session:
        evidence = session.get(Evidence, evidence_id, options=[sa.orm.defer(Evidence.content)])
        if evidence is None:
            raise NotFound(Text("errors.file.missing"))
        owner = owner_of(session, evidence)
        require(can_read_person(actor, owner.id, owner.department_id))
        return bytes(evidence.preview) if evidence.preview is not None else None
