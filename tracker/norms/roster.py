"""Who the norms and the dual-qualified levels are evaluated for on a date: one definition for both."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa

from tracker.models import Department, Person


def employed_on(
    as_of: date,
    categories: Iterable[str],
    department_id: int | None,
    person_ids: Iterable[int] | None,
    *columns,
) -> sa.Select:
    """``SELECT columns`` of the active people of ``categories`` employed on ``as_of`` (hired on or before
    it, or with no hire date), optionally one department's or only ``person_ids``; by department, name, id.
    ``columns`` may use ``Person`` and ``Department`` (outer-joined)."""
    query = (
        sa.select(*columns)
        .select_from(Person)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(
            Person.active.is_(True),
            Person.category.in_(sorted(categories)),
            sa.or_(Person.hire_date.is_(None), Person.hire_date <= as_of),
        )
        .order_by(Department.name, Person.name, Person.id)
    )
    if department_id is not None:
        query = query.where(Person.department_id == department_id)
    if person_ids is not None:
        query = query.where(Person.id.in_(sorted(set(person_ids))))
    return query


def scoped_to(query: sa.Select, person_column, department_id: int | None, person_ids: Iterable[int] | None):
    """``query`` limited to one department's people or to ``person_ids`` (``person_column``: its person id)."""
    if department_id is not None:
        query = query.where(
            person_column.in_(sa.select(Person.id).where(Person.department_id == department_id))
        )
    if person_ids is not None:
        query = query.where(person_column.in_(sorted(set(person_ids))))
    return query
