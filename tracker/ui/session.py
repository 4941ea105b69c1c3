"""The signed-in person of this browser (plain data only; never an ORM object or a DB session).

A sign-in is a server-side record (``tracker.sessions``) shared by the browser's tabs through an HttpOnly
cookie, which only the server's ``/auth/session`` route can set (``tracker/ui/session_routes.py``; why in
docs/security.md). Every run re-checks the record, so sign-out, a new password, the idle timeout or a
deactivation in one place ends the session in every tab on its next click.
"""

from __future__ import annotations

import json

import streamlit as st

from tracker.auth import Actor
from tracker.i18n import DEFAULT_LANGUAGE, LANGUAGES

_ACTOR = "actor"
_SESSION_ID = "sign_in_session_id"
_HANDOFF = "sign_in_handoff"
_ENDED = "sign_in_ended_reason"  # shown once on the sign-in page
HANDOFF_PATH = "/auth/session"
SIGN_OUT_PATH = "/auth/sign-out"


def current_actor() -> Actor | None:
    actor = st.session_state.get(_ACTOR)
    return actor if isinstance(actor, Actor) else None


def current_session_id() -> int | None:
    session_id = st.session_state.get(_SESSION_ID)
    return session_id if isinstance(session_id, int) else None


def _cookie_token() -> str | None:
    from tracker.sessions import COOKIE_NAME

    try:
        token = st.context.cookies.get(COOKIE_NAME)
    except Exception:  # no browser connection (AppTest)
        return None
    return token if isinstance(token, str) else None


def client_address() -> str | None:
    """The browser's network address for the per-address sign-in limit (None on localhost or in tests)."""
    try:
        address = st.context.ip_address
    except Exception:  # no browser connection
        return None
    return address if isinstance(address, str) and address else None


def refresh() -> Actor | None:
    """The signed-in person on this run, as they are now; None when nobody is (or their session ended).

    A tab without a sign-in of its own picks up the browser's cookie (a reload or a new tab).
    """
    from tracker.sessions import check_session, session_for_token

    session_id = current_session_id()
    if session_id is None and current_actor() is None:
        live = session_for_token(_cookie_token())
        if live is None:
            return None
        _remember(live.actor, live.id)
        return live.actor
    if session_id is None:  # an actor put into the session by a test harness: re-read the person only
        return _refresh_person()
    live = check_session(session_id)
    if live is None:
        end(reason="ended")
        return None
    if live.actor != current_actor():
        st.session_state[_ACTOR] = live.actor
    return live.actor


def _refresh_person() -> Actor | None:
    from tracker.errors import PermissionDenied
    from tracker.services._acting import current

    actor = current_actor()
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


def _remember(actor: Actor, session_id: int) -> None:
    st.session_state[_ACTOR] = actor
    st.session_state[_SESSION_ID] = session_id
    if st.session_state.get("lang") not in LANGUAGES:
        st.session_state["lang"] = actor.language if actor.language in LANGUAGES else DEFAULT_LANGUAGE


def start(actor: Actor) -> None:
    """Sign ``actor`` in: a new session record, and its one-time code for the browser to turn into the cookie."""
    from tracker.sessions import open_session

    opened = open_session(actor)
    st.session_state[_ACTOR] = actor
    st.session_state[_SESSION_ID] = opened.id
    st.session_state[_HANDOFF] = opened.handoff_code
    st.session_state["lang"] = actor.language if actor.language in LANGUAGES else DEFAULT_LANGUAGE


def end(*, reason: str | None = None) -> None:
    """Forget this tab's sign-in (the record is ended by ``sign_out`` or already was)."""
    for key in list(st.session_state.keys()):
        if key != "lang":
            del st.session_state[key]
    if reason:
        st.session_state[_ENDED] = reason
        st.session_state["_clear_cookie"] = True


def sign_out() -> None:
    """End the session record (every tab of this browser) and clear the cookie in this tab."""
    from tracker.sessions import end_session

    end_session(current_session_id())
    end()
    st.session_state["_clear_cookie"] = True


def ended_reason() -> str | None:
    return st.session_state.pop(_ENDED, None)


def sync_cookie() -> None:
    """Run the one small script that sets or clears the cookie through the server's routes, if one is due.

    The code is sent in a POST body from this same page (never in a URL, so no history or log holds it), and
    the route answers with ``Set-Cookie``: HttpOnly, so no script on the page can read the token afterwards.
    """
    code = st.session_state.pop(_HANDOFF, None)
    clear = st.session_state.pop("_clear_cookie", False)
    if code:
        _post(HANDOFF_PATH, {"code": code})
    elif clear:
        _post(SIGN_OUT_PATH, {})


def _post(path: str, body: dict) -> None:
    # json.dumps of our own ASCII code: nothing a user typed reaches this script
    script = (
        f"<script>fetch({json.dumps(path)}, {{method: 'POST', credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'application/json'}}, body: {json.dumps(json.dumps(body))}}});</script>"
    )
    st.html(script, unsafe_allow_javascript=True)
