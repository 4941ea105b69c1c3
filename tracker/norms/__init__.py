"""Norms and compliance (issue 3): rule packs, the layered norms in force, and who meets them.

The public face other modules call; everything returns plain dataclasses, never ORM objects:

- ``evaluate_compliance(session, as_of=..., department_id=None, person_ids=None) -> list[ComplianceRow]``
- ``summarise(rows) -> list[DepartmentSummary]``
- ``active_norms(session, as_of) -> list[Norm]``; ``load_pack``, ``list_packs``, ``set_pack_active``,
  ``load_default_packs``
- ``monthly_practice_hours(session, person_id, until=...) -> list[(month_start, hours)]``
- ``hours_as_days_months(hours, hours_per_day=8, days_per_month=22)``; ``Norm.as_days_months``,
  ``Norm.window_on(as_of)`` (the one definition of every window), ``needs_practice_before_post``
- ``on_activities_changed(session, person_ids)`` after every activity write, same transaction;
  ``rebuild_practice(session_or_connection, person_ids=None)`` after bulk imports
- ``collect_reminders``, ``send_reminders``, ``to_ics`` in ``tracker.norms.reminders``
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from tracker.norms.packs import ComplianceStatus

# Imported on first use, so `tracker --help` and the other areas' commands do not pay for NumPy.
_EXPORTS = {
    "AT_RISK": "tracker.norms.engine",
    "MET": "tracker.norms.engine",
    "NOT_MET": "tracker.norms.engine",
    "ON_TRACK": "tracker.norms.engine",
    "ComplianceRow": "tracker.norms.engine",
    "years_before": "tracker.norms.engine",
    "Norm": "tracker.norms.packs",
    "hours_as_days_months": "tracker.norms.packs",
    "needs_practice_before_post": "tracker.norms.engine",
    "monthly_practice_hours": "tracker.norms.query",
    "on_activities_changed": "tracker.norms.practice",
    "rebuild_practice": "tracker.norms.practice",
    "DepartmentSummary": "tracker.norms.query",
    "evaluate_compliance": "tracker.norms.query",
    "summarise": "tracker.norms.query",
    "PackInfo": "tracker.norms.store",
    "active_norms": "tracker.norms.store",
    "list_packs": "tracker.norms.store",
    "load_default_packs": "tracker.norms.defaults",
    "load_pack": "tracker.norms.store",
    "set_pack_active": "tracker.norms.store",
}

STATUSES = tuple(s.value for s in ComplianceStatus)  # best first

if TYPE_CHECKING:
    from tracker.norms.defaults import load_default_packs
    from tracker.norms.engine import (
        AT_RISK,
        MET,
        NOT_MET,
        ON_TRACK,
        ComplianceRow,
        needs_practice_before_post,
        years_before,
    )
    from tracker.norms.packs import Norm, hours_as_days_months
    from tracker.norms.practice import on_activities_changed, rebuild_practice
    from tracker.norms.query import DepartmentSummary, evaluate_compliance, monthly_practice_hours, summarise
    from tracker.norms.store import (
        PackInfo,
        active_norms,
        list_packs,
        load_pack,
        set_pack_active,
    )


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tracker.norms' has no attribute {name!r}")


__all__ = [  # noqa: F822 (provided by __getattr__)
    "AT_RISK",
    "MET",
    "NOT_MET",
    "ON_TRACK",
    "STATUSES",
    "ComplianceRow",
    "DepartmentSummary",
    "Norm",
    "PackInfo",
    "active_norms",
    "evaluate_compliance",
    "hours_as_days_months",
    "list_packs",
    "load_default_packs",
    "load_pack",
    "monthly_practice_hours",
    "needs_practice_before_post",
    "on_activities_changed",
    "rebuild_practice",
    "set_pack_active",
    "summarise",
    "years_before",
]
