"""People: language preference now; the admin pages add listing, editing and importing."""

from __future__ import annotations

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.models import Person
from tracker.ui.i18n import LANGUAGES


def set_language(actor: Actor, language: str) -> None:
    """Remember the actor's UI language for their next sign-in."""
    if language not in LANGUAGES:
        return
    with session_scope() as session:
        person = session.get(Person, actor.person_id)
        if person is not None:
            person.language = language
            session.add(person)
