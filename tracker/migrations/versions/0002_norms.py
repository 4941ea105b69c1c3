"""Norm packs and materialised daily practice hours (owned by the norms engine).

Revision ID: 0002_norms
Revises: 0001_core
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002_norms"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "norm_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("layer", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("title_zh", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("checksum", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("loaded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "layer IN ('national', 'provincial', 'institutional')", name=op.f("ck_norm_pack_layer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_norm_pack")),
        sa.UniqueConstraint("name", "effective_from", name=op.f("uq_norm_pack_name_effective_from")),
    )
    op.create_table(
        "practice_series",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("series", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("days", sa.LargeBinary(), nullable=False),
        sa.Column("counted", sa.LargeBinary(), nullable=False),
        sa.Column("pending_days", sa.LargeBinary(), nullable=False),
        sa.Column("pending", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_practice_series_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("person_id", "series", name=op.f("pk_practice_series")),
    )


def downgrade() -> None:
    op.drop_table("practice_series")
    op.drop_table("norm_pack")
