"""Database side of the aggregator: sources, claiming due feeds, storing entries, retention, topic rules.

Functions take the session in and leave committing to the caller (``tracker.db.session_scope``),
except ``claim_due_feeds``, whose claim must be committed before any fetch starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from feeds.dedupe import KeyedEntry
from feeds.errors import FeedError
from feeds.fetch import refuse_private_literal, validate_feed_url
from feeds.models import Feed, FeedEntry, NewsItem, NewsItemTopic, NewsReadState, NewsTopic
from feeds.opml import OpmlSource
from feeds.plan import plan_entries
from feeds.sanitize import sanitized_text
from feeds.topics import TopicMatcher, TopicRule, load_rules_file, validate_rules
from tracker.errors import NotFound
from tracker.i18n import Text, stored
from tracker.settings import get_settings

CLAIM_LEASE = timedelta(minutes=15)
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class FeedSnapshot:
    """What a refresh needs to know about a feed, detached from any session."""

    id: int
    url: str
    etag: str | None
    last_modified: str | None
    interval_minutes: int
    error_count: int


# --- sources --------------------------------------------------------------------------------------


def add_feed(
    session: Session,
    *,
    url: str,
    title: str | None = None,
    topic: str | None = None,
    curated: bool = False,
    language: str | None = None,
    site_url: str | None = None,
) -> Feed:
    """Store a new source (the next refresh fetches it). An existing URL is returned unchanged,
    except that a switched-off source is switched back on.

    Raises:
        InvalidFeedURL: not an http(s) address.
        PrivateAddressRefused: a literal private IP address while the guard is on.
    """
    url = validate_feed_url(url)
    if not get_settings().feeds_allow_private:
        refuse_private_literal(url)
    existing = session.exec(select(Feed).where(Feed.url == url)).first()
    if existing is not None:
        if not existing.active:
            existing.active = True
            existing.deactivated_reason = None
            existing.error_count = 0
            existing.next_check_at = None
        if title and not existing.title:
            existing.title = title[:500]
        session.add(existing)
        session.flush()
        return existing
    feed = Feed(
        url=url,
        title=(title or "").strip()[:500],
        topic=(topic or "").strip()[:100] or None,
        language=(language or "").strip()[:16] or None,
        site_url=(site_url or "").strip()[:2000] or None,
        curated=curated,
        interval_minutes=get_settings().feeds_interval_minutes,
    )
    session.add(feed)
    session.flush()
    return feed


def add_sources(session: Session, sources: Iterable[OpmlSource], *, curated: bool = False) -> tuple[int, int]:
    """Add the sources not stored yet (an OPML import); return (added, already there).

    Sources already present are left as they are, so a source an administrator switched off stays off.
    """
    known = set(session.exec(select(Feed.url)))
    added = existing = 0
    for source in sources:
        url = validate_feed_url(source.url)
        if url in known:
            existing += 1
            continue
        add_feed(
            session,
            url=url,
            title=source.title,
            topic=source.topic,
            curated=curated,
            language=source.language,
            site_url=source.site_url,
        )
        known.add(url)
        added += 1
    return added, existing


def remove_feed(session: Session, *, url: str) -> None:
    """Delete a source and its entries; stories no other source carries go too, unless bookmarked."""
    feed = session.exec(select(Feed).where(Feed.url == url.strip())).first()
    if feed is None:
        raise NotFound(Text("errors.feed.no_source", url=url))
    item_ids = list(session.exec(select(FeedEntry.item_id).where(FeedEntry.feed_id == feed.id)))
    session.delete(feed)
    session.flush()
    # feed_entry rows went with the feed (ON DELETE CASCADE); now drop orphaned, unbookmarked items
    for chunk in _chunks(item_ids):
        session.connection().execute(
            sa.delete(NewsItem).where(
                col(NewsItem.id).in_(chunk),
                ~sa.exists().where(FeedEntry.item_id == NewsItem.id),
                ~sa.exists().where(
                    NewsReadState.item_id == NewsItem.id, col(NewsReadState.bookmarked_at).is_not(None)
                ),
            )
        )


def list_feeds(session: Session) -> list[Feed]:
    """Every source, active first, then by title."""
    return list(session.exec(select(Feed).order_by(col(Feed.active).desc(), Feed.title, Feed.url)))


# --- refresh: claim, store, record ----------------------------------------------------------------


def claim_due_feeds(
    session: Session,
    *,
    now: datetime,
    all_active: bool = False,
    feed_ids: Sequence[int] | None = None,
    limit: int | None = None,
    exclude_ids: Sequence[int] = (),
) -> list[FeedSnapshot]:
    """Pick the feeds to refresh and push their next check out by a lease, then commit.

    On PostgreSQL the rows are read ``FOR UPDATE SKIP LOCKED``, so refresh processes running at
    the same time each claim different feeds; once committed, the lease keeps the others away.
    ``limit`` claims a batch at a time (so concurrent processes share the work); ``exclude_ids``
    skips feeds this run already refreshed (an ``all_active`` run would otherwise claim them again).
    """
    stmt = select(
        Feed.id, Feed.url, Feed.etag, Feed.last_modified, Feed.interval_minutes, Feed.error_count
    ).where(Feed.active == sa.true())
    if feed_ids is not None:
        stmt = stmt.where(col(Feed.id).in_(list(feed_ids)))
    if exclude_ids:
        stmt = stmt.where(col(Feed.id).not_in(list(exclude_ids)))
    if feed_ids is None and not all_active:
        stmt = stmt.where(sa.or_(col(Feed.next_check_at).is_(None), col(Feed.next_check_at) <= now))
    stmt = stmt.order_by(col(Feed.next_check_at).asc().nulls_first(), Feed.id)
    if limit:
        stmt = stmt.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    else:
        # SQLite has no row locks: take the database write lock first so a second refresh process
        # waits here and then sees this one's leases instead of claiming the same feeds.
        session.connection().exec_driver_sql("UPDATE feed SET id = id WHERE 1 = 0")
    rows = session.exec(stmt).all()
    snapshots = [FeedSnapshot(*row) for row in rows]
    for chunk in _chunks([s.id for s in snapshots]):
        session.connection().execute(
            sa.update(Feed).where(col(Feed.id).in_(chunk)).values(next_check_at=now + CLAIM_LEASE)
        )
    session.commit()
    return snapshots


def store_entries(
    session: Session,
    *,
    feeds: Sequence[tuple[int, Sequence[KeyedEntry]]],
    now: datetime,
    keep_after: datetime,
) -> dict[int, int]:
    """Store the entries that are new to their feed, for one or more feeds at once; return how
    many each feed gained (feed id -> count).

    What to store is decided by ``feeds.plan.plan_entries`` (new to the feed, not older than ``keep_after``,
    so retention does not bring old entries back); this writes the plan. An entry joins the news item of the
    same story when another feed already brought it (see feeds.dedupe), in this call or before; a new item
    gets the entry's topics. A handful of statements serve the whole batch, whatever its size.
    """
    conn = session.connection()
    feed_ids = [feed_id for feed_id, _entries in feeds]
    stored: set[tuple[int, str]] = set()
    for chunk in _chunks(feed_ids):
        rows = conn.execute(
            sa.select(FeedEntry.feed_id, FeedEntry.entry_key).where(col(FeedEntry.feed_id).in_(chunk))
        )
        stored.update((feed_id, key) for feed_id, key in rows)
    plan = plan_entries(feeds, stored=stored, now=now, keep_after=keep_after)
    if not plan.fresh:
        return plan.counts(feed_ids)
    stories = plan.stories
    ids = _item_ids(conn, list(stories))
    missing = [key for key in stories if key not in ids]
    if missing:
        created = _insert_items(conn, [stories[key].row for key in missing])
        lost = [key for key in missing if key not in created]  # another refresh stored them a moment ago
        ids.update(created)
        ids.update(_item_ids(conn, lost))
        topic_rows = [
            {"item_id": item_id, "topic": slug}
            for key, item_id in created.items()
            for slug in stories[key].topics
        ]
        if topic_rows:
            _insert_ignoring_duplicates(conn, NewsItemTopic, topic_rows)
    _insert_ignoring_duplicates(conn, FeedEntry, plan.entry_rows(ids, now))
    return plan.counts(feed_ids)


def record_success(
    session: Session,
    *,
    feed_id: int,
    now: datetime,
    next_check_at: datetime,
    etag: str | None,
    last_modified: str | None,
    not_modified: bool,
    title: str | None = None,
    site_url: str | None = None,
    new_url: str | None = None,
) -> str | None:
    """Mark a fetch as successful; follow a permanent redirect. Returns a note when the feed
    could not move because its new address is already another source (it is then switched off)."""
    values: dict = {
        "last_status": "not_modified" if not_modified else "ok",
        "last_error": None,
        "last_error_kind": None,
        "error_count": 0,
        "last_checked_at": now,
        "last_success_at": now,
        "next_check_at": next_check_at,
    }
    if not not_modified:
        values["etag"] = etag[:500] if etag else None
        values["last_modified"] = last_modified[:100] if last_modified else None
    if site_url:
        values["site_url"] = site_url[:2000]
    note = None
    if new_url:
        taken = session.exec(select(Feed.id).where(Feed.url == new_url, Feed.id != feed_id)).first()
        if taken is None:
            values["url"] = new_url
        else:
            note = (
                f"This source moved to {new_url}, which is already in the list; this copy was switched off."
            )
            values.update(active=False, deactivated_reason=note)
    if title:  # the feed's own title, unless someone named the source
        values["title"] = sa.case((Feed.title == "", title[:500]), else_=Feed.title)
    session.connection().execute(sa.update(Feed).where(Feed.id == feed_id).values(**values))
    return note


def record_failure(
    session: Session,
    *,
    feed_id: int,
    now: datetime,
    error: FeedError,
    next_check_at: datetime,
    deactivate: bool,
) -> None:
    """Store a failed fetch: the reason, one more consecutive error, and when to try again
    (or switch the source off, for HTTP 410 Gone)."""
    reason = stored(error.args[0] if error.args else str(error))[:1000]  # its key kept: shown in any language
    values: dict = {
        "last_status": "error",
        "last_error": reason,
        "last_error_kind": error.kind,
        "error_count": Feed.error_count + 1,
        "last_checked_at": now,
        "next_check_at": next_check_at,
    }
    if deactivate:
        values.update(active=False, deactivated_reason=reason)
    session.connection().execute(sa.update(Feed).where(Feed.id == feed_id).values(**values))


def prune_old_items(session: Session, *, before: datetime) -> int:
    """Delete items published before ``before`` that nobody bookmarked; return how many."""
    result = session.connection().execute(
        sa.delete(NewsItem).where(
            NewsItem.published_at < before,
            ~sa.exists().where(
                NewsReadState.item_id == NewsItem.id, col(NewsReadState.bookmarked_at).is_not(None)
            ),
        )
    )
    return result.rowcount or 0


# --- topic rules ----------------------------------------------------------------------------------


def load_topic_rules(session: Session) -> list[TopicRule]:
    """The topic rules in force: the administrators' copy in the database, else data/topics.toml."""
    rows = session.exec(select(NewsTopic).order_by(NewsTopic.position, NewsTopic.slug)).all()
    if not rows:
        return load_rules_file()
    return [
        TopicRule(r.slug, r.name_en, r.name_zh, tuple(k for k in r.keywords.splitlines() if k.strip()))
        for r in rows
    ]


def save_topic_rules(session: Session, rules: Iterable[TopicRule]) -> int:
    """Replace the topic rules and re-tag every stored item with them; return the items tagged."""
    valid = validate_rules(rules)
    session.connection().execute(sa.delete(NewsTopic))
    for position, rule in enumerate(valid):
        session.add(
            NewsTopic(
                slug=rule.slug,
                name_en=rule.name_en,
                name_zh=rule.name_zh,
                keywords="\n".join(rule.keywords),
                position=position,
            )
        )
    session.flush()
    return retag_items(session, TopicMatcher(valid))


def retag_items(session: Session, matcher: TopicMatcher) -> int:
    """Tag every stored item again (after the rules changed)."""
    conn = session.connection()
    conn.execute(sa.delete(NewsItemTopic))
    rows = conn.execute(sa.select(NewsItem.id, NewsItem.title, NewsItem.summary_html)).all()
    topic_rows = [
        {"item_id": item_id, "topic": slug}
        for item_id, title, summary in rows
        for slug in matcher.tag(title, sanitized_text(summary))
    ]
    for chunk in _chunks(topic_rows):
        conn.execute(sa.insert(NewsItemTopic), chunk)
    return len(rows)


# --- helpers --------------------------------------------------------------------------------------


def _item_ids(conn: sa.Connection, story_keys: Iterable[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(list(story_keys)):
        rows = conn.execute(
            sa.select(NewsItem.story_key, NewsItem.id).where(col(NewsItem.story_key).in_(chunk))
        )
        ids.update((key, item_id) for key, item_id in rows)
    return ids


def _insert_items(conn: sa.Connection, rows: list[dict]) -> dict[str, int]:
    """Insert news items, skipping stories that exist already; story key -> id of those inserted."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    created: dict[str, int] = {}
    for chunk in _chunks(rows):
        statement = (
            dialect.insert(NewsItem).on_conflict_do_nothing().returning(NewsItem.story_key, NewsItem.id)
        )
        created.update((key, item_id) for key, item_id in conn.execute(statement, chunk))
    return created


def _insert_ignoring_duplicates(conn: sa.Connection, model: type, rows: list[dict]) -> None:
    """Insert rows, skipping any that hit a unique key: another refresh process may have
    stored the same story a moment earlier."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    for chunk in _chunks(rows):
        conn.execute(dialect.insert(model).on_conflict_do_nothing(), chunk)


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
