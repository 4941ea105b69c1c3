"""Enterprise registry: how much practice each partner hosts; add, rename, and merge duplicate spellings."""

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.services import enterprises
from tracker.ui import admin
from tracker.ui.session import require_actor

actor = require_actor()
st.title(t("page.enterprises"))
admin.show_flash()

search = st.text_input(t("admin.search"), key="enterprise_search",
                       placeholder=t("admin.enterprises.search_hint"))
shown = admin.load(admin.enterprise_list, actor, search.strip())
st.caption(t("admin.enterprises.count", n=len(shown)))
if shown:
    st.dataframe(
        pd.DataFrame({
            t("field.name"): [e.name for e in shown],
            t("admin.enterprises.sector"): [e.sector or "" for e in shown],
            t("admin.enterprises.city"): [e.city or "" for e in shown],
            t("admin.enterprises.activities"): [e.activities for e in shown],
            t("admin.enterprises.teachers"): [e.teachers for e in shown],
            t("field.hours"): [round(e.hours, 1) for e in shown],
        }),
        hide_index=True, width="stretch",
    )

merge_tab, edit_tab, add_tab = st.tabs([t("admin.enterprises.merge"), t("admin.enterprises.edit"),
                                        t("admin.enterprises.add")])
by_id = {e.id: e for e in shown}
# labels are resolved now, in this run's language: a format_func may be called outside the run
label = {e.id: t("admin.enterprises.option", name=e.name, n=e.activities) for e in shown}.get


with merge_tab:
    st.caption(t("admin.enterprises.merge_help"))
    if len(by_id) < 2:
        st.info(t("admin.enterprises.merge_needs_two"))
    else:
        with st.form("merge_enterprises"):
            keep = st.selectbox(t("admin.enterprises.keep"), list(by_id), format_func=label, key="merge_keep")
            duplicates = st.multiselect(t("admin.enterprises.duplicates"), list(by_id), format_func=label,
                                        key="merge_duplicates", placeholder=t("common.choose"))
            if st.form_submit_button(t("admin.enterprises.merge"), type="primary", key="merge_submit"):
                folded = len(set(duplicates) - {keep})
                admin.save(enterprises.merge_enterprises, actor, keep, duplicates,
                           clear=("merge_duplicates",),
                           message=lambda moved: t("admin.enterprises.merged", n=folded, moved=moved,
                                                   name=by_id[keep].name))

with edit_tab:
    if not by_id:
        st.info(t("common.nothing_yet"))
    else:
        chosen = st.selectbox(t("field.enterprise"), list(by_id), format_func=label, key="enterprise_edit")
        current = by_id[chosen]
        with st.form(f"edit_enterprise_{chosen}"):
            name = st.text_input(t("field.name"), value=current.name, key=f"enterprise_name_{chosen}")
            sector = st.text_input(t("admin.enterprises.sector"), value=current.sector or "",
                                   key=f"enterprise_sector_{chosen}")
            city = st.text_input(t("admin.enterprises.city"), value=current.city or "",
                                 key=f"enterprise_city_{chosen}")
            if st.form_submit_button(t("common.save"), type="primary",
                                     key=f"enterprise_edit_submit_{chosen}"):
                raw = {"name": name, "sector": sector, "city": city}
                admin.save(enterprises.edit_enterprise, actor, chosen, raw, message=t("common.saved"))

with add_tab, st.form("add_enterprise"):
    name = st.text_input(t("field.name"), key="enterprise_add_name")
    sector = st.text_input(t("admin.enterprises.sector"), key="enterprise_add_sector")
    city = st.text_input(t("admin.enterprises.city"), key="enterprise_add_city")
    if st.form_submit_button(t("admin.enterprises.add"), type="primary", key="enterprise_add_submit"):
        admin.save(enterprises.add_enterprise, actor, {"name": name, "sector": sector, "city": city},
                   message=t("admin.enterprises.added", name=name.strip()),
                   clear=("enterprise_add_name", "enterprise_add_sector", "enterprise_add_city"))
