"""Norm packs: the layered norms in force on a date with their sources; every loaded pack; load, activate."""

from datetime import date

import pandas as pd
import streamlit as st

from tracker.i18n import current_language, t
from tracker.services import norm_packs
from tracker.ui import admin
from tracker.ui.markdown import literal_t
from tracker.ui.session import require_actor

actor = require_actor()
lang = current_language()
st.title(t("page.norm_packs"))
admin.show_flash()
state_names = {True: t("admin.packs.active_True"), False: t("admin.packs.active_False")}


def unit_label(unit: str) -> str:
    return t("unit.hours") if unit == "hours" else t("unit.count")


st.subheader(t("admin.packs.in_force"))
as_of = st.date_input(t("common.as_of"), value=date.today(), key="packs_as_of",
                      help=t("admin.packs.in_force_help"))
in_force = admin.load(admin.active_norms, actor, as_of)
if not in_force:
    st.warning(t("admin.packs.none_in_force"))
else:
    st.dataframe(
        pd.DataFrame({
            t("admin.packs.norm"): [n.label_in(lang) for n in in_force],
            t("admin.packs.required"): [f"{n.required:g} {unit_label(n.unit)}" for n in in_force],
            t("admin.packs.window"): [str(n.window_years) if n.rule == "rolling_hours" else "—"
                                      for n in in_force],
            t("admin.packs.applies_to"): ["、".join(t(f"category.{c}") for c in n.categories)
                                          for n in in_force],
            t("admin.packs.source"): [n.source for n in in_force],
        }),
        hide_index=True, width="stretch",
    )

st.subheader(t("admin.packs.packs"))
packs = admin.load(admin.pack_list, actor)
if not packs:
    st.info(t("common.nothing_yet"))
else:
    st.dataframe(
        pd.DataFrame({
            t("field.name"): [p.name for p in packs],
            t("admin.packs.layer"): [t(f"admin.packs.layer_{p.layer}") for p in packs],
            t("admin.packs.title"): [(p.title_zh or p.title) if lang == "zh" else p.title for p in packs],
            t("admin.packs.effective_from"): [p.effective_from for p in packs],
            t("admin.packs.state"): [state_names[p.active] for p in packs],
            t("admin.packs.norm"): [", ".join(p.norms) for p in packs],
            t("admin.packs.citation"): [p.citation for p in packs],
        }),
        hide_index=True, width="stretch",
    )
    by_id = {p.id: p for p in packs}
    labels = {p.id: f"{p.name} · {p.effective_from.isoformat()} · {state_names[p.active]}" for p in packs}
    chosen = by_id[st.selectbox(t("admin.packs.choose"), list(by_id), format_func=labels.get,
                                key="packs_chosen")]
    if chosen.active:
        if admin.confirmed("pack_deactivate", literal_t("admin.packs.deactivate_question", name=chosen.name),
                           confirm_label=t("admin.packs.deactivate_confirm")) == chosen.id:
            admin.save(norm_packs.set_pack_active, actor, chosen.id, False,
                       message=literal_t("admin.packs.deactivated", name=chosen.name))
        elif st.button(t("admin.packs.deactivate"), key=f"pack_deactivate_{chosen.id}"):
            admin.ask("pack_deactivate", chosen.id)  # asked before anything changes
            st.rerun()
    elif st.button(t("admin.packs.activate"), key=f"pack_activate_{chosen.id}", type="primary"):
        admin.save(norm_packs.set_pack_active, actor, chosen.id, True,
                   message=literal_t("admin.packs.activated", name=chosen.name))
    with st.expander(t("admin.packs.source_text")):
        st.code(chosen.source_text, language="toml")

st.subheader(t("admin.packs.load"))
st.caption(t("admin.packs.load_help"))
with st.form("load_pack", clear_on_submit=False):
    upload = st.file_uploader(t("admin.packs.file"), type=["toml"], key="pack_file")
    if st.form_submit_button(t("admin.packs.load"), type="primary", key="pack_load_submit"):
        if upload is None:
            st.warning(t("admin.packs.choose_file"))
        else:
            admin.save(norm_packs.load_pack, actor, upload.getvalue(), upload.name,
                       message=lambda p: literal_t("admin.packs.loaded", name=p.name,
                                           date=p.effective_from.isoformat()))
