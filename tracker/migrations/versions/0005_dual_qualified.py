"""Dual-qualified (双师型) recognition (issue 12): people's title rank and industry years, certificate type and
level, outputs (reviewed like activities, with evidence), committee decisions, and recognition packs.

Existing certificates keep their free-text level only where it names a level (初级/中级/高级, 五级…一级,
junior/intermediate/senior; see the README's mapping); the rest become type ``other`` without a level. A name
saying 职业技能等级 (1+X) or 职业资格 sets the type when a level was found.

Revision ID: 0005_dual_qualified
Revises: 0004_training_base
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005_dual_qualified"
down_revision = "0004_training_base"
branch_labels = None
depends_on = None

_TITLE_RANKS = "('none', 'junior', 'intermediate', 'associate_senior', 'senior')"
_TYPES = "('vocational_qualification', 'skill_level', 'professional_title', 'other')"
_LEVELS = "('junior', 'intermediate', 'senior')"
_OUTPUT_KINDS = (
    "('research_report', 'teaching_case', 'course_development', 'technical_service', 'patent', "
    "'competition_award')"
)
_STATUSES = "('draft', 'submitted', 'verified', 'rejected')"
# free text -> level, first match wins (高级 before 中级 before 初级; 技师 grades are senior)
_LEVEL_WORDS = (
    ("senior", ("高级", "一级", "二级", "三级", "技师", "senior")),
    ("intermediate", ("中级", "四级", "intermediate")),
    ("junior", ("初级", "五级", "junior")),
)


def _level_of(text: str | None) -> str | None:
    lowered = (text or "").lower()
    for level, words in _LEVEL_WORDS:
        if any(w in lowered for w in words):
            return level
    return None


def _type_of(name: str, level: str | None) -> str:
    if level is None:
        return "other"
    if "职业技能等级" in name or "1+x" in name.lower():
        return "skill_level"
    if "职业资格" in name:
        return "vocational_qualification"
    return "other"


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "title_rank",
                sqlmodel.sql.sqltypes.AutoString(length=24),
                nullable=False,
                server_default="none",
            )
        )
        batch_op.add_column(sa.Column("industry_years", sa.Float(), nullable=False, server_default="0"))
        batch_op.create_check_constraint(op.f("ck_person_title_rank"), f"title_rank IN {_TITLE_RANKS}")
        batch_op.create_check_constraint(op.f("ck_person_industry_years"), "industry_years >= 0")

    conn = op.get_bind()
    old = conn.execute(sa.text("SELECT id, name, level FROM certification WHERE level IS NOT NULL")).fetchall()
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default="other"
            )
        )
        batch_op.add_column(sa.Column("new_level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    for cert_id, name, text in old:
        level = _level_of(text)
        conn.execute(
            sa.text("UPDATE certification SET new_level = :level, type = :type WHERE id = :id"),
            {"level": level, "type": _type_of(name, level), "id": cert_id},
        )
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.drop_column("level")
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.alter_column("new_level", new_column_name="level")
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_certification_type"), f"type IN {_TYPES}")
        batch_op.create_check_constraint(
            op.f("ck_certification_level"), f"level IS NULL OR level IN {_LEVELS}"
        )
        batch_op.create_check_constraint(
            op.f("ck_certification_level_given"), "level IS NOT NULL OR type = 'other'"
        )

    op.create_table(
        "output",
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("dated_on", sa.Date(), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("review_note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"kind IN {_OUTPUT_KINDS}", name=op.f("ck_output_kind")),
        sa.CheckConstraint(f"status IN {_STATUSES}", name=op.f("ck_output_status")),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_output_activity_id_activity"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_output_person_id_person")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["person.id"], name=op.f("fk_output_reviewer_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_output")),
    )
    with op.batch_alter_table("output", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_output_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index("ix_output_person_id_dated_on", ["person_id", "dated_on"], unique=False)
        batch_op.create_index("ix_output_status", ["status"], unique=False)

    op.create_table(
        "recognition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint(f"level IN {_LEVELS}", name=op.f("ck_recognition_level")),
        sa.CheckConstraint("valid_until >= decided_on", name=op.f("ck_recognition_dates")),
        sa.ForeignKeyConstraint(["decided_by"], ["person.id"], name=op.f("fk_recognition_decided_by_person")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_recognition_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition")),
    )
    with op.batch_alter_table("recognition", schema=None) as batch_op:
        batch_op.create_index("ix_recognition_person_id_decided_on", ["person_id", "decided_on"], unique=False)

    op.create_table(
        "recognition_pack",
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
            "layer IN ('national', 'provincial', 'institutional')", name=op.f("ck_recognition_pack_layer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recognition_pack")),
        sa.UniqueConstraint("name", "effective_from", name=op.f("uq_recognition_pack_name_effective_from")),
    )

    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("output_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_evidence_output_id_output"), "output", ["output_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_index(batch_op.f("ix_evidence_output_id"), ["output_id"], unique=False)
        batch_op.drop_constraint(op.f("ck_evidence_one_owner"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_evidence_one_owner"),
            "(CASE WHEN activity_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN certification_id IS NULL THEN 0 "
            "ELSE 1 END) + (CASE WHEN output_id IS NULL THEN 0 ELSE 1 END) = 1",
        )


def downgrade() -> None:
    op.execute("DELETE FROM evidence WHERE output_id IS NOT NULL")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_evidence_one_owner"), type_="check")
        batch_op.drop_index(batch_op.f("ix_evidence_output_id"))
        batch_op.drop_constraint(batch_op.f("fk_evidence_output_id_output"), type_="foreignkey")
        batch_op.drop_column("output_id")
        batch_op.create_check_constraint(
            op.f("ck_evidence_one_owner"), "(activity_id IS NULL) <> (certification_id IS NULL)"
        )
    op.drop_table("recognition_pack")
    op.drop_table("recognition")
    op.drop_table("output")
    with op.batch_alter_table("certification", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_certification_level_given"), type_="check")
        batch_op.drop_constraint(op.f("ck_certification_level"), type_="check")
        batch_op.drop_constraint(op.f("ck_certification_type"), type_="check")
        batch_op.drop_column("type")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_person_industry_years"), type_="check")
        batch_op.drop_constraint(op.f("ck_person_title_rank"), type_="check")
        batch_op.drop_column("industry_years")
        batch_op.drop_column("title_rank")
