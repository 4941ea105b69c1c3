"""Reading the audit trail: filter by actor, entity, action and date range, one page at a time.

Entries read as a person would say them (issue 11.8): the record by its name ("enterprise «Alpha»", not
"enterprise 3"), the actor by name, the change field by field, the time in the institution's time zone
(``TRACKER_TIMEZONE``); the stored JSON is kept alongside for the record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, func, select

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput
from tracker.i18n import t
from tracker.localtime import local, start_of_local_day
from tracker.models import Activity, AuditEvent, Certification, Department, Enterprise, Evidence, Person
from tracker.norms.models import NormPack
from tracker.services._acting import acting
from tracker.services.permissions import require_admin
from tracker.validation import problem

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class AuditFilter:
    """What to show; every field optional. ``actor`` matches part of the email (or cli/system)."""

    actor: str | None = None
    entity: str | None = None
    action: str | None = None
    since: date | None = None  # inclusive, a day in the institution's time zone
    until: date | None = None  # inclusive


@dataclass(frozen=True)
class FieldChange:
    """One field of a record before and after an event, as text ("" when it had no value)."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime  # in the institution's time zone
    actor: str  # email, or cli/system
    action: str
    entity: str
    entity_id: int | None
    before: str  # pretty JSON, or "" when there was nothing
    after: str
    actor_name: str | None = None  # the person behind ``actor``, when known
    subject: str | None = None  # what the record is called: a name, a file, "visit 2025-03-03 · 李明"
    changes: tuple[FieldChange, ...] = ()


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
        raise InvalidInput(problem("range_reversed", "until"))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(problem("page_size", "page_size", limit=MAX_PAGE_SIZE))
    conditions = []
    if filters.actor and filters.actor.strip():
        conditions.append(func.lower(AuditEvent.actor).like(f"%{filters.actor.strip().lower()}%"))
    if filters.entity:
        conditions.append(AuditEvent.entity == filters.entity)
    if filters.action:
        conditions.append(AuditEvent.action == filters.action)
    if filters.since:
        conditions.append(AuditEvent.at >= start_of_local_day(filters.since))
    if filters.until:
        conditions.append(AuditEvent.at < start_of_local_day(filters.until + timedelta(days=1)))
    with session_scope(read_only=True) as session:
        total = session.exec(select(func.count()).select_from(AuditEvent).where(*conditions)).one()
        last_page = max(1, -(-total // page_size))
        page = min(max(1, page), last_page)
        events = session.exec(
            select(AuditEvent).where(*conditions)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .offset((page - 1) * page_size).limit(page_size)
        ).all()
        names = _Names(session, events)
        entries = [
            AuditEntry(e.id, local(e.at), e.actor, e.action, e.entity, e.entity_id, _pretty(e.before),
                       _pretty(e.after), actor_name=names.person(e.actor_id),
                       subject=names.subject(e), changes=names.changes(e))
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


def _pretty(text: str | None) -> str:
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:  # written by hand or by an older version: show it as it is
        return text


# --- readable entries -----------------------------------------------------------------------------------

_NOT_SHOWN = {"id", "created_at", "updated_at", "password_hash", "content"}  # bookkeeping, not a change
_REFERENCES = {"department_id": "department", "enterprise_id": "enterprise", "person_id": "person",
               "reviewer_id": "person", "renewed_by_id": "certification"}


class _Names:
    """Names of the records a page of events mentions, read in one query per kind of record."""

    def __init__(self, session: Session, events) -> None:
        self.session = session
        wanted: dict[str, set[int]] = {}
        for event in events:
            if event.entity_id is not None:
                wanted.setdefault(event.entity, set()).add(event.entity_id)
            if event.actor_id is not None:
                wanted.setdefault("person", set()).add(event.actor_id)
            for data in (_load(event.before), _load(event.after)):
                for key, kind in _REFERENCES.items():
                    if isinstance(data, dict) and isinstance(data.get(key), int):
                        wanted.setdefault(kind, set()).add(data[key])
        self.names: dict[tuple[str, int], str] = {}
        self._owners: dict[tuple[str, int], int] = {}  # (activity|certification, id) -> its teacher
        for kind, ids in wanted.items():
            self._read(kind, sorted(ids))
        teachers = set(self._owners.values()) - {i for (k, i) in self.names if k == "person"}
        if teachers:
            self._read("person", sorted(teachers))

    def _read(self, kind: str, ids: list[int]) -> None:
        s = self.session
        if kind == "person":
            for i, name in s.exec(select(Person.id, Person.name).where(col(Person.id).in_(ids))):
                self.names[("person", i)] = name
        elif kind in ("department", "enterprise", "norm_pack"):
            model = {"department": Department, "enterprise": Enterprise, "norm_pack": NormPack}[kind]
            for i, name in s.exec(select(model.id, model.name).where(col(model.id).in_(ids))):
                self.names[(kind, i)] = name
        elif kind == "evidence":
            for i, name in s.exec(select(Evidence.id, Evidence.filename).where(col(Evidence.id).in_(ids))):
                self.names[(kind, i)] = name
        elif kind == "activity":
            rows = s.exec(select(Activity.id, Activity.kind, Activity.start_date, Activity.person_id)
                          .where(col(Activity.id).in_(ids)))
            for i, what, start, person_id in rows:
                self.names[(kind, i)] = f"{t(f'kind.{what}')} {start.isoformat()}"
                self._owners[(kind, i)] = person_id
        elif kind == "certification":
            rows = s.exec(select(Certification.id, Certification.name, Certification.person_id)
                          .where(col(Certification.id).in_(ids)))
            for i, name, person_id in rows:
                self.names[(kind, i)] = name
                self._owners[(kind, i)] = person_id

    def person(self, person_id: int | None) -> str | None:
        return None if person_id is None else self.names.get(("person", person_id))

    def subject(self, event: AuditEvent) -> str | None:
        """What the record is called now, or what it was called when it no longer exists."""
        name = self.names.get((event.entity, event.entity_id)) if event.entity_id is not None else None
        if name is None:
            for data in (_load(event.after), _load(event.before)):
                if isinstance(data, dict):
                    name = next((str(data[k]) for k in ("name", "filename", "file", "email") if data.get(k)),
                                None)
                    if name:
                        break
        owner = self.person(self._owners.get((event.entity, event.entity_id)))
        return " · ".join(x for x in (name, owner) if x) or None

    def changes(self, event: AuditEvent) -> tuple[FieldChange, ...]:
        before, after = _load(event.before), _load(event.after)
        before = before if isinstance(before, dict) else {}
        after = after if isinstance(after, dict) else {}
        out = []
        for field in sorted(set(before) | set(after)):
            if field in _NOT_SHOWN:
                continue
            old, new = self._value(field, before.get(field)), self._value(field, after.get(field))
            if old != new:  # a reference is shown by name, so it is named without its "_id"
                out.append(FieldChange(field.removesuffix("_id") if field in _REFERENCES else field, old, new))
        return tuple(out)

    def _value(self, field: str, value) -> str:
        if value is None or value == "":
            return ""
        if field in _REFERENCES and isinstance(value, int):
            return self.names.get((_REFERENCES[field], value), f"#{value}")
        if field == "duplicates" and isinstance(value, list):  # a merge: the records folded, by name
            return "、".join(str(d.get("name") or d.get("id")) if isinstance(d, dict) else str(d)
                            for d in value)
        if field == "moved" and isinstance(value, dict):  # a merge: how many references now point elsewhere
            return str(sum(n for n in value.values() if isinstance(n, int)))
        if isinstance(value, bool):
            return t("admin.audit.yes") if value else t("admin.audit.no")
        if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":  # a stored UTC time
            try:
                return local(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
            except ValueError:
                return value
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        return str(value)


def _load(text: str | None):
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
