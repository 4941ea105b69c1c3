"""Practice plans: apply for a placement, keep its journal, ask the enterprise to confirm, close it (issue 13)."""

from datetime import date

import streamlit as st

from tracker.i18n import t
from tracker.models import Kind, PlanStatus, Release
from tracker.services.activities import enterprise_choices
from tracker.services.confirmation import issue_confirmation_link, revoke_confirmation_links
from tracker.services.evidence import ACCEPTED_EXTENSIONS, MAX_BYTES, Upload
from tracker.services.placements import add_journal_entry, close_plan, list_plans, propose_plan
from tracker.ui.markdown import literal_t
from tracker.ui.plans import pick_plan, plan_label, render_plan, render_print_links
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action

_NEW = "placements_new_version"
_LINK = "placements_link"

actor = require_actor()
st.title(t("page.placements"))
st.caption(t("plans.intro"))


def plan_form(key: str, initial=None):
    """The application form; returns the raw values when submitted."""
    kinds = [k.value for k in Kind if k != Kind.other]
    releases = [r.value for r in Release]
    names = enterprise_choices(actor)
    with st.form(key, border=True):
        left, right = st.columns(2)
        picked = left.selectbox(
            t("field.enterprise"), names, index=names.index(initial.enterprise) if initial and initial.enterprise in names else None,
            placeholder=t("mine.enterprise_placeholder"), key=f"{key}_enterprise",
        )
        new_name = right.text_input(t("mine.enterprise_new"), key=f"{key}_enterprise_new")
        kind = left.selectbox(
            t("field.kind"), kinds, index=kinds.index(initial.kind) if initial else kinds.index("post_practice"),
            format_func={k: t(f"kind.{k}") for k in kinds}.__getitem__, key=f"{key}_kind",
        )
        release = right.selectbox(
            t("field.release"), releases, index=releases.index(initial.release) if initial else 0,
            format_func={r: t(f"release.{r}") for r in releases}.__getitem__, key=f"{key}_release",
        )
        post = st.text_input(t("field.post"), value=initial.post if initial else "", key=f"{key}_post")
        tasks = st.text_area(t("field.tasks"), value=initial.tasks if initial else "", key=f"{key}_tasks")
        left, middle, right = st.columns(3)
        start = left.date_input(t("field.start_date"), value=initial.start_date if initial else None,
                                format="YYYY/MM/DD", key=f"{key}_start")
        end = middle.date_input(t("field.end_date"), value=initial.end_date if initial else None,
                                format="YYYY/MM/DD", key=f"{key}_end")
        days = right.number_input(t("field.planned_days"), min_value=0, step=1,
                                  value=initial.planned_days if initial else 0, help=t("plans.planned_days_help"),
                                  key=f"{key}_days")
        left, right = st.columns(2)
        mentor = left.text_input(t("field.mentor_name"), value=initial.mentor_name if initial else "",
                                 key=f"{key}_mentor")
        title = right.text_input(t("field.mentor_title"), value=initial.mentor_title if initial else "",
                                 key=f"{key}_mentor_title")
        email = left.text_input(t("field.mentor_email"), value=initial.mentor_email if initial else "",
                                key=f"{key}_mentor_email")
        phone = right.text_input(t("field.mentor_phone"), value=initial.mentor_phone if initial else "",
                                 key=f"{key}_mentor_phone")
        label = t("plans.propose_again") if initial else t("plans.propose")
        if not st.form_submit_button(label, type="primary"):
            return None
    return {
        "enterprise": new_name.strip() or picked, "kind": kind, "release": release, "post": post, "tasks": tasks,
        "start_date": start.isoformat() if isinstance(start, date) else None,
        "end_date": end.isoformat() if isinstance(end, date) else None,
        "planned_days": days or None, "mentor_name": mentor, "mentor_title": title, "mentor_email": email,
        "mentor_phone": phone,
    }


version = st.session_state.setdefault(_NEW, 0)
with st.expander(t("plans.new"), icon=":material/add:", expanded=False):
    raw = plan_form(f"plan_new_{version}")
    if raw is not None and run_action(propose_plan, actor, raw, success=t("plans.proposed")) is not None:
        st.session_state[_NEW] = version + 1
        st.rerun()

plans = list_plans(actor)
if not plans:
    st.info(t("plans.none"))
    st.stop()

plan = pick_plan(plans, {p.id: plan_label(p) for p in plans}, key="placements_pick")
render_plan(plan)
render_print_links(plan)

if plan.status == PlanStatus.returned:
    raw = plan_form(f"plan_edit_{plan.id}", initial=plan)
    if raw is not None and run_action(propose_plan, actor, raw, plan_id=plan.id, success=t("plans.proposed")):
        st.rerun()
elif plan.status == PlanStatus.proposed:
    st.info(t("plans.waiting"), icon=":material/hourglass_top:")

if plan.status == PlanStatus.approved:
    st.subheader(t("plans.add_entry"))
    with st.form(f"journal_{plan.id}_{len(plan.journal)}", border=True):
        left, right = st.columns(2)
        day = left.date_input(t("field.day"), value=None, min_value=plan.start_date, max_value=plan.end_date,
                              format="YYYY/MM/DD")
        hours = right.number_input(t("field.hours"), min_value=0.0, max_value=24.0, value=8.0, step=0.5)
        content = st.text_area(t("field.content"))
        upload = st.file_uploader(t("plans.entry_file"), type=ACCEPTED_EXTENSIONS,
                                  max_upload_size=MAX_BYTES // (1024 * 1024))
        if st.form_submit_button(t("plans.add_entry"), type="primary"):
            raw = {"day": day.isoformat() if day else None, "hours": hours, "content": content}
            file = Upload(upload.name, upload.getvalue()) if upload is not None else None
            if run_action(add_journal_entry, actor, plan_id=plan.id, raw=raw, evidence=file,
                          success=t("plans.entry_added")):
                st.rerun()

if plan.activity_id is not None and plan.confirmation is None:
    st.subheader(t("plans.link_heading"))
    with st.form(f"link_{plan.id}", border=True):
        left, right = st.columns(2)
        days = left.number_input(t("field.days"), min_value=1, max_value=366, value=30, step=1)
        mail = right.checkbox(t("plans.link_email"), value=False, disabled=not plan.mentor_email)
        if st.form_submit_button(t("plans.issue_link"), icon=":material/link:"):
            issued = run_action(issue_confirmation_link, actor, activity_id=plan.activity_id, days=int(days),
                                email=mail)
            if issued is not None:
                st.session_state[_LINK] = (plan.id, issued)
                st.rerun()  # the plan above now counts the new open link
    held = st.session_state.get(_LINK)
    if held and held[0] == plan.id:
        issued = held[1]
        st.success(t("plans.link_ready", expires=issued.expires_at.date().isoformat()))
        st.code(issued.url, language=None)
        if issued.sent_to:
            st.caption(literal_t("plans.link_sent", email=issued.sent_to))
    if plan.open_links and st.button(t("plans.revoke"), icon=":material/link_off:"):
        n = run_action(revoke_confirmation_links, actor, activity_id=plan.activity_id)
        if n is not None:
            st.session_state.pop(_LINK, None)
            st.toast(t("plans.revoked", n=n))
            st.rerun()

if plan.status == PlanStatus.approved:
    st.subheader(t("plans.close_heading"))
    with st.form(f"close_{plan.id}", border=True):
        summary = st.text_area(t("field.summary"))
        if st.form_submit_button(t("plans.close"), type="primary") and run_action(
            close_plan, actor, plan_id=plan.id, summary=summary, success=t("plans.closed")
        ):
            st.rerun()
