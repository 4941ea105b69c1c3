"""How a placement plan is shown on the teacher's and the head's pages (issue 13)."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.services.placements import PlanView
from tracker.ui.markdown import literal, literal_t

PLAN_STATUS_COLOURS = {"proposed": "orange", "approved": "blue", "returned": "red", "closed": "green"}
TRUST_COLOURS = {"self_reported": "gray", "school_verified": "blue", "enterprise_confirmed": "green"}


def trust_chip(trust: str) -> str:
    """Markdown badge for a trust level (self-reported / school-verified / enterprise-confirmed)."""
    return f":{TRUST_COLOURS.get(trust, 'gray')}-badge[{t(f'trust.{trust}')}]"


def plan_status_chip(status: str) -> str:
    return f":{PLAN_STATUS_COLOURS.get(status, 'gray')}-badge[{t(f'plan_status.{status}')}]"


def plan_label(plan: PlanView) -> str:
    """One line for a picker (plain text: selectbox options are not Markdown)."""
    return (f"{plan.start_date:%Y-%m-%d} – {plan.end_date:%Y-%m-%d} · {plan.enterprise} · {plan.post} · "
            f"{t(f'plan_status.{plan.status}')}")


def pick_plan(plans: list[PlanView], labels: dict[int, str], *, key: str) -> PlanView:
    """The plan picker; ``labels`` words each plan (by id) in this run's language.

    A keyed selectbox keeps showing the wording it first showed when its options are reworded (a plan's status
    changes, the reader switches language), so the widget's key names the wording shown and the choice is
    carried over by plan id.
    """
    ids = list(labels)
    chosen_key = f"{key}_id"
    remembered = st.session_state.get(chosen_key)
    wording = hashlib.sha256(repr(list(labels.items())).encode()).hexdigest()[:12]
    chosen = st.selectbox(t("plans.pick"), ids, index=ids.index(remembered) if remembered in ids else 0,
                          format_func=labels.get, key=f"{key}_{wording}")
    st.session_state[chosen_key] = chosen
    return next(p for p in plans if p.id == chosen)


def render_plan(plan: PlanView, *, show_teacher: bool = False) -> None:
    """The plan's facts, journal totals against the plan, claimed vs confirmed hours, the journal itself."""
    chips = [plan_status_chip(plan.status)]
    if plan.activity_id is not None:
        chips.append(trust_chip(plan.trust))
    title = f"{literal(plan.name)} · " if show_teacher else ""
    st.markdown(f"#### {title}{literal(plan.enterprise)} · {literal(plan.post)}  " + " ".join(chips))
    facts = [
        (t("field.kind"), t(f"kind.{plan.kind}")),
        (t("confirm.period"), f"{plan.start_date:%Y-%m-%d} – {plan.end_date:%Y-%m-%d}"),
        (t("field.release"), t(f"release.{plan.release}")),
        (t("field.tasks"), plan.tasks),
        (t("field.mentor_name"), " · ".join(x for x in (plan.mentor_name, plan.mentor_title) if x)),
        (t("field.mentor_email"), " · ".join(x for x in (plan.mentor_email, plan.mentor_phone) if x)),
    ]
    if plan.review_note:
        facts.append((t("field.review_note"), plan.review_note))
    if plan.summary:
        facts.append((t("field.summary"), plan.summary))
    st.table(pd.DataFrame(facts), hide_index=True, hide_header=True)
    a, b, c, d = st.columns(4)
    a.metric(t("plans.days_logged"), f"{plan.days_logged} / {plan.planned_days}")
    b.metric(t("plans.hours_logged"), f"{plan.hours_logged:g}")
    c.metric(t("plans.claimed"), "–" if plan.claimed_hours is None else f"{plan.claimed_hours:g}")
    confirmed = plan.confirmation
    d.metric(t("field.confirmed_hours"), "–" if confirmed is None else f"{confirmed.confirmed_hours:g}")
    if confirmed is not None:
        # the mentor's name is typed by whoever holds the link: shown literally
        st.success(literal_t("plans.confirmed_by", name=confirmed.confirmed_by,
                             date=f"{confirmed.confirmed_at:%Y-%m-%d}", days=confirmed.confirmed_days,
                             hours=f"{confirmed.confirmed_hours:g}", rating=t(f"rating.{confirmed.rating}")),
                   icon=":material/verified:")
        if confirmed.comment:
            st.caption(literal(confirmed.comment))
    elif plan.activity_id is not None:
        st.caption(t("plans.not_confirmed") + ("  " + t("plans.open_links", n=plan.open_links)
                                                if plan.open_links else ""))
    st.markdown(f"##### {t('plans.journal')}")
    if not plan.journal:
        st.caption(t("plans.journal_empty"))
        return
    st.dataframe(
        pd.DataFrame(
            [(e.day, e.hours, e.content, e.evidence.filename if e.evidence else "") for e in plan.journal],
            columns=[t("field.day"), t("field.hours"), t("field.content"), t("field.evidence")],
        ),
        hide_index=True,
        use_container_width=True,
    )


def render_print_links(plan: PlanView) -> None:
    """Download buttons for the printable application and appraisal forms (HTML, prints on A4)."""
    from tracker.i18n import current_language
    from tracker.services.plan_forms import placement_forms
    from tracker.ui.session import require_actor

    forms = placement_forms(require_actor(), plan_id=plan.id, lang=current_language())
    left, right = st.columns(2)
    left.download_button(t("plans.print_application"), forms["application"].encode("utf-8"),
                         file_name=f"plan-{plan.id}-application.html", mime="text/html",
                         icon=":material/print:", key=f"print_application_{plan.id}")
    right.download_button(t("plans.print_appraisal"), forms["appraisal"].encode("utf-8"),
                          file_name=f"plan-{plan.id}-appraisal.html", mime="text/html",
                          icon=":material/print:", key=f"print_appraisal_{plan.id}")
