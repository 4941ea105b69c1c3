"""Refreshing feeds end to end (loopback server -> database), on SQLite and PostgreSQL."""

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select
from werkzeug import Response

import feeds.refresh
from feeds.models import Feed, FeedEntry, NewsItem, NewsItemTopic, NewsReadState
from feeds.refresh import refresh_due_feeds
from feeds.store import add_feed, claim_due_feeds
from feeds.workers import ParsePool
from tests.feeds.feedgen import Item, numbered, rss
from tracker.models import utcnow

pytestmark = pytest.mark.usefixtures("allow_private")


def add(engine, *urls):
    with Session(engine) as s:
        ids = [add_feed(s, url=u).id for u in urls]
        s.commit()
    return ids


def feed_row(engine, feed_id) -> Feed:
    with Session(engine) as s:
        return s.get(Feed, feed_id)


def count(engine, model, *where):
    with Session(engine) as s:
        return len(s.exec(select(model).where(*where)).all())


@pytest.fixture
def parse_calls(monkeypatch):
    calls = []
    real = ParsePool.parse

    def counting(self, body, url, *args):
        calls.append(url)
        return real(self, body, url, *args)

    monkeypatch.setattr(ParsePool, "parse", counting)
    return calls


def test_first_refresh_stores_entries_with_topics_and_health(engine, httpserver):
    httpserver.expect_request("/feed").respond_with_data(
        rss(numbered(5), title="Trade News"), headers={"ETag": '"1"'}
    )
    (fid,) = add(engine, httpserver.url_for("/feed"))
    report = refresh_due_feeds(engine)
    assert [(o.status, o.new_entries) for o in report.outcomes] == [("ok", 5)]
    feed = feed_row(engine, fid)
    assert (feed.last_status, feed.title, feed.etag, feed.error_count) == ("ok", "Trade News", '"1"', 0)
    assert feed.next_check_at > utcnow() + timedelta(minutes=55)
    assert count(engine, NewsItem) == 5
    with Session(engine) as s:
        topics = {t.topic for t in s.exec(select(NewsItemTopic)).all()}
    assert topics == {"marketplaces", "customs_tax", "logistics"}


def test_conditional_get_304_costs_no_parse(engine, httpserver, parse_calls):
    url = httpserver.url_for("/feed")
    httpserver.expect_request("/feed", headers={"If-None-Match": '"1"'}).respond_with_data("", status=304)
    httpserver.expect_request("/feed").respond_with_data(rss(numbered(3)), headers={"ETag": '"1"'})
    add(engine, url)
    refresh_due_feeds(engine)
    assert len(parse_calls) == 1
    report = refresh_due_feeds(engine, all_active=True)
    assert [(o.status, o.new_entries) for o in report.outcomes] == [("not_modified", 0)]
    assert len(parse_calls) == 1  # the 304 was not parsed
    assert count(engine, NewsItem) == 3


def test_unchanged_content_without_validators_adds_nothing_even_without_guid_or_link(engine, httpserver):
    items = [Item(title="No id A", description="<p>a</p>"), Item(title="No id B", description="<p>b</p>")]
    httpserver.expect_request("/feed").respond_with_data(rss(items))
    add(engine, httpserver.url_for("/feed"))
    assert refresh_due_feeds(engine).new_entries == 2
    assert refresh_due_feeds(engine, all_active=True).new_entries == 0
    assert count(engine, NewsItem) == 2


def test_same_story_in_two_feeds_is_one_item_with_two_sources(engine, httpserver):
    a = [Item("Temu faces EU probe", "https://news.example.com/temu?utm_source=feedA", guid="a-1")]
    b = [
        Item(
            "Temu faces EU probe (copy)",
            "https://NEWS.example.com/temu/?utm_medium=rss&utm_campaign=x",
            guid="b-77",
        )
    ]
    httpserver.expect_request("/a").respond_with_data(rss(a))
    httpserver.expect_request("/b").respond_with_data(rss(b))
    add(engine, httpserver.url_for("/a"), httpserver.url_for("/b"))
    assert refresh_due_feeds(engine).new_entries == 2
    assert count(engine, NewsItem) == 1
    assert count(engine, FeedEntry) == 2


@pytest.mark.parametrize("status", [301, 308])
def test_permanent_redirect_updates_the_stored_url(engine, httpserver, status):
    httpserver.expect_request("/old").respond_with_data("", status=status, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(rss(numbered(1)))
    (fid,) = add(engine, httpserver.url_for("/old"))
    report = refresh_due_feeds(engine)
    assert report.outcomes[0].moved_to == httpserver.url_for("/new")
    assert feed_row(engine, fid).url == httpserver.url_for("/new")


def test_temporary_redirect_keeps_the_url(engine, httpserver):
    httpserver.expect_request("/old").respond_with_data("", status=302, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data(rss(numbered(1)))
    (fid,) = add(engine, httpserver.url_for("/old"))
    refresh_due_feeds(engine)
    assert feed_row(engine, fid).url == httpserver.url_for("/old")


def test_410_deactivates_the_feed_with_the_reason_and_it_is_not_fetched_again(engine, httpserver):
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    (fid,) = add(engine, httpserver.url_for("/gone"))
    assert refresh_due_feeds(engine).outcomes[0].status == "error"
    feed = feed_row(engine, fid)
    assert feed.active is False
    assert "410" in feed.deactivated_reason and feed.last_error_kind == "gone"
    assert refresh_due_feeds(engine, all_active=True).outcomes == ()
    assert len(httpserver.log) == 1


def test_errors_back_off_and_a_success_resets(engine, httpserver):
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    httpserver.expect_ordered_request("/f").respond_with_data("", status=500)
    httpserver.expect_ordered_request("/f").respond_with_data("", status=500)
    httpserver.expect_ordered_request("/f").respond_with_data(rss(numbered(1)))
    (fid,) = add(engine, httpserver.url_for("/f"))
    refresh_due_feeds(engine, now=now)
    feed = feed_row(engine, fid)
    assert (feed.last_status, feed.error_count, feed.next_check_at) == ("error", 1, now + timedelta(hours=1))
    assert "HTTP 500" in feed.last_error
    refresh_due_feeds(engine, all_active=True, now=now)
    assert feed_row(engine, fid).next_check_at == now + timedelta(hours=2)
    refresh_due_feeds(engine, all_active=True, now=now)
    feed = feed_row(engine, fid)
    assert (feed.last_status, feed.error_count, feed.last_error) == ("ok", 0, None)


def test_retry_after_and_max_age_set_the_next_check(engine, httpserver):
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    httpserver.expect_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "10800"})
    httpserver.expect_request("/cached").respond_with_data(
        rss(numbered(1)), headers={"Cache-Control": "max-age=7200"}
    )
    busy, cached = add(engine, httpserver.url_for("/busy"), httpserver.url_for("/cached"))
    refresh_due_feeds(engine, now=now)
    assert feed_row(engine, busy).next_check_at == now + timedelta(hours=3)
    assert feed_row(engine, cached).next_check_at == now + timedelta(hours=2)


def test_only_due_feeds_are_refreshed(engine, httpserver):
    httpserver.expect_request("/f").respond_with_data(rss(numbered(1)))
    add(engine, httpserver.url_for("/f"))
    refresh_due_feeds(engine)
    assert refresh_due_feeds(engine).outcomes == ()
    assert len(refresh_due_feeds(engine, all_active=True).outcomes) == 1


def test_guard_is_on_by_default_and_the_failure_is_stored(engine, httpserver, monkeypatch):
    httpserver.expect_request("/f").respond_with_data(rss(numbered(1)))
    (fid,) = add(engine, httpserver.url_for("/f"))  # http://localhost:port/f, a name not a literal
    monkeypatch.delenv("TRACKER_FEEDS_ALLOW_PRIVATE")
    from tracker.settings import get_settings

    get_settings.cache_clear()
    report = refresh_due_feeds(engine)
    assert report.outcomes[0].error_kind == "private_address"
    assert feed_row(engine, fid).last_error_kind == "private_address"
    assert httpserver.log == []


def test_unreachable_source_says_so_and_invents_nothing(engine):
    (fid,) = add(engine, "http://127.0.0.1:9/feed")  # discard port: nothing listens
    report = refresh_due_feeds(engine)
    assert report.outcomes[0].status == "error"
    assert "could not be reached" in feed_row(engine, fid).last_error
    assert count(engine, NewsItem) == 0


def test_retention_prunes_old_items_but_keeps_bookmarked_and_skips_old_entries(engine, httpserver, factory):
    now = utcnow()
    old = [
        Item(f"Old {n}", f"https://e.com/old{n}", published=now - timedelta(days=200 + n)) for n in range(2)
    ]
    httpserver.expect_request("/f").respond_with_data(rss(old + numbered(1)))
    add(engine, httpserver.url_for("/f"))
    refresh_due_feeds(engine)
    assert count(engine, NewsItem) == 1  # entries older than 180 days are not stored at all
    with Session(engine) as s:
        person = factory.make_person(s)
        s.add(NewsItem(story_key="k1", title="kept", published_at=now - timedelta(days=300)))
        s.add(NewsItem(story_key="k2", title="pruned", published_at=now - timedelta(days=300)))
        s.flush()
        kept = s.exec(select(NewsItem).where(NewsItem.story_key == "k1")).one()
        s.add(NewsReadState(person_id=person.id, item_id=kept.id, bookmarked_at=now))
        s.commit()
    assert refresh_due_feeds(engine).pruned == 1
    with Session(engine) as s:
        titles = {i.title for i in s.exec(select(NewsItem)).all()}
    assert "kept" in titles and "pruned" not in titles


def test_many_feeds_are_parsed_by_the_worker_processes(engine, httpserver):
    for n in range(10):
        httpserver.expect_request(f"/f{n}").respond_with_data(rss(numbered(5, prefix=f"https://e.com/{n}")))
    add(engine, *[httpserver.url_for(f"/f{n}") for n in range(10)])
    seen = []
    report = refresh_due_feeds(engine, progress=lambda done, total, o: seen.append((done, total)))
    assert report.new_entries == 50 and report.count("ok") == 10
    assert seen == [(n, 10) for n in range(1, 11)]


def test_two_refreshes_at_once_fetch_each_feed_once(engine, httpserver):
    for n in range(6):
        httpserver.expect_request(f"/f{n}").respond_with_data(rss(numbered(2, prefix=f"https://e.com/{n}")))
    add(engine, *[httpserver.url_for(f"/f{n}") for n in range(6)])
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(refresh_due_feeds(engine))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(len(r.outcomes) for r in reports) == 6
    assert len(httpserver.log) == 6


def test_postgres_claim_skips_rows_locked_by_another_refresh(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL feature; SQLite serialises claims with its write lock")
    ids = add(engine, "https://a.example.com/f", "https://b.example.com/f")
    other = Session(engine)
    other.exec(select(Feed).where(Feed.id == ids[0]).with_for_update()).one()  # another process mid-claim
    try:
        with Session(engine) as s:
            claimed = claim_due_feeds(s, now=utcnow())
        assert [c.id for c in claimed] == [ids[1]]
    finally:
        other.rollback()
        other.close()


def test_a_feed_that_cannot_be_stored_does_not_lose_the_others(engine, httpserver, monkeypatch):
    from sqlalchemy.exc import OperationalError

    for n in range(3):
        httpserver.expect_request(f"/f{n}").respond_with_data(rss(numbered(2, prefix=f"https://e.com/{n}")))
    ids = add(engine, *[httpserver.url_for(f"/f{n}") for n in range(3)])
    real = feeds.refresh.store_entries

    def flaky(session, **kwargs):
        result = real(session, **kwargs)  # writes, then fails: the savepoint must undo these rows
        if ids[1] in [feed_id for feed_id, _entries in kwargs["feeds"]]:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return result

    monkeypatch.setattr(feeds.refresh, "store_entries", flaky)
    # hand all three to one batch (result() waits), so the failing feed shares a transaction with the others
    monkeypatch.setattr(feeds.refresh, "wait", lambda fs, return_when: (set(fs), set()))
    report = refresh_due_feeds(engine)
    by_id = {o.feed_id: o for o in report.outcomes}
    assert [by_id[i].status for i in ids] == ["ok", "error", "ok"]
    assert "could not be saved" in feed_row(engine, ids[1]).last_error
    assert count(engine, FeedEntry, FeedEntry.feed_id == ids[1]) == 0
    assert count(engine, FeedEntry) == 4


def test_two_refresh_processes_share_the_work_on_sqlite(db_url, engine, httpserver, tmp_path):
    """Two `tracker feeds refresh` processes at once: every feed fetched exactly once (claims take the
    database write lock, then a lease keeps the other process away)."""
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL is covered by tests/robustness/test_postgres_workers.py")
    seen = Counter()

    def slow(request):
        seen[request.path] += 1
        time.sleep(0.05)
        return Response(rss(numbered(2, prefix=f"https://e.com{request.path}")))

    for n in range(12):
        httpserver.expect_request(f"/f{n}").respond_with_handler(slow)
    add(engine, *[httpserver.url_for(f"/f{n}") for n in range(12)])
    env = {**os.environ, "TRACKER_DATABASE_URL": db_url, "TRACKER_FEEDS_ALLOW_PRIVATE": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tracker", "feeds", "refresh", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    reports = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert sum(r["checked"] for r in reports) == 12
    assert set(seen.values()) == {1} and len(seen) == 12
    assert count(engine, FeedEntry) == 24


def test_one_batch_with_the_same_story_from_two_feeds_makes_one_item(engine):
    from feeds.dedupe import key_entries
    from feeds.parse import ParsedEntry
    from feeds.store import store_entries

    a, b = add(engine, "https://a.example.com/rss", "https://b.example.com/rss")
    now = utcnow()
    story = ParsedEntry("g1", "https://e.com/x?utm_source=a", "Same story", "<p>s</p>", now)
    copy = ParsedEntry("g2", "https://e.com/x?utm_medium=b", "Same story", "<p>s</p>", now)
    with Session(engine) as s:
        counts = store_entries(
            s,
            feeds=[
                (a, key_entries([story], feed_url="https://a.example.com/rss", tag=lambda *t: ())),
                (b, key_entries([copy, copy], feed_url="https://b.example.com/rss", tag=lambda *t: ())),
            ],
            now=now,
            keep_after=now - timedelta(days=1),
        )
        s.commit()
    assert counts == {a: 1, b: 1}
    assert count(engine, NewsItem) == 1 and count(engine, FeedEntry) == 2


def test_claims_come_in_batches_so_concurrent_refreshers_share_the_list(engine):
    ids = add(engine, *(f"https://n{i}.example.com/f" for i in range(5)))
    with Session(engine) as s:
        first = claim_due_feeds(s, now=utcnow(), limit=2)
    with Session(engine) as s:  # another process arriving now gets the next batch, not the same feeds
        second = claim_due_feeds(s, now=utcnow(), limit=2)
    with Session(engine) as s:
        third = claim_due_feeds(s, now=utcnow(), limit=2)
    got = [c.id for c in first + second + third]
    assert sorted(got) == sorted(ids) and len(got) == len(set(got))
    assert [len(first), len(second), len(third)] == [2, 2, 1]


@pytest.mark.parametrize("all_active", [False, True])
def test_a_refresh_in_batches_fetches_every_feed_exactly_once(engine, httpserver, monkeypatch, all_active):
    monkeypatch.setattr(feeds.refresh, "CLAIM_BATCH", 2)
    for n in range(5):
        httpserver.expect_request(f"/b{n}").respond_with_data(rss(numbered(2, prefix=f"https://e.com/b{n}")))
    add(engine, *(httpserver.url_for(f"/b{n}") for n in range(5)))
    seen: list[tuple[int, int]] = []
    report = refresh_due_feeds(engine, all_active=all_active, progress=lambda d, t, _o: seen.append((d, t)))
    assert sorted(o.status for o in report.outcomes) == ["ok"] * 5
    assert Counter(entry.path for entry, _ in httpserver.log) == {f"/b{n}": 1 for n in range(5)}
    assert seen[-1] == (5, 5)
    assert count(engine, NewsItem) == 10
