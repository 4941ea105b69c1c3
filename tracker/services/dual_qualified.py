"""Dual-qualified (双师型) use cases (issue 12): a teacher's path, a team's levels and share, the admin's
recognition batch and the committee's decisions. Every function checks permission, opens its own unit of work
and returns plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

from tracker import validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound, Problem
from tracker.i18n import Text
from tracker.models import Department, DualLevel, Person, Recognition
from tracker.norms.levels import LEVELS, NONE, LevelRow, describe_gap
from tracker.norms.levels_db import LevelSummary, evaluate_dual_qualified, standard_on, summarise_levels
from tracker.norms.packs import hours_as_days_months
from tracker.services import _lifecycle as lifecycle
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services._records import audit_by

LAPSING_DAYS = 90  # the batch page lists recognitions ending within this many days
DEFAULT_VALIDITY_YEARS = 5


@dataclass(frozen=True)
class MissingItem:
    """One way to close a missing group: the criterion type (for the link to act), and its words."""

    criterion: str
    text: str


@dataclass(frozen=True)
class DualPath:
    """What the teacher's "My dual-qualified path" page shows."""

    as_of: date
    in_force: bool  # a standard is in force on the date
    applies: bool  # the standard applies to this person (category, employed)
    row: LevelRow | None
    missing: list[list[MissingItem]] = field(default_factory=list)
    practice_days: float = 0.0
    practice_months: float = 0.0


@acting
def my_dual_path(actor: Actor, *, as_of: date, person_id: int | None = None, lang: str | None = None) -> DualPath:
    """A person's level on ``as_of`` (default: the actor's own), with what the next level needs in words.

    Raises:
        PermissionDenied: the actor may not read this person.
    """
    with session_scope(read_only=True) as session:
        owner = lifecycle.owner_for_read(session, actor, person_id)
        in_force = standard_on(session, as_of) is not None
        rows = evaluate_dual_qualified(session, as_of=as_of, person_ids=[owner.id]) if in_force else []
    if not rows:
        return DualPath(as_of, in_force, False, None)
    row = rows[0]
    missing = [[MissingItem(g.criterion.type, describe_gap(g, lang)) for g in group] for group in row.missing]
    days, months = hours_as_days_months(row.practice_hours)
    return DualPath(as_of, True, True, row, missing, days, months)


@dataclass(frozen=True)
class TeamLevels:
    rows: list[LevelRow]
    summary: list[LevelSummary]
    target: float

    @property
    def whole(self) -> LevelSummary | None:
        return self.summary[-1] if self.summary else None


@acting
def team_dual_levels(actor: Actor, *, as_of: date, department_id: int | None = None) -> TeamLevels:
    """Each teacher's level in the actor's scope (a head: their department) and the shares vs the target."""
    from tracker.services.team import scope_department

    scope = scope_department(actor, department_id)
    with session_scope(read_only=True) as session:
        standard = standard_on(session, as_of)
        rows = evaluate_dual_qualified(session, as_of=as_of, department_id=scope)
    target = standard.target_share if standard else 0.5
    return TeamLevels(rows, summarise_levels(rows, target) if rows else [], target)


@dataclass(frozen=True)
class Decision:
    id: int
    person_id: int
    teacher: str
    name: str
    department: str | None
    level: str
    confirmed: bool
    decided_on: date
    valid_until: date
    note: str
    decided_by: str | None


@dataclass(frozen=True)
class RecognitionBatch:
    """The admin's batch: who is eligible on the date (at their highest level), the decisions taken so far,
    and confirmed recognitions in force that lapse within ``LAPSING_DAYS``."""

    as_of: date
    eligible: list[LevelRow]
    decisions: list[Decision]
    lapsing: list[Decision]


def _decisions(session, person_ids=None) -> list[Decision]:
    decider = sa.orm.aliased(Person)
    query = (
        sa.select(Recognition, Person.email, Person.name, Department.name, decider.name)
        .join(Person, Person.id == Recognition.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(decider, decider.id == Recognition.decided_by)
        .order_by(Recognition.decided_on.desc(), Recognition.id.desc())
    )
    if person_ids is not None:
        query = query.where(Recognition.person_id.in_(sorted(person_ids)))
    return [
        Decision(
            r.id, r.person_id, email, name, dept, r.level, r.confirmed, r.decided_on, r.valid_until, r.note, by
        )
        for r, email, name, dept, by in session.execute(query).all()
    ]


@acting
def recognition_batch(actor: Actor, *, as_of: date) -> RecognitionBatch:
    """Admins only."""
    permissions.require_admin(actor)
    from tracker.norms.levels_db import recognised_on

    with session_scope(read_only=True) as session:
        rows = evaluate_dual_qualified(session, as_of=as_of)
        decisions = _decisions(session)
        held = recognised_on(session, as_of)
    horizon = as_of + timedelta(days=LAPSING_DAYS)
    latest_confirmed: dict[int, Decision] = {}
    for d in sorted((d for d in decisions if d.confirmed and d.decided_on <= as_of), key=lambda d: (d.decided_on, d.id)):
        latest_confirmed[d.person_id] = d
    lapsing = [
        d for p, d in latest_confirmed.items() if p in held and d.valid_until <= horizon
    ]
    lapsing.sort(key=lambda d: d.valid_until)
    return RecognitionBatch(as_of, [r for r in rows if r.level != NONE], decisions, lapsing)


@acting
def decide_recognition(
    actor: Actor,
    *,
    person_id: int,
    level: str,
    confirmed: bool,
    decided_on: date,
    valid_until: date | None = None,
    note: str | None = None,
) -> Decision:
    """Record the committee's decision on a teacher's level (history: rows are never changed).

    A confirmation recognises ``level`` from ``decided_on`` through ``valid_until`` (default 5 years less a
    day); a decline records the answer and changes nothing.

    Raises:
        PermissionDenied: not an admin.
        InvalidInput: unknown level, an end before the decision date, a note too long.
        NotFound: no such person.
    """
    permissions.require_admin(actor)
    problems: list[Problem] = []
    if level not in LEVELS:
        problems.append(validation.problem("choose_one_of", "level", values=", ".join(LEVELS)))
    if valid_until is None:
        from tracker.norms.packs import add_years

        valid_until = add_years(decided_on, DEFAULT_VALIDITY_YEARS) - timedelta(days=1)
    if valid_until < decided_on:
        problems.append(validation.problem("before_decision", "valid_until"))
    try:
        clean_note = validation.note(note) or ""
    except InvalidInput as exc:
        problems += [Problem("note", p.message) for p in exc.problems]
        clean_note = ""
    if problems:
        raise InvalidInput(problems)
    with session_scope() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(Text("errors.person.missing"))
        row = Recognition(
            person_id=person.id,
            level=DualLevel(level).value,
            confirmed=confirmed,
            decided_on=decided_on,
            valid_until=valid_until,
            note=clean_note,
            decided_by=actor.person_id,
        )
        session.add(row)
        session.flush()
        audit_by(session, actor, "confirm" if confirmed else "decline", "recognition", row.id, after=row)
        (decision,) = [d for d in _decisions(session, [person.id]) if d.id == row.id]
        return decision


@acting
def my_recognitions(actor: Actor, *, person_id: int | None = None) -> list[Decision]:
    """The committee's decisions on a person (default: the actor), newest first."""
    with session_scope(read_only=True) as session:
        owner = lifecycle.owner_for_read(session, actor, person_id)
        return _decisions(session, [owner.id])
