"""Signing in: argon2id hashes, one message for every failure, slowdown after 5 failures, inactive people.

sign_in opens its own short units of work (issue 9), so the tests commit their setup first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from tracker.auth import (
    FREE_ATTEMPTS_PER_ADDRESS,
    SIGN_IN_FAILED,
    actor_for_sso,
    delay_for,
    hash_password,
    sign_in,
    verify_password,
)
from tracker.errors import SignInFailed
from tracker.models import SignInFailure, utcnow

ACCOUNT = "email"


class Sleeps:
    """An injected sleep that records what sign-in would have waited."""

    def __init__(self):
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def test_hash_is_argon2id_and_salted():
    first, second = hash_password("demo"), hash_password("demo")
    assert first.startswith("$argon2id$")
    assert first != second  # a fresh salt each time
    assert verify_password(first, "demo") and not verify_password(first, "Demo")
    assert not PasswordHasher().check_needs_rehash(first)  # the library's current parameters


def test_verify_rejects_missing_or_garbage_hashes():
    assert not verify_password(None, "demo")
    assert not verify_password("not a hash", "demo")


def test_right_password_signs_in_with_any_email_case(session, factory):
    person = factory.make_person(session, "wang.fang@demo.example", password="s3cret", role="head")
    session.commit()
    actor = sign_in("  Wang.Fang@Demo.Example ", "s3cret", sleep=Sleeps())
    assert (actor.person_id, actor.email, actor.role) == (person.id, "wang.fang@demo.example", "head")


def test_unknown_email_and_wrong_password_give_the_same_message(session, factory):
    factory.make_person(session, "wang.fang@demo.example", password="s3cret")
    session.commit()
    with pytest.raises(SignInFailed) as unknown:
        sign_in("nobody@demo.example", "s3cret", sleep=Sleeps())
    with pytest.raises(SignInFailed) as wrong:
        sign_in("wang.fang@demo.example", "wrong", sleep=Sleeps())
    assert str(unknown.value) == str(wrong.value) == SIGN_IN_FAILED


def test_a_person_without_a_password_cannot_sign_in(session, factory):
    factory.make_person(session, "imported@demo.example")
    session.commit()
    with pytest.raises(SignInFailed):
        sign_in("imported@demo.example", "", sleep=Sleeps())


def test_inactive_person_cannot_sign_in_even_with_the_right_password(session, factory):
    factory.make_person(session, "left@demo.example", password="s3cret", active=False)
    session.commit()
    with pytest.raises(SignInFailed) as caught:
        sign_in("left@demo.example", "s3cret", sleep=Sleeps())
    assert str(caught.value) == SIGN_IN_FAILED


def test_slowdown_starts_after_five_failures_and_grows(session, factory):
    factory.make_person(session, "wang.fang@demo.example", password="s3cret")
    session.commit()
    sleeps = Sleeps()
    for _ in range(7):
        with pytest.raises(SignInFailed):
            sign_in("wang.fang@demo.example", "guess", sleep=sleeps)
    assert sleeps.calls == [2.0, 4.0]  # attempts 1-5 are free; the 6th waits 2 s, the 7th 4 s
    # the owner still gets in (after the wait), and that clears the count
    sign_in("wang.fang@demo.example", "s3cret", sleep=sleeps)
    assert sleeps.calls == [2.0, 4.0, 8.0]
    assert session.get(SignInFailure, (ACCOUNT, "wang.fang@demo.example")) is None
    sign_in("wang.fang@demo.example", "s3cret", sleep=sleeps)
    assert sleeps.calls == [2.0, 4.0, 8.0]


def test_unknown_emails_are_slowed_down_too(session):
    sleeps = Sleeps()
    for _ in range(6):
        with pytest.raises(SignInFailed):
            sign_in("ghost@demo.example", "guess", sleep=sleeps)
    assert sleeps.calls == [2.0]


def test_failures_older_than_an_hour_are_forgotten(session, factory):
    factory.make_person(session, "wang.fang@demo.example", password="s3cret")
    session.commit()
    sleeps = Sleeps()
    for _ in range(6):
        with pytest.raises(SignInFailed):
            sign_in("wang.fang@demo.example", "guess", sleep=sleeps)
    record = session.get(SignInFailure, (ACCOUNT, "wang.fang@demo.example"))
    record.last_failure_at = utcnow() - timedelta(hours=2)
    session.add(record)
    session.commit()
    sleeps.calls.clear()
    sign_in("wang.fang@demo.example", "s3cret", sleep=sleeps)
    assert sleeps.calls == []


def test_delay_is_capped():
    assert [delay_for(n) for n in (0, 4, 5, 6, 7)] == [0.0, 0.0, 2.0, 4.0, 8.0]
    assert delay_for(50) == 30.0


# --- issue 9: per-address limit, purge, single sign-on ---------------------------------------------------------


def _count(session, scope: str, key: str) -> int | None:
    session.expire_all()
    row = session.get(SignInFailure, (scope, key))
    return row.failures if row else None


def test_one_address_guessing_many_emails_is_slowed_down(session):
    sleeps = Sleeps()
    for n in range(FREE_ATTEMPTS_PER_ADDRESS):
        with pytest.raises(SignInFailed):
            sign_in(f"user{n}@demo.example", "guess", address="203.0.113.9", sleep=sleeps)
    assert sleeps.calls == []  # every email is new, so only the address count grows
    with pytest.raises(SignInFailed):
        sign_in("someone.else@demo.example", "guess", address="203.0.113.9", sleep=sleeps)
    assert sleeps.calls == [2.0]
    # another address is not slowed down by it
    with pytest.raises(SignInFailed):
        sign_in("someone.more@demo.example", "guess", address="198.51.100.7", sleep=sleeps)
    assert sleeps.calls == [2.0]
    assert _count(session, "address", "203.0.113.9") == FREE_ATTEMPTS_PER_ADDRESS + 1


def test_a_failure_purges_rows_older_than_an_hour_and_restarts_an_old_count(session):
    old = utcnow() - timedelta(hours=2)
    session.add(SignInFailure(scope=ACCOUNT, key="long.gone@demo.example", failures=9, last_failure_at=old))
    session.add(SignInFailure(scope=ACCOUNT, key="ghost@demo.example", failures=9, last_failure_at=old))
    session.commit()
    sleeps = Sleeps()
    with pytest.raises(SignInFailed):
        sign_in("ghost@demo.example", "guess", sleep=sleeps)
    assert sleeps.calls == []  # a count older than an hour does not slow anyone down
    assert _count(session, ACCOUNT, "ghost@demo.example") == 1  # and starts again at one
    assert _count(session, ACCOUNT, "long.gone@demo.example") is None  # purged


def test_single_sign_on_requires_a_verified_email_then_matches_on_sub(session, factory):
    person = factory.make_person(session, "li.ming@college.example")
    session.commit()
    # an unverified (or missing) email_verified claim signs nobody in
    for verified in (False, None, "false"):
        assert actor_for_sso(email="Li.Ming@college.example", email_verified=verified, subject="idp-1") is None
    actor = actor_for_sso(email="li.ming@college.example", email_verified=True, subject="idp-1")
    assert actor is not None and actor.person_id == person.id
    # linked: another provider account claiming the same (even verified) email is refused
    assert actor_for_sso(email="li.ming@college.example", email_verified=True, subject="idp-2") is None
    # the linked subject keeps working without the email claim
    assert actor_for_sso(email=None, email_verified=None, subject="idp-1").person_id == person.id


def test_single_sign_on_refuses_an_inactive_person(session, factory):
    factory.make_person(session, "left@college.example", active=False)
    session.commit()
    assert actor_for_sso(email="left@college.example", email_verified=True, subject="idp-9") is None
