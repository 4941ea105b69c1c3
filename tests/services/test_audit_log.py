"""Admin audit log: filters by actor, entity, action and date range; newest first; pages; pretty JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from tests.services.admin_actors import make_cast
from tracker import audit
from tracker.errors import InvalidInput, PermissionDenied
from tracker.models import AuditEvent
from tracker.services.audit_log import AuditFilter, audit_choices, audit_events


@pytest.fixture
def cast(session):
    cast = make_cast(session)
    stamps = [datetime(2026, 3, d, 12, 0, tzinfo=UTC) for d in (1, 2, 2, 3, 31)]
    rows = [
        ("admin@example.edu", "create", "person", 1),
        ("admin@example.edu", "update", "person", 2),
        ("cli", "import", "activities", None),
        ("head@example.edu", "verify", "activity", 7),
        ("head@example.edu", "reject", "activity", 8),
    ]
    for at, (who, action, entity, entity_id) in zip(stamps, rows, strict=True):
        event = audit.record(session, actor_id=None, actor=who, action=action, entity=entity,
                             entity_id=entity_id,
                             before={"name": "李明"} if action == "update" else None,
                             after={"name": "李明明", "hours": 8})
        event.at = at
    session.commit()
    return cast


def test_only_an_admin_may_read_the_trail(cast):
    for actor in cast.non_admins:
        with pytest.raises(PermissionDenied):
            audit_events(actor)
        with pytest.raises(PermissionDenied):
            audit_choices(actor)


def test_newest_first_with_pretty_json(cast):
    page = audit_events(cast.admin)
    assert page.total == 5 and page.pages == 1
    assert [e.action for e in page.entries] == ["reject", "verify", "import", "update", "create"]
    update = page.entries[3]
    assert json.loads(update.before) == {"name": "李明"}
    assert "李明明" in update.after and "\n" in update.after  # readable, not \\u escapes
    assert page.entries[4].before == ""


@pytest.mark.parametrize(("filters", "expected"), [
    (AuditFilter(actor="HEAD@"), ["reject", "verify"]),
    (AuditFilter(entity="person"), ["update", "create"]),
    (AuditFilter(action="import"), ["import"]),
    (AuditFilter(since=date(2026, 3, 2), until=date(2026, 3, 2)), ["import", "update"]),
    (AuditFilter(since=date(2026, 3, 3)), ["reject", "verify"]),
    (AuditFilter(until=date(2026, 3, 1)), ["create"]),
    (AuditFilter(actor="admin", since=date(2026, 3, 2)), ["update"]),
    (AuditFilter(entity="certification"), []),
])
def test_filters(cast, filters, expected):
    assert [e.action for e in audit_events(cast.admin, filters).entries] == expected


def test_pages(cast):
    first = audit_events(cast.admin, page=1, page_size=2)
    last = audit_events(cast.admin, page=3, page_size=2)
    assert (first.total, first.pages) == (5, 3)
    assert [e.action for e in first.entries] == ["reject", "verify"]
    assert [e.action for e in last.entries] == ["create"]
    assert audit_events(cast.admin, page=99, page_size=2).page == 3  # past the end: the last page
    with pytest.raises(InvalidInput):
        audit_events(cast.admin, page_size=0)
    with pytest.raises(InvalidInput):
        audit_events(cast.admin, AuditFilter(since=date(2026, 3, 3), until=date(2026, 3, 1)))


def test_choices(cast):
    entities, actions = audit_choices(cast.admin)
    assert entities == ["activities", "activity", "person"]
    assert actions == ["create", "import", "reject", "update", "verify"]


def test_unparseable_stored_text_is_shown_as_is(session, cast):
    session.add(AuditEvent(actor="system", action="note", entity="x", before="not json"))
    session.commit()
    (entry,) = audit_events(cast.admin, AuditFilter(action="note")).entries
    assert entry.before == "not json"
