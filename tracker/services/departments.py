"""Departments: list with head count and heads, add, rename, and delete only when nothing refers to one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from tracker import audit, validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import Text
from tracker.models import Department, Person, Role
from tracker.services._acting import acting
from tracker.services._records import audit_by, count_references, flush_unique, require_free_name
from tracker.services.permissions import require_admin


@dataclass(frozen=True)
class DepartmentSummary:
    id: int
    name: str
    people: int  # active people
    inactive: int
    heads: tuple[str, ...]  # names of the active heads


@acting
def list_departments(actor: Actor) -> list[DepartmentSummary]:
    """Every department by name, with how many people it has and who heads it."""
    require_admin(actor)
    with session_scope(read_only=True) as session:
        counts = {
            (department_id, active): n
            for department_id, active, n in session.exec(
                select(Person.department_id, Person.active, func.count())
                .group_by(Person.department_id, Person.active)
            )
        }
        heads: dict[int, list[str]] = {}
        for department_id, name in session.exec(
            select(Person.department_id, Person.name)
            .where(Person.role == Role.head, Person.active == True)  # noqa: E712 (SQL comparison)
            .order_by(Person.name)
        ):
            heads.setdefault(department_id, []).append(name)
        return [
            DepartmentSummary(d.id, d.name, counts.get((d.id, True), 0), counts.get((d.id, False), 0),
                              tuple(heads.get(d.id, ())))
            for d in session.exec(select(Department).order_by(Department.name))
        ]


@acting
def add_department(actor: Actor, name: str) -> int:
    """Add a department; returns its id. Raises InvalidInput for a blank or already used name."""
    require_admin(actor)
    clean = _name(name)
    with session_scope() as session:
        require_free_name(session, Department, clean, None, _taken(clean))
        department = Department(name=clean)
        session.add(department)
        flush_unique(session, _taken(clean))
        audit_by(session, actor, "create", "department", department.id, after=department)
        return department.id


@acting
def rename_department(actor: Actor, department_id: int, name: str) -> None:
    require_admin(actor)
    clean = _name(name)
    with session_scope() as session:
        department = _load(session, department_id)
        if department.name == clean:
            return
        require_free_name(session, Department, clean, department_id, _taken(clean))
        before = audit.snapshot(department)
        department.name = clean
        session.add(department)
        flush_unique(session, _taken(clean))
        audit_by(session, actor, "rename", "department", department.id, before=before, after=department)


@acting
def delete_department(actor: Actor, department_id: int) -> None:
    """Delete a department nobody belongs to (active or not) and nothing else refers to.

    Raises:
        InvalidInput: people (or other records) still belong to it; move them first.
    """
    require_admin(actor)
    with session_scope() as session:
        department = _load(session, department_id)
        used = count_references(session, "department", [department_id])
        if used:
            people = used.pop("person.department_id", 0)
            others = sum(used.values())
            detail = (Text("errors.department.people_and_records", people=people, others=others) if others
                      else Text("errors.department.people", people=people))
            raise InvalidInput(validation.problem("department_in_use", "department", name=department.name,
                                                  detail=detail))
        audit_by(session, actor, "delete", "department", department.id, before=department)
        session.delete(department)


def _name(name: str) -> str:
    checks = validation.Collector()
    clean = checks.check("name", validation.text, name)
    checks.raise_if_any()
    return clean


def _taken(name: str) -> Text:
    return Text("problem.department_taken", name=name)


def _load(session: Session, department_id: int) -> Department:
    department = session.get(Department, department_id)
    if department is None:
        raise NotFound(Text("errors.department.missing"))
    return department
