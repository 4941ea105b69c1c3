"""On SQLite, pages keep reading while a long write (a big import, a backup of evidence) holds the write lock.

Writes start with BEGIN IMMEDIATE so a read-then-write cannot interleave; reads must not take that lock, or
every page would wait behind an import of a million rows.
"""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from tests.services.teacher_cast import make_cast
from tracker.services import activities, people, review, team


@pytest.fixture
def short_busy_timeout(monkeypatch):
    from tracker import db
    from tracker.settings import get_settings

    monkeypatch.setenv("TRACKER_SQLITE_BUSY_TIMEOUT_MS", "300")
    get_settings.cache_clear()
    db._engine_for.cache_clear()
    yield
    get_settings.cache_clear()
    db._engine_for.cache_clear()


def test_page_reads_do_not_wait_for_a_writer(db_url, session, short_busy_timeout):
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL readers never wait for writers")
    cast = make_cast(session)
    session.commit()
    writer = sqlite3.connect(db_url.removeprefix("sqlite:///"), timeout=0)
    writer.execute("BEGIN IMMEDIATE")  # an import in the middle of its write phase
    try:
        # a read that waited for the writer would fail with "database is locked" (short busy timeout)
        activities.list_activities(cast.teacher)
        review.review_queue(cast.head)
        team.team_overview(cast.head, as_of=date(2026, 1, 1))
        people.list_people(cast.admin)
    finally:
        writer.rollback()
        writer.close()
