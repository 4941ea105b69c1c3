"""What the News page (and `tracker news list`) calls: queries and per-person actions.

Permissions are checked here, not in the page: everyone reads news and keeps their own read marks
and bookmarks; heads recommend items to their own department only; admins recommend anywhere and
manage sources and topic rules. Results are frozen dataclasses, safe to cache and to hand across a
session boundary.
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
from tracker.auth import Actor
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import Department, Person, Role, utcnow

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


def list_news(session: Session, *, viewer: Actor | None, query: NewsQuery = NewsQuery()) -> list[NewsRow]:
    """Items newest first, filtered by ``query``; with a viewer, their read/bookmark state and the
    recommendations made to their department. ``viewer`` None is the command line (no personal state)."""
    if (query.unread_only or query.bookmarked_only) and viewer is None:
        raise InvalidInput("unread and bookmarked filters need a signed-in person", field="filter")
    limit = max(1, min(query.limit, MAX_PAGE))
    stmt = select(NewsItem.id).order_by(col(NewsItem.published_at).desc(), col(NewsItem.id).desc())
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
    ids = list(session.exec(stmt.limit(limit).offset(max(0, query.offset))))
    return _rows(session, ids, viewer)


def recommended_for(session: Session, *, viewer: Actor, limit: int = 10) -> list[NewsRow]:
    """Items recommended to the viewer's department, newest recommendation first (shown on top)."""
    if viewer.department_id is None:
        return []
    ids = list(
        session.exec(
            select(NewsRecommendation.item_id)
            .where(NewsRecommendation.department_id == viewer.department_id)
            .order_by(col(NewsRecommendation.created_at).desc())
            .limit(limit)
        )
    )
    return _rows(session, ids, viewer)


def topic_rules(session: Session) -> list[TopicRule]:
    """The topic rules in force (for the topic filter and chips)."""
    return load_topic_rules(session)


def source_choices(session: Session) -> list[NewsSource]:
    """Active sources that have brought at least one item, by title (for the source filter)."""
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


def health_summary(session: Session) -> HealthSummary:
    """Counts of active sources by their last status, and when any was last checked."""
    rows = session.exec(select(Feed.last_status, Feed.last_checked_at).where(Feed.active == sa.true())).all()
    checked = [at for _status, at in rows if at is not None]
    return HealthSummary(
        active=len(rows),
        ok=sum(1 for status, _ in rows if status in ("ok", "not_modified")),
        failing=sum(1 for status, _ in rows if status == "error"),
        never_checked=sum(1 for status, _ in rows if status is None),
        last_checked_at=max(checked) if checked else None,
    )


# --- personal state -------------------------------------------------------------------------------


def mark_read(session: Session, *, viewer: Actor, item_id: int, read: bool = True) -> None:
    """Mark an item read (or unread again) for the viewer."""
    state = _state(session, viewer, item_id)
    state.read_at = utcnow() if read else None
    session.add(state)
    session.flush()


def set_bookmark(session: Session, *, viewer: Actor, item_id: int, bookmarked: bool) -> None:
    """Bookmark an item for the viewer (bookmarked items outlive the retention period), or unbookmark it."""
    state = _state(session, viewer, item_id)
    state.bookmarked_at = utcnow() if bookmarked else None
    session.add(state)
    session.flush()


def recommend(
    session: Session, *, viewer: Actor, item_id: int, department_id: int | None = None, note: str = ""
) -> None:
    """Recommend an item to a department with a note (again: the note is replaced).

    Heads recommend to their own department only (``department_id`` defaults to it); admins to any.

    Raises:
        PermissionDenied: a teacher, or a head naming another department.
        NotFound: no such item or department.
        InvalidInput: the note is too long.
    """
    department_id = department_id if department_id is not None else viewer.department_id
    if viewer.role == Role.head:
        if viewer.department_id is None or department_id != viewer.department_id:
            raise PermissionDenied("Heads of department can recommend news only to their own department.")
    elif viewer.role != Role.admin:
        raise PermissionDenied("Only heads of department can recommend news.")
    if department_id is None or session.get(Department, department_id) is None:
        raise NotFound("That department does not exist.")
    note = (note or "").strip()
    if len(note) > MAX_RECOMMENDATION_NOTE:
        raise InvalidInput(f"keep the note under {MAX_RECOMMENDATION_NOTE} characters", field="note")
    _require_item(session, item_id)
    existing = session.exec(
        select(NewsRecommendation).where(
            NewsRecommendation.item_id == item_id, NewsRecommendation.department_id == department_id
        )
    ).first()
    recommendation = existing or NewsRecommendation(item_id=item_id, department_id=department_id)
    recommendation.note = note
    recommendation.recommended_by = viewer.person_id
    recommendation.created_at = utcnow()
    session.add(recommendation)
    session.flush()


def withdraw_recommendation(
    session: Session, *, viewer: Actor, item_id: int, department_id: int | None = None
) -> None:
    """Take back a recommendation (same permissions as recommend)."""
    department_id = department_id if department_id is not None else viewer.department_id
    if viewer.role == Role.head and department_id != viewer.department_id:
        raise PermissionDenied(
            "Heads of department can change recommendations only for their own department."
        )
    if viewer.role not in (Role.head, Role.admin):
        raise PermissionDenied("Only heads of department can recommend news.")
    session.connection().execute(
        sa.delete(NewsRecommendation).where(
            NewsRecommendation.item_id == item_id, NewsRecommendation.department_id == department_id
        )
    )


# --- administration -------------------------------------------------------------------------------


def feed_health(session: Session, *, viewer: Actor) -> list[FeedHealth]:
    """Every source with its health and how many entries it brought (admins only)."""
    _require_admin(viewer)
    counts = dict(session.exec(select(FeedEntry.feed_id, sa.func.count()).group_by(FeedEntry.feed_id)).all())
    return [_health(feed, counts.get(feed.id, 0)) for feed in list_feeds(session)]


def add_source(
    session: Session, *, viewer: Actor, url: str, title: str | None = None, topic: str | None = None
) -> FeedHealth:
    """Add a news source (admins only); the next refresh fetches it."""
    _require_admin(viewer)
    return _health(add_feed(session, url=url, title=title, topic=topic))


def remove_source(session: Session, *, viewer: Actor, url: str) -> None:
    """Remove a news source and its unbookmarked items (admins only)."""
    _require_admin(viewer)
    remove_feed(session, url=url)


def import_opml(session: Session, *, viewer: Actor | None, data: bytes) -> tuple[int, int]:
    """Add every feed of an OPML file; return (added, already there). ``viewer`` None is the command line."""
    if viewer is not None:
        _require_admin(viewer)
    return add_sources(session, parse_opml(data))


def export_opml(session: Session, *, viewer: Actor | None) -> bytes:
    """Every active source as OPML grouped by topic. ``viewer`` None is the command line."""
    if viewer is not None:
        _require_admin(viewer)
    feeds = [f for f in list_feeds(session) if f.active]
    feeds.sort(key=lambda f: (f.topic or "", f.title or f.url))
    return build_opml(OpmlSource(f.url, f.title, f.topic, f.language, f.site_url) for f in feeds)


def save_topics(session: Session, *, viewer: Actor, rules: Sequence[TopicRule]) -> int:
    """Replace the topic rules and re-tag every item (admins only); return the items re-tagged."""
    _require_admin(viewer)
    return save_topic_rules(session, rules)


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
            )
        )
    return rows


def _state_exists(viewer: Actor, column) -> sa.ColumnElement[bool]:
    return sa.exists().where(
        NewsReadState.item_id == NewsItem.id,
        NewsReadState.person_id == viewer.person_id,
        col(column).is_not(None),
    )


def _state(session: Session, viewer: Actor, item_id: int) -> NewsReadState:
    _require_item(session, item_id)
    return session.get(NewsReadState, (viewer.person_id, item_id)) or NewsReadState(
        person_id=viewer.person_id, item_id=item_id
    )


def _require_item(session: Session, item_id: int) -> None:
    if session.get(NewsItem, item_id) is None:
        raise NotFound("That news item no longer exists (old news is removed after the retention period).")


def _require_admin(viewer: Actor) -> None:
    if viewer.role != Role.admin:
        raise PermissionDenied("Only administrators can manage news sources.")


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
        last_error=feed.last_error,
        last_error_kind=feed.last_error_kind,
        error_count=feed.error_count,
        last_checked_at=feed.last_checked_at,
        last_success_at=feed.last_success_at,
        next_check_at=feed.next_check_at,
        deactivated_reason=feed.deactivated_reason,
        entries=entries,
    )
