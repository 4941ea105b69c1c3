"""Review: the queue of submitted records; evidence preview and download; verify or reject with a note;
bulk verify by ticking rows."""

from functools import partial

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.services import review
from tracker.services.evidence import read_evidence
from tracker.ui import department as dept
from tracker.ui.markdown import literal, literal_t
from tracker.ui.plans import trust_chip
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action, show_error

actor = require_actor()
st.title(t("page.review"))


@st.cache_data(ttl=300, max_entries=16, show_spinner=False)
def evidence_file(actor, evidence_id: int):
    return read_evidence(actor, evidence_id)


def evidence_content(actor, evidence_id: int) -> bytes:
    return read_evidence(actor, evidence_id).content


def describe(item: review.ReviewItem) -> str:
    what = t(f"kind.{item.title}") if item.kind == review.ACTIVITY else item.title
    when = f"{item.start}" + (f" – {item.end}" if item.end and item.end != item.start else "")
    return f"{item.name} · {what} · {when}"


department_id = dept.pick_department(actor, key="review_department")
try:
    waiting = dept.queue(actor, department_id)
except Exception as exc:
    show_error(exc)
    st.stop()

own = t("dept.own_records_elsewhere")  # nobody reviews their own records, so they are not listed here
if not waiting.items:
    st.success(t("dept.queue_empty"), icon=":material/task_alt:")
    st.caption(own)
    st.stop()
if waiting.total > len(waiting.items):
    st.caption(t("dept.queue_partial", shown=len(waiting.items), total=waiting.total) + " " + own)
else:
    st.caption(t("dept.queue_count", total=waiting.total) + " " + own)

# --- bulk verify: tick rows in the table --------------------------------------------------------------------
table = pd.DataFrame(
    {
        "pick": False,
        "teacher": [i.name for i in waiting.items],
        "record": [t(f"report.record.{i.kind}") for i in waiting.items],
        "what": [t(f"kind.{i.title}") if i.kind == review.ACTIVITY else i.title for i in waiting.items],
        "where": [i.enterprise or "" for i in waiting.items],
        "start": [i.start for i in waiting.items],
        "end": [i.end for i in waiting.items],
        "hours": pd.Series(
            [i.hours for i in waiting.items], dtype=float
        ),  # a certificate's blank, not "None"
        "confirmed": pd.Series([i.confirmed_hours for i in waiting.items], dtype=float),
        "trust": [t(f"trust.{i.trust}") if i.trust else "" for i in waiting.items],
        "files": [len(i.evidence) for i in waiting.items],
    }
)
edited = st.data_editor(
    table,
    key="review_table",
    hide_index=True,
    disabled=[c for c in table.columns if c != "pick"],
    column_config={
        "pick": st.column_config.CheckboxColumn(t("dept.col_pick"), width="small"),
        "teacher": t("common.teacher"),
        "record": t("dept.col_record"),
        "what": t("dept.col_what"),
        "where": t("dept.col_where"),
        "start": st.column_config.DateColumn(t("field.start_date")),
        "end": st.column_config.DateColumn(t("field.end_date")),
        "hours": st.column_config.NumberColumn(t("field.hours"), format="%.1f"),
        "confirmed": st.column_config.NumberColumn(t("field.confirmed_hours"), format="%.1f"),
        "trust": t("field.trust"),
        "files": st.column_config.NumberColumn(t("field.evidence"), width="small"),
    },
)
picked = [waiting.items[i].key for i in edited.index[edited["pick"]]]
if st.button(
    t("dept.verify_selected", n=len(picked)), disabled=not picked, type="primary", key="review_bulk"
):
    done = run_action(review.bulk_verify, actor, picked, success=t("dept.verified_n", n=len(picked)))
    if done:
        st.rerun()

# --- one record in detail -----------------------------------------------------------------------------------
st.subheader(t("dept.one_record"))
by_key = {i.key: i for i in waiting.items}
labels = {k: describe(i) for k, i in by_key.items()}  # worded now, in this run's language
chosen = st.selectbox(t("dept.pick_record"), list(by_key), format_func=labels.get, key="review_pick")
item = by_key[chosen]
with st.container(border=True):
    st.markdown(f"**{literal(item.name)}** · {literal(item.teacher)} · {literal(item.department)}")
    facts = st.columns(4)
    facts[0].markdown(f"**{t('dept.col_what')}**  \n{literal(describe(item).split(' · ', 1)[1])}")
    facts[1].markdown(f"**{t('dept.col_where')}**  \n{literal(item.enterprise) or '–'}")
    facts[2].markdown(f"**{t('plans.claimed')}**  \n{'–' if item.hours is None else f'{item.hours:g}'}")
    if item.kind == review.ACTIVITY:  # claimed and confirmed side by side: the confirmed hours are what counts
        confirmed = "–" if item.confirmed_hours is None else f"{item.confirmed_hours:g}"
        facts[3].markdown(f"**{t('field.confirmed_hours')}**  \n{confirmed}  \n{trust_chip(item.trust)}")
    if item.description:
        st.text(item.description)
    if not item.evidence:
        st.caption(t("dept.no_evidence"))
    for ev in item.evidence:
        st.caption(f"{literal(ev.filename)} · {ev.size / 1024:,.0f} KB · sha256 {ev.sha256[:12]}…")
        if ev.media_type.startswith("image/"):
            try:
                st.image(evidence_file(actor, ev.id).content, width=480)
            except Exception as exc:
                show_error(exc)
                continue
        # the file is read only when the button is clicked, so a page of PDFs opens fast
        st.download_button(
            literal_t("dept.download_file", name=ev.filename),
            partial(evidence_content, actor, ev.id),
            file_name=ev.filename,
            mime=ev.media_type,
            key=f"ev_{ev.id}",
            on_click="ignore",
            icon=":material/download:",
        )

    with st.form(f"decide_{item.kind}_{item.id}", border=False):
        note = st.text_area(
            t("field.review_note"), key=f"note_{item.kind}_{item.id}", help=t("dept.note_help")
        )
        b1, b2 = st.columns(2)
        verify = b1.form_submit_button(t("dept.verify"), type="primary", icon=":material/check:")
        reject = b2.form_submit_button(t("dept.reject"), icon=":material/undo:")
    if verify or reject:
        if verify:
            ok = run_action(review.verify, actor, item.kind, item.id, note, success=t("dept.verified_one"))
        else:
            ok = run_action(review.reject, actor, item.kind, item.id, note, success=t("dept.rejected_one"))
        if ok:
            st.rerun()
