"""Two feed-refresh workers and two writers against PostgreSQL at once (issue 6, "beyond one machine").

Two ``tracker feeds refresh`` processes start together against one PostgreSQL database whose feeds all point
at a loopback server that counts requests per feed and answers slowly, so the workers overlap. They share the
work through ``claim_due_feeds`` (``FOR UPDATE SKIP LOCKED`` plus a lease): every feed is fetched exactly once
and every item lands once. Meanwhile two writer processes save activities with evidence; every one is
there.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from tests.feeds.feedgen import Item, rss
from tests.robustness.conftest import finish, scalar, spawn, wait_for_lines

pytestmark = pytest.mark.skipif(
    not os.environ.get("TRACKER_TEST_POSTGRES_URL"), reason="needs TRACKER_TEST_POSTGRES_URL (PostgreSQL)"
)

FEEDS = 40
ITEMS_PER_FEED = 3
DELAY_SECONDS = 0.15  # each answer takes this long, so two workers are surely busy at the same time


class CountingFeedServer:
    """A loopback HTTP server: ``/feed/N.xml`` is a small RSS feed; every request is counted per path."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                with server._lock:
                    server.requests[self.path] += 1
                time.sleep(DELAY_SECONDS)
                n = int(self.path.rsplit("/", 1)[1].split(".")[0])
                now = datetime.now(UTC)
                body = rss(
                    [
                        Item(
                            f"Feed {n} story {k}",
                            link=f"https://news.example/{n}/{k}",
                            guid=f"f{n}-s{k}",
                            description=f"Cross-border story {k} of feed {n}",
                            published=now - timedelta(hours=k),
                        )
                        for k in range(ITEMS_PER_FEED)
                    ],
                    title=f"Feed {n}",
                )
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep the test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, n: int) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/feed/{n}.xml"

    def __enter__(self) -> CountingFeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    with CountingFeedServer() as server:
        yield server


def test_two_refresh_workers_and_two_writers_share_postgres(
    db_url, session, factory, feed_server, monkeypatch, tmp_path
):
    if db_url.startswith("sqlite"):
        pytest.skip("the shared-database deployment is PostgreSQL")
    monkeypatch.setenv("TRACKER_FEEDS_ALLOW_PRIVATE", "1")  # the loopback server is private by design
    from feeds.store import add_feed
    from tracker.settings import get_settings

    get_settings.cache_clear()
    teacher = factory.make_person(session, "pg-writer@example.edu", department="Workers")
    for n in range(FEEDS):
        add_feed(session, url=feed_server.url(n), title=f"Feed {n}")
    session.commit()
    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    curated = scalar(engine, "SELECT count(*) FROM feed") - FEEDS
    assert curated == 0, "the test database should hold only this test's feeds"

    stop = tmp_path / "stop-writing"
    writers = [
        spawn(
            "tests.robustness.workers",
            "write",
            db_url,
            "--person-id",
            str(teacher.id),
            "--tag",
            f"pgw{i}",
            "--until",
            str(stop),
        )
        for i in range(2)
    ]
    first_lines = [wait_for_lines(w, 1) for w in writers]
    refreshers = [spawn("tracker", "feeds", "refresh") for _ in range(2)]
    reports = [finish(p, timeout=180)[0] for p in refreshers]
    assert all(w.poll() is None for w in writers), "a writer stopped while the workers refreshed"
    stop.touch()
    written = [len(seen) + len(finish(w)[0].split()) for w, seen in zip(writers, first_lines, strict=True)]

    # nothing fetched twice, nothing skipped
    assert sorted(feed_server.requests) == sorted(f"/feed/{n}.xml" for n in range(FEEDS))
    assert set(feed_server.requests.values()) == {1}, feed_server.requests.most_common(3)
    checked = [int(r.split("Checked ", 1)[1].split()[0]) for r in reports]
    assert sum(checked) == FEEDS, reports
    # (which worker fetched what is up to timing: claim_due_feeds claims every due feed in one short
    # transaction, so the first to claim usually takes them all; the point is that none is fetched twice)
    # every story stored once, every feed marked fetched
    assert scalar(engine, "SELECT count(*) FROM news_item") == FEEDS * ITEMS_PER_FEED
    assert scalar(engine, "SELECT count(*) FROM feed_entry") == FEEDS * ITEMS_PER_FEED
    assert scalar(engine, "SELECT count(*) FROM feed WHERE last_success_at IS NULL") == 0
    # every activity the writers committed is there, once
    for i, count in enumerate(written):
        assert count > 0
        assert (
            scalar(engine, "SELECT count(*) FROM activity WHERE description LIKE :p", p=f"pgw{i}-%") == count
        )
        assert (
            scalar(
                engine,
                "SELECT count(DISTINCT description) FROM activity WHERE description LIKE :p",
                p=f"pgw{i}-%",
            )
            == count
        )
    assert scalar(engine, "SELECT count(*) FROM evidence") == sum(written)
    engine.dispose()


def test_a_claim_skips_feeds_another_worker_is_claiming(db_url, session, feed_server, monkeypatch):
    """The deterministic half: while one worker's claim holds rows locked, another claims the rest."""
    if db_url.startswith("sqlite"):
        pytest.skip("row locks are PostgreSQL's")
    monkeypatch.setenv("TRACKER_FEEDS_ALLOW_PRIVATE", "1")
    from feeds.store import add_feed, claim_due_feeds
    from tracker.db import session_scope
    from tracker.settings import get_settings

    get_settings.cache_clear()
    ids = [add_feed(session, url=feed_server.url(n)).id for n in range(6)]
    session.commit()
    other_worker = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with other_worker.begin() as conn:  # a worker in the middle of its claim: three rows locked
        locked = [
            r[0]
            for r in conn.execute(
                sa.text("SELECT id FROM feed WHERE id = ANY(:ids) ORDER BY id LIMIT 3 FOR UPDATE"),
                {"ids": ids},
            )
        ]
        with session_scope() as mine:
            claimed = [s.id for s in claim_due_feeds(mine, now=datetime.now(UTC))]
    other_worker.dispose()
    assert sorted(claimed) == sorted(set(ids) - set(locked))
