"""Every service call acts as the person as they are now, not as they were at sign-in.

A browser session keeps an ``Actor`` from sign-in; an admin may deactivate that person or change their role or
department meanwhile. ``@acting`` re-reads the person (one primary-key lookup) before each call, so such a change
takes effect on the very next action.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import PermissionDenied
from tracker.i18n import Text
from tracker.models import Person

NO_LONGER_ACTIVE = Text("errors.perm.no_longer_active")

# The `tracker` command is run by whoever runs the server (they hold the database anyway): it acts as an admin
# that is no person, so the audit trail names it "cli" and it can review anyone's records.
COMMAND_LINE = Actor.system()


def current(actor: Actor) -> Actor:
    """``actor`` with today's role and department; PermissionDenied when the account was deactivated or removed."""
    if actor.is_system:
        return actor
    with session_scope(read_only=True) as session:
        person = session.get(Person, actor.person_id)
        if person is None or not person.active:
            raise PermissionDenied(NO_LONGER_ACTIVE)
        if (person.role, person.department_id, person.email) == (actor.role, actor.department_id, actor.email):
            return actor
        return replace(actor, role=person.role, department_id=person.department_id, email=person.email,
                       name=person.name)


def acting(fn):
    """Decorator for service functions whose first argument is the acting person."""

    @functools.wraps(fn)
    def wrapper(actor, *args, **kwargs):
        return fn(current(actor), *args, **kwargs)

    return wrapper
