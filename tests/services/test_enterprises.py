"""Admin enterprise registry: usage counts, add, edit/rename, merge duplicates (activities move, audited)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from sqlmodel import col, delete, select

from tests.services.admin_actors import make_cast
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import Activity, AuditEvent, Enterprise, Person
from tracker.services import enterprises


@pytest.fixture
def cast(session):
    return make_cast(session)


def _events(session, action):
    session.expire_all()
    return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.fixture
def registry(session, cast, factory):
    """Three spellings of one company and one other, with activities by two teachers."""
    teacher = session.get(Person, cast.teacher.person_id)
    head = session.get(Person, cast.head.person_id)
    main = factory.make_enterprise(session, "示例跨境电商科技有限公司", sector="e-commerce", city="杭州")
    dup1 = factory.make_enterprise(session, "示例跨境电商科技有限公司 ")
    dup2 = factory.make_enterprise(session, "Demo Cross-border Tech")
    other = factory.make_enterprise(session, "Other Logistics")
    factory.make_activity(session, teacher, enterprise=main, hours=8)
    factory.make_activity(session, teacher, enterprise=dup1, hours=16, status="submitted")
    factory.make_activity(session, head, enterprise=dup2, hours=4)
    factory.make_activity(session, head, enterprise=dup2, hours=2, status="draft")
    factory.make_activity(session, head, enterprise=other, hours=6)
    session.commit()
    return main, dup1, dup2, other


@pytest.mark.parametrize("call", [
    lambda a, e: enterprises.list_enterprises(a),
    lambda a, e: enterprises.add_enterprise(a, {"name": "New"}),
    lambda a, e: enterprises.edit_enterprise(a, e[0].id, {"name": "New"}),
    lambda a, e: enterprises.merge_enterprises(a, e[0].id, [e[1].id]),
], ids=["list", "add", "edit", "merge"])
def test_only_an_admin_may_manage_enterprises(session, cast, registry, call):
    for actor in cast.non_admins:
        with pytest.raises(PermissionDenied):
            call(actor, registry)
    session.expire_all()
    assert len(session.exec(select(Enterprise)).all()) == 4


def test_list_shows_usage(cast, registry):
    rows = {e.name: e for e in enterprises.list_enterprises(cast.admin)}
    assert (rows["Demo Cross-border Tech"].activities, rows["Demo Cross-border Tech"].teachers,
            rows["Demo Cross-border Tech"].hours) == (2, 1, 6.0)
    main = rows["示例跨境电商科技有限公司"]
    assert (main.sector, main.city) == ("e-commerce", "杭州")
    found = enterprises.list_enterprises(cast.admin, search="demo")
    assert [e.name for e in found] == ["Demo Cross-border Tech"]


def test_unused_enterprise_lists_zero(session, cast):
    enterprises.add_enterprise(cast.admin, {"name": "Unused Ltd", "sector": "", "city": None})
    (row,) = enterprises.list_enterprises(cast.admin)
    assert (row.name, row.sector, row.activities, row.teachers, row.hours) == ("Unused Ltd", None, 0, 0, 0.0)


def test_merge_moves_every_activity_deletes_duplicates_and_is_audited(session, cast, registry):
    main, dup1, dup2, other = registry
    moved = enterprises.merge_enterprises(cast.admin, main.id, [dup1.id, dup2.id, main.id])
    assert moved == 3
    session.expire_all()
    remaining = session.exec(select(Enterprise.name).order_by(Enterprise.name)).all()
    assert remaining == ["Other Logistics", "示例跨境电商科技有限公司"]
    by_enterprise = session.exec(select(Activity.enterprise_id, Activity.hours).order_by(Activity.id)).all()
    assert by_enterprise == [(main.id, 8), (main.id, 16), (main.id, 4), (main.id, 2), (other.id, 6)]
    (event,) = _events(session, "merge")
    assert (event.actor_id, event.entity, event.entity_id) == (cast.admin.person_id, "enterprise", main.id)
    assert sorted(d["name"] for d in json.loads(event.before)["duplicates"]) == [
        "Demo Cross-border Tech", "示例跨境电商科技有限公司 "]
    assert json.loads(event.after)["moved"] == {"activity.enterprise_id": 3}
    row = {e.name: e for e in enterprises.list_enterprises(cast.admin)}["示例跨境电商科技有限公司"]
    assert (row.activities, row.teachers, row.hours) == (4, 2, 30.0)


def test_merge_is_all_or_nothing(session, cast, registry):
    main, dup1, *_ = registry
    with pytest.raises(NotFound):
        enterprises.merge_enterprises(cast.admin, main.id, [dup1.id, 9999])
    with pytest.raises(InvalidInput):
        enterprises.merge_enterprises(cast.admin, main.id, [main.id])
    with pytest.raises(NotFound):
        enterprises.merge_enterprises(cast.admin, 9999, [dup1.id])
    session.expire_all()
    assert session.get(Enterprise, dup1.id) is not None
    assert session.exec(select(Activity).where(Activity.enterprise_id == dup1.id)).one().hours == 16
    assert _events(session, "merge") == []


def test_edit_renames_and_keeps_activities(session, cast, registry):
    main, dup1, dup2, _ = registry
    enterprises.edit_enterprise(cast.admin, dup2.id, {"name": "Demo Tech (Hangzhou)", "sector": "e-commerce",
                                                      "city": "Hangzhou"})
    session.expire_all()
    renamed = session.get(Enterprise, dup2.id)
    assert (renamed.name, renamed.sector, renamed.city) == ("Demo Tech (Hangzhou)", "e-commerce", "Hangzhou")
    assert len(session.exec(select(Activity).where(Activity.enterprise_id == dup2.id)).all()) == 2
    (event,) = _events(session, "rename")
    assert json.loads(event.before)["name"] == "Demo Cross-border Tech"
    enterprises.edit_enterprise(cast.admin, dup2.id, {"name": "Demo Tech (Hangzhou)", "sector": "retail",
                                                      "city": "Hangzhou"})
    assert len(_events(session, "update")) == 1
    with pytest.raises(InvalidInput, match="merge"):
        enterprises.edit_enterprise(cast.admin, dup2.id, {"name": "Other Logistics"})
    with pytest.raises(InvalidInput) as caught:
        enterprises.add_enterprise(cast.admin, {"name": "", "city": "x" * 300})
    assert {p.field for p in caught.value.problems} == {"name", "city"}
    session.expire_all()
    assert session.exec(select(Enterprise).where(col(Enterprise.name) == "")).first() is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(owners=hs.lists(hs.integers(0, 4), max_size=20), keep=hs.integers(0, 4),
       folded=hs.sets(hs.integers(0, 4), min_size=1))
def test_merge_matches_a_naive_oracle(session, cast, owners, keep, folded):
    """Activities spread over five enterprises; after folding some into one, each survivor's usage is what
    counting by hand says, and no activity or hour is lost."""
    session.exec(delete(Activity))
    session.exec(delete(Enterprise))
    session.commit()
    teacher = session.get(Person, cast.teacher.person_id)
    ids = [enterprises.add_enterprise(cast.admin, {"name": f"E{i}"}) for i in range(5)]
    for n, owner in enumerate(owners):
        session.add(Activity(person_id=teacher.id, kind="visit", start_date=date(2024, 1, 1 + n),
                             end_date=date(2024, 1, 1 + n), hours=1 + n, status="verified",
                             enterprise_id=ids[owner]))
    session.commit()
    if folded == {keep}:
        with pytest.raises(InvalidInput):
            enterprises.merge_enterprises(cast.admin, ids[keep], [ids[i] for i in folded])
        return
    moved = enterprises.merge_enterprises(cast.admin, ids[keep], [ids[i] for i in folded])
    target = {i: (keep if i in folded else i) for i in range(5)}
    survivors = [i for i in range(5) if i == keep or i not in folded]
    expected: dict[str, tuple[int, float]] = {f"E{i}": (0, 0.0) for i in survivors}
    for n, owner in enumerate(owners):
        count, hours = expected[f"E{target[owner]}"]
        expected[f"E{target[owner]}"] = (count + 1, hours + 1 + n)
    usage = {e.name: (e.activities, e.hours) for e in enterprises.list_enterprises(cast.admin)}
    assert usage == expected
    assert moved == sum(1 for owner in owners if owner in folded and owner != keep)
