"""Norm packs (owned by the norms engine).

Revision ID: 0002_norms
Revises: 0001_core
"""

revision = "0002_norms"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
