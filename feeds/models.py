"""Tables of the news aggregator, on the shared SQLModel metadata (migration 0003_feeds).

A ``Feed`` is a source; each fetched ``FeedEntry`` belongs to one feed and points at a ``NewsItem``,
the story shown on the News page (several feeds carrying the same story share one item, which
thereby lists its sources). Per-person read/bookmark state and department recommendations hang
off the item.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models import utcnow

MAX_URL = 2000
MAX_KEY = 600
MAX_TITLE = 500


class FeedStatus:
    """Values of ``Feed.last_status`` (and of the CLI's per-feed ``status``)."""

    ok = "ok"
    not_modified = "not_modified"
    error = "error"


class Feed(SQLModel, table=True):
    """A news source and its health: last status and error, next check, back-off state."""

    __tablename__ = "feed"
    __table_args__ = (
        sa.CheckConstraint(
            "last_status IS NULL OR last_status IN ('ok', 'not_modified', 'error')", name="last_status"
        ),
        sa.CheckConstraint("interval_minutes > 0", name="interval"),
        sa.Index("ix_feed_active_next_check_at", "active", "next_check_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=MAX_URL, sa_column_kwargs={"unique": True})
    title: str = Field(default="", max_length=MAX_TITLE)
    site_url: str | None = Field(default=None, max_length=MAX_URL)
    topic: str | None = Field(default=None, max_length=100)  # the OPML group it came in
    language: str | None = Field(default=None, max_length=16)
    curated: bool = False
    active: bool = True
    deactivated_reason: str | None = Field(default=None, max_length=1000)
    interval_minutes: int = 60
    etag: str | None = Field(default=None, max_length=500)
    last_modified: str | None = Field(default=None, max_length=100)
    last_status: str | None = Field(default=None, max_length=16)
    last_error: str | None = Field(default=None, max_length=1000)
    last_error_kind: str | None = Field(default=None, max_length=32)
    error_count: int = 0
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    next_check_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class NewsItem(SQLModel, table=True):
    """One story, however many feeds carry it. ``story_key`` is its cross-feed identity."""

    __tablename__ = "news_item"
    __table_args__ = (sa.Index("ix_news_item_published_at", "published_at"),)
    id: int | None = Field(default=None, primary_key=True)
    story_key: str = Field(max_length=MAX_KEY, sa_column_kwargs={"unique": True})
    title: str = Field(max_length=MAX_TITLE)
    link: str | None = Field(default=None, max_length=MAX_URL)
    summary_html: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))
    # when the publisher dated it, else when it was first seen, so sorting never meets NULL
    published_at: datetime
    first_seen_at: datetime = Field(default_factory=utcnow)


class NewsItemTopic(SQLModel, table=True):
    """The topics an item was tagged with."""

    __tablename__ = "news_item_topic"
    __table_args__ = (sa.Index("ix_news_item_topic_topic", "topic"),)
    item_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True)
    )
    topic: str = Field(primary_key=True, max_length=40)


class FeedEntry(SQLModel, table=True):
    """An entry as one feed published it; ``entry_key`` is its identity within the feed."""

    __tablename__ = "feed_entry"
    __table_args__ = (sa.UniqueConstraint("feed_id", "entry_key"),)
    id: int | None = Field(default=None, primary_key=True)
    feed_id: int = Field(sa_column=sa.Column(sa.ForeignKey("feed.id", ondelete="CASCADE"), nullable=False))
    entry_key: str = Field(max_length=MAX_KEY)
    item_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("news_item.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    link: str | None = Field(default=None, max_length=MAX_URL)
    seen_at: datetime = Field(default_factory=utcnow)


class NewsTopic(SQLModel, table=True):
    """A topic rule as edited by an administrator (seeded from data/topics.toml)."""

    __tablename__ = "news_topic"
    slug: str = Field(primary_key=True, max_length=40)
    name_en: str = Field(max_length=100)
    name_zh: str = Field(max_length=100)
    keywords: str = Field(default="", sa_column=sa.Column(sa.Text, nullable=False))  # one per line
    position: int = 0


class NewsReadState(SQLModel, table=True):
    """One person's read mark and bookmark on one item."""

    __tablename__ = "news_read_state"
    __table_args__ = (sa.Index("ix_news_read_state_item_id", "item_id"),)
    person_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    )
    item_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("news_item.id", ondelete="CASCADE"), primary_key=True)
    )
    read_at: datetime | None = None
    bookmarked_at: datetime | None = None


class NewsRecommendation(SQLModel, table=True):
    """A head's recommendation of an item to a department, with a note; shown on top for its members."""

    __tablename__ = "news_recommendation"
    __table_args__ = (sa.UniqueConstraint("item_id", "department_id"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("news_item.id", ondelete="CASCADE"), nullable=False)
    )
    department_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("department.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    recommended_by: int | None = Field(
        default=None, sa_column=sa.Column(sa.ForeignKey("person.id", ondelete="SET NULL"), nullable=True)
    )
    note: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)
