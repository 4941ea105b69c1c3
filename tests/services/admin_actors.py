"""The cast of the admin-service tests: an admin, a head and a teacher of one department, and another head."""

from __future__ import annotations

from dataclasses import dataclass

from tests import factories
from tracker.auth import Actor


@dataclass(frozen=True)
class Cast:
    admin: Actor
    head: Actor
    teacher: Actor
    other_head: Actor
    department_id: int

    @property
    def non_admins(self) -> list[Actor]:
        return [self.teacher, self.head, self.other_head]


def make_cast(session) -> Cast:
    trade = factories.make_department(session, "跨境电商")
    logistics = factories.make_department(session, "Logistics")
    admin = factories.make_person(session, "admin@example.edu", name="Ada Admin", role="admin")
    head = factories.make_person(session, "head@example.edu", name="Hu Head", role="head", department=trade)
    teacher = factories.make_person(session, "teacher@example.edu", name="Tang Teacher", department=trade)
    other = factories.make_person(session, "other@example.edu", name="Oh Other", role="head",
                                  department=logistics)
    session.commit()
    return Cast(Actor.of(admin), Actor.of(head), Actor.of(teacher), Actor.of(other), trade.id)
