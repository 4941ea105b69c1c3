"""Dual-qualified recognition batch (issue 12): who is eligible at which level on a date; the committee
confirms or declines each with a note and a validity period; recognitions about to lapse."""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.norms.levels import LEVELS
from tracker.norms.packs import add_years
from tracker.services.dual_qualified import decide_recognition, recognition_batch
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action, show_error

actor = require_actor()
st.title(t("page.recognition"))
st.caption(t("dual.batch.intro"))

as_of = st.date_input(t("dual.batch.date"), value=date.today(), key="batch_as_of")

try:
    batch = recognition_batch(actor, as_of=as_of)
except Exception as exc:
    show_error(exc)
    st.stop()


def level_name(key: str) -> str:
    return t(f"dual.level.{key}")


st.subheader(t("dual.batch.eligible"))
if not batch.eligible:
    st.info(t("dual.batch.none"))
else:
    st.dataframe(
        pd.DataFrame(
            {
                t("dual.col.teacher"): [r.name for r in batch.eligible],
                t("common.department"): [r.department or "—" for r in batch.eligible],
                t("dual.col.level"): [level_name(r.level) for r in batch.eligible],
                t("dual.col.recognised"): [level_name(r.recognised_level) for r in batch.eligible],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    people = {r.person_id: r for r in batch.eligible}
    labels = {p: f"{r.name} · {r.teacher}" for p, r in people.items()}
    chosen = st.selectbox(
        t("dual.batch.teacher"),
        list(people),
        format_func=labels.__getitem__,
        key="batch_teacher",
    )
    row = people[chosen]
    with st.form(f"decide_{chosen}", border=True):
        st.markdown(t("dual.batch.decide_for", name=row.name).replace("*", "\\*"))
        names = {k: level_name(k) for k in LEVELS}  # fixed now, not in whatever language a later run uses
        level = st.selectbox(
            t("dual.batch.level"), list(LEVELS), index=LEVELS.index(row.level), format_func=names.__getitem__,
            key=f"level_{chosen}",
        )
        valid_until = st.date_input(
            t("dual.batch.valid_until"), value=add_years(as_of, 5) - timedelta(days=1),
            min_value=as_of, max_value=date(2100, 12, 31), key=f"until_{chosen}",
        )
        note = st.text_area(t("dual.batch.note"), key=f"note_{chosen}")
        yes_col, no_col = st.columns(2)
        confirm = yes_col.form_submit_button(t("dual.batch.confirm"), type="primary", width="stretch")
        decline = no_col.form_submit_button(t("dual.batch.decline"), width="stretch")
    if confirm or decline:
        done = run_action(
            decide_recognition, actor, person_id=chosen, level=level, confirmed=bool(confirm), decided_on=as_of,
            valid_until=valid_until, note=note,
            success=t("dual.batch.confirmed") if confirm else t("dual.batch.declined"),
        )
        if done:
            st.rerun()


def decisions_frame(decisions) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("dual.col.teacher"): [d.name for d in decisions],
            t("common.department"): [d.department or "—" for d in decisions],
            t("dual.batch.level"): [level_name(d.level) for d in decisions],
            t("dual.batch.decision"): [
                t("dual.decision.confirmed") if d.confirmed else t("dual.decision.declined") for d in decisions
            ],
            t("dual.batch.decided_on"): [d.decided_on.isoformat() for d in decisions],
            t("dual.batch.valid_until"): [d.valid_until.isoformat() for d in decisions],
            t("dual.batch.note"): [d.note for d in decisions],
            t("dual.batch.by"): [d.decided_by or "—" for d in decisions],
        }
    )


st.subheader(t("dual.batch.lapsing"))
if batch.lapsing:
    st.dataframe(decisions_frame(batch.lapsing), hide_index=True, width="stretch")
else:
    st.caption(t("dual.batch.no_lapsing"))

st.subheader(t("dual.batch.history"))
if batch.decisions:
    st.dataframe(decisions_frame(batch.decisions), hide_index=True, width="stretch")
else:
    st.caption(t("dual.batch.no_decisions"))
