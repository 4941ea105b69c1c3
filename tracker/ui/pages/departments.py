"""Departments: who is in each and who heads it; add, rename, delete an empty one."""

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.services import departments
from tracker.ui import admin
from tracker.ui.markdown import literal_t
from tracker.ui.session import require_actor

actor = require_actor()
st.title(t("page.departments"))
admin.show_flash()

rows = admin.load(admin.department_list, actor)
no_head = t("admin.departments.no_head")
if rows:
    st.dataframe(
        pd.DataFrame({
            t("field.name"): [d.name for d in rows],
            t("admin.departments.people"): [d.people for d in rows],
            t("admin.departments.inactive"): [d.inactive for d in rows],
            t("admin.departments.heads"): ["、".join(d.heads) or no_head for d in rows],
        }),
        hide_index=True, width="stretch",
    )
else:
    st.info(t("common.nothing_yet"))

add_col, change_col = st.columns(2)
with add_col, st.form("add_department"):
    st.subheader(t("admin.departments.add"))
    name = st.text_input(t("field.name"), key="department_add_name")
    if st.form_submit_button(t("admin.departments.add"), type="primary", key="department_add_submit"):
        admin.save(departments.add_department, actor, name, clear=("department_add_name",),
                   message=literal_t("admin.departments.added", name=name.strip()))

with change_col:
    if rows:
        by_id = {d.id: d for d in rows}
        st.subheader(t("admin.departments.change"))
        chosen = st.selectbox(t("common.department"), list(by_id), format_func=lambda i: by_id[i].name,
                              key="department_chosen")
        with st.form(f"rename_department_{chosen}"):
            new_name = st.text_input(t("admin.departments.new_name"), value=by_id[chosen].name,
                                     key=f"department_new_name_{chosen}")
            if st.form_submit_button(t("admin.departments.rename"), key=f"department_rename_submit_{chosen}"):
                admin.save(departments.rename_department, actor, chosen, new_name, message=t("common.saved"))
        st.caption(t("admin.departments.delete_help"))
        in_use = by_id[chosen].people + by_id[chosen].inactive > 0
        if st.button(literal_t("admin.departments.delete", name=by_id[chosen].name), disabled=in_use,
                     key=f"department_delete_{chosen}"):
            admin.save(departments.delete_department, actor, chosen,
                       message=literal_t("admin.departments.deleted", name=by_id[chosen].name))
