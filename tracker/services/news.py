"""The news use cases: what the News pages and `tracker news`/`tracker feeds` call.

Like every service: the actor first, permission checked in ``permissions``, one unit of work per call, an
audit event for each change to the sources. Everyone reads news and keeps their own read marks and
bookmarks; heads recommend items to their own department only; admins recommend anywhere and manage
sources and topic rules. The command line acts as ``Actor.system()`` (no personal state). Results are
frozen dataclasses, safe to cache and to hand across a session boundary.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from sqlmodel import Session, col, select

from feeds.models import Feed, FeedEntry, NewsItem, NewsItemTopic, NewsReadState, NewsRecommendation
from feeds.opml import OpmlSource, build_opml, parse_opml
from feeds.store import add_feed, add_sources, list_feeds, load_topic_rules, remove_feed, save_topic_rules
from feeds.topics import TopicRule
from tracker import audit
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.demo import SAMPLE_STORY_PREFIX
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import Text, from_stored
from tracker.models import Department, Person, utcnow
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services._records import audit_by

MAX_RECOMMENDATION_NOTE = 2000
MAX_PAGE = 200


@dataclass(frozen=True, slots=True)
class NewsSource:
    """A feed that carries an item (or can be filtered on)."""

    feed_id: int
    title: str
    url: str
    link: str | None = None  # the item's link as this feed gave it


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A head's recommendation of an item to a department."""

    department_id: int
    department: str
    note: str
    by: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class NewsRow:
    """One item as the page shows it; ``read``/``bookmarked`` are the viewer's own."""

    id: int
    title: str
    link: str | None
    summary_html: str
    published: datetime
    topics: tuple[str, ...] = ()
    sources: tuple[NewsSource, ...] = ()
    read: bool = False
    bookmarked: bool = False
    recommendations: tuple[Recommendation, ...] = ()
    sample: bool = False  # one of the demo college's sample items, not real news


@dataclass(frozen=True, slots=True)
class NewsQuery:
    """Filters for list_news. ``since`` is a date (from its start, UTC)."""

    topic: str | None = None
    search: str | None = None
    since: date | None = None
    feed_id: int | None = None
    unread_only: bool = False
    bookmarked_only: bool = False
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True, slots=True)
class FeedHealth:
    """A source and how its last checks went (the admin's health table)."""

    id: int
    url: str
    title: str
    topic: str | None
    active: bool
    curated: bool
    last_status: str | None
    last_error: str | None
    last_error_kind: str | None
    error_count: int
    last_checked_at: datetime | None
    last_success_at: datetime | None
    next_check_at: datetime | None
    deactivated_reason: str | None
    entries: int = 0


# --- reading --------------------------------------------------------------------------------------


@acting
def list_news(actor: Actor, *, query: NewsQuery = NewsQuery()) -> list[NewsRow]:
    """Items newest first, filtered by ``query``, with the actor's read/bookmark state and the
    recommendations made to their department (the system actor has no personal state).

    At most ``MAX_PAGE`` items a call; page on with ``query.offset`` (``count_news`` says how many match).
    """
    viewer = _viewer(actor, query)
    limit = max(1, min(query.limit, MAX_PAGE))
    stmt = _matching(select(NewsItem.id), query, viewer).order_by(
        col(NewsItem.published_at).desc(), col(NewsItem.id).desc()
    )
    with session_scope(read_only=True) as session:
        ids = list(session.exec(stmt.limit(limit).offset(max(0, query.offset))))
        return _rows(session, ids, viewer)


@acting
def count_news(actor: Actor, *, query: NewsQuery = NewsQuery()) -> int:
    """How many items match ``query`` (its limit and offset aside): the total that list_news pages through."""
    viewer = _viewer(actor, query)
    stmt = _matching(select(sa.func.count()).select_from(NewsItem), query, viewer)
    with session_scope(read_only=True) as session:
        return session.exec(stmt).one()


def _viewer(actor: Actor, query: NewsQuery) -> Actor | None:
    if (query.unread_only or query.bookmarked_only) and actor.is_system:
        raise InvalidInput(Text("problem.news_filter_needs_person"), field="filter")
    return None if actor.is_system else actor


def _matching(stmt, query: NewsQuery, viewer: Actor | None):
    """``stmt`` (over news_item) narrowed to the items ``query`` asks for."""
    if query.topic:
        stmt = stmt.where(
            sa.exists().where(NewsItemTopic.item_id == NewsItem.id, NewsItemTopic.topic == query.topic)
        )
    if query.feed_id is not None:
        stmt = stmt.where(
            sa.exists().where(FeedEntry.item_id == NewsItem.id, FeedEntry.feed_id == query.feed_id)
        )
    if query.search and query.search.strip():
        pattern = "%" + _escape_like(query.search.strip().lower()) + "%"
        stmt = stmt.where(
            sa.or_(
                sa.func.lower(NewsItem.title).like(pattern, escape="\\"),
                sa.func.lower(NewsItem.summary_html).like(pattern, escape="\\"),
            )
        )
    if query.since:
        stmt = stmt.where(NewsItem.published_at >= datetime.combine(query.since, time(0), UTC))
    if viewer is not None and query.unread_only:
        stmt = stmt.where(~_state_exists(viewer, NewsReadState.read_at))
    if viewer is not None and query.bookmarked_only:
        stmt = stmt.where(_state_exists(viewer, NewsReadState.bookmarked_at))
    return stmt


@acting
def recommended_for(actor: Actor, *, limit: int = 10) -> list[NewsRow]:
    """Items recommended to the actor's department, newest recommendation first (shown on top)."""
    if actor.department_id is None:
        return []
    with session_scope(read_only=True) as session:
        ids = list(
            session.exec(
                select(NewsRecommendation.item_id)
                .where(NewsRecommendation.department_id == actor.department_id)
                .order_by(col(NewsRecommendation.created_at).desc())
                .limit(limit)
            )
        )
        return _rows(session, ids, actor)


def topic_rules() -> list[TopicRule]:
    """The topic rules in force (for the topic filter and chips; shared reference data)."""
    with session_scope(read_only=True) as session:
        return load_topic_rules(session)


def source_choices() -> list[NewsSource]:
    """Active sources that have brought at least one item, by title (for the source filter)."""
    with session_scope(read_only=True) as session:
        rows = session.exec(
            select(Feed.id, Feed.title, Feed.url)
            .where(Feed.active == sa.true(), sa.exists().where(FeedEntry.feed_id == Feed.id))
            .order_by(Feed.title)
        ).all()
    return [NewsSource(feed_id, title or url, url) for feed_id, title, url in rows]


@dataclass(frozen=True, slots=True)
class HealthSummary:
    """How the sources did at their last check (shown to everyone, so an empty page explains itself)."""

    active: int
    ok: int
    failing: int
    never_checked: int
    last_checked_at: datetime | None
    next_check_at: datetime | None = None  # the soonest next check of an active source


def health_summary() -> HealthSummary:
    """Counts of active sources by their last status, and when any was last checked."""
    with session_scope(read_only=True) as session:
        rows = session.exec(
            select(Feed.last_status, Feed.last_checked_at, Feed.next_check_at).where(Feed.active == sa.true())
        ).all()
    checked = [at for _status, at, _next in rows if at is not None]
    upcoming = [at for _status, _at, at in rows if at is not None]
    return HealthSummary(
        active=len(rows),
        ok=sum(1 for status, _, _ in rows if status in ("ok", "not_modified")),
        failing=sum(1 for status, _, _ in rows if status == "error"),
        never_checked=sum(1 for status, _, _ in rows if status is None),
        last_checked_at=max(checked) if checked else None,
        next_check_at=min(upcoming) if upcoming else None,
    )


# --- personal state -------------------------------------------------------------------------------


@acting
def mark_read(actor: Actor, *, item_id: int, read: bool = True) -> None:
    """Mark an item read (or unread again) for the actor."""
    _set_state(actor, item_id, "read_at", read)


@acting
def set_bookmark(actor: Actor, *, item_id: int, bookmarked: bool) -> None:
    """Bookmark an item for the actor (bookmarked items outlive the retention period), or unbookmark it."""
    _set_state(actor, item_id, "bookmarked_at", bookmarked)


@acting
def recommend(actor: Actor, *, item_id: int, department_id: int | None = None, note: str = "") -> None:
    """Recommend an item to a department with a note (again: the note is replaced).

    Heads recommend to their own department only (``department_id`` defaults to it); admins to any.

    Raises:
        PermissionDenied: a teacher, or a head naming another department.
        NotFound: no such item or department.
        InvalidInput: the note is too long.
    """
    department_id = department_id if department_id is not None else actor.department_id
    permissions.require_recommend(actor, department_id)
    note = (note or "").strip()
    with session_scope() as session:
        if department_id is None or session.get(Department, department_id) is None:
            raise NotFound(Text("errors.news.no_department"))
        if len(note) > MAX_RECOMMENDATION_NOTE:
            raise InvalidInput(Text("problem.news_note_long", limit=MAX_RECOMMENDATION_NOTE), field="note")
        _require_item(session, item_id)
        existing = session.exec(
            select(NewsRecommendation).where(
                NewsRecommendation.item_id == item_id, NewsRecommendation.department_id == department_id
            )
        ).first()
        before = audit.snapshot(existing)
        recommendation = existing or NewsRecommendation(item_id=item_id, department_id=department_id)
        recommendation.note = note
        recommendation.recommended_by = actor.person_id
        recommendation.created_at = utcnow()
        session.add(recommendation)
        session.flush()
        # a head's note reaches a whole department: every write is audited (issue 9 item 10)
        audit_by(session, actor, "recommend", "news_recommendation", recommendation.id,
                 before=before, after=recommendation)


@acting
def withdraw_recommendation(actor: Actor, *, item_id: int, department_id: int | None = None) -> None:
    """Take back a recommendation (same permissions as recommend)."""
    department_id = department_id if department_id is not None else actor.department_id
    permissions.require_recommend(actor, department_id)
    with session_scope() as session:
        existing = session.exec(
            select(NewsRecommendation).where(
                NewsRecommendation.item_id == item_id, NewsRecommendation.department_id == department_id
            )
        ).first()
        if existing is None:
            return  # withdrawing twice is harmless
        audit_by(session, actor, "withdraw", "news_recommendation", existing.id, before=existing)
        session.delete(existing)


# --- administration -------------------------------------------------------------------------------


@acting
def feed_health(actor: Actor) -> list[FeedHealth]:
    """Every source with its health and how many entries it brought (admins only)."""
    permissions.require_news_admin(actor)
    with session_scope(read_only=True) as session:
        counts = dict(
            session.exec(select(FeedEntry.feed_id, sa.func.count()).group_by(FeedEntry.feed_id)).all()
        )
        return [_health(feed, counts.get(feed.id, 0)) for feed in list_feeds(session)]


@acting
def add_source(actor: Actor, *, url: str, title: str | None = None, topic: str | None = None) -> FeedHealth:
    """Add a news source (admins only); the next refresh fetches it."""
    permissions.require_news_admin(actor)
    with session_scope() as session:
        feed = add_feed(session, url=url, title=title, topic=topic)
        audit_by(session, actor, "create", "feed", feed.id, after=feed)
        return _health(feed)


@acting
def remove_source(actor: Actor, *, url: str) -> None:
    """Remove a news source and its unbookmarked items (admins only)."""
    permissions.require_news_admin(actor)
    with session_scope() as session:
        feed = session.exec(select(Feed).where(Feed.url == url)).first()
        before = feed.model_dump() if feed is not None else None
        remove_feed(session, url=url)
        audit_by(session, actor, "delete", "feed", before["id"] if before else None, before=before)


@acting
def import_opml(actor: Actor, *, data: bytes) -> tuple[int, int]:
    """Add every feed of an OPML file (admins and the command line); return (added, already there)."""
    permissions.require_news_admin(actor)
    sources = parse_opml(data)
    with session_scope() as session:
        added, existing = add_sources(session, sources)
        audit_by(session, actor, "import", "feed", None, after={"added": added, "existing": existing})
    return added, existing


@acting
def export_opml(actor: Actor) -> bytes:
    """Every active source as OPML grouped by topic (admins and the command line)."""
    permissions.require_news_admin(actor)
    with session_scope(read_only=True) as session:
        feeds = [f for f in list_feeds(session) if f.active]
    feeds.sort(key=lambda f: (f.topic or "", f.title or f.url))
    return build_opml(OpmlSource(f.url, f.title, f.topic, f.language, f.site_url) for f in feeds)


@acting
def save_topics(actor: Actor, *, rules: Sequence[TopicRule]) -> int:
    """Replace the topic rules and re-tag every item (admins only); return the items re-tagged."""
    permissions.require_news_admin(actor)
    with session_scope() as session:
        count = save_topic_rules(session, rules)
        audit_by(session, actor, "update", "topic_rules", None,
                 after={"rules": [rule.slug for rule in rules], "retagged": count})
    return count


# --- helpers --------------------------------------------------------------------------------------


def _rows(session: Session, ids: list[int], viewer: Actor | None) -> list[NewsRow]:
    if not ids:
        return []
    items = {i.id: i for i in session.exec(select(NewsItem).where(col(NewsItem.id).in_(ids)))}
    topics: dict[int, list[str]] = defaultdict(list)
    for item_id, topic in session.exec(
        select(NewsItemTopic.item_id, NewsItemTopic.topic).where(col(NewsItemTopic.item_id).in_(ids))
    ):
        topics[item_id].append(topic)
    sources: dict[int, list[NewsSource]] = defaultdict(list)
    for item_id, feed_id, title, url, link in session.exec(
        select(FeedEntry.item_id, Feed.id, Feed.title, Feed.url, FeedEntry.link)
        .join(Feed, Feed.id == FeedEntry.feed_id)
        .where(col(FeedEntry.item_id).in_(ids))
        .order_by(FeedEntry.id)
    ):
        sources[item_id].append(NewsSource(feed_id, title or url, url, link))
    states: dict[int, NewsReadState] = {}
    recommendations: dict[int, list[Recommendation]] = defaultdict(list)
    if viewer is not None:
        states = {
            s.item_id: s
            for s in session.exec(
                select(NewsReadState).where(
                    NewsReadState.person_id == viewer.person_id, col(NewsReadState.item_id).in_(ids)
                )
            )
        }
        if viewer.department_id is not None:
            for rec, department, by in session.exec(
                select(NewsRecommendation, Department.name, Person.name)
                .join(Department, Department.id == NewsRecommendation.department_id)
                .outerjoin(Person, Person.id == NewsRecommendation.recommended_by)
                .where(
                    col(NewsRecommendation.item_id).in_(ids),
                    NewsRecommendation.department_id == viewer.department_id,
                )
            ):
                recommendations[rec.item_id].append(
                    Recommendation(rec.department_id, department, rec.note, by, rec.created_at)
                )
    rows = []
    for item_id in ids:
        item = items.get(item_id)
        if item is None:
            continue
        state = states.get(item_id)
        rows.append(
            NewsRow(
                id=item_id,
                title=item.title,
                link=item.link,
                summary_html=item.summary_html,
                published=item.published_at,
                topics=tuple(sorted(topics[item_id])),
                sources=tuple(sources[item_id]),
                read=state is not None and state.read_at is not None,
                bookmarked=state is not None and state.bookmarked_at is not None,
                recommendations=tuple(recommendations[item_id]),
                sample=item.story_key.startswith(SAMPLE_STORY_PREFIX),
            )
        )
    return rows


def _state_exists(viewer: Actor, column) -> sa.ColumnElement[bool]:
    return sa.exists().where(
        NewsReadState.item_id == NewsItem.id,
        NewsReadState.person_id == viewer.person_id,
        col(column).is_not(None),
    )


def _set_state(actor: Actor, item_id: int, column: str, on: bool) -> None:
    """Set or clear one of the actor's marks on an item (now, or None)."""
    permissions.require_person(actor)
    with session_scope() as session:
        state = _state(session, actor, item_id)
        setattr(state, column, utcnow() if on else None)
        session.add(state)


def _state(session: Session, viewer: Actor, item_id: int) -> NewsReadState:
    _require_item(session, item_id)
    return session.get(NewsReadState, (viewer.person_id, item_id)) or NewsReadState(
        person_id=viewer.person_id, item_id=item_id
    )


def _require_item(session: Session, item_id: int) -> None:
    if session.get(NewsItem, item_id) is None:
        raise NotFound(Text("errors.news.item_gone"))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _health(feed: Feed, entries: int = 0) -> FeedHealth:
    return FeedHealth(
        id=feed.id,
        url=feed.url,
        title=feed.title or feed.url,
        topic=feed.topic,
        active=feed.active,
        curated=feed.curated,
        last_status=feed.last_status,
        last_error=from_stored(feed.last_error),  # Text again: the page shows it in the reader's language
        last_error_kind=feed.last_error_kind,
        error_count=feed.error_count,
        last_checked_at=feed.last_checked_at,
        last_success_at=feed.last_success_at,
        next_check_at=feed.next_check_at,
        deactivated_reason=from_stored(feed.deactivated_reason),
        entries=entries,
    )
