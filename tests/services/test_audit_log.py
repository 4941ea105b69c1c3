"""Admin audit log: filters by actor, entity, action and date range; newest first; pages; pretty JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlmodel import delete

from tests.services.admin_actors import make_cast
from tracker import audit
from tracker.errors import InvalidInput, PermissionDenied
from tracker.localtime import local
from tracker.models import AuditEvent
from tracker.services import enterprises
from tracker.services.audit_log import AuditFilter, FieldChange, audit_choices, audit_events


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


# --- property: filters and pages agree with a naive oracle over the same events -----------------------------

BASE = datetime(2026, 3, 1, tzinfo=UTC)
WHO = ["admin@example.edu", "head@example.edu", "cli", "system"]

event_lists = hs.lists(hs.tuples(hs.sampled_from(WHO), hs.sampled_from(["create", "update", "merge"]),
                                 hs.sampled_from(["person", "enterprise"]), hs.integers(0, 6 * 24 * 60)),
                       max_size=25)
filter_values = hs.builds(
    AuditFilter,
    actor=hs.sampled_from([None, "", "ADMIN", "head@", "cli", "example"]),
    entity=hs.sampled_from([None, "person", "enterprise"]),
    action=hs.sampled_from([None, "create", "merge"]),
    since=hs.one_of(hs.none(), hs.integers(0, 6).map(lambda d: date(2026, 3, 1 + d))),
    until=hs.one_of(hs.none(), hs.integers(0, 6).map(lambda d: date(2026, 3, 1 + d))),
)


def _oracle(events, f: AuditFilter, page: int, page_size: int):
    def keep(e):
        return ((not f.actor or not f.actor.strip() or f.actor.strip().lower() in e.actor.lower())
                and (f.entity is None or e.entity == f.entity) and (f.action is None or e.action == f.action)
                and (f.since is None or local(e.at).date() >= f.since)
                and (f.until is None or local(e.at).date() <= f.until))

    chosen = sorted((e for e in events if keep(e)), key=lambda e: (e.at, e.id), reverse=True)
    last = max(1, -(-len(chosen) // page_size))
    page = min(max(1, page), last)
    return len(chosen), page, [e.id for e in chosen[(page - 1) * page_size:page * page_size]]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=event_lists, filters=filter_values, page=hs.integers(1, 6), page_size=hs.integers(1, 7))
def test_filters_and_pages_match_a_naive_oracle(session, cast, events, filters, page, page_size):
    session.exec(delete(AuditEvent))
    stored = [AuditEvent(actor=who, action=action, entity=entity, at=BASE + timedelta(minutes=minutes))
              for who, action, entity, minutes in events]
    session.add_all(stored)
    session.commit()
    if filters.since and filters.until and filters.until < filters.since:
        with pytest.raises(InvalidInput):
            audit_events(cast.admin, filters, page=page, page_size=page_size)
        return
    got = audit_events(cast.admin, filters, page=page, page_size=page_size)
    assert (got.total, got.page, [e.id for e in got.entries]) == _oracle(stored, filters, page, page_size)


# --- readable entries (issue 11.8) -------------------------------------------------------------------------


def test_entries_name_the_record_the_actor_and_each_changed_field(session, cast):
    from sqlmodel import delete

    session.exec(delete(AuditEvent))
    session.commit()
    kept = enterprises.add_enterprise(cast.admin, {"name": "Alpha 跨境", "city": "宁波"})
    typo = enterprises.add_enterprise(cast.admin, {"name": "Alpha typo"})
    enterprises.edit_enterprise(cast.admin, kept, {"name": "Alpha 跨境有限公司", "city": "杭州"})
    enterprises.merge_enterprises(cast.admin, kept, [typo])
    merge, rename, *_ = audit_events(cast.admin).entries
    assert (rename.action, rename.subject, rename.actor_name) == ("rename", "Alpha 跨境有限公司", "Ada Admin")
    assert rename.changes == (FieldChange("city", "宁波", "杭州"),
                              FieldChange("name", "Alpha 跨境", "Alpha 跨境有限公司"))
    assert merge.subject == "Alpha 跨境有限公司"
    created_typo = audit_events(cast.admin, AuditFilter(action="create")).entries[0]
    assert created_typo.subject == "Alpha typo"  # deleted by the merge: named from what the trail kept


def test_times_are_shown_in_the_institutions_time_zone(session, cast):
    """12:00 UTC on 2 March is 20:00 in Shanghai; 31 March 12:00 UTC stays 31 March there."""
    entry = audit_events(cast.admin, AuditFilter(action="update")).entries[0]
    assert entry.at.strftime("%Y-%m-%d %H:%M %Z") == "2026-03-02 20:00 CST"


def test_date_filters_are_days_in_the_institutions_time_zone(session, cast):
    late = audit.record(session, actor_id=None, actor="cli", action="late", entity="x", entity_id=None)
    late.at = datetime(2026, 3, 4, 17, 30, tzinfo=UTC)  # 01:30 on 5 March in Shanghai
    session.commit()
    fifth = AuditFilter(since=date(2026, 3, 5), until=date(2026, 3, 5))
    assert [e.action for e in audit_events(cast.admin, fifth).entries] == ["late"]
    assert not audit_events(cast.admin, AuditFilter(action="late", until=date(2026, 3, 4))).entries


def test_references_are_shown_by_name(session, cast):
    event = audit.record(session, actor_id=None, actor="cli", action="update", entity="person",
                         entity_id=None, before={"department_id": cast.department_id, "active": True},
                         after={"department_id": None, "active": False})
    event.at = datetime(2026, 4, 1, tzinfo=UTC)
    session.commit()
    entry = audit_events(cast.admin, AuditFilter(since=date(2026, 4, 1))).entries[0]
    assert set(entry.changes) == {FieldChange("department", "跨境电商", ""),
                                  FieldChange("active", "是", "否")}  # the default language is Chinese
