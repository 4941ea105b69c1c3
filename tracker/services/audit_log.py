"""Reading the audit trail: filter by actor, entity, action and date range, one page at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import col, func, select

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput
from tracker.models import AuditEvent
from tracker.services._acting import acting
from tracker.services.permissions import require_admin

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class AuditFilter:
    """What to show; every field optional. ``actor`` matches part of the email (or cli/system)."""

    actor: str | None = None
    entity: str | None = None
    action: str | None = None
    since: date | None = None  # inclusive
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    before: str  # pretty JSON, or "" when there was nothing
    after: str


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    total: int
    page: int  # 1-based
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@acting
def audit_events(actor: Actor, filters: AuditFilter = AuditFilter(), *, page: int = 1,
                 page_size: int = 50) -> AuditPage:
    """The newest events first that match ``filters``, page ``page`` of ``page_size``.

    Raises:
        InvalidInput: the date range ends before it starts, or the page size is out of range.
    """
    require_admin(actor)
    if filters.since and filters.until and filters.until < filters.since:
        raise InvalidInput("the end of the date range is before its start", field="until")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"show between 1 and {MAX_PAGE_SIZE} events per page", field="page_size")
    conditions = []
    if filters.actor and filters.actor.strip():
        conditions.append(func.lower(AuditEvent.actor).like(f"%{filters.actor.strip().lower()}%"))
    if filters.entity:
        conditions.append(AuditEvent.entity == filters.entity)
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.since:
        conditions.append(AuditEvent.at >= _start_of(filters.since))
    if filters.until:
        conditions.append(AuditEvent.at < _start_of(filters.until + timedelta(days=1)))
    with session_scope(read_only=True) as session:
        total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
        last_page = max(1, -(-total // page_size))
        page = min(max(1, page), last_page)
        events = session.exec(
            select(AuditEvent).where(*conditions)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .offset((page - 1) * page_size).limit(page_size)
        ).all()
        entries = [
            AuditEntry(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, _pretty(e.before),
                       _pretty(e.after))
            for e in events
        ]
    return AuditPage(entries, total, page, page_size)


@acting
def audit_choices(actor: Actor) -> tuple[list[str], list[str]]:
    """The entities and actions that occur in the trail, for the filter menus."""
    require_admin(actor)
    with session_scope(read_only=True) as session:
        entities = session.exec(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)).all()
        actions = session.exec(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all()
    return list(entities), list(actions)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _pretty(text: str | None) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:  # written by hand or by an older version: show it as it is
        return text
