"""Local accounts: argon2id password hashes, sign-in with a slowdown after repeated failures, single sign-on.

The slowdown never holds the database (issue 9): failures are read in one short read-only unit of work, the wait
happens with no connection checked out, the password is checked outside any transaction, and a failure is
counted in its own short unit of work with one atomic upsert per counter, so parallel guesses cannot lose an
increment and a writer never waits behind a guesser.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine
from sqlmodel import select

from tracker.db import session_scope
from tracker.errors import SignInFailed
from tracker.i18n import Text
from tracker.models import MAX_EMAIL, Person, Role, SignInFailure, utcnow

_hasher = PasswordHasher(type=Type.ID)  # argon2id with the library's current recommended parameters
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("not a real password")

FREE_ATTEMPTS = 5  # per account within FAILURE_MEMORY
# Per client address: a college network may put every teacher behind one address, so allow more.
FREE_ATTEMPTS_PER_ADDRESS = 30
MAX_DELAY_SECONDS = 30.0
FAILURE_MEMORY = timedelta(hours=1)
SIGN_IN_FAILED = Text("sign_in.failed")

ACCOUNT = "email"
ADDRESS = "address"


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

    person_id: int | None  # None: the system actor (Actor.system), no person
    email: str
    name: str
    role: str
    department_id: int | None
    language: str | None = None

    @classmethod
    def of(cls, person: Person) -> Actor:
        return cls(person.id, person.email, person.name, person.role, person.department_id, person.language)

    @classmethod
    def system(cls, name: str = "cli") -> Actor:
        """The command line, `tracker init` and pack loading: an admin that is no person.

        Its audit events name ``name`` ("cli", "system") with no person id; it has no read marks or bookmarks.
        """
        return cls(None, name, "command line" if name == "cli" else name, Role.admin, None)

    @property
    def is_system(self) -> bool:
        return self.person_id is None


def delay_for(failures: int, free: int = FREE_ATTEMPTS) -> float:
    """Seconds to wait before checking a password after ``failures`` recent failures (0 for the first ``free``)."""
    if failures < free:
        return 0.0
    return min(MAX_DELAY_SECONDS, 2.0 ** (failures - free + 1))


def _subjects(email: str, address: str | None) -> list[tuple[str, str]]:
    subjects = [(ACCOUNT, email)]
    if address:
        subjects.append((ADDRESS, address[:MAX_EMAIL]))
    return subjects


def recent_failures(subjects: Iterable[tuple[str, str]], *, engine: Engine | None = None) -> dict[tuple, int]:
    """Failures within the last hour for each ``(scope, key)`` (missing means none)."""
    subjects = list(subjects)
    cutoff = utcnow() - FAILURE_MEMORY
    with session_scope(engine, read_only=True) as session:
        rows = session.exec(
            select(SignInFailure).where(
                sa.tuple_(SignInFailure.scope, SignInFailure.key).in_(subjects),
                SignInFailure.last_failure_at >= cutoff,
            )
        ).all()
        return {(row.scope, row.key): row.failures for row in rows}


def record_failure(subjects: Iterable[tuple[str, str]], *, engine: Engine | None = None) -> None:
    """Count one failure for each subject in one short unit of work, and forget failures older than an hour.

    ``INSERT … ON CONFLICT DO UPDATE SET failures = failures + 1`` is atomic on SQLite and PostgreSQL alike:
    two parallel failures both count, and a first failure for a new key cannot collide with another's.
    """
    now = utcnow()
    cutoff = now - FAILURE_MEMORY
    table = SignInFailure.__table__
    with session_scope(engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        for scope, key in subjects:
            statement = insert(table).values(scope=scope, key=key, failures=1, last_failure_at=now)
            statement = statement.on_conflict_do_update(
                index_elements=[table.c.scope, table.c.key],
                set_={
                    # a count older than an hour starts again at one
                    "failures": sa.case((table.c.last_failure_at < cutoff, 1), else_=table.c.failures + 1),
                    "last_failure_at": now,
                },
            )
            session.execute(statement)
        session.execute(sa.delete(table).where(table.c.last_failure_at < cutoff))


def _forget_account_failures(email: str, *, engine: Engine | None) -> None:
    with session_scope(engine) as session:
        session.execute(sa.delete(SignInFailure).where(SignInFailure.scope == ACCOUNT, SignInFailure.key == email))


def sign_in(
    email: str,
    password: str,
    *,
    address: str | None = None,
    sleep: Callable[[float], object] = time.sleep,
    engine: Engine | None = None,
) -> Actor:
    """Check an email and password; raise SignInFailed with the same message whatever was wrong.

    After five failures for an email within an hour (or thirty from one client ``address``) every further
    attempt waits longer (2, 4, 8 … 30 s) before the password is checked, which makes guessing slow without
    locking the real owner out. The wait holds no database connection.
    """
    key = (email or "").strip().lower()[:MAX_EMAIL]
    subjects = _subjects(key, address)
    failures = recent_failures(subjects, engine=engine)
    wait = max(
        delay_for(failures.get((ACCOUNT, key), 0)),
        delay_for(failures.get((ADDRESS, address), 0), FREE_ATTEMPTS_PER_ADDRESS) if address else 0.0,
    )
    if wait:
        sleep(wait)  # outside every transaction: nothing is locked or checked out meanwhile
    with session_scope(engine, read_only=True) as session:
        person = session.exec(select(Person).where(Person.email == key)).first()
        actor = Actor.of(person) if person is not None and person.active else None
        password_hash = person.password_hash if person is not None else None
    ok = verify_password(password_hash, password or "")
    if ok and actor is not None:
        if (ACCOUNT, key) in failures:
            _forget_account_failures(key, engine=engine)
        return actor
    record_failure(subjects, engine=engine)
    raise SignInFailed(SIGN_IN_FAILED)


def _claim_true(value) -> bool:
    # some identity providers send the boolean as a string
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def actor_for_sso(*, email: str | None, email_verified, subject: str | None,
                  engine: Engine | None = None) -> Actor | None:
    """The active person a single sign-on identity belongs to, or None (issue 9).

    A person once linked is found by the provider's ``sub`` only. An unlinked person is matched by email only
    when the provider says the email is verified; that first match links ``sub`` to them, so a later account
    at the provider that claims the same email (unverified, or a different ``sub``) is refused.
    """
    subject = (subject or "").strip()[:255] or None
    clean = (email or "").strip().lower()
    with session_scope(engine) as session:
        if subject:
            linked = session.exec(select(Person).where(Person.sso_subject == subject)).first()
            if linked is not None:
                return Actor.of(linked) if linked.active else None
        if not clean or not _claim_true(email_verified):
            return None
        person = session.exec(select(Person).where(Person.email == clean)).first()
        if person is None or not person.active:
            return None
        if person.sso_subject is not None:  # linked to another identity at the provider
            return None
        if subject:
            person.sso_subject = subject
            session.add(person)
        return Actor.of(person)
