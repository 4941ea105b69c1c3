"""Refresh feeds: claim the due ones, fetch them concurrently, parse them in worker processes, store.

Fetching is I/O-bound and runs in a thread pool sharing one connection pool; parsing (with keying and
topic tagging) reads a stranger's document and always runs in worker processes bounded in memory and time
(feeds.workers), never in this one; storing runs on the calling thread, so SQLite sees a single writer:
whatever feeds have arrived are stored in one short transaction with a savepoint per feed, so one feed's
failure never loses another's entries.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from feeds.dedupe import KeyedEntry
from feeds.errors import FeedError, FeedGone
from feeds.fetch import Fetcher, FetchResult
from feeds.parse import ParsedFeed
from feeds.schedule import next_check, parse_max_age, parse_retry_after
from feeds.store import (
    FeedSnapshot,
    claim_due_feeds,
    load_topic_rules,
    prune_old_items,
    record_failure,
    record_success,
    store_entries,
)
from feeds.topics import TopicRule
from feeds.workers import ParsePool
from tracker.db import get_engine, session_scope
from tracker.i18n import Text
from tracker.models import utcnow
from tracker.settings import get_settings

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 16
# Feeds claimed per round: several refresh processes (cron, a systemd timer, the dashboard) take turns
# claiming batches, so they share a large list instead of the first one taking every due feed.
CLAIM_BATCH = 100
# Refreshes in one process (the page's button, the background thread) claim one after the other.
_CLAIM_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """The result of refreshing one feed. ``status`` is 'ok', 'not_modified' or 'error'."""

    feed_id: int
    url: str
    status: str
    new_entries: int = 0
    error: str | None = None
    error_kind: str | None = None
    moved_to: str | None = None


@dataclass(frozen=True, slots=True)
class RefreshReport:
    """Every feed's outcome from one refresh, plus how many old items retention removed."""

    outcomes: tuple[FeedOutcome, ...]
    pruned: int = 0

    @property
    def new_entries(self) -> int:
        return sum(o.new_entries for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def as_json(self) -> dict:
        """The shape `tracker feeds refresh --json` prints."""
        return {
            "feeds": [
                {
                    k: v
                    for k, v in asdict(o).items()
                    if k in ("url", "status", "new_entries", "error", "moved_to")
                }
                for o in self.outcomes
            ],
            "checked": len(self.outcomes),
            "ok": self.count("ok"),
            "not_modified": self.count("not_modified"),
            "errors": self.count("error"),
            "new_entries": self.new_entries,
            "pruned": self.pruned,
        }


ProgressCallback = Callable[[int, int, FeedOutcome], None]


@dataclass(slots=True)
class _Fetched:
    snapshot: FeedSnapshot
    result: FetchResult | None = None
    parsed: ParsedFeed | None = None
    entries: tuple[KeyedEntry, ...] = ()
    error: FeedError | None = None


def refresh_due_feeds(
    engine: Engine | None = None,
    *,
    all_active: bool = False,
    feed_ids: Sequence[int] | None = None,
    progress: ProgressCallback | None = None,
    workers: int = DEFAULT_WORKERS,
    now: datetime | None = None,
) -> RefreshReport:
    """Refresh the feeds that are due (or every active one, or the given ones).

    Args:
        engine: the database; the process-wide one by default.
        all_active: refresh every active feed, due or not.
        feed_ids: refresh exactly these (active) feeds.
        progress: called as ``progress(done, total, outcome)`` after each feed is stored.
        workers: concurrent fetches (parsing uses one worker process per core).
        now: the current time (aware UTC), for tests.

    Returns:
        A RefreshReport; failures are in it (and stored on each feed), never raised.
    """
    settings = get_settings()
    engine = engine or get_engine()
    outcomes: list[FeedOutcome] = []
    claimed: list[int] = []
    batch_size = None if feed_ids is not None else CLAIM_BATCH
    rules: tuple[TopicRule, ...] | None = None
    with ExitStack() as stack:
        fetcher = threads = parser = None
        while True:
            with _CLAIM_LOCK, session_scope(engine) as session:
                snapshots = claim_due_feeds(
                    session,
                    now=now or utcnow(),
                    all_active=all_active,
                    feed_ids=feed_ids,
                    limit=batch_size,
                    exclude_ids=claimed,
                )
                if rules is None and snapshots:
                    rules = tuple(load_topic_rules(session))
            if not snapshots:
                break
            claimed.extend(s.id for s in snapshots)
            if fetcher is None:
                # workers start on the first body to parse; entered before the threads that use them,
                # so they stop after those threads are done
                parser = stack.enter_context(
                    ParsePool(
                        workers=os.cpu_count() or 1,
                        memory_mb=settings.feeds_parse_memory_mb,
                        timeout=settings.feeds_parse_timeout,
                    )
                )
                fetcher = stack.enter_context(
                    Fetcher(
                        timeout=settings.feeds_timeout,
                        max_bytes=settings.feeds_max_bytes,
                        allow_private=settings.feeds_allow_private,
                        max_connections=max(workers, 1),
                    )
                )
                threads = stack.enter_context(ThreadPoolExecutor(max_workers=max(1, workers)))
            pending = {threads.submit(_fetch_and_parse, fetcher, parser, s, rules) for s in snapshots}
            while pending:
                # store whatever has arrived in one transaction (a savepoint per feed): one commit
                # per batch instead of per feed, and fetching goes on meanwhile
                ready, pending = wait(pending, return_when=FIRST_COMPLETED)
                for outcome in _store_batch(engine, [f.result() for f in ready], now):
                    outcomes.append(outcome)
                    if progress is not None:
                        progress(len(outcomes), len(claimed), outcome)
            if batch_size is None or len(snapshots) < batch_size:
                break
    with session_scope(engine) as session:
        pruned = prune_old_items(
            session, before=(now or utcnow()) - timedelta(days=settings.feeds_retention_days)
        )
    return RefreshReport(tuple(outcomes), pruned)


def _fetch_and_parse(
    fetcher: Fetcher, parser: ParsePool, snapshot: FeedSnapshot, rules: tuple[TopicRule, ...]
) -> _Fetched:
    fetched = _Fetched(snapshot)
    try:
        result = fetched.result = fetcher.fetch(
            snapshot.url, etag=snapshot.etag, last_modified=snapshot.last_modified
        )
        if result.body is not None:
            fetched.parsed, fetched.entries = parser.parse(
                result.body, result.final_url, result.headers, result.new_url or snapshot.url, rules
            )
    except FeedError as exc:
        fetched.error = exc
    except Exception as exc:  # a bug must not stop the other feeds; it is logged and shown as an error
        log.exception("unexpected error refreshing %s", snapshot.url)
        fetched.error = FeedError(Text("errors.feed.bug", detail=type(exc).__name__), url=snapshot.url)
    return fetched


def _store_batch(engine: Engine, batch: list[_Fetched], fixed_now: datetime | None) -> list[FeedOutcome]:
    now = fixed_now or utcnow()
    with session_scope(engine) as session:
        session.connection()  # begin the outer transaction before the first savepoint
        outcomes = _store_together(session, batch, now) if len(batch) > 1 else None
        if outcomes is None:
            outcomes = [_store_one(session, fetched, now) for fetched in batch]
    return outcomes


def _store_together(session, batch: list[_Fetched], now: datetime) -> list[FeedOutcome] | None:
    """Store a whole batch with a few statements, in one savepoint; None (and nothing kept) when
    the database refused any of it, so the caller stores the feeds one by one instead."""
    try:
        with session.begin_nested():
            counts = store_entries(
                session,
                feeds=[(f.snapshot.id, f.entries) for f in batch if f.error is None and f.parsed is not None],
                now=now,
                keep_after=now - timedelta(days=get_settings().feeds_retention_days),
            )
            return [
                _record_success(session, f, counts.get(f.snapshot.id, 0), now)
                if f.error is None
                else _store_failure(session, f, now)
                for f in batch
            ]
    except SQLAlchemyError:
        log.warning("storing %d feeds together failed; storing them one by one", len(batch), exc_info=True)
        return None


def _store_one(session, fetched: _Fetched, now: datetime) -> FeedOutcome:
    if fetched.error is None:
        try:
            with session.begin_nested():
                counts = store_entries(
                    session,
                    feeds=[(fetched.snapshot.id, fetched.entries)] if fetched.parsed is not None else [],
                    now=now,
                    keep_after=now - timedelta(days=get_settings().feeds_retention_days),
                )
                return _record_success(session, fetched, counts.get(fetched.snapshot.id, 0), now)
        except SQLAlchemyError:
            log.exception("storing %s failed", fetched.snapshot.url)
            fetched.error = FeedError(Text("errors.feed.not_saved"), url=fetched.snapshot.url)
    return _store_failure(session, fetched, now)


def _record_success(session, fetched: _Fetched, new_entries: int, now: datetime) -> FeedOutcome:
    snapshot, result, parsed = fetched.snapshot, fetched.result, fetched.parsed
    assert result is not None
    note = record_success(
        session,
        feed_id=snapshot.id,
        now=now,
        next_check_at=next_check(
            now=now,
            interval=timedelta(minutes=snapshot.interval_minutes),
            max_age=parse_max_age(result.headers.get("cache-control")),
            retry_after=parse_retry_after(result.headers.get("retry-after"), now=now),
        ),
        etag=result.etag,
        last_modified=result.last_modified,
        not_modified=result.not_modified,
        title=parsed.title if parsed else None,
        site_url=parsed.site_url if parsed else None,
        new_url=result.new_url,
    )
    return FeedOutcome(
        snapshot.id,
        snapshot.url,
        "not_modified" if result.not_modified else "ok",
        new_entries,
        error=note,
        moved_to=result.new_url if note is None else None,
    )


def _store_failure(session, fetched: _Fetched, now: datetime) -> FeedOutcome:
    snapshot, error = fetched.snapshot, fetched.error
    assert error is not None
    record_failure(
        session,
        feed_id=snapshot.id,
        now=now,
        error=error,
        next_check_at=next_check(
            now=now,
            interval=timedelta(minutes=snapshot.interval_minutes),
            consecutive_errors=snapshot.error_count + 1,
            retry_after=parse_retry_after(getattr(error, "retry_after", None), now=now),
        ),
        deactivate=isinstance(error, FeedGone),
    )
    return FeedOutcome(snapshot.id, snapshot.url, "error", error=str(error), error_kind=error.kind)
