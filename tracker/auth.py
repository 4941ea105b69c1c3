"""Local accounts: argon2id password hashes and sign-in with a slowdown after repeated failures."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from tracker.errors import SignInFailed
from tracker.models import Person, SignInFailure, utcnow

_hasher = PasswordHasher(type=Type.ID)  # argon2id with the library's current recommended parameters
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("not a real password")

FREE_ATTEMPTS = 5
MAX_DELAY_SECONDS = 30.0
FAILURE_MEMORY = timedelta(hours=1)
SIGN_IN_FAILED = "Email or password is not correct."


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class Actor:
    """Who is acting: what the service layer checks permissions against. Plain data, safe to keep in a UI session."""

    person_id: int
    email: str
    name: str
    role: str
    department_id: int | None
    language: str | None = None

    @classmethod
    def of(cls, person: Person) -> Actor:
        return cls(person.id, person.email, person.name, person.role, person.department_id, person.language)


def delay_for(failures: int) -> float:
    """Seconds to wait before checking a password after ``failures`` recent failures (0 for the first five)."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** (failures - FREE_ATTEMPTS + 1))


def sign_in(session: Session, email: str, password: str, *, sleep=time.sleep) -> Actor:
    """Check an email and password; raise SignInFailed with the same message whatever was wrong.

    After five failures for an email within an hour every further attempt waits longer (2, 4, 8 … 30 s), which
    makes guessing slow without locking the real owner out.
    """
    key = (email or "").strip().lower()[:254]
    failure = session.get(SignInFailure, key)
    if failure and utcnow() - failure.last_failure_at > FAILURE_MEMORY:
        failure.failures = 0
    wait = delay_for(failure.failures if failure else 0)
    if wait:
        sleep(wait)
    person = session.exec(select(Person).where(Person.email == key)).first()
    ok = verify_password(person.password_hash if person else None, password or "")
    if ok and person is not None and person.active:
        if failure:
            session.delete(failure)
            session.commit()
        return Actor.of(person)
    if failure is None:
        failure = SignInFailure(email=key, failures=0)
    failure.failures += 1
    failure.last_failure_at = utcnow()
    session.add(failure)
    session.commit()
    raise SignInFailed(SIGN_IN_FAILED)


def actor_for_email(session: Session, email: str) -> Actor | None:
    """The active person with this email (single sign-on matches people by email)."""
    person = session.exec(select(Person).where(Person.email == (email or "").strip().lower())).first()
    if person is None or not person.active:
        return None
    return Actor.of(person)
