"""Issue 9.2: the sign-in slowdown never holds the database, and parallel failures all count.

Real threads against a real database (SQLite and PostgreSQL), no mocks of the database: a stranger hammering
sign-in for an email that does not exist must not stall a teacher's save, and twelve guesses at the same moment
must raise the counter by twelve. Order is checked with events, never with a wall-clock bound.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import date

from sqlalchemy import event

from tracker.auth import FREE_ATTEMPTS, Actor, sign_in
from tracker.errors import SignInFailed
from tracker.models import SignInFailure, utcnow
from tracker.services.activities import create_activity

GHOST = "nobody.here@college.example"


def _failures(session, key: str) -> int:
    session.expire_all()
    row = session.get(SignInFailure, ("email", key))
    return row.failures if row else 0


def test_twelve_parallel_failures_all_count(session):
    session.add(SignInFailure(scope="email", key=GHOST, failures=20, last_failure_at=utcnow()))
    session.commit()
    start = threading.Barrier(12)
    errors: list[BaseException] = []

    def guess() -> None:
        start.wait()
        try:
            sign_in(GHOST, "guess", sleep=lambda _seconds: None)  # the wait itself is not under test here
        except SignInFailed:
            pass
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert _failures(session, GHOST) == 32


def test_a_teacher_saves_while_a_stranger_hammers_sign_in(session, factory, engine):
    teacher = factory.make_person(session, "teacher@college.example", password="a long password")
    session.add(SignInFailure(scope="email", key=GHOST, failures=FREE_ATTEMPTS, last_failure_at=utcnow()))
    session.commit()
    actor = Actor.of(teacher)

    # which thread holds how many pooled connections right now
    held: Counter[int] = Counter()
    lock = threading.Lock()

    def checked_out(*_args) -> None:
        with lock:
            held[threading.get_ident()] += 1

    def checked_in(*_args) -> None:
        with lock:
            held[threading.get_ident()] -= 1

    event.listen(engine.pool, "checkout", checked_out)
    event.listen(engine.pool, "checkin", checked_in)

    order: list[str] = []
    held_while_waiting: list[int] = []
    sleeping = threading.Semaphore(0)
    release = threading.Event()
    stop = threading.Event()
    free_attempts = Counter()

    def slowed_down_sleep(_seconds: float) -> None:
        with lock:
            held_while_waiting.append(held[threading.get_ident()])
        sleeping.release()
        release.wait(timeout=120)  # the "delay", ended by the test once the teacher's save is over
        with lock:
            order.append("hammer's delayed attempt returned")

    def delayed_hammer(n: int) -> None:
        # the sixth attempt for the same unknown email: delayed
        try:
            sign_in(GHOST, "guess", address=f"198.51.100.{n}", sleep=slowed_down_sleep)
        except SignInFailed:
            pass

    def free_hammer(n: int) -> None:
        # new emails every time: no delay, a failure written on every attempt, until the test is over
        k = 0
        while not stop.is_set():
            k += 1
            try:
                sign_in(f"guess{n}.{k}@college.example", "guess", sleep=time.sleep)
            except SignInFailed:
                free_attempts[n] += 1

    delayed = [threading.Thread(target=delayed_hammer, args=(n,)) for n in range(4)]
    free = [threading.Thread(target=free_hammer, args=(n,)) for n in range(2)]
    for thread in delayed + free:
        thread.start()
    try:
        for _ in delayed:
            assert sleeping.acquire(timeout=120), "a delayed attempt never started waiting"
        assert held_while_waiting == [0, 0, 0, 0]  # nobody waits while holding a connection (or a lock)
        attempts_before = sum(free_attempts.values())
        saved: dict = {}

        def save() -> None:
            started = time.perf_counter()
            saved["record"] = create_activity(actor, {
                "kind": "visit", "enterprise": "深圳跨境通", "start_date": date(2025, 4, 7),
                "end_date": date(2025, 4, 7), "hours": 6, "description": "Saved during a sign-in storm.",
            }, submit=True)
            saved["seconds"] = time.perf_counter() - started
            with lock:
                order.append("teacher's save finished")

        saver = threading.Thread(target=save)
        saver.start()
        saver.join(timeout=60)  # a safety net only: the order below is the assertion
    finally:
        release.set()
        stop.set()
        for thread in delayed + free:
            thread.join(timeout=120)
        event.remove(engine.pool, "checkout", checked_out)
        event.remove(engine.pool, "checkin", checked_in)
    assert order[0] == "teacher's save finished", order
    assert saved["record"].status == "submitted"
    assert sum(free_attempts.values()) > attempts_before or attempts_before > 0  # the hammering was real
    print(f"\n[{engine.dialect.name}] teacher's save took {saved['seconds'] * 1000:.0f} ms while 4 delayed and "
          f"2 free hammers ran ({sum(free_attempts.values())} free failed attempts in all)")
