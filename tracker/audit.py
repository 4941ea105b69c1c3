"""The audit trail: every write records who did what to which record, with before and after."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel

from tracker.auth import Actor
from tracker.models import AuditEvent


def snapshot(record: SQLModel | dict | None) -> dict | None:
    """A JSON-ready copy of a record's fields (binary content left out)."""
    if record is None:
        return None
    data = record if isinstance(record, dict) else record.model_dump()
    return {k: v for k, v in data.items() if not isinstance(v, bytes | bytearray) and k != "password_hash"}


def _json(value: Any) -> str | None:
    if value is None:
        return None

    def default(v):
        if isinstance(v, date | datetime):
            return v.isoformat()
        return str(v)

    return json.dumps(value, ensure_ascii=False, default=default, sort_keys=True)


def record(
    session: Session,
    *,
    actor_id: int | None,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: SQLModel | dict | None = None,
    after: SQLModel | dict | None = None,
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
    event = AuditEvent(
        actor_id=actor_id,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_json(snapshot(before)),
        after=_json(snapshot(after)),
    )
    session.add(event)
    return event


def record_by(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
              before: SQLModel | dict | None = None, after: SQLModel | dict | None = None) -> AuditEvent:
    """``record`` for an ``Actor``: a person's id and email, or for ``Actor.system()`` its name and no id."""
    return record(session, actor_id=None if actor.is_system else actor.person_id, actor=actor.email,
                  action=action, entity=entity, entity_id=entity_id, before=before, after=after)
