"""Helpers every service shares: the audit event of a write, the rows that refer to a record, unique names."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from tracker import audit
from tracker.auth import Actor
from tracker.errors import InvalidInput


def audit_by(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
             before=None, after=None):
    """Record ``action`` on ``entity`` by ``actor`` in the caller's transaction."""
    return audit.record_by(session, actor, action, entity, entity_id, before=before, after=after)


def _referring_columns(table_name: str) -> list[sa.Column]:
    """Every column of every table with a foreign key to ``table_name`` (read from the shared metadata)."""
    columns = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name:
                columns.append(fk.parent)
    return columns


def count_references(session: Session, table_name: str, ids: Iterable[int]) -> dict[str, int]:
    """``{"table.column": rows}`` for every column that refers to one of ``ids`` (only non-zero counts)."""
    ids = list(ids)
    found: dict[str, int] = {}
    for column in _referring_columns(table_name):
        n = session.execute(
            sa.select(sa.func.count()).select_from(column.table).where(column.in_(ids))
        ).scalar_one()
        if n:
            found[f"{column.table.name}.{column.name}"] = n
    return found


def repoint_references(session: Session, table_name: str, old_ids: Iterable[int],
                       new_id: int) -> dict[str, int]:
    """Make every row that refers to one of ``old_ids`` refer to ``new_id``; ``{"table.column": moved}``."""
    old_ids = list(old_ids)
    moved: dict[str, int] = {}
    for column in _referring_columns(table_name):
        n = session.execute(
            sa.update(column.table).where(column.in_(old_ids)).values({column.name: new_id})
            .execution_options(synchronize_session=False)
        ).rowcount
        if n:
            moved[f"{column.table.name}.{column.name}"] = n
    return moved


def require_free_name(session: Session, model, name: str, own_id: int | None, message: str) -> None:
    """Raise InvalidInput(``message``) when another ``model`` row already has ``name`` (names are unique)."""
    other = session.exec(select(model.id).where(model.name == name)).first()
    if other is not None and other != own_id:
        raise InvalidInput(message, field="name")


def flush_unique(session: Session, message: str, field: str = "name") -> None:
    """Flush; a concurrent write of the same unique value becomes InvalidInput(``message``), no traceback."""
    try:
        session.flush()
    except IntegrityError:
        raise InvalidInput(message, field=field) from None
