"""What the department pages (Team, Review, Teacher, Reports) share: the as-of and department pickers and
cached reads. Reads are cached per actor for a minute; ``widgets.run_action`` clears them after every
write."""

from __future__ import annotations

from datetime import date

import streamlit as st

from tracker.auth import Actor
from tracker.i18n import t
from tracker.models import Role
from tracker.services import review, team

TTL = 60  # seconds; writes clear the cache at once, this only bounds how stale other people's changes look


@st.cache_data(ttl=TTL, show_spinner=False)
def departments(actor: Actor) -> list[tuple[int, str]]:
    return team.departments_in_scope(actor)


@st.cache_data(ttl=TTL, show_spinner=False)
def members(actor: Actor, department_id: int | None) -> list[team.TeamMember]:
    return team.team_members(actor, department_id=department_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def overview(actor: Actor, as_of: date, department_id: int | None) -> team.TeamOverview:
    return team.team_overview(actor, as_of=as_of, department_id=department_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def hours(actor: Actor, as_of: date, department_id: int | None) -> team.HoursSummary:
    return team.hours_summary(actor, as_of=as_of, department_id=department_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def dual_levels(actor: Actor, as_of: date, department_id: int | None):
    from tracker.services.dual_qualified import team_dual_levels

    return team_dual_levels(actor, as_of=as_of, department_id=department_id)


def levels_frame(rows):
    """Each teacher's dual-qualified level as a table in the reader's language."""
    import pandas as pd

    from tracker.norms.packs import hours_as_days_months

    def practice(hours):
        days, months = hours_as_days_months(hours)
        return t("dual.col.practice_value", hours=hours, days=days, months=months)

    return pd.DataFrame(
        {
            t("dual.col.teacher"): [r.name for r in rows],
            t("common.department"): [r.department or "—" for r in rows],
            t("dual.col.level"): [t(f"dual.level.{r.level}") for r in rows],
            t("dual.col.recognised"): [t(f"dual.level.{r.recognised_level}") for r in rows],
            t("dual.col.next"): [t(f"dual.level.{r.next_level}") if r.next_level else "—" for r in rows],
            t("dual.col.practice"): [practice(r.practice_hours) for r in rows],
            t("dual.col.flag"): ["⚑" if r.practise_before_post else "" for r in rows],
        }
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def pending(actor: Actor, department_id: int | None) -> int:
    return review.pending_count(actor, department_id=department_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def queue(actor: Actor, department_id: int | None) -> review.ReviewQueue:
    return review.review_queue(actor, department_id=department_id)


def pick_department(actor: Actor, *, key: str) -> int | None:
    """An admin chooses one department or all; a head has exactly their own (no picker)."""
    if actor.role != Role.admin:
        return actor.department_id
    choices = departments(actor)
    names: dict[int | None, str] = {None: t("common.all"), **dict(choices)}
    return st.selectbox(t("common.department"), list(names), format_func=names.get, key=key)


def pick_as_of(*, key: str) -> date:
    return st.date_input(t("common.as_of"), value=date.today(), key=key, format="YYYY-MM-DD")
