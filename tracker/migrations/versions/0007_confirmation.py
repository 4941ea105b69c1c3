"""Placement plans, journal entries, enterprise confirmation links and confirmations (issue 13).

Revision ID: 0007_confirmation
Revises: 0006_sessions
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_confirmation"
down_revision = "0006_sessions"
branch_labels = None
depends_on = None

_KINDS = "kind IN ('visit', 'training', 'post_practice', 'rnd_project', 'training_base', 'other')"


def upgrade() -> None:
    op.create_table(
        "placement_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("post", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("tasks", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("planned_days", sa.Integer(), nullable=False),
        sa.Column("release", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("mentor_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("mentor_title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("mentor_email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("mentor_phone", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("review_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(_KINDS, name=op.f("ck_placement_plan_kind")),
        sa.CheckConstraint(
            "status IN ('proposed', 'approved', 'returned', 'closed')", name=op.f("ck_placement_plan_status")
        ),
        sa.CheckConstraint("release IN ('full_time', 'part_time')", name=op.f("ck_placement_plan_release")),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_placement_plan_dates")),
        sa.CheckConstraint("planned_days > 0", name=op.f("ck_placement_plan_planned_days")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_placement_plan_activity_id_activity"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"], ["enterprise.id"], name=op.f("fk_placement_plan_enterprise_id_enterprise")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_placement_plan_person_id_person")),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["person.id"], name=op.f("fk_placement_plan_reviewer_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_plan")),
        sa.UniqueConstraint("activity_id", name=op.f("uq_placement_plan_activity_id")),
    )
    op.create_index(
        "ix_placement_plan_enterprise_id", "placement_plan", ["enterprise_id"], unique=False
    )
    op.create_index(
        "ix_placement_plan_person_id_start_date", "placement_plan", ["person_id", "start_date"], unique=False
    )

    op.create_table(
        "journal_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("content", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("hours > 0 AND hours <= 24", name=op.f("ck_journal_entry_hours")),
        sa.ForeignKeyConstraint(
            ["evidence_id"], ["evidence.id"], name=op.f("fk_journal_entry_evidence_id_evidence"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["placement_plan.id"], name=op.f("fk_journal_entry_plan_id_placement_plan"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journal_entry")),
    )
    op.create_index("ix_journal_entry_plan_id", "journal_entry", ["plan_id"], unique=False)

    op.create_table(
        "confirmation_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("nonce_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_to", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_confirmation_link_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["person.id"], name=op.f("fk_confirmation_link_created_by_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_confirmation_link")),
        sa.UniqueConstraint("nonce_hash", name=op.f("uq_confirmation_link_nonce_hash")),
    )
    op.create_index("ix_confirmation_link_activity_id", "confirmation_link", ["activity_id"], unique=False)

    op.create_table(
        "practice_confirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_days", sa.Integer(), nullable=False),
        sa.Column("confirmed_hours", sa.Float(), nullable=False),
        sa.Column("rating", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("confirmed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("scan_evidence_id", sa.Integer(), nullable=True),
        sa.Column("client_address", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "rating IN ('excellent', 'good', 'pass', 'fail')", name=op.f("ck_practice_confirmation_rating")
        ),
        sa.CheckConstraint("confirmed_hours >= 0", name=op.f("ck_practice_confirmation_hours")),
        sa.CheckConstraint("confirmed_days >= 0", name=op.f("ck_practice_confirmation_days")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_practice_confirmation_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["link_id"], ["confirmation_link.id"],
            name=op.f("fk_practice_confirmation_link_id_confirmation_link"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["scan_evidence_id"], ["evidence.id"],
            name=op.f("fk_practice_confirmation_scan_evidence_id_evidence"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_confirmation")),
        sa.UniqueConstraint("activity_id", name=op.f("uq_practice_confirmation_activity_id")),
    )


def downgrade() -> None:
    op.drop_table("practice_confirmation")
    op.drop_index("ix_confirmation_link_activity_id", table_name="confirmation_link")
    op.drop_table("confirmation_link")
    op.drop_index("ix_journal_entry_plan_id", table_name="journal_entry")
    op.drop_table("journal_entry")
    op.drop_index("ix_placement_plan_person_id_start_date", table_name="placement_plan")
    op.drop_index("ix_placement_plan_enterprise_id", table_name="placement_plan")
    op.drop_table("placement_plan")
