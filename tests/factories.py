"""Builders for test records with sensible defaults; each flushes so ids are set."""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session, select

from tracker.models import Activity, Certification, Department, Enterprise, Person

_seq = itertools.count(1)


def make_department(session: Session, name: str | None = None) -> Department:
    name = name or f"Department {next(_seq)}"
    existing = session.exec(select(Department).where(Department.name == name)).first()
    if existing:
        return existing
    d = Department(name=name)
    session.add(d)
    session.flush()
    return d


def make_person(
    session: Session,
    email: str | None = None,
    *,
    name: str | None = None,
    department: Department | str | None = None,
    role: str = "teacher",
    category: str = "professional",
    hire_date: date | None = date(2010, 1, 1),
    password: str | None = None,
    active: bool = True,
) -> Person:
    from tracker.auth import hash_password

    n = next(_seq)
    if isinstance(department, str):
        department = make_department(session, department)
    p = Person(
        email=email or f"teacher{n}@example.edu",
        name=name or f"Teacher {n}",
        department_id=department.id if department else None,
        role=role,
        category=category,
        hire_date=hire_date,
        password_hash=hash_password(password) if password else None,
        active=active,
    )
    session.add(p)
    session.flush()
    return p


def make_enterprise(session: Session, name: str | None = None, **kw) -> Enterprise:
    e = Enterprise(name=name or f"Enterprise {next(_seq)}", **kw)
    session.add(e)
    session.flush()
    return e


def make_activity(
    session: Session,
    person: Person,
    *,
    start: date = date(2024, 3, 1),
    end: date | None = None,
    hours: float = 8.0,
    kind: str = "visit",
    status: str = "verified",
    enterprise: Enterprise | None = None,
    description: str = "",
) -> Activity:
    a = Activity(
        person_id=person.id,
        kind=kind,
        start_date=start,
        end_date=end or start,
        hours=hours,
        status=status,
        enterprise_id=enterprise.id if enterprise else None,
        description=description,
    )
    session.add(a)
    session.flush()
    return a


def make_certification(
    session: Session,
    person: Person,
    *,
    name: str = "Cross-border E-commerce Operations (1+X)",
    issuer: str = "Fictional Certification Board",
    issued_on: date = date(2023, 1, 1),
    expires_on: date | None = date(2026, 1, 1),
    status: str = "verified",
) -> Certification:
    c = Certification(
        person_id=person.id, name=name, issuer=issuer, issued_on=issued_on, expires_on=expires_on, status=status
    )
    session.add(c)
    session.flush()
    return c
