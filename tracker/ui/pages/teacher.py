"""Teacher: pick someone in your scope and see their full picture (norm cards, hours timeline, expiries,
every record with its status)."""

import pandas as pd
import streamlit as st

from tracker.i18n import current_language, t
from tracker.services.activities import list_records
from tracker.services.progress import teacher_overview
from tracker.ui import department as dept
from tracker.ui import progress_text as words
from tracker.ui.charts import progress as progress_charts
from tracker.ui.markdown import literal
from tracker.ui.session import require_actor
from tracker.ui.widgets import compliance_chip, show_error, status_chip

actor = require_actor()
lang = current_language()
st.title(t("page.teacher"))


@st.cache_data(ttl=dept.TTL, show_spinner=False)
def picture(actor, person_id: int, as_of):
    return teacher_overview(actor, person_id, as_of), list_records(actor, person_id)


left, middle, right = st.columns([1, 2, 1])
with left:
    department_id = dept.pick_department(actor, key="teacher_department")
try:
    people = dept.members(actor, department_id)
except Exception as exc:
    show_error(exc)
    st.stop()
if not people:
    st.info(t("common.nothing_yet"))
    st.stop()
by_id = {p.person_id: p for p in people}
with middle:
    person_id = st.selectbox(
        t("common.teacher"),
        list(by_id),
        key="teacher_pick",
        format_func=lambda i: f"{by_id[i].name} · {by_id[i].email}",
    )
with right:
    as_of = dept.pick_as_of(key="teacher_as_of")

try:
    overview, records = picture(actor, person_id, as_of)
except Exception as exc:
    show_error(exc)
    st.stop()

st.subheader(f"{literal(overview.name)} · {literal(overview.department)}")
drafts = sum(a.kind == "draft" for a in overview.actions)
st.caption(t("progress.counts", sent_back=overview.sent_back, drafts=drafts, waiting=overview.waiting_review))
if overview.cards:
    # two cards a row stay readable on a phone (Streamlit stacks columns on narrow screens)
    for start in range(0, len(overview.cards), 2):
        for column, card in zip(st.columns(2), overview.cards[start : start + 2], strict=False):
            with column.container(border=True):
                label = card.label_in(lang)
                st.markdown(f"**{literal(label)}**  \n{compliance_chip(card.status)}")
                st.progress(
                    card.share,
                    text=f"{words.num(card.achieved)} / {words.num(card.required)} {t('unit.' + card.unit)}",
                )
                if line := words.days_line(card, lang):
                    st.caption(line)
                if card.pending:
                    st.caption(t("dept.pending") + f": {words.num(card.pending)}")
                st.caption(words.explain(card, overview.as_of, lang))
else:
    st.info(t("dept.no_norms"))

if overview.monthly:
    st.plotly_chart(progress_charts.practice_timeline(overview, lang=lang), key="teacher_timeline")

# expired certificates apart from those still valid: a lapsed one is not "expiring soon"
if overview.expired:
    st.markdown(f"**{t('progress.expired')}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("field.name"): e.name,
                    t("field.issuer"): e.issuer,
                    t("field.expires_on"): e.expires_on,
                    t("progress.days_ago"): -e.days_left,
                }
                for e in overview.expired
            ]
        ),
        hide_index=True,
    )
if overview.expiring:
    st.markdown(f"**{t('progress.expiring')}**")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("field.name"): e.name,
                    t("field.issuer"): e.issuer,
                    t("field.expires_on"): e.expires_on,
                    t("dept.days_left"): e.days_left,
                }
                for e in overview.expiring
            ]
        ),
        hide_index=True,
    )

st.subheader(t("dept.records"))
tab_a, tab_c = st.tabs([t("pack.activities"), t("pack.certificates")])
with tab_a:
    if records.activities:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("field.status"): t(f"status.{a.status}"),
                        t("field.kind"): t(f"kind.{a.kind}"),
                        t("field.enterprise"): a.enterprise or "",
                        t("field.start_date"): a.start_date,
                        t("field.end_date"): a.end_date,
                        t("field.hours"): a.hours,
                        t("field.confirmed_hours"): a.confirmed_hours,
                        t("field.trust"): t(f"trust.{a.trust}"),
                        t("report.col.reviewer"): a.reviewer or "",
                        t("field.review_note"): a.review_note or "",
                        t("field.evidence"): len(a.evidence),
                    }
                    for a in records.activities
                ]
            ),
            hide_index=True,
        )
    else:
        st.caption(t("common.nothing_yet"))
with tab_c:
    if records.certifications:
        for c in records.certifications:
            st.markdown(
                f"{status_chip(c.status)} **{literal(c.name)}** · {literal(c.issuer)} · {c.issued_on} → "
                f"{c.expires_on or t('dept.no_expiry')}"
            )
    else:
        st.caption(t("common.nothing_yet"))
