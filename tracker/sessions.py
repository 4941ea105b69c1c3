"""Signed-in browsers (issues 9 and 11): one server-side record per sign-in, shared by the browser's tabs.

Sign-in creates a record and a one-time hand-over code (60 s). The page hands the code to the server's
``/auth/session`` route (``tracker/ui/session_routes.py``), which swaps it for a random token set as an HttpOnly,
SameSite=Strict cookie; a reload or a new tab presents the cookie and finds the record again. Only SHA-256 hashes
of the code and the token are stored, so a copy of the database signs nobody in.

A record ends at sign-out, after ``TRACKER_SESSION_IDLE_MINUTES`` without a click, after ``MAX_AGE``, when the
person's password changes (every record of theirs but the one that changed it) or when they are deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlmodel import Session, select

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.models import Person, SignInSession, utcnow
from tracker.settings import get_settings

COOKIE_NAME = "tracker_session"
HANDOFF_LIFETIME = timedelta(seconds=60)
MAX_AGE = timedelta(days=7)  # signed in at most this long, however busy
TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often (one small write a minute)


@dataclass(frozen=True)
class OpenedSession:
    id: int
    handoff_code: str  # give to the browser once; it becomes the cookie


@dataclass(frozen=True)
class LiveSession:
    id: int
    actor: Actor


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=get_settings().session_idle_minutes)


def open_session(actor: Actor, *, engine: Engine | None = None) -> OpenedSession:
    """Record a new sign-in of ``actor`` and return its id and one-time hand-over code."""
    code = secrets.token_urlsafe(32)
    now = utcnow()
    with session_scope(engine) as session:
        record = SignInSession(person_id=actor.person_id, handoff_hash=_digest(code),
                               handoff_expires_at=now + HANDOFF_LIFETIME, created_at=now, last_seen_at=now)
        session.add(record)
        session.flush()
        return OpenedSession(record.id, code)


def claim_handoff(code: str, *, engine: Engine | None = None) -> str | None:
    """Swap a hand-over code (once, within a minute) for the cookie token; None when it is unknown or used."""
    if not code or len(code) > 200:
        return None
    token = secrets.token_urlsafe(32)
    now = utcnow()
    table = SignInSession.__table__
    with session_scope(engine) as session:
        claimed = session.execute(
            sa.update(table)
            .where(table.c.handoff_hash == _digest(code), table.c.handoff_expires_at > now,
                   table.c.ended_at.is_(None))
            .values(token_hash=_digest(token), handoff_hash=None, handoff_expires_at=None, last_seen_at=now)
        ).rowcount
    return token if claimed == 1 else None


def _end(session: Session, record: SignInSession, reason: str) -> None:
    record.ended_at = utcnow()
    record.ended_reason = reason
    record.token_hash = None
    record.handoff_hash = None
    session.add(record)


def _live(session: Session, record: SignInSession | None) -> LiveSession | None:
    """The record's person if the record is still good; ends it (idle, too old, inactive person) otherwise."""
    if record is None or record.ended_at is not None:
        return None
    now = utcnow()
    person = session.get(Person, record.person_id)
    if person is None or not person.active:
        _end(session, record, "inactive")
        return None
    if now - record.last_seen_at > idle_limit():
        _end(session, record, "idle")
        return None
    if now - record.created_at > MAX_AGE:
        _end(session, record, "expired")
        return None
    if now - record.last_seen_at > TOUCH_EVERY:
        record.last_seen_at = now
        session.add(record)
    return LiveSession(record.id, Actor.of(person))


def _needs_write(session: Session, record: SignInSession) -> bool:
    """Whether ``_live`` would write (end the record or touch it): most runs only read."""
    now = utcnow()
    person = session.get(Person, record.person_id)
    return (person is None or not person.active or now - record.last_seen_at > TOUCH_EVERY
            or now - record.created_at > MAX_AGE)


def check_session(session_id: int, *, engine: Engine | None = None) -> LiveSession | None:
    """The live session ``session_id`` with its person as they are now, or None when it has ended.

    Called on every run of the dashboard: two primary-key reads, and a write at most once a minute.
    """
    with session_scope(engine, read_only=True) as session:
        record = session.get(SignInSession, session_id)
        if record is None or record.ended_at is not None:
            return None
        if not _needs_write(session, record):
            return _live(session, record)
    with session_scope(engine) as session:
        return _live(session, session.get(SignInSession, session_id))


def session_for_token(token: str | None, *, engine: Engine | None = None) -> LiveSession | None:
    """The live session a cookie token belongs to (a reload or a new tab), or None."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    with session_scope(engine) as session:
        record = session.exec(select(SignInSession).where(SignInSession.token_hash == _digest(token))).first()
        return _live(session, record)


def end_session(session_id: int | None = None, *, token: str | None = None, reason: str = "sign_out",
                engine: Engine | None = None) -> None:
    """End one session, found by id (the tab that signs out) or by cookie token (the sign-out route)."""
    if session_id is None and not token:
        return
    with session_scope(engine) as session:
        if session_id is not None:
            record = session.get(SignInSession, session_id)
        else:
            record = session.exec(select(SignInSession).where(SignInSession.token_hash == _digest(token))).first()
        if record is not None and record.ended_at is None:
            _end(session, record, reason)


def end_sessions_of(session: Session, person_id: int, *, keep: int | None = None, reason: str = "password") -> int:
    """End every live session of a person but ``keep``, inside the caller's unit of work (a password change)."""
    table = SignInSession.__table__
    where = [table.c.person_id == person_id, table.c.ended_at.is_(None)]
    if keep is not None:
        where.append(table.c.id != keep)
    return session.execute(
        sa.update(table).where(*where).values(ended_at=utcnow(), ended_reason=reason, token_hash=None,
                                              handoff_hash=None)
    ).rowcount
