"""Outputs (成果): log them with evidence, submit them for review, see their status (issue 12)."""

from datetime import date, timedelta

import streamlit as st

from tracker.i18n import t
from tracker.models import OutputKind
from tracker.services import activities as activity_service
from tracker.services import outputs as output_service
from tracker.services.evidence import ACCEPTED_EXTENSIONS, MAX_BYTES, Upload
from tracker.ui.markdown import literal
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action, show_error, status_chip

actor = require_actor()
st.title(t("page.my_outputs"))
st.caption(t("output.intro"))

try:
    mine = output_service.list_outputs(actor)
    my_activities = activity_service.list_activities(actor)
except Exception as exc:
    show_error(exc)
    st.stop()

form_key = f"output_form_{st.session_state.get('output_form_n', 0)}"
with st.expander(t("output.form_title"), expanded=not mine):
    kinds = [k.value for k in OutputKind]
    with st.form(form_key, border=False):
        kind = st.selectbox(
            t("field.kind"), kinds, format_func={k: t(f"output_kind.{k}") for k in kinds}.__getitem__,
            key=f"{form_key}_kind",
        )
        title = st.text_input(t("field.output_title"), key=f"{form_key}_title")
        dated = st.date_input(
            t("field.output_date"), value=date.today(), min_value=date(1990, 1, 1),
            max_value=date.today() + timedelta(days=366), key=f"{form_key}_date",
        )
        choices = {None: t("output.no_activity")}
        choices.update({a.id: f"{t(f'kind.{a.kind}')} · {a.start_date.isoformat()}" for a in my_activities})
        linked = st.selectbox(
            t("field.output_activity"), list(choices), format_func=choices.__getitem__, key=f"{form_key}_activity"
        )
        description = st.text_area(t("field.description"), key=f"{form_key}_description")
        files = st.file_uploader(
            t("field.evidence"), type=ACCEPTED_EXTENSIONS, accept_multiple_files=True,
            max_upload_size=MAX_BYTES // (1024 * 1024), key=f"{form_key}_files",
        )
        draft_col, submit_col = st.columns(2)
        save_draft = draft_col.form_submit_button(t("mine.save_draft"), width="stretch")
        submit = submit_col.form_submit_button(t("mine.submit"), type="primary", width="stretch")
    if save_draft or submit:
        raw = {"kind": kind, "title": title, "date": dated, "description": description, "activity_id": linked}
        uploads = [Upload(f.name, f.getvalue()) for f in (files or [])]
        if run_action(
            output_service.create_output, actor, raw, submit=bool(submit), evidence=uploads,
            success=t("output.saved"),
        ):
            st.session_state["output_form_n"] = st.session_state.get("output_form_n", 0) + 1
            st.rerun()

st.subheader(t("output.list_title"))
if not mine:
    st.info(t("output.none"))
for o in mine:
    with st.container(border=True):
        st.markdown(
            f"**{literal(o.title)}** · {t(f'output_kind.{o.kind}')} · {o.dated_on.isoformat()}  \n"
            f"{status_chip(o.status)}"
        )
        if o.review_note:
            st.caption(literal(o.review_note))
        cols = st.columns(3)
        if o.status in ("draft", "rejected"):
            if cols[0].button(t("output.submit_one"), key=f"submit_{o.id}"):
                if run_action(output_service.submit_output, actor, o.id, success=t("output.submitted")):
                    st.rerun()
            if cols[1].button(t("output.delete_one"), key=f"delete_{o.id}"):
                if run_action(output_service.delete_output, actor, o.id, success=t("output.deleted")):
                    st.rerun()
        elif o.status == "submitted":
            if cols[0].button(t("output.withdraw_one"), key=f"withdraw_{o.id}"):
                if run_action(output_service.withdraw_output, actor, o.id, success=t("output.withdrawn")):
                    st.rerun()
