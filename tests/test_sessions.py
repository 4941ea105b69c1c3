"""Signed-in browsers (issues 9.8 and 11.1): the one-time hand-over, the cookie token, the idle timeout, and a new
password or deactivation ending every session of that person. On SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from tracker import sessions
from tracker.auth import Actor
from tracker.models import SignInSession, utcnow
from tracker.services import people
from tracker.settings import get_settings

PROJECT_DIR = Path(__file__).resolve().parents[1]


@pytest.fixture
def cast(session, factory):
    teacher = factory.make_person(session, "teacher@college.example", password="a long password")
    other = factory.make_person(session, "other@college.example", password="a long password")
    admin = factory.make_person(session, "admin@college.example", role="admin", password="a long password")
    session.commit()
    return Actor.of(teacher), Actor.of(other), Actor.of(admin)


def _signed_in(actor: Actor) -> tuple[int, str]:
    """A session as a browser holds it after sign-in: its id and the cookie token."""
    opened = sessions.open_session(actor)
    token = sessions.claim_handoff(opened.handoff_code)
    assert token is not None
    return opened.id, token


def _set(session, session_id: int, **changes) -> None:
    record = session.get(SignInSession, session_id)
    for name, value in changes.items():
        setattr(record, name, value)
    session.add(record)
    session.commit()


def test_the_hand_over_code_works_once_and_the_token_finds_the_session(session, cast):
    teacher, _, _ = cast
    opened = sessions.open_session(teacher)
    token = sessions.claim_handoff(opened.handoff_code)
    assert token and token != opened.handoff_code
    assert sessions.claim_handoff(opened.handoff_code) is None  # used
    live = sessions.session_for_token(token)  # a reload or a second tab
    assert (live.id, live.actor.person_id) == (opened.id, teacher.person_id)
    assert sessions.session_for_token("made-up") is None
    # only hashes are stored
    record = session.get(SignInSession, opened.id)
    assert token not in (record.token_hash, record.handoff_hash) and len(record.token_hash) == 64


def test_an_old_hand_over_code_is_refused(session, cast):
    teacher, _, _ = cast
    opened = sessions.open_session(teacher)
    _set(session, opened.id, handoff_expires_at=utcnow() - timedelta(seconds=1))
    assert sessions.claim_handoff(opened.handoff_code) is None


def test_sign_out_ends_the_session_for_every_tab(session, cast):
    teacher, _, _ = cast
    session_id, token = _signed_in(teacher)
    sessions.end_session(token=token)  # the sign-out route, with the cookie
    assert sessions.session_for_token(token) is None
    assert sessions.check_session(session_id) is None


def test_idle_timeout_ends_a_session(session, cast, monkeypatch):
    monkeypatch.setenv("TRACKER_SESSION_IDLE_MINUTES", "30")
    get_settings.cache_clear()
    teacher, _, _ = cast
    session_id, token = _signed_in(teacher)
    _set(session, session_id, last_seen_at=utcnow() - timedelta(minutes=29))
    assert sessions.check_session(session_id) is not None  # and that click counts as activity
    session.expire_all()
    assert utcnow() - session.get(SignInSession, session_id).last_seen_at < timedelta(minutes=1)
    _set(session, session_id, last_seen_at=utcnow() - timedelta(minutes=31))
    assert sessions.check_session(session_id) is None
    assert sessions.session_for_token(token) is None
    session.expire_all()
    assert session.get(SignInSession, session_id).ended_reason == "idle"


def test_a_password_reset_ends_every_session_of_that_person_only(session, cast):
    teacher, other, admin = cast
    first, second = _signed_in(teacher), _signed_in(teacher)  # two browsers
    others = _signed_in(other)
    people.reset_password(admin, teacher.person_id, "a brand new password")
    assert sessions.check_session(first[0]) is None and sessions.check_session(second[0]) is None
    assert sessions.session_for_token(first[1]) is None
    assert sessions.check_session(others[0]) is not None


def test_set_password_from_the_command_line_ends_sessions(session, cast, cli):
    teacher, _, _ = cast
    session_id, _ = _signed_in(teacher)
    result = cli("user", "set-password", teacher.email, "--password-stdin", input="another long one\n")
    assert result.exit_code == 0, result.output
    assert sessions.check_session(session_id) is None


def test_deactivation_ends_sessions(session, cast):
    teacher, _, admin = cast
    session_id, token = _signed_in(teacher)
    people.set_active(admin, teacher.person_id, False)
    assert sessions.session_for_token(token) is None and sessions.check_session(session_id) is None


def test_a_session_older_than_the_maximum_age_ends(session, cast):
    teacher, _, _ = cast
    session_id, _ = _signed_in(teacher)
    _set(session, session_id, created_at=utcnow() - sessions.MAX_AGE - timedelta(minutes=1))
    assert sessions.check_session(session_id) is None


# --- issue 9.12: defaults ---------------------------------------------------------------------------------------


def _make_run(**env) -> str:
    import os

    result = subprocess.run(["make", "-n", "run"], cwd=PROJECT_DIR, capture_output=True,
                            text=True, env={**os.environ, **env}, timeout=60)
    return result.stdout


def test_make_run_listens_on_this_computer_only_unless_told():
    assert "--server.address 127.0.0.1" in _make_run()
    assert "--server.address 0.0.0.0" in _make_run(ADDRESS="0.0.0.0")


def test_new_passwords_need_ten_characters(session, cast):
    from tracker.errors import InvalidInput

    teacher, _, admin = cast
    with pytest.raises(InvalidInput) as short:
        people.reset_password(admin, teacher.person_id, "nine char")
    assert "10" in str(short.value)
    people.reset_password(admin, teacher.person_id, "ten chars!")


# --- the cookie routes (tracker/ui/session_routes.py) -----------------------------------------------------------


def test_the_routes_set_an_httponly_strict_cookie_once_and_refuse_other_origins(session, cast):
    from starlette.applications import Starlette
    from starlette.testclient import TestClient

    from tracker.ui.session_routes import ROUTES

    teacher, _, _ = cast
    client = TestClient(Starlette(routes=ROUTES))
    same = {"Origin": "http://testserver"}
    opened = sessions.open_session(teacher)
    # another site's page cannot hand a code in (login CSRF), nor can a request without an Origin
    assert client.post("/auth/session", json={"code": opened.handoff_code},
                       headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post("/auth/session", json={"code": opened.handoff_code}).status_code == 403
    answer = client.post("/auth/session", json={"code": opened.handoff_code}, headers=same)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(sessions.COOKIE_NAME + "=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    token = cookie.split(";", 1)[0].split("=", 1)[1]
    assert sessions.session_for_token(token).id == opened.id
    # the code works once
    assert client.post("/auth/session", json={"code": opened.handoff_code}, headers=same).status_code == 403
    # sign-out with the cookie ends the session and clears the cookie
    client.cookies.set(sessions.COOKIE_NAME, token)
    answer = client.post("/auth/sign-out", headers=same)
    assert answer.status_code == 204 and 'tracker_session=""' in answer.headers["set-cookie"]
    assert sessions.session_for_token(token) is None
