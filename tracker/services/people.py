"""People: the admin's list, add, edit, deactivate, password reset and file import; everyone's UI language.

Every admin function checks ``require_admin`` first, validates through ``tracker.validation`` (the same rules
as the CLI import), writes in one transaction and records an audit event. People are never deleted: a
deactivated person keeps their records and cannot sign in.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from tracker import audit, validation
from tracker.auth import Actor, hash_password
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound, Problem
from tracker.i18n import LANGUAGES, Text
from tracker.models import Department, Person, PersonPublic, Role
from tracker.registry import name_to_id
from tracker.services._acting import acting
from tracker.services._records import audit_by, flush_unique
from tracker.services.permissions import require_admin
from tracker.sessions import end_sessions_of

IMPORT_KINDS = ("teachers", "activities", "certifications", "outputs")
PREVIEW_ROWS = 50
PREVIEW_PROBLEMS = 200  # a broken million-row file must not become a million-line message


@acting
def set_language(actor: Actor, language: str) -> None:
    """Remember the actor's UI language for their next sign-in."""
    if language not in LANGUAGES:
        return
    with session_scope() as session:
        person = session.get(Person, actor.person_id)
        if person is not None:
            person.language = language
            session.add(person)


# --- reading ------------------------------------------------------------------------------------------------


@acting
def list_people(actor: Actor, *, department_id: int | None = None, role: str | None = None,
                active: bool | None = None, search: str | None = None) -> list[PersonPublic]:
    """People ordered by name, optionally filtered; ``search`` matches part of the name or email."""
    require_admin(actor)
    # plain columns rather than ORM rows: 5,000 people load in about a sixth of the time
    columns = [c for c in Person.__table__.c if c.name != "password_hash"]
    has_password = col(Person.password_hash).is_not(None).label("has_password")
    query = select(*columns, Department.name.label("department"), has_password).join(Department, isouter=True)
    if department_id is not None:
        query = query.where(Person.department_id == department_id)
    if role:
        query = query.where(Person.role == role)
    if active is not None:
        query = query.where(Person.active == active)
    if search and search.strip():
        pattern = f"%{search.strip().lower()}%"
        query = query.where(func.lower(Person.name).like(pattern) | col(Person.email).like(pattern))
    with session_scope(read_only=True) as session:
        rows = session.exec(query.order_by(Person.name, Person.id)).all()
    return [PersonPublic.model_validate(dict(row._mapping)) for row in rows]


@acting
def get_person(actor: Actor, person_id: int) -> PersonPublic:
    require_admin(actor)
    with session_scope(read_only=True) as session:
        person = _load(session, person_id)
        return _public(person, _department_name(session, person.department_id))


# --- writing ------------------------------------------------------------------------------------------------


@acting
def add_person(actor: Actor, raw: dict, *, password: str) -> PersonPublic:
    """Add a person who can sign in with ``password``.

    ``raw`` holds email, name, department (an existing department's name), role, category and hire_date.

    Raises:
        InvalidInput: every problem at once (bad fields, email in use, unknown department, short password).
    """
    require_admin(actor)
    problems: list[Problem] = []
    clean = _validate(raw, problems)
    try:
        validation.password(password)
    except InvalidInput as exc:
        problems += exc.problems
    with session_scope() as session:
        department_id = _department_id(session, clean.department if clean else None, problems)
        email = clean.email if clean else _email_or_none(raw.get("email"))
        taken = Text("problem.email_taken", email=email)
        if email and session.exec(select(Person.id).where(Person.email == email)).first() is not None:
            problems.append(Problem("email", taken))
        if problems:
            raise InvalidInput(problems)
        person = Person(email=clean.email, name=clean.name, department_id=department_id, role=clean.role,
                        category=clean.category, hire_date=clean.hire_date,
                        title_rank=clean.title_rank, industry_years=clean.industry_years,
                        password_hash=hash_password(password))
        session.add(person)
        flush_unique(session, taken, field="email")  # another admin adding the same email at this moment
        audit_by(session, actor, "create", "person", person.id, after=person)
        return _public(person, clean.department)


@acting
def edit_person(actor: Actor, person_id: int, raw: dict) -> PersonPublic:
    """Change a person's name, department, role, category, hire date, title rank and industry years (the email
    is their identity; fields ``raw`` leaves out keep their values where that makes sense).

    Raises:
        NotFound: no such person.
        InvalidInput: bad fields, unknown department, or an admin removing their own admin role.
    """
    require_admin(actor)
    problems: list[Problem] = []
    with session_scope() as session:
        person = _load(session, person_id)
        # a form without the 双师型 fields keeps what is stored
        kept = {"title_rank": person.title_rank, "industry_years": person.industry_years}
        clean = _validate({**kept, **raw, "email": person.email}, problems)
        department_id = _department_id(session, clean.department if clean else None, problems)
        if clean and person.id == actor.person_id and clean.role != Role.admin:
            problems.append(validation.problem("own_admin_role", "role"))
        if problems:
            raise InvalidInput(problems)
        before = audit.snapshot(person)
        person.name, person.department_id = clean.name, department_id
        person.role, person.category, person.hire_date = clean.role, clean.category, clean.hire_date
        person.title_rank, person.industry_years = clean.title_rank, clean.industry_years
        session.add(person)
        session.flush()
        audit_by(session, actor, "update", "person", person.id, before=before, after=person)
        return _public(person, clean.department)


@acting
def set_active(actor: Actor, person_id: int, active: bool) -> PersonPublic:
    """Deactivate (cannot sign in; records kept) or reactivate a person.

    Raises:
        NotFound: no such person.
        InvalidInput: an admin deactivating their own account.
    """
    require_admin(actor)
    if not active and person_id == actor.person_id:
        raise InvalidInput(validation.problem("own_account", "active"))
    with session_scope() as session:
        person = _load(session, person_id)
        if person.active != active:
            before = audit.snapshot(person)
            person.active = active
            session.add(person)
            if not active:
                end_sessions_of(session, person.id, reason="inactive")
            audit_by(session, actor, "reactivate" if active else "deactivate", "person", person.id,
                     before=before, after=person)
        return _public(person, _department_name(session, person.department_id))


@acting
def reset_password(actor: Actor, person_id: int, password: str) -> None:
    """Give a person a new password (the audit event records that it happened, never the password)."""
    require_admin(actor)
    validation.password(password)
    with session_scope() as session:
        person = _load(session, person_id)
        person.password_hash = hash_password(password)
        session.add(person)
        end_sessions_of(session, person.id, reason="password")  # a reset signs every browser of theirs out
        audit_by(session, actor, "set_password", "person", person.id)


@dataclass(frozen=True)
class FirstPassword:
    """A password made for someone who had none: shown to the admin once, stored only as a hash."""

    person_id: int
    name: str
    email: str
    password: str


FIRST_PASSWORD_LENGTH = 12
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I to misread


@acting
def issue_first_passwords(actor: Actor, person_ids: list[int]) -> list[FirstPassword]:
    """Give each active person in ``person_ids`` who has no password yet (imported people) a random one, so
    they can sign in; people who already have a password, or are inactive, are left alone. One audit event
    per person ("set_password"; the password itself is never recorded).

    Returns:
        The new passwords, for the admin to hand out (they are not kept anywhere in clear).
    """
    require_admin(actor)
    made = []
    with session_scope() as session:
        people = session.exec(
            select(Person)
            .where(col(Person.id).in_(sorted(set(person_ids))), col(Person.password_hash).is_(None),
                   Person.active == True)  # noqa: E712 (SQL)
            .order_by(Person.name, Person.id)
        ).all()
        for person in people:
            password = "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(FIRST_PASSWORD_LENGTH))
            person.password_hash = hash_password(password)
            session.add(person)
            audit_by(session, actor, "set_password", "person", person.id, after={"first_password": True})
            made.append(FirstPassword(person.id, person.name, person.email, password))
    return made


@acting
def ensure_account(actor: Actor, *, email: str, role: str, name: str | None = None,
                   department: str | None = None, password: str) -> PersonPublic:
    """`tracker user add`: give ``email`` an account that can sign in, creating the person when new.

    The command line sets up a college before anyone can sign in, so unlike ``add_person`` it takes no hire
    date, adds a department it does not know yet (audited like every new department), and for an existing
    person sets the role, the password and, when given, the name and department, and reactivates them.

    Raises:
        InvalidInput: every problem with the email, role, name, department or password at once.
    """
    require_admin(actor)
    check = validation.Collector()
    clean_email = check.check("email", validation.email, email)
    clean_role = check.check("role", validation.choice, role, Role)
    clean_name = check.check("name", validation.text, name or (clean_email or "").split("@")[0])
    clean_department = check.check("department", validation.optional_text, department)
    check.check("password", validation.password, password)
    check.raise_if_any()
    with session_scope() as session:
        person = session.exec(select(Person).where(Person.email == clean_email)).first()
        before = audit.snapshot(person)
        if person is None:
            person = Person(email=clean_email, name=clean_name, role=clean_role)
        else:
            person.role = clean_role
            if name:
                person.name = clean_name
        if clean_department:
            person.department_id = _department_for_account(session, actor, clean_department)
        person.password_hash = hash_password(password)
        person.active = True
        session.add(person)
        session.flush()
        audit_by(session, actor, "create" if before is None else "update", "person", person.id,
                 before=before, after=person)
        return _public(person, _department_name(session, person.department_id))


@acting
def set_password_by_email(actor: Actor, *, email: str, password: str) -> None:
    """`tracker user set-password`: a new password for the person with this email.

    Raises:
        InvalidInput: a bad email or password. NotFound: nobody has this email.
    """
    require_admin(actor)
    check = validation.Collector()
    clean_email = check.check("email", validation.email, email)
    check.check("password", validation.password, password)
    check.raise_if_any()
    with session_scope() as session:
        person = session.exec(select(Person).where(Person.email == clean_email)).first()
        if person is None:
            raise NotFound(Text("errors.person.no_email", email=clean_email))
        person.password_hash = hash_password(password)
        session.add(person)
        end_sessions_of(session, person.id, reason="password")  # a new password signs every browser out
        audit_by(session, actor, "set_password", "person", person.id)


# --- importing ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportPreview:
    """What a file would import: the first rows as the import will read them, and every problem found."""

    kind: str
    filename: str
    total_rows: int
    rows: list[dict]  # the first PREVIEW_ROWS
    problems: list[Text]  # the first PREVIEW_PROBLEMS, as "row N: column: message" like the CLI prints them
    problem_count: int

    @property
    def ok(self) -> bool:
        return self.problem_count == 0


@acting
def preview_import(actor: Actor, kind: str, content: bytes, filename: str) -> ImportPreview:
    """Read an uploaded CSV/XLSX file and write nothing; problems are the ones ``import_upload`` would report
    (activities and certifications are checked against the teachers already in the database)."""
    require_admin(actor)
    _check_kind(kind)
    from tracker.importing import parse_file

    known = None
    if kind != "teachers":
        with session_scope() as session:
            known = set(session.exec(select(Person.email)).all())
    parsed = parse_file(kind, content, filename, known_emails=known, importer=actor.email)
    return ImportPreview(
        kind=kind,
        filename=filename,
        total_rows=len(parsed.rows),
        rows=[_plain_row(r) for r in parsed.rows[:PREVIEW_ROWS]],
        problems=[p.line() for p in parsed.problems[:PREVIEW_PROBLEMS]],
        problem_count=len(parsed.problems),
    )


@acting
def import_upload(actor: Actor, kind: str, content: bytes, filename: str, *, progress=None):
    """Import an uploaded file, all or nothing, signed by the actor in the audit trail.

    ``progress(records, total)`` wraps the records as they are read (the page shows a progress bar).

    Returns:
        ``tracker.importing.ImportResult`` (created, updated, skipped; ``summary()`` is the CLI's line).

    Raises:
        InvalidInput: the file has problems (every bad row listed); nothing was written.
    """
    require_admin(actor)
    _check_kind(kind)
    from tracker.db import get_engine
    from tracker.importing import import_file

    return import_file(get_engine(), kind, content, filename=filename, actor=actor, progress=progress)


# --- helpers ------------------------------------------------------------------------------------------------


def _check_kind(kind: str) -> None:
    if kind not in IMPORT_KINDS:
        raise InvalidInput(validation.problem("choose_one_of", "kind", values=", ".join(IMPORT_KINDS)))


def _plain_row(row) -> dict:
    data = asdict(row) if hasattr(row, "__dataclass_fields__") else dict(row)
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def _validate(raw: dict, problems: list[Problem]) -> validation.PersonInput | None:
    try:
        return validation.person(raw)
    except InvalidInput as exc:
        problems += exc.problems
        return None


def _email_or_none(value) -> str | None:
    try:
        return validation.email(value)
    except InvalidInput:
        return None  # already reported by the row's validation


def _department_id(session: Session, name: str | None, problems: list[Problem]) -> int | None:
    if not name:
        return None
    department_id = session.exec(select(Department.id).where(Department.name == name)).first()
    if department_id is None:
        problems.append(validation.problem("no_department_named", "department", name=name))
    return department_id


def _department_for_account(session: Session, actor: Actor, name: str) -> int:
    department_id, created = name_to_id(session, Department.__table__, name)
    if created:
        department = session.get(Department, department_id)
        audit_by(session, actor, "create", "department", department_id, after=department)
    return department_id


def _department_name(session: Session, department_id: int | None) -> str | None:
    if department_id is None:
        return None
    department = session.get(Department, department_id)
    return department.name if department else None


def _load(session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(Text("errors.person.gone"))
    return person


def _public(person: Person, department: str | None) -> PersonPublic:
    return PersonPublic.model_validate(
        person, update={"department": department, "has_password": person.password_hash is not None})
