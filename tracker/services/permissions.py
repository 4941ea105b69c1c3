"""Who may read and change what. Pure functions over plain data; every service calls them.

- a teacher reads and changes only their own records;
- a head reads their department's people and records and reviews them, but never reviews their own;
- an admin reads and changes everything (and may review anyone's records but their own).
"""

from __future__ import annotations

from tracker.auth import Actor
from tracker.errors import PermissionDenied
from tracker.i18n import Text
from tracker.models import Role

NOT_ALLOWED = Text("problem.not_allowed")


def can_read_person(actor: Actor, person_id: int, person_department_id: int | None) -> bool:
    if actor.role == Role.admin:
        return True
    if actor.person_id == person_id:
        return True
    return actor.role == Role.head and actor.department_id is not None and actor.department_id == person_department_id


def can_edit_own_records(actor: Actor, owner_id: int) -> bool:
    """Creating and changing a record's content (not its review status)."""
    return actor.person_id == owner_id or actor.role == Role.admin


def can_review(actor: Actor, owner_id: int, owner_department_id: int | None) -> bool:
    if actor.person_id == owner_id:
        return False  # nobody verifies their own records
    if actor.role == Role.admin:
        return True
    return actor.role == Role.head and actor.department_id is not None and actor.department_id == owner_department_id


def require(allowed: bool, message: Text = NOT_ALLOWED) -> None:
    if not allowed:
        raise PermissionDenied(message)


def require_admin(actor: Actor) -> None:
    require(actor.role == Role.admin)


def require_staff(actor: Actor) -> None:
    require(actor.role in (Role.head, Role.admin))


def department_scope(actor: Actor) -> int | None:
    """The department a head is limited to; None for an admin (everything). Teachers have no team scope."""
    require_staff(actor)
    return None if actor.role == Role.admin else actor.department_id


def require_person(actor: Actor) -> None:
    """Personal state (read marks, bookmarks) belongs to a signed-in person, not to the command line."""
    require(not actor.is_system, Text("errors.perm.signed_in"))


def can_recommend(actor: Actor, department_id: int | None) -> bool:
    """Recommending news to a department: its head, or an admin (to any department)."""
    if actor.role == Role.admin:
        return True
    head_of_it = actor.department_id is not None and actor.department_id == department_id
    return actor.role == Role.head and head_of_it


def require_recommend(actor: Actor, department_id: int | None) -> None:
    if actor.role not in (Role.head, Role.admin):
        raise PermissionDenied(Text("errors.perm.recommend_heads"))
    require(can_recommend(actor, department_id), Text("errors.perm.recommend_own"))


def require_news_admin(actor: Actor) -> None:
    """Managing news sources and topic rules: admins (and the command line, which acts as admin)."""
    require(actor.role == Role.admin, Text("errors.perm.news_admin"))
