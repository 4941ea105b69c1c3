"""Norms and compliance (issue 3): rule packs, the layered norms in force, and who meets them.

The public face other modules call; everything returns plain dataclasses, never ORM objects:

- ``evaluate_compliance(session, as_of=..., department_id=None, person_ids=None) -> list[ComplianceRow]``
- ``summarise(rows) -> list[DepartmentSummary]``
- ``active_norms(session, as_of) -> list[Norm]``; ``load_pack``, ``list_packs``, ``set_pack_active``,
  ``load_default_packs``
- ``monthly_practice_hours(session, person_id, until=...) -> list[(month_start, hours)]``
- ``on_activities_changed(session, person_ids)`` after every activity write, same transaction;
  ``rebuild_practice(session_or_connection, person_ids=None)`` after bulk imports
- ``reminders(...)`` in ``tracker.norms.reminders``
"""

from tracker.norms.engine import (
    AT_RISK,
    MET,
    NOT_MET,
    ON_TRACK,
    ComplianceRow,
    years_before,
)
from tracker.norms.packs import Norm
from tracker.norms.practice import monthly_practice_hours, on_activities_changed, rebuild_practice
from tracker.norms.query import DepartmentSummary, evaluate_compliance, summarise
from tracker.norms.store import (
    PackInfo,
    active_norms,
    list_packs,
    load_default_packs,
    load_pack,
    set_pack_active,
)

STATUSES = (MET, ON_TRACK, AT_RISK, NOT_MET)

__all__ = [
    "STATUSES",
    "ComplianceRow",
    "DepartmentSummary",
    "Norm",
    "PackInfo",
    "active_norms",
    "evaluate_compliance",
    "list_packs",
    "load_default_packs",
    "load_pack",
    "monthly_practice_hours",
    "on_activities_changed",
    "rebuild_practice",
    "set_pack_active",
    "summarise",
    "years_before",
]
