"""Dual-qualified levels from the database (issue 12): recognition packs stored and versioned like norm packs,
and the bulk query that loads plain data for a date and hands it to the pure evaluator in ``levels``.

The bulk path reads what ``tracker compliance`` reads — the materialised daily practice series (one row per
teacher) — plus the teachers, their valid verified certificates, their verified outputs in the window and the
committee's decisions: a few small queries whatever the number of activities.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from tracker import audit
from tracker.auth import Actor
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import Text
from tracker.models import Activity, Certification, Department, Output, Person, Recognition, Status
from tracker.norms.levels import (
    DISPLAY_SERIES,
    LEVELS,
    NONE,
    Certificates,
    LevelRow,
    Outputs,
    Profile,
    RecognitionPackDefinition,
    Standard,
    evaluate_levels,
    layer_recognition,
    parse_recognition_pack,
)
from tracker.norms.models import RecognitionPack
from tracker.norms.packs import COUNTING_KINDS, PRACTICE_BEFORE_POST_SINCE, years_before
from tracker.norms.practice import daily_hours
from tracker.norms.roster import employed_on, scoped_to
from tracker.settings import DATA_DIR
from tracker.validation import problem

DEFAULT_RECOGNITION_PACKS = (DATA_DIR / "norms" / "dual_qualified.toml",)


# --- packs --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _parsed(text: str) -> RecognitionPackDefinition:
    return parse_recognition_pack(text)


def load_recognition_pack(session: Session, path_or_text: str | Path, *, actor: Actor | None = None) -> int:
    """Store a recognition pack version (loading the same file again changes nothing); returns its id.

    Raises:
        InvalidInput: a bad file, or another file under the same name and effective_from.
        NotFound: no such file.
    """
    if isinstance(path_or_text, Path):
        try:
            text = path_or_text.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise NotFound(Text("errors.file.no_such", path=str(path_or_text))) from None
    else:
        text = path_or_text
    pack = parse_recognition_pack(text)
    held = session.exec(
        select(RecognitionPack).where(
            RecognitionPack.name == pack.name, RecognitionPack.effective_from == pack.effective_from
        )
    ).first()
    if held is not None:
        if held.checksum == pack.checksum:
            return held.id
        raise InvalidInput(problem("recognition_pack_loaded", "pack", name=pack.name, date=pack.effective_from))
    row = RecognitionPack(
        name=pack.name,
        layer=pack.layer,
        title=pack.title,
        title_zh=pack.title_zh,
        citation=pack.citation,
        effective_from=pack.effective_from,
        source_text=text,
        checksum=pack.checksum,
    )
    session.add(row)
    session.flush()
    audit.record_by(
        session,
        actor or Actor.system("system"),
        "load",
        "recognition_pack",
        row.id,
        after={"name": row.name, "effective_from": row.effective_from, "checksum": row.checksum},
    )
    return row.id


def load_default_recognition_packs(session: Session) -> None:
    """The shipped example standard (idempotent; ``tracker init``)."""
    for path in DEFAULT_RECOGNITION_PACKS:
        load_recognition_pack(session, path)


def standard_on(session: Session, as_of: date) -> Standard | None:
    """The layered recognition standard in force on ``as_of`` (None: no pack in force)."""
    texts = session.exec(select(RecognitionPack.source_text).where(RecognitionPack.active.is_(True))).all()
    return layer_recognition([_parsed(t) for t in texts], as_of)


# --- the bulk query -----------------------------------------------------------------------------------------


def _profiles(session, as_of, categories, department_id, person_ids) -> list[Profile]:
    query = employed_on(
        as_of, categories, department_id, person_ids,
        Person.id, Person.email, Person.name, Department.name, Person.category, Person.hire_date,
        Person.title_rank, Person.industry_years,
    )
    return [Profile(*row) for row in session.execute(query).all()]


def _certificates(session, as_of, department_id, person_ids) -> Certificates:
    c = Certification
    query = sa.select(c.person_id, c.type, c.level, c.issued_on, c.expires_on).where(
        c.status == Status.verified.value,
        c.issued_on <= as_of,
        sa.or_(c.expires_on.is_(None), c.expires_on >= as_of),
        c.level.is_not(None),
    )
    rows = session.execute(scoped_to(query, c.person_id, department_id, person_ids)).all()
    return Certificates.from_records(rows)


def _outputs(session, as_of, years, department_id, person_ids) -> Outputs:
    o = Output
    query = sa.select(o.person_id, o.kind, o.dated_on).where(
        o.status == Status.verified.value, o.dated_on > years_before(as_of, years), o.dated_on <= as_of
    )
    return Outputs.from_records(session.execute(scoped_to(query, o.person_id, department_id, person_ids)).all())


def recognised_on(session: Session, as_of: date, person_ids: Iterable[int] | None = None) -> dict[int, tuple]:
    """Each person's committee-recognised level valid on ``as_of``: the latest confirmed decision taken by
    then (a later confirmation replaces an earlier one, up or down), while ``valid_until`` has not passed."""
    r = Recognition
    query = (
        sa.select(r.person_id, r.level, r.valid_until)
        .where(r.confirmed.is_(True), r.decided_on <= as_of)
        .order_by(r.person_id, r.decided_on, r.id)
    )
    if person_ids is not None:
        query = query.where(r.person_id.in_(sorted(set(person_ids))))
    latest: dict[int, tuple[str, date]] = {}
    for person_id, level, until in session.execute(query).all():
        latest[person_id] = (level, until)
    return {p: held for p, held in latest.items() if held[1] >= as_of}


def _flagged(session, profiles: Sequence[Profile]) -> frozenset[int]:
    """先实践再上岗: professional teachers hired since 2016-05-11, no industry years, no verified enterprise
    practice starting before the hire date."""
    candidates = [
        p
        for p in profiles
        if p.category == "professional"
        and p.hire_date is not None
        and p.hire_date >= PRACTICE_BEFORE_POST_SINCE
        and p.industry_years <= 0
    ]
    if not candidates:
        return frozenset()
    practised = set()
    ids = [p.person_id for p in candidates]
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        practised.update(
            session.execute(
                sa.select(Activity.person_id)
                .join(Person, Person.id == Activity.person_id)
                .where(
                    Activity.person_id.in_(chunk),
                    Activity.status == Status.verified.value,
                    Activity.kind.in_(COUNTING_KINDS),
                    Activity.start_date < Person.hire_date,
                )
                .distinct()
            ).scalars()
        )
    return frozenset(p.person_id for p in candidates if p.person_id not in practised)


def _confirmation_rule(session: Session, as_of: date) -> tuple[str, ...]:
    """The kinds the 5-year norm counts only once the enterprise confirmed them (issue 13), so practice hours
    here count exactly like ``enterprise_practice_5y``."""
    from tracker.norms.store import active_norms

    five = next((n for n in active_norms(session, as_of) if n.key == "enterprise_practice_5y"), None)
    return tuple(sorted(getattr(five, "confirmed_kinds", ()))) if five is not None else ()


def evaluate_dual_qualified(
    session: Session,
    *,
    as_of: date,
    department_id: int | None = None,
    person_ids: Iterable[int] | None = None,
) -> list[LevelRow]:
    """Every teacher the standard applies to (employed on ``as_of``, active, in its categories) with their
    level, recognised level, next level and what is missing. The caller checks permissions."""
    standard = standard_on(session, as_of)
    if standard is None:
        return []
    ids = None if person_ids is None else list(person_ids)
    profiles = _profiles(session, as_of, set(standard.categories), department_id, ids)
    if not profiles:
        return []
    criteria = [c for rule in standard.levels for g in rule.groups for c in g.criteria]
    scope = {"department_id": department_id, "person_ids": ids}
    series = {c.series for c in criteria if c.type == "practice_hours"} | {DISPLAY_SERIES}
    confirmed = _confirmation_rule(session, as_of)
    practice = {
        key: daily_hours(session, (key[0], key[1], tuple(k for k in confirmed if k in key[0])), **scope).counted
        for key in series
    }
    output_years = max((int(c.years) for c in criteria if c.type == "outputs"), default=1)
    return evaluate_levels(
        standard,
        profiles,
        practice,
        _certificates(session, as_of, department_id, ids),
        _outputs(session, as_of, output_years, department_id, ids),
        as_of,
        recognised=recognised_on(session, as_of, [p.person_id for p in profiles]),
        flagged=_flagged(session, profiles),
    )


@dataclass(frozen=True)
class LevelSummary:
    """Per department (``None`` name = no department; ``institution`` = everyone): professional teachers, how
    many meet each level (each on its own), how many are eligible (any level) or recognised, and both shares
    against the target (met when the share is more than the target)."""

    department: str | None
    teachers: int
    meets: dict[str, int]
    eligible: int
    recognised: int
    share_eligible: float
    share_recognised: float
    target: float
    institution: bool = False

    @property
    def target_met_recognised(self) -> bool:
        return self.share_recognised > self.target

    @property
    def target_met_eligible(self) -> bool:
        return self.share_eligible > self.target


def summarise_levels(rows: Sequence[LevelRow], target: float) -> list[LevelSummary]:
    """Per department, then one line for the whole institution."""
    groups: dict[str | None, list[LevelRow]] = {}
    for r in rows:
        groups.setdefault(r.department, []).append(r)

    def one(name, members, institution=False):
        n = len(members)
        eligible = sum(1 for r in members if r.level != NONE)
        recognised = sum(1 for r in members if r.recognised_level != NONE)
        return LevelSummary(
            department=name,
            teachers=n,
            meets={k: sum(1 for r in members if k in r.levels_met) for k in LEVELS},
            eligible=eligible,
            recognised=recognised,
            share_eligible=eligible / n if n else 0.0,
            share_recognised=recognised / n if n else 0.0,
            target=target,
            institution=institution,
        )

    out = [one(d, groups[d]) for d in sorted(groups, key=lambda d: (d is None, d or ""))]
    out.append(one(None, list(rows), institution=True))
    return out
