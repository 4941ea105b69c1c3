"""The core tables and their read models.

Model families follow SQLModel's reference app: ``XBase`` holds the shared fields, ``X(table=True)`` the row,
``XPublic`` what leaves a session; what a caller supplies is checked by ``tracker.validation``. Enumerations
are stored as short strings with CHECK constraints, so a bad value cannot enter even through raw SQL.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

# Set before any table exists so every constraint and index has a stable, migration-friendly name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware UTC timestamp (SQLModel's UTCDateTime stores UTC on SQLite and PostgreSQL alike)."""
    return datetime.now(UTC)


class Role(enum.StrEnum):
    teacher = "teacher"
    head = "head"
    admin = "admin"


class Category(enum.StrEnum):
    professional = "professional"
    general = "general"
    staff = "staff"


class Kind(enum.StrEnum):
    """The four forms of enterprise practice in the 2016 national provisions (教师〔2016〕3号 第六条: visits,
    training received from an enterprise, posts held, joint R&D), training at a training base (counted by
    the 2019 plan's yearly month only), and ``other``."""

    visit = "visit"
    training = "training"
    post_practice = "post_practice"
    rnd_project = "rnd_project"
    training_base = "training_base"
    other = "other"


class TitleRank(enum.StrEnum):
    """Teacher-series professional title (教师系列职称), lowest first: 无/初级/中级/副高级/正高级."""

    none = "none"
    junior = "junior"
    intermediate = "intermediate"
    associate_senior = "associate_senior"
    senior = "senior"


class CertificateType(enum.StrEnum):
    """职业资格证书, 职业技能等级证书 (1+X), 非教师系列专业技术职称, or anything else."""

    vocational_qualification = "vocational_qualification"
    skill_level = "skill_level"
    professional_title = "professional_title"
    other = "other"


class CertificateLevel(enum.StrEnum):
    """A certificate's level, lowest first (qualification grades map onto these; see README)."""

    junior = "junior"
    intermediate = "intermediate"
    senior = "senior"


class OutputKind(enum.StrEnum):
    """Work a teacher produced from industry practice (成果), counted by dual-qualified levels."""

    research_report = "research_report"
    teaching_case = "teaching_case"
    course_development = "course_development"
    technical_service = "technical_service"
    patent = "patent"
    competition_award = "competition_award"


class DualLevel(enum.StrEnum):
    """Dual-qualified (双师型) levels, lowest first (初级, 中级, 高级)."""

    junior = "junior"
    intermediate = "intermediate"
    senior = "senior"


class Status(enum.StrEnum):
    """A record's review status, with its colour as a Streamlit badge colour name."""

    draft = "draft"
    submitted = "submitted"
    verified = "verified"
    rejected = "rejected"

    @property
    def badge(self) -> str:
        return {"draft": "gray", "submitted": "orange", "verified": "green", "rejected": "red"}[self.value]


def _in(column: str, enum_cls: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(m.value) for m in enum_cls)})"


# Text limits shared with the validation layer.
MAX_NAME = 200
MAX_EMAIL = 254
MAX_DESCRIPTION = 4000
MAX_NOTE = 2000


# --- Department -------------------------------------------------------------------------------------------------


class DepartmentBase(SQLModel):
    name: str = Field(max_length=MAX_NAME, sa_column_kwargs={"unique": True})


class Department(DepartmentBase, table=True):
    __tablename__ = "department"
    id: int | None = Field(default=None, primary_key=True)


class DepartmentPublic(DepartmentBase):
    id: int


# --- Person -----------------------------------------------------------------------------------------------------


class PersonBase(SQLModel):
    email: str = Field(max_length=MAX_EMAIL, sa_column_kwargs={"unique": True})
    name: str = Field(max_length=MAX_NAME)
    role: str = Field(default=Role.teacher.value, max_length=16)
    category: str = Field(default=Category.professional.value, max_length=16)
    hire_date: date | None = None
    active: bool = True
    language: str | None = Field(default=None, max_length=8)
    title_rank: str = Field(default=TitleRank.none.value, max_length=24)
    industry_years: float = 0.0  # full-time years in enterprises outside teaching


class Person(PersonBase, table=True):
    __tablename__ = "person"
    __table_args__ = (
        sa.CheckConstraint(_in("role", Role), name="role"),
        sa.CheckConstraint(_in("category", Category), name="category"),
        sa.CheckConstraint(_in("title_rank", TitleRank), name="title_rank"),
        sa.CheckConstraint("industry_years >= 0", name="industry_years"),
    )
    id: int | None = Field(default=None, primary_key=True)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    password_hash: str | None = Field(default=None, max_length=255)
    # the identity provider's stable subject, stored at the first single sign-on with a verified email
    sso_subject: str | None = Field(default=None, max_length=255, sa_column_kwargs={"unique": True})
    created_at: datetime = Field(default_factory=utcnow)


class PersonPublic(PersonBase):
    id: int
    department_id: int | None
    department: str | None = None
    has_password: bool = True  # False: imported without one, cannot sign in with a password yet


# --- Enterprise -------------------------------------------------------------------------------------------------


class EnterpriseBase(SQLModel):
    name: str = Field(max_length=MAX_NAME, sa_column_kwargs={"unique": True})
    sector: str | None = Field(default=None, max_length=MAX_NAME)
    city: str | None = Field(default=None, max_length=MAX_NAME)


class Enterprise(EnterpriseBase, table=True):
    __tablename__ = "enterprise"
    id: int | None = Field(default=None, primary_key=True)


class EnterprisePublic(EnterpriseBase):
    id: int


# --- Activity ---------------------------------------------------------------------------------------------------


class ActivityBase(SQLModel):
    kind: str = Field(max_length=16)
    start_date: date
    end_date: date
    hours: float
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    status: str = Field(default=Status.submitted.value, max_length=16)


def _version_column() -> sa.Column:
    return sa.Column("version", sa.Integer, nullable=False, server_default="1")


_ACTIVITY_VERSION = _version_column()
_CERTIFICATION_VERSION = _version_column()
_OUTPUT_VERSION = _version_column()


class Activity(ActivityBase, table=True):
    __tablename__ = "activity"
    __table_args__ = (
        sa.CheckConstraint(_in("kind", Kind), name="kind"),
        sa.CheckConstraint(_in("status", Status), name="status"),
        sa.CheckConstraint("end_date >= start_date", name="dates"),
        sa.CheckConstraint("hours > 0", name="hours"),
        # the compliance engine reads one teacher's (or everyone's) rows by date
        sa.Index("ix_activity_person_id_start_date", "person_id", "start_date"),
        sa.Index("ix_activity_status", "status"),
        sa.CheckConstraint("reviewer_id IS NULL OR reviewer_id <> person_id", name="not_self_reviewed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    enterprise_id: int | None = Field(default=None, foreign_key="enterprise.id", index=True)
    reviewer_id: int | None = Field(default=None, foreign_key="person.id")
    reviewed_at: datetime | None = None
    review_note: str | None = Field(default=None, max_length=MAX_NOTE)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # Bumped by every ORM update (SQLAlchemy's version counter); a review decision names the version the
    # reviewer saw, so an edit made meanwhile is never verified unseen (issue 9).
    version: int = Field(default=1, sa_column=_ACTIVITY_VERSION)

    __mapper_args__ = {"version_id_col": _ACTIVITY_VERSION}


class ActivityPublic(ActivityBase):
    id: int
    person_id: int
    enterprise_id: int | None
    enterprise: str | None = None
    reviewer_id: int | None
    reviewed_at: datetime | None
    review_note: str | None


# --- Certification ----------------------------------------------------------------------------------------------


class CertificationBase(SQLModel):
    name: str = Field(max_length=MAX_NAME)
    issuer: str = Field(default="", max_length=MAX_NAME)
    type: str = Field(default=CertificateType.other.value, max_length=32)
    level: str | None = Field(default=None, max_length=16)  # blank only for type "other"
    issued_on: date
    expires_on: date | None = None  # None: never expires
    credential_id: str | None = Field(default=None, max_length=MAX_NAME)
    status: str = Field(default=Status.submitted.value, max_length=16)


class Certification(CertificationBase, table=True):
    __tablename__ = "certification"
    __table_args__ = (
        sa.CheckConstraint(_in("status", Status), name="status"),
        sa.CheckConstraint(_in("type", CertificateType), name="type"),
        sa.CheckConstraint(f"level IS NULL OR {_in('level', CertificateLevel)}", name="level"),
        sa.CheckConstraint("level IS NOT NULL OR type = 'other'", name="level_given"),
        sa.CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="dates"),
        sa.Index("ix_certification_person_id_expires_on", "person_id", "expires_on"),
        sa.Index("ix_certification_status", "status"),
        sa.CheckConstraint("reviewer_id IS NULL OR reviewer_id <> person_id", name="not_self_reviewed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    # a renewal is a new row pointing at the certificate it renews; history is never overwritten
    renews_id: int | None = Field(default=None, foreign_key="certification.id")
    reviewer_id: int | None = Field(default=None, foreign_key="person.id")
    reviewed_at: datetime | None = None
    review_note: str | None = Field(default=None, max_length=MAX_NOTE)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_CERTIFICATION_VERSION)  # as Activity.version

    __mapper_args__ = {"version_id_col": _CERTIFICATION_VERSION}


class CertificationPublic(CertificationBase):
    id: int
    person_id: int
    renews_id: int | None
    reviewer_id: int | None
    reviewed_at: datetime | None
    review_note: str | None


# --- Output -----------------------------------------------------------------------------------------------------


class OutputBase(SQLModel):
    kind: str = Field(max_length=32)
    title: str = Field(max_length=MAX_NAME)
    dated_on: date  # "date" in files and forms
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    status: str = Field(default=Status.submitted.value, max_length=16)


class Output(OutputBase, table=True):
    """A result of industry practice (report, case, course, service, patent, award), reviewed like activities."""

    __tablename__ = "output"
    __table_args__ = (
        sa.CheckConstraint(_in("kind", OutputKind), name="kind"),
        sa.CheckConstraint(_in("status", Status), name="status"),
        sa.Index("ix_output_person_id_dated_on", "person_id", "dated_on"),
        sa.Index("ix_output_status", "status"),
        sa.CheckConstraint("reviewer_id IS NULL OR reviewer_id <> person_id", name="not_self_reviewed"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    activity_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("activity.id", ondelete="SET NULL"), index=True)
    )
    reviewer_id: int | None = Field(default=None, foreign_key="person.id")
    reviewed_at: datetime | None = None
    review_note: str | None = Field(default=None, max_length=MAX_NOTE)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_OUTPUT_VERSION)  # as Activity.version

    __mapper_args__ = {"version_id_col": _OUTPUT_VERSION}


class OutputPublic(OutputBase):
    id: int
    person_id: int
    activity_id: int | None
    reviewer_id: int | None
    reviewed_at: datetime | None
    review_note: str | None


# --- Recognition ------------------------------------------------------------------------------------------------


class Recognition(SQLModel, table=True):
    """A recognition committee's decision on a teacher's dual-qualified level; rows are history, never edited.

    ``confirmed`` decisions recognise ``level`` from ``decided_on`` to ``valid_until`` (both included: the
    level lapses the day after); a declined one records the answer to an application and changes nothing.
    """

    __tablename__ = "recognition"
    __table_args__ = (
        sa.CheckConstraint(_in("level", DualLevel), name="level"),
        sa.CheckConstraint("valid_until >= decided_on", name="dates"),
        sa.Index("ix_recognition_person_id_decided_on", "person_id", "decided_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    level: str = Field(max_length=16)
    confirmed: bool = True
    decided_on: date
    valid_until: date
    note: str = Field(default="", max_length=MAX_NOTE)
    decided_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)


# --- Evidence ---------------------------------------------------------------------------------------------------


class Evidence(SQLModel, table=True):
    """An uploaded file proving an activity or a certificate.

    The bytes live in the database so a record and its proof are written in one transaction and a backup
    carries both (uploads are capped at 10 MB).
    """

    __tablename__ = "evidence"
    __table_args__ = (
        sa.CheckConstraint(
            "(CASE WHEN activity_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN certification_id IS NULL THEN 0 "
            "ELSE 1 END) + (CASE WHEN output_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_owner",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("activity.id", ondelete="CASCADE"), index=True)
    )
    certification_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("certification.id", ondelete="CASCADE"), index=True)
    )
    output_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("output.id", ondelete="CASCADE"), index=True)
    )
    filename: str = Field(max_length=255)
    media_type: str = Field(max_length=64)
    size: int
    sha256: str = Field(max_length=64)
    content: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    # a small PNG made once at upload (an image scaled down, a PDF's first page): pages show it, never the
    # original, so a huge image is never decoded on a page (issue 9); None when no preview could be made
    preview: bytes | None = Field(default=None, sa_column=sa.Column(sa.LargeBinary, nullable=True))
    uploaded_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)


class EvidencePublic(SQLModel):
    id: int
    activity_id: int | None
    certification_id: int | None
    output_id: int | None = None
    filename: str
    media_type: str
    size: int
    sha256: str
    has_preview: bool = False


# --- Audit trail, sign-in throttle, app settings ----------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Who changed what, when, with the record before and after (JSON text)."""

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.Index("ix_audit_event_entity_entity_id", "entity", "entity_id"),
        sa.Index("ix_audit_event_at", "at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    actor: str = Field(default="system", max_length=MAX_EMAIL)  # email, or "cli"/"system"
    action: str = Field(max_length=32)
    entity: str = Field(max_length=32)
    entity_id: int | None = None
    before: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    after: str | None = Field(default=None, sa_column=sa.Column(sa.Text))


class SignInFailure(SQLModel, table=True):
    """Recent failed sign-ins per account (``scope="email"``) and per client address (``scope="address"``).

    Counted with one atomic upsert per failure (``tracker.auth``), read before the slowdown, purged after an hour.
    """

    __tablename__ = "sign_in_failure"
    scope: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=MAX_EMAIL)
    failures: int = 0
    last_failure_at: datetime = Field(default_factory=utcnow, index=True)


class SignInSession(SQLModel, table=True):
    """A signed-in browser: shared by its tabs through an HttpOnly cookie, ended by sign-out, idle time or a
    new password (``tracker.sessions``). Only hashes of the cookie token and of the one-time hand-over code
    are stored."""

    __tablename__ = "sign_in_session"
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    token_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={"unique": True})
    handoff_hash: str | None = Field(default=None, max_length=64, sa_column_kwargs={"unique": True})
    handoff_expires_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None
    ended_reason: str | None = Field(default=None, max_length=32)


class AppSetting(SQLModel, table=True):
    """Small facts about this database, e.g. ``demo = 1`` when it was created with demo data."""

    __tablename__ = "app_setting"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=MAX_DESCRIPTION)


# --- Placement plan, journal, enterprise confirmation (issue 13) ------------------------------------------------


class PlanStatus(enum.StrEnum):
    """A placement plan's life: proposed -> approved (or returned with a note, then proposed again) -> closed."""

    proposed = "proposed"
    approved = "approved"
    returned = "returned"
    closed = "closed"


class Release(enum.StrEnum):
    full_time = "full_time"
    part_time = "part_time"


class Rating(enum.StrEnum):
    """The enterprise's appraisal of the teacher (优秀/良好/合格/不合格)."""

    excellent = "excellent"
    good = "good"
    pass_ = "pass"
    fail = "fail"


class Trust(enum.StrEnum):
    """How far a practice record is proven, weakest first."""

    self_reported = "self_reported"
    school_verified = "school_verified"
    enterprise_confirmed = "enterprise_confirmed"


def trust_of(status: str, confirmed: bool) -> Trust:
    """The trust level of an activity: the enterprise's confirmation beats the school's verification."""
    if confirmed:
        return Trust.enterprise_confirmed
    if status == Status.verified:
        return Trust.school_verified
    return Trust.self_reported


MAX_PHONE = 40


class PlacementPlan(SQLModel, table=True):
    """A teacher's application (申请) for a placement; once approved it frames one activity."""

    __tablename__ = "placement_plan"
    __table_args__ = (
        sa.CheckConstraint(_in("kind", Kind), name="kind"),
        sa.CheckConstraint(_in("status", PlanStatus), name="status"),
        sa.CheckConstraint(_in("release", Release), name="release"),
        sa.CheckConstraint("end_date >= start_date", name="dates"),
        sa.CheckConstraint("planned_days > 0", name="planned_days"),
        sa.Index("ix_placement_plan_person_id_start_date", "person_id", "start_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id")
    enterprise_id: int = Field(foreign_key="enterprise.id", index=True)
    # set when the plan is approved: the activity the plan frames
    activity_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.ForeignKey("activity.id", ondelete="SET NULL"), unique=True),
    )
    kind: str = Field(default=Kind.post_practice.value, max_length=16)
    post: str = Field(max_length=MAX_NAME)
    tasks: str = Field(default="", max_length=MAX_DESCRIPTION)
    start_date: date
    end_date: date
    planned_days: int
    release: str = Field(default=Release.full_time.value, max_length=16)
    mentor_name: str = Field(max_length=MAX_NAME)
    mentor_title: str = Field(default="", max_length=MAX_NAME)
    mentor_email: str = Field(default="", max_length=MAX_EMAIL)
    mentor_phone: str = Field(default="", max_length=MAX_PHONE)
    status: str = Field(default=PlanStatus.proposed.value, max_length=16)
    reviewer_id: int | None = Field(default=None, foreign_key="person.id")
    reviewed_at: datetime | None = None
    review_note: str | None = Field(default=None, max_length=MAX_NOTE)
    summary: str | None = Field(default=None, max_length=MAX_DESCRIPTION)  # 个人总结, written when closing
    closed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class JournalEntry(SQLModel, table=True):
    """One dated entry of the placement journal (周志): what was done and for how many hours."""

    __tablename__ = "journal_entry"
    __table_args__ = (sa.CheckConstraint("hours > 0 AND hours <= 24", name="hours"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("placement_plan.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    day: date
    hours: float
    content: str = Field(max_length=MAX_DESCRIPTION)
    # a photo or file, stored as evidence of the plan's activity
    evidence_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("evidence.id", ondelete="SET NULL"))
    )
    created_at: datetime = Field(default_factory=utcnow)


class ConfirmationLink(SQLModel, table=True):
    """A link the enterprise mentor opens without an account. Only a hash of its random nonce is stored, so a
    copy of the database yields no usable link (and the server secret signs it besides)."""

    __tablename__ = "confirmation_link"
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    nonce_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    expires_at: datetime
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)
    sent_to: str | None = Field(default=None, max_length=MAX_EMAIL)
    revoked_at: datetime | None = None
    used_at: datetime | None = None


class PracticeConfirmation(SQLModel, table=True):
    """The enterprise's own confirmation (考核) of an activity: one per activity, written through a link."""

    __tablename__ = "practice_confirmation"
    __table_args__ = (
        sa.CheckConstraint(_in("rating", Rating), name="rating"),
        sa.CheckConstraint("confirmed_hours >= 0", name="hours"),
        sa.CheckConstraint("confirmed_days >= 0", name="days"),
    )
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(
        sa_column=sa.Column(
            sa.ForeignKey("activity.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    link_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("confirmation_link.id", ondelete="SET NULL"))
    )
    confirmed_days: int
    confirmed_hours: float
    rating: str = Field(max_length=16)
    comment: str = Field(default="", max_length=MAX_DESCRIPTION)
    confirmed_by: str = Field(default="", max_length=MAX_NAME)  # the mentor's name as typed
    scan_evidence_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("evidence.id", ondelete="SET NULL"))
    )
    client_address: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
