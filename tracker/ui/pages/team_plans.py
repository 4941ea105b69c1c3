"""Plan approval: a head approves or returns applications and follows the team's placements (issue 13)."""

import streamlit as st

from tracker.i18n import t
from tracker.models import PlanStatus
from tracker.services.confirmation import issue_confirmation_link
from tracker.services.placements import approve_plan, return_plan, team_plans
from tracker.ui.plans import pick_plan, plan_label, render_plan, render_print_links
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action

_LINK = "team_plans_link"

actor = require_actor()
st.title(t("page.team_plans"))
st.caption(t("team_plans.intro"))

plans = team_plans(actor)
if not plans:
    st.info(t("team_plans.none"))
    st.stop()

# waiting applications first, then the rest by start date
order = {PlanStatus.proposed: 0, PlanStatus.approved: 1, PlanStatus.returned: 2, PlanStatus.closed: 3}
plans.sort(key=lambda p: (order.get(p.status, 9), p.start_date, p.id))
plan = pick_plan(plans, {p.id: f"{p.name} · {plan_label(p)}" for p in plans}, key="team_plans_pick")
render_plan(plan, show_teacher=True)
render_print_links(plan)

if plan.status == PlanStatus.proposed:
    with st.form(f"decide_{plan.id}", border=True):
        note = st.text_area(t("field.review_note"))
        left, right = st.columns(2)
        approve = left.form_submit_button(t("team_plans.approve"), type="primary", icon=":material/check:")
        send_back = right.form_submit_button(t("team_plans.return"), icon=":material/undo:")
    if approve and run_action(approve_plan, actor, plan_id=plan.id, note=note, success=t("team_plans.approved")):
        st.rerun()
    if send_back and run_action(return_plan, actor, plan_id=plan.id, note=note, success=t("team_plans.returned")):
        st.rerun()

if plan.activity_id is not None and plan.confirmation is None:
    if st.button(t("plans.issue_link"), icon=":material/link:", key=f"team_link_{plan.id}"):
        issued = run_action(issue_confirmation_link, actor, activity_id=plan.activity_id)
        if issued is not None:
            st.session_state[_LINK] = (plan.id, issued)
            st.rerun()  # the plan above now counts the new open link
    held = st.session_state.get(_LINK)
    if held and held[0] == plan.id:
        st.success(t("plans.link_ready", expires=held[1].expires_at.date().isoformat()))
        st.code(held[1].url, language=None)
