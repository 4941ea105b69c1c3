"""Creating accounts and setting passwords from the command line (the admin pages use tracker.services)."""

from __future__ import annotations

from sqlmodel import select

from tracker import audit, validation
from tracker.auth import hash_password
from tracker.db import session_scope
from tracker.errors import NotFound
from tracker.models import Department, Person, PersonPublic, Role
from tracker.sessions import end_sessions_of


def get_or_create_department(session, name: str) -> Department:
    department = session.exec(select(Department).where(Department.name == name)).first()
    if department is None:
        department = Department(name=name)
        session.add(department)
        session.flush()
    return department


def add_user(*, email: str, role: str, name: str | None, department: str | None, password: str) -> PersonPublic:
    # a Collector names each field in the message ("email: ..."), and reports every problem at once
    check = validation.Collector()
    clean_email = check.check("email", validation.email, email)
    clean_role = check.check("role", validation.choice, role, Role)
    clean_name = check.check("name", validation.text, name or (clean_email or "").split("@")[0])
    clean_department = check.check("department", validation.optional_text, department)
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
            person.department_id = get_or_create_department(session, clean_department).id
        person.password_hash = hash_password(password)
        person.active = True
        session.add(person)
        session.flush()
        audit.record(session, actor_id=None, actor="cli", action="create" if before is None else "update",
                     entity="person", entity_id=person.id, before=before, after=person)
        return PersonPublic.model_validate(person)


def set_password(*, email: str, password: str) -> None:
    check = validation.Collector()
    clean_email = check.check("email", validation.email, email)
    check.raise_if_any()
    with session_scope() as session:
        person = session.exec(select(Person).where(Person.email == clean_email)).first()
        if person is None:
            raise NotFound(f"no person with email {clean_email}")
        person.password_hash = hash_password(password)
        session.add(person)
        end_sessions_of(session, person.id, reason="password")  # a new password signs every browser out
        audit.record(session, actor_id=None, actor="cli", action="set_password", entity="person",
                     entity_id=person.id)
