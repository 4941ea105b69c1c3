"""Activities may be training at a training base (实训基地实训), which the yearly norm counts (issue 12).

Revision ID: 0004_training_base
Revises: 0003_feeds
"""

from alembic import op

revision = "0004_training_base"
down_revision = "0003_feeds"
branch_labels = None
depends_on = None

_OLD = "kind IN ('visit', 'training', 'post_practice', 'rnd_project', 'other')"
_NEW = "kind IN ('visit', 'training', 'post_practice', 'rnd_project', 'training_base', 'other')"


def _replace_kind_check(condition: str) -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_activity_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_activity_kind"), condition)


def upgrade() -> None:
    _replace_kind_check(_NEW)


def downgrade() -> None:
    op.execute("DELETE FROM activity WHERE kind = 'training_base'")
    _replace_kind_check(_OLD)
