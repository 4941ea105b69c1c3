"""News feeds: sources, entries, news items with their topics, per-person state, recommendations.

Revision ID: 0003_feeds
Revises: 0002_norms
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_feeds"
down_revision = "0002_norms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("site_url", sa.String(length=2000), nullable=True),
        sa.Column("topic", sa.String(length=100), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("curated", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("deactivated_reason", sa.String(length=1000), nullable=True),
        sa.Column("interval_minutes", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=500), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("last_status", sa.String(length=16), nullable=True),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("last_error_kind", sa.String(length=32), nullable=True),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_check_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "last_status IS NULL OR last_status IN ('ok', 'not_modified', 'error')",
            name=op.f("ck_feed_last_status"),
        ),
        sa.CheckConstraint("interval_minutes > 0", name=op.f("ck_feed_interval")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed")),
        sa.UniqueConstraint("url", name=op.f("uq_feed_url")),
    )
    op.create_index("ix_feed_active_next_check_at", "feed", ["active", "next_check_at"], unique=False)

    op.create_table(
        "news_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_key", sa.String(length=600), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("summary_html", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news_item")),
        sa.UniqueConstraint("story_key", name=op.f("uq_news_item_story_key")),
    )
    op.create_index("ix_news_item_published_at", "news_item", ["published_at"], unique=False)

    op.create_table(
        "news_topic",
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("keywords", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_news_topic")),
    )

    op.create_table(
        "feed_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(length=600), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("link", sa.String(length=2000), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feed.id"], name=op.f("fk_feed_entry_feed_id_feed"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["news_item.id"], name=op.f("fk_feed_entry_item_id_news_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_entry")),
        sa.UniqueConstraint("feed_id", "entry_key", name=op.f("uq_feed_entry_feed_id_entry_key")),
    )
    op.create_index(op.f("ix_feed_entry_item_id"), "feed_entry", ["item_id"], unique=False)

    op.create_table(
        "news_item_topic",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["news_item.id"],
            name=op.f("fk_news_item_topic_item_id_news_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "topic", name=op.f("pk_news_item_topic")),
    )
    op.create_index("ix_news_item_topic_topic", "news_item_topic", ["topic"], unique=False)

    op.create_table(
        "news_read_state",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("bookmarked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["news_item.id"],
            name=op.f("fk_news_read_state_item_id_news_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_news_read_state_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", "item_id", name=op.f("pk_news_read_state")),
    )
    op.create_index("ix_news_read_state_item_id", "news_read_state", ["item_id"], unique=False)

    op.create_table(
        "news_recommendation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("recommended_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_news_recommendation_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["news_item.id"],
            name=op.f("fk_news_recommendation_item_id_news_item"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recommended_by"],
            ["person.id"],
            name=op.f("fk_news_recommendation_recommended_by_person"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_news_recommendation")),
        sa.UniqueConstraint(
            "item_id", "department_id", name=op.f("uq_news_recommendation_item_id_department_id")
        ),
    )
    op.create_index(
        op.f("ix_news_recommendation_department_id"), "news_recommendation", ["department_id"], unique=False
    )


def downgrade() -> None:
    for table in (
        "news_recommendation",
        "news_read_state",
        "news_item_topic",
        "feed_entry",
        "news_topic",
        "news_item",
        "feed",
    ):
        op.drop_table(table)
