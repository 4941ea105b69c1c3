"""The signed-in person of this browser session (plain data only; never an ORM object or a DB session)."""

from __future__ import annotations

import streamlit as st

from tracker.auth import Actor
from tracker.i18n import DEFAULT_LANGUAGE, LANGUAGES

_ACTOR = "actor"


def current_actor() -> Actor | None:
    actor = st.session_state.get(_ACTOR)
    return actor if isinstance(actor, Actor) else None


def refresh() -> Actor | None:
    """Re-read the signed-in person on every run: a deactivated account is signed out, a new role applies at once."""
    from tracker.errors import PermissionDenied
    from tracker.services._acting import current

    actor = current_actor()
    if actor is None:
        return None
    try:
        fresh = current(actor)
    except PermissionDenied:
        end()
        return None
    if fresh is not actor:
        st.session_state[_ACTOR] = fresh
    return fresh


def require_actor() -> Actor:
    """The signed-in person; stops the page quietly when nobody is (the router shows sign-in)."""
    actor = current_actor()
    if actor is None:
        st.stop()
    return actor


def start(actor: Actor) -> None:
    st.session_state[_ACTOR] = actor
    st.session_state["lang"] = actor.language if actor.language in LANGUAGES else DEFAULT_LANGUAGE


def end() -> None:
    for key in list(st.session_state.keys()):
        del st.session_state[key]
