"""Enterprise registry: how much practice each partner hosts; add, rename, and merge duplicate spellings."""

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.services import enterprises
from tracker.ui import admin
from tracker.ui.markdown import literal_t
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

# keyed tabs remember the open one across reruns: a save no longer jumps back to the first tab
merge_tab, edit_tab, add_tab = st.tabs([t("admin.enterprises.merge"), t("admin.enterprises.edit"),
                                        t("admin.enterprises.add")], key="enterprise_tabs", on_change="rerun")
by_id = {e.id: e for e in shown}
# labels are resolved now, in this run's language: a format_func may be called outside the run; an id that is
# gone (merged away in another run) still gets a label instead of breaking the widget
names = {e.id: t("admin.enterprises.option", name=e.name, n=e.activities) for e in shown}


def label(enterprise_id: int) -> str:
    return names.get(enterprise_id, f"#{enterprise_id}")


with merge_tab:
    st.caption(t("admin.enterprises.merge_help"))
    asked = st.session_state.get("confirm_merge")
    if asked is not None and not set(asked[1]) | {asked[0]} <= set(by_id):
        st.session_state.pop("confirm_merge")  # the list changed under the question (search, another admin)
        asked = None
    if asked is not None:
        keep, duplicates = asked
        question = literal_t("admin.enterprises.merge_question", name=by_id[keep].name, n=len(duplicates),
                             duplicates="、".join(by_id[i].name for i in duplicates),
                             moved=sum(by_id[i].activities for i in duplicates))
        if admin.confirmed("merge", question, confirm_label=t("admin.enterprises.merge_confirm")) is not None:
            admin.save(enterprises.merge_enterprises, actor, keep, list(duplicates), form="merge",
                       message=lambda moved: literal_t("admin.enterprises.merged", n=len(duplicates),
                                                       moved=moved, name=by_id[keep].name))
    if len(by_id) < 2:
        st.info(t("admin.enterprises.merge_needs_two"))
    elif st.session_state.get("confirm_merge") is None:
        keep = st.selectbox(t("admin.enterprises.keep"), list(by_id), format_func=label,
                            key=admin.form_key("merge", "merge_keep"))
        # the kept enterprise is not offered as its own duplicate (a new key per kept one: nothing stale)
        duplicates = st.multiselect(
            t("admin.enterprises.duplicates"), [i for i in by_id if i != keep], format_func=label,
            key=admin.form_key("merge", f"merge_duplicates_{keep}"), placeholder=t("common.choose"),
            select_all=False)  # Streamlit's own "Select all" is English only
        if st.button(t("admin.enterprises.merge"), type="primary", key="merge_submit",
                     disabled=not duplicates):
            admin.ask("merge", (keep, tuple(duplicates)))
            st.rerun()

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
                   message=literal_t("admin.enterprises.added", name=name.strip()),
                   clear=("enterprise_add_name", "enterprise_add_sector", "enterprise_add_city"))
