"""The registries of named things (departments, enterprises): one get-or-create by name for every writer.

The dashboard's forms, the file import and the command line all come here, so a name is matched and
added the same way everywhere. Adding uses ``INSERT … ON CONFLICT DO NOTHING``: another person (or an
import) may add the same name at the same moment, and that is not an error.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlmodel import Session

from tracker.db import insert_missing

_CHUNK = 500  # names per IN (…) list


def names_to_ids(target: Session | Connection, table: sa.Table, names: Iterable[str]) -> dict[str, int]:
    """Ids for ``names`` (exactly as written) in a table with a unique ``name``, adding the missing ones."""
    found: dict[str, int] = {}
    ordered = sorted(set(names))
    for i in range(0, len(ordered), _CHUNK):
        part = ordered[i : i + _CHUNK]
        found.update(target.execute(sa.select(table.c.name, table.c.id).where(table.c.name.in_(part))).all())
    missing = [n for n in ordered if n not in found]
    if missing:
        insert_missing(target, table, [{"name": n} for n in missing], ["name"])
        for i in range(0, len(missing), _CHUNK):
            part = missing[i : i + _CHUNK]
            found.update(
                target.execute(sa.select(table.c.name, table.c.id).where(table.c.name.in_(part))).all()
            )
    return found


def name_to_id(target: Session | Connection, table: sa.Table, name: str, *, ignore_case: bool = False
               ) -> tuple[int, bool]:
    """The id of the row named ``name`` (with ``ignore_case``, any letter case), added when there is none;
    and whether it was added now (the caller records that in the audit trail)."""
    lookup = sa.func.lower(table.c.name) == name.lower() if ignore_case else table.c.name == name
    found = target.execute(sa.select(table.c.id).where(lookup).order_by(table.c.id).limit(1)).scalar()
    if found is not None:
        return found, False
    created = insert_missing(target, table, [{"name": name}], ["name"])
    return target.execute(sa.select(table.c.id).where(table.c.name == name)).scalar_one(), bool(created)
