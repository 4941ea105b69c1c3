"""What a head hands an auditor: compliance and records as of a date (CSV, Excel), a teacher's audit pack.

Headers and words follow the requested language (``zh`` gives Chinese headers). Spreadsheet cells that would
start a formula are written as text, so a description like ``=HYPERLINK(...)`` stays a description.
The audit pack is a ZIP: ``summary.html`` (self-contained, prints on A4), ``SHA256SUMS`` and the evidence
files.
"""

from __future__ import annotations

import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import BinaryIO

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import NotFound
from tracker.exports import to_csv, to_xlsx
from tracker.i18n import Text, t
from tracker.localtime import format_moment, local_naive, zone_name
from tracker.models import (
    Activity,
    Certification,
    Department,
    Enterprise,
    Evidence,
    Output,
    Person,
    PracticeConfirmation,
    trust_of,
    utcnow,
)
from tracker.norms.packs import ComplianceStatus
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services.evidence import clean_filename, evidence_for
from tracker.services.team import scope_department, teaching_rows

COMPLIANCE_COLUMNS = [
    "name",
    "teacher",
    "department",
    "norm",
    "status",
    "achieved",
    "required",
    "unit",
    "pending_hours",
    "gap",
    "change_date",
    "source",
]
RECORD_COLUMNS = [
    "name",
    "teacher",
    "department",
    "record",
    "title",
    "enterprise",
    "start",
    "end",
    "hours",
    "status",
    "reviewer",
    "reviewed_at",
    "review_note",
    "description",
    # issue 13, last so existing column positions stay: how far a record is proven, what the enterprise confirmed
    "trust",
    "confirmed_hours",
]


# --- tables -------------------------------------------------------------------------------------------------


@acting
def compliance_frame(
    actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Every teacher in scope against every norm on ``as_of``, with headers and words in ``lang``."""
    from tracker.norms import evaluate_compliance

    scope = scope_department(actor, department_id)
    with session_scope(read_only=True) as session:
        rows = teaching_rows(session, evaluate_compliance(session, as_of=as_of, department_id=scope))
    return _compliance_table(rows, lang)


def _compliance_table(rows, lang: str) -> pd.DataFrame:
    data = [
        {
            "name": r.name,
            "teacher": r.teacher,
            "department": r.department,
            "norm": r.label_in(lang),
            "status": t(f"compliance.{r.status}", lang=lang),
            "achieved": r.achieved,
            "required": r.required,
            "unit": t(f"unit.{r.unit}", lang=lang),
            "pending_hours": r.pending_hours,
            "gap": r.gap,
            "change_date": r.change_date,
            "source": r.source,
        }
        for r in sorted(rows, key=lambda r: (r.department or "", r.name, r.teacher, r.norm))
    ]
    return _headed(pd.DataFrame(data, columns=COMPLIANCE_COLUMNS), "report.col", lang)


@acting
def records_frame(
    actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Activities started and certificates issued on or before ``as_of`` for everyone in scope, with their
    current status and reviewer (statuses are today's: the audit log holds their history)."""
    scope = scope_department(actor, department_id)
    with session_scope(read_only=True) as session:
        people = sa.select(Person.id).where(Person.role != "admin")
        if scope is not None:
            people = people.where(Person.department_id == scope)
        records = _load_records(session, people, as_of)
    return _records_table(records, lang)


def _records_table(records: list[dict], lang: str) -> pd.DataFrame:
    data = [
        {
            **{k: r[k] for k in RECORD_COLUMNS if k in r},
            "record": t(f"report.record.{r['record']}", lang=lang),
            "title": t(f"kind.{r['title']}", lang=lang) if r["record"] == "activity" else r["title"],
            "status": t(f"status.{r['status']}", lang=lang),
            "trust": t(f"trust.{r['trust']}", lang=lang) if r["trust"] else None,
            **(
                {"description": t(f"output_kind.{r['description']}", lang=lang)}
                if r["record"] == "output"
                else {}
            ),
        }
        for r in records
    ]
    frame = _headed(pd.DataFrame(data, columns=RECORD_COLUMNS), "report.col", lang)
    # times are the institution's wall-clock time; the header says which zone
    zoned = t("report.col.reviewed_at", lang=lang)
    return frame.rename(columns={zoned: f"{zoned} ({zone_name()})"})


def _headed(frame: pd.DataFrame, prefix: str, lang: str) -> pd.DataFrame:
    return frame.rename(columns={c: t(f"{prefix}.{c}", lang=lang) for c in frame.columns})


def _load_records(session: Session, people, as_of: date) -> list[dict]:
    """Activities and certificates of ``people`` (person ids, or a select of them) up to ``as_of`` as dicts,
    ordered by teacher then date."""
    reviewer = aliased(Person)
    common = (Person.name, Person.email, Department.name, reviewer.name)
    activities = session.execute(
        sa.select(Activity, Enterprise.name, PracticeConfirmation.confirmed_hours, *common)
        .join(Person, Person.id == Activity.person_id)
        .outerjoin(PracticeConfirmation, PracticeConfirmation.activity_id == Activity.id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(Enterprise, Enterprise.id == Activity.enterprise_id)
        .outerjoin(reviewer, reviewer.id == Activity.reviewer_id)
        .where(Activity.person_id.in_(people), Activity.start_date <= as_of)
    ).all()
    certificates = session.execute(
        sa.select(Certification, *common)
        .join(Person, Person.id == Certification.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(reviewer, reviewer.id == Certification.reviewer_id)
        .where(Certification.person_id.in_(people), Certification.issued_on <= as_of)
    ).all()
    outputs = session.execute(
        sa.select(Output, *common)
        .join(Person, Person.id == Output.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(reviewer, reviewer.id == Output.reviewer_id)
        .where(Output.person_id.in_(people), Output.dated_on <= as_of)
    ).all()
    records = [
        {
            "record": "activity",
            "id": a.id,
            "person_id": a.person_id,
            "name": name,
            "teacher": email,
            "department": dept,
            "title": a.kind,
            "enterprise": enterprise,
            "start": a.start_date,
            "end": a.end_date,
            "hours": a.hours,
            "confirmed_hours": confirmed,
            "status": a.status,
            "trust": trust_of(a.status, confirmed is not None).value,
            "reviewer": reviewer_name,
            "reviewed_at": _moment(a.reviewed_at),
            "review_note": a.review_note,
            "description": a.description,
        }
        for a, enterprise, confirmed, name, email, dept, reviewer_name in activities
    ] + [
        {
            "record": "certification",
            "id": c.id,
            "person_id": c.person_id,
            "name": name,
            "teacher": email,
            "department": dept,
            "title": c.name,
            "enterprise": c.issuer or None,
            "start": c.issued_on,
            "end": c.expires_on,
            "hours": None,
            "confirmed_hours": None,
            "status": c.status,
            "trust": None,
            "reviewer": reviewer_name,
            "reviewed_at": _moment(c.reviewed_at),
            "review_note": c.review_note,
            "description": " · ".join(x for x in (c.level, c.credential_id) if x),
        }
        for c, name, email, dept, reviewer_name in certificates
    ] + [
        {  # issue 12: outputs are records like the others; description holds the kind
            "record": "output",
            "id": o.id,
            "person_id": o.person_id,
            "name": name,
            "teacher": email,
            "department": dept,
            "title": o.title,
            "enterprise": None,
            "start": o.dated_on,
            "end": None,
            "hours": None,
            "status": o.status,
            "reviewer": reviewer_name,
            "reviewed_at": _moment(o.reviewed_at),
            "review_note": o.review_note,
            "description": o.kind,
            "activity_id": o.activity_id,
            "trust": None,
            "confirmed_hours": None,
        }
        for o, name, email, dept, reviewer_name in outputs
    ]
    records.sort(
        key=lambda r: (r["department"] or "", r["name"], r["teacher"], r["start"], r["record"], r["id"])
    )
    return records


def _moment(value: datetime | None) -> datetime | None:
    """A stored UTC time as the institution's local time (a real date-time in Excel, ``YYYY-MM-DD HH:MM`` in
    CSV and in the audit pack)."""
    return local_naive(value)


# --- file formats: tracker.exports writes every cell (formula-like text stays text) -----------------


@acting
def compliance_csv(actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en") -> bytes:
    return to_csv(compliance_frame(actor, as_of=as_of, department_id=department_id, lang=lang))


@acting
def compliance_xlsx(
    actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en"
) -> bytes:
    frame = compliance_frame(actor, as_of=as_of, department_id=department_id, lang=lang)
    levels = levels_frame(actor, as_of=as_of, department_id=department_id, lang=lang)
    return to_xlsx({t("report.sheet.compliance", lang=lang): frame, t("report.sheet.levels", lang=lang): levels})


@acting
def levels_frame(
    actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en"
) -> pd.DataFrame:
    """Each professional teacher's dual-qualified level, recognition, next level and what it needs, and the
    先实践再上岗 flag, in ``lang`` (issue 12)."""
    from tracker.norms.levels import describe_group
    from tracker.norms.levels_db import evaluate_dual_qualified

    scope = scope_department(actor, department_id)
    with session_scope(read_only=True) as session:
        rows = evaluate_dual_qualified(session, as_of=as_of, department_id=scope)

    def level(key):
        return t(f"dual.level.{key}", lang=lang) if key else ""

    return pd.DataFrame(
        {
            t("report.col.name", lang=lang): [r.name for r in rows],
            t("field.email", lang=lang): [r.teacher for r in rows],
            t("common.department", lang=lang): [r.department or "" for r in rows],
            t("dual.col.level", lang=lang): [level(r.level) for r in rows],
            t("dual.col.recognised", lang=lang): [level(r.recognised_level) for r in rows],
            t("dual.batch.valid_until", lang=lang): [r.recognised_until for r in rows],
            t("dual.col.next", lang=lang): [level(r.next_level) for r in rows],
            t("dual.col.missing", lang=lang): [" / ".join(describe_group(g, lang) for g in r.missing) for r in rows],
            t("dual.col.practice", lang=lang): [r.practice_hours for r in rows],
            t("dual.col.flag", lang=lang): [
                t("dual.col.flag", lang=lang) if r.practise_before_post else "" for r in rows
            ],
        }
    )


@acting
def records_csv(actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en") -> bytes:
    return to_csv(records_frame(actor, as_of=as_of, department_id=department_id, lang=lang))


@acting
def records_xlsx(actor: Actor, *, as_of: date, department_id: int | None = None, lang: str = "en") -> bytes:
    frame = records_frame(actor, as_of=as_of, department_id=department_id, lang=lang)
    return to_xlsx({t("report.sheet.records", lang=lang): frame})


# --- the audit pack -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackedEvidence:
    id: int
    record: str
    record_id: int
    filename: str
    media_type: str
    size: int
    sha256: str
    path: str  # inside the ZIP


@acting
def audit_pack(actor: Actor, person_id: int, *, as_of: date, lang: str = "en") -> BinaryIO:
    """A ZIP for an auditor: ``summary.html`` (the teacher, every norm with its figures, every activity and
    certificate with status and reviewer, the evidence list with sha256), ``SHA256SUMS`` and ``evidence/``.

    Allowed to whoever may read the teacher (the teacher, their head, an admin).

    Returns:
        An open temporary file holding the ZIP, at its start; the caller closes it (which deletes it). The ZIP
        is written file by file, never held in memory whole (issue 9): one evidence file at a time is.
    """
    from tracker.norms import evaluate_compliance

    with session_scope(read_only=True) as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(Text("errors.report.no_teacher", id=person_id))
        permissions.require(permissions.can_read_person(actor, person.id, person.department_id))
        department = session.get(Department, person.department_id) if person.department_id else None
        rows = evaluate_compliance(session, as_of=as_of, person_ids=[person.id])
        from tracker.norms.levels_db import evaluate_dual_qualified

        levels = evaluate_dual_qualified(session, as_of=as_of, person_ids=[person.id])
        records = _load_records(session, [person.id], as_of)
        evidence = _evidence_of(session, records)
        # unlinked at once on POSIX: nothing stays on disk, whatever happens; the caller closes it
        out = tempfile.TemporaryFile(prefix="audit-pack-", suffix=".zip")  # noqa: SIM115
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for item in evidence:
                content = session.execute(
                    sa.select(Evidence.content).where(Evidence.id == item.id)
                ).scalar_one()
                # already-compressed formats are stored as they are
                archive.writestr(item.path, content, compress_type=zipfile.ZIP_STORED)
            summary = _summary_html(
                name=person.name,
                email=person.email,
                department=department.name if department else None,
                as_of=as_of,
                rows=rows,
                records=records,
                evidence=evidence,
                lang=lang,
                levels=levels,
            )
            archive.writestr("summary.html", summary.encode("utf-8"))
            from tracker.services.plan_forms import forms_for_person

            for path, page in forms_for_person(session, person.id, lang=lang).items():
                archive.writestr(path, page.encode("utf-8"))
            sums = "".join(f"{e.sha256}  {e.path}\n" for e in evidence)
            archive.writestr("SHA256SUMS", sums.encode("utf-8"))
    out.seek(0)
    return out


def _evidence_of(session: Session, records: list[dict]) -> list[PackedEvidence]:
    files = evidence_for(
        session,
        activity_ids=[r["id"] for r in records if r["record"] == "activity"],
        certification_ids=[r["id"] for r in records if r["record"] == "certification"],
        output_ids=[r["id"] for r in records if r["record"] == "output"],
    )

    def owner(f) -> tuple[str, int]:
        if f.activity_id is not None:
            return "activity", f.activity_id
        if f.certification_id is not None:
            return "certification", f.certification_id
        return "output", f.output_id

    return [
        PackedEvidence(
            id=f.id,
            record=owner(f)[0],
            record_id=owner(f)[1],
            filename=f.filename,
            media_type=f.media_type,
            size=f.size,
            sha256=f.sha256,
            path=f"evidence/{f.id}-{clean_filename(f.filename)}",
        )
        for f in sorted(files, key=lambda f: f.id)
    ]


@lru_cache(maxsize=1)
def _templates():
    """The report templates, with HTML autoescaping on for every value (the reason for a template engine:
    escaping is the default, not something each cell must remember)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("tracker.services", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _summary_html(*, name, email, department, as_of, rows, records, evidence, lang, levels=()) -> str:
    """``summary.html`` of an audit pack. Cells are (value, css class) pairs; the template escapes values."""

    def num(value) -> str:
        return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")

    def h(key: str) -> str:
        return t(key, lang=lang)

    def text(value) -> str:
        return "" if value is None else str(value)

    def when(value: datetime | None) -> str:
        return "" if value is None else value.strftime("%Y-%m-%d %H:%M")

    norm_rows = [
        [
            (r.label_in(lang), ""),
            (h("compliance." + r.status), f"s {r.status}"),
            (num(r.achieved), "num"),
            (num(r.required), "num"),
            (h("unit." + r.unit), "s"),
            (num(r.pending_hours), "num"),
            (num(r.gap), "num"),
            (text(r.change_date), "s"),
            (text(r.source), ""),
        ]
        for r in rows
    ]
    activity_rows = [
        [
            (str(r["id"]), ""),
            (h("kind." + r["title"]), ""),
            (text(r["enterprise"]), ""),
            (text(r["start"]), "s"),
            (text(r["end"]), "s"),
            (num(r["hours"]), "num"),
            (num(r["confirmed_hours"]), "num"),
            (h("status." + r["status"]), "s"),
            (h("trust." + r["trust"]), "s"),
            (text(r["reviewer"]), ""),
            (when(r["reviewed_at"]), ""),
            (text(r["review_note"]), ""),
            (text(r["description"]), ""),
        ]
        for r in records
        if r["record"] == "activity"
    ]
    cert_rows = [
        [
            (str(r["id"]), ""),
            (text(r["title"]), ""),
            (text(r["enterprise"]), ""),
            (text(r["start"]), "s"),
            (text(r["end"]), "s"),
            (h("status." + r["status"]), "s"),
            (text(r["reviewer"]), ""),
            (when(r["reviewed_at"]), ""),
            (text(r["review_note"]), ""),
            (text(r["description"]), ""),
        ]
        for r in records
        if r["record"] == "certification"
    ]
    output_rows = [
        [
            (str(r["id"]), ""),
            (text(r["title"]), ""),
            (h("output_kind." + r["description"]), ""),
            (text(r["start"]), "s"),
            (h("status." + r["status"]), "s"),
            (text(r["reviewer"]), ""),
            (when(r["reviewed_at"]), ""),
            (text(r["review_note"]), ""),
        ]
        for r in records
        if r["record"] == "output"
    ]
    from tracker.norms.levels import describe_group

    level_rows = [
        [
            (h("dual.level." + lv.level), ""),
            (h("dual.level." + lv.recognised_level), ""),
            (text(lv.recognised_until), "s"),
            (h("dual.level." + lv.next_level) if lv.next_level else "—", ""),
            (" / ".join(describe_group(g, lang) for g in lv.missing), ""),
            (h("dual.flag.practice_before_post") if lv.practise_before_post else "", ""),
        ]
        for lv in levels
    ]
    evidence_rows = [
        [
            (f"{h('report.record.' + ev.record)} {ev.record_id}", ""),
            (ev.filename, ""),
            (ev.media_type, ""),
            (f"{ev.size:,}", "num"),
            (ev.sha256, "sha"),
            (ev.path, ""),
        ]
        for ev in evidence
    ]
    return _templates().get_template("audit_pack.html").render(
        html_lang="zh-CN" if lang == "zh" else "en",
        statuses=list(ComplianceStatus),
        h=h,
        name=name,
        email=email,
        department=department,
        as_of=as_of,
        generated=f"{format_moment(utcnow())} ({zone_name()})",
        norm_rows=norm_rows,
        activity_rows=activity_rows,
        cert_rows=cert_rows,
        output_rows=output_rows,
        level_rows=level_rows,
        evidence_rows=evidence_rows,
    )
