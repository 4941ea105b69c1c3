"""Review integrity (issue 9): a version counter on activities, certificates and outputs (a decision names the version
the reviewer saw), no record reviewed by its owner, and a stored preview of each evidence file.

Revision ID: 0008_review_integrity
Revises: 0007_confirmation
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_review_integrity"
down_revision = "0007_confirmation"
branch_labels = None
depends_on = None

_TABLES = ("activity", "certification", "output")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_not_self_reviewed"), "reviewer_id IS NULL OR reviewer_id <> person_id"
            )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("preview", sa.LargeBinary(), nullable=True))
    _previews_for_stored_files()


def _previews_for_stored_files() -> None:
    """Make the preview of every file stored before this revision, one file at a time (never all in memory).

    A file no preview can be made of (too many pixels, unreadable) keeps none; pages then offer the download.
    """
    from tracker.previews import make_preview

    conn = op.get_bind()
    evidence = sa.table(
        "evidence", sa.column("id", sa.Integer), sa.column("content", sa.LargeBinary),
        sa.column("media_type", sa.String), sa.column("preview", sa.LargeBinary),
    )
    ids = conn.execute(sa.select(evidence.c.id).order_by(evidence.c.id)).scalars().all()
    for evidence_id in ids:
        row = conn.execute(
            sa.select(evidence.c.content, evidence.c.media_type).where(evidence.c.id == evidence_id)
        ).one()
        preview = make_preview(bytes(row.content), row.media_type)
        if preview is not None:
            conn.execute(evidence.update().where(evidence.c.id == evidence_id).values(preview=preview))


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_column("preview")
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_not_self_reviewed"), type_="check")
            batch_op.drop_column("version")
