"""Sign-in sessions shared by a browser's tabs; failed sign-ins per account and per client address; the single
sign-on subject of a person (issues 9 and 11).

Revision ID: 0006_sessions
Revises: 0005_dual_qualified
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006_sessions"
down_revision = "0005_dual_qualified"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # failure counts live an hour: the old per-email rows are dropped, not converted
    op.drop_table("sign_in_failure")
    op.create_table(
        "sign_in_failure",
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key", name=op.f("pk_sign_in_failure")),
    )
    op.create_index("ix_sign_in_failure_last_failure_at", "sign_in_failure", ["last_failure_at"], unique=False)

    op.create_table(
        "sign_in_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("handoff_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("handoff_expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("ended_reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_sign_in_session_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_sign_in_session_token_hash")),
        sa.UniqueConstraint("handoff_hash", name=op.f("uq_sign_in_session_handoff_hash")),
    )
    op.create_index("ix_sign_in_session_person_id", "sign_in_session", ["person_id"], unique=False)

    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("sso_subject", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
        batch.create_unique_constraint(op.f("uq_person_sso_subject"), ["sso_subject"])


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(op.f("uq_person_sso_subject"), type_="unique")
        batch.drop_column("sso_subject")
    op.drop_index("ix_sign_in_session_person_id", table_name="sign_in_session")
    op.drop_table("sign_in_session")
    op.drop_index("ix_sign_in_failure_last_failure_at", table_name="sign_in_failure")
    op.drop_table("sign_in_failure")
    op.create_table(
        "sign_in_failure",
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("email", name=op.f("pk_sign_in_failure")),
    )
