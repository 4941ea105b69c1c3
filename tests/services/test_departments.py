"""Admin departments service: list with head count and heads, add, rename, delete only when empty."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tests.services.admin_actors import make_cast
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import AuditEvent, Department, Person
from tracker.services import departments


@pytest.fixture
def cast(session):
    return make_cast(session)


def _events(session, action):
    session.expire_all()
    return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


@pytest.mark.parametrize("call", [
    lambda a, d: departments.list_departments(a),
    lambda a, d: departments.add_department(a, "New"),
    lambda a, d: departments.rename_department(a, d, "New"),
    lambda a, d: departments.delete_department(a, d),
], ids=["list", "add", "rename", "delete"])
def test_only_an_admin_may_manage_departments(session, cast, call):
    for actor in cast.non_admins:
        with pytest.raises(PermissionDenied):
            call(actor, cast.department_id)
    session.expire_all()
    assert session.get(Department, cast.department_id).name == "跨境电商"


def test_list_counts_active_and_inactive_people_and_names_the_heads(session, cast, factory):
    factory.make_person(session, "gone@example.edu", department="跨境电商", active=False)
    factory.make_person(session, "former.head@example.edu", name="Former", department="跨境电商", role="head",
                        active=False)
    factory.make_department(session, "Business English")
    session.commit()
    rows = {d.name: d for d in departments.list_departments(cast.admin)}
    assert list(rows) == ["Business English", "Logistics", "跨境电商"]
    trade = rows["跨境电商"]
    assert (trade.people, trade.inactive, trade.heads) == (2, 2, ("Hu Head",))
    assert (rows["Logistics"].people, rows["Logistics"].heads) == (1, ("Oh Other",))
    assert (rows["Business English"].people, rows["Business English"].heads) == (0, ())


def test_add_and_rename_are_validated_and_audited(session, cast):
    new_id = departments.add_department(cast.admin, "  Business English ")
    session.expire_all()
    assert session.get(Department, new_id).name == "Business English"
    departments.rename_department(cast.admin, new_id, "商务英语")
    session.expire_all()
    assert session.get(Department, new_id).name == "商务英语"
    (rename,) = _events(session, "rename")
    names = (json.loads(rename.before)["name"], json.loads(rename.after)["name"])
    assert names == ("Business English", "商务英语")
    assert len(_events(session, "create")) == 1
    for bad in ("", "   ", "a\nb", "x" * 201):
        with pytest.raises(InvalidInput) as caught:
            departments.add_department(cast.admin, bad)
        assert caught.value.problems[0].field == "name"
    with pytest.raises(InvalidInput, match="already exists"):
        departments.add_department(cast.admin, "Logistics")
    with pytest.raises(InvalidInput, match="already exists"):
        departments.rename_department(cast.admin, new_id, "Logistics")
    departments.rename_department(cast.admin, new_id, "商务英语")  # unchanged: no event
    assert len(_events(session, "rename")) == 1


def test_delete_only_when_nobody_belongs(session, cast, factory):
    with pytest.raises(InvalidInput, match="2 person"):
        departments.delete_department(cast.admin, cast.department_id)
    empty = factory.make_department(session, "Empty")
    factory.make_person(session, "inactive@example.edu", department=empty, active=False)
    session.commit()
    empty_id = empty.id
    with pytest.raises(InvalidInput, match="1 person"):  # inactive people still belong
        departments.delete_department(cast.admin, empty_id)
    session.expire_all()
    person = session.exec(select(Person).where(Person.email == "inactive@example.edu")).one()
    person.department_id = None
    session.add(person)
    session.commit()
    departments.delete_department(cast.admin, empty_id)
    session.expire_all()
    assert session.get(Department, empty_id) is None
    (event,) = _events(session, "delete")
    assert json.loads(event.before)["name"] == "Empty"
    with pytest.raises(NotFound):
        departments.delete_department(cast.admin, empty_id)
