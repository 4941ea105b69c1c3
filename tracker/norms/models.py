"""The norm-pack table: every version of every pack ever loaded, with the TOML it came from.

A pack version is (name, effective_from). Loading a later version adds a row; the old row stays, so
evaluations as of earlier dates keep their numbers (issue 3). The norms themselves are re-read from
``source_text``, which keeps the file, its comments and its citations exactly as the admin loaded them.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tracker.models import utcnow


def _pack_table_args() -> tuple:
    # fresh constraint objects for each table (SQLAlchemy binds a constraint to one table)
    return (
        sa.UniqueConstraint("name", "effective_from"),
        sa.CheckConstraint("layer IN ('national', 'provincial', 'institutional')", name="layer"),
    )


class PackVersion(SQLModel):
    """What every loaded pack version keeps: its identity, the TOML it came from and whether it counts."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    layer: str = Field(max_length=16)
    title: str = Field(max_length=200)
    title_zh: str = Field(default="", max_length=200)
    citation: str = Field(default="", sa_type=sa.Text, nullable=False)
    effective_from: date
    source_text: str = Field(sa_type=sa.Text, nullable=False)
    checksum: str = Field(max_length=64)
    active: bool = True
    loaded_at: datetime = Field(default_factory=utcnow)


class NormPack(PackVersion, table=True):
    __tablename__ = "norm_pack"
    __table_args__ = _pack_table_args()


class RecognitionPack(PackVersion, table=True):
    """Dual-qualified (双师型) level rules, versioned and layered exactly like norm packs (issue 12)."""

    __tablename__ = "recognition_pack"
    __table_args__ = _pack_table_args()


class PracticeSeries(SQLModel, table=True):
    """Each teacher's effective practice hours per day, materialised at write time (issue 3, "Speed").

    One row per teacher and series (the kinds a norm counts plus its daily cap, e.g.
    ``post_practice,rnd_project,training,visit|8``). Only days with hours are stored, as little-endian
    arrays: ``days`` (int32 proleptic ordinals) with ``counted`` (verified hours after the daily cap), and
    ``pending_days`` with ``pending`` (submitted hours, spread, not capped), both int64 nano-hours. Reading
    5,000 of these rows is much cheaper than reading and spreading a million activity rows per evaluation.
    """

    __tablename__ = "practice_series"
    person_id: int = Field(
        sa_column=sa.Column(sa.ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    )
    series: str = Field(primary_key=True, max_length=200)
    days: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    counted: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    pending_days: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    pending: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
