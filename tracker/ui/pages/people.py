"""People: filter the list, add a person, edit or deactivate one, reset a password, import a file."""

import pandas as pd
import streamlit as st

from tracker.exports import to_csv
from tracker.i18n import in_language, t
from tracker.models import Category, Role
from tracker.services import people
from tracker.ui import admin
from tracker.ui.markdown import literal, literal_t
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action

EDIT_CHOICES = 200

actor = require_actor()
st.title(t("page.people"))
admin.show_flash()

department_names = {d.id: d.name for d in admin.load(admin.department_list, actor)}
roles = [r.value for r in Role]
categories = [c.value for c in Category]
# labels are resolved now, in this run's language: a format_func may be called outside the run
everyone = t("common.all")
role_names = {None: everyone, **{r: t(f"role.{r}") for r in roles}}
category_names = {c: t(f"category.{c}") for c in categories}
state_names = {True: t("admin.people.active_True"), False: t("admin.people.active_False"), None: everyone}
sign_in_names = {True: t("admin.people.has_password"), False: t("admin.people.no_password_short")}
department_choices = {None: t("admin.no_department"), **department_names}
kind_names = {k: t(f"admin.import.kind_{k}") for k in people.IMPORT_KINDS}

f1, f2, f3, f4 = st.columns(4)
department_filter = f1.selectbox(t("common.department"), [None, *department_names], key="people_department",
                                 format_func={None: everyone, **department_names}.get)
role_filter = f2.selectbox(t("field.role"), [None, *roles], format_func=role_names.get, key="people_role")
active_filter = f3.selectbox(t("admin.people.state"), [True, False, None], format_func=state_names.get,
                             key="people_active")
search = f4.text_input(t("admin.search"), key="people_search", placeholder=t("admin.people.search_hint"))

shown = admin.load(admin.people_list, actor, department_filter, role_filter, active_filter, search.strip())
st.caption(t("admin.people.count", n=len(shown)))
if shown:
    st.dataframe(
        pd.DataFrame({  # one column at a time: each label is translated once, not once per row
            t("admin.people.name"): [p.name for p in shown],
            t("field.email"): [p.email for p in shown],
            t("field.department"): [p.department or "" for p in shown],
            t("field.role"): [role_names[p.role] for p in shown],
            t("field.category"): [category_names[p.category] for p in shown],
            t("field.hire_date"): [p.hire_date for p in shown],
            t("admin.people.state"): [state_names[p.active] for p in shown],
            t("admin.people.sign_in"): [sign_in_names[p.has_password] for p in shown],
        }),
        hide_index=True, width="stretch",
    )

# imported people have no password: say so, and let the admin make first passwords to hand out
FIRST = "first_passwords"
if made := st.session_state.get(FIRST):
    with st.container(border=True):
        st.success(t("admin.people.first_made", n=len(made)), icon=":material/key:")
        st.caption(t("admin.people.first_once"))
        table = pd.DataFrame({t("admin.people.name"): [m.name for m in made],
                              t("field.email"): [m.email for m in made],
                              t("field.password"): [m.password for m in made]})
        st.dataframe(table, hide_index=True, width="stretch")
        d1, d2 = st.columns(2)
        d1.download_button(t("admin.people.first_download"), to_csv(table), mime="text/csv",
                           file_name="first-passwords.csv", icon=":material/download:", key="first_download",
                           on_click="ignore")
        if d2.button(t("admin.people.first_done"), key="first_done"):
            st.session_state.pop(FIRST)
            st.rerun()
elif without := [p for p in shown if p.active and not p.has_password]:
    st.warning(t("admin.people.no_password", n=len(without)), icon=":material/lock_person:")
    if admin.confirmed(FIRST, t("admin.people.first_question", n=len(without)),
                       confirm_label=t("admin.people.first_confirm")):
        made = run_action(people.issue_first_passwords, actor, [p.id for p in without])
        if made is not None:
            st.session_state[FIRST] = made
            st.rerun()
    elif st.session_state.get(f"confirm_{FIRST}") is None and st.button(
            t("admin.people.first_button", n=len(without)), key="first_passwords_ask"):
        admin.ask(FIRST)
        st.rerun()

# keyed tabs remember the open one across reruns: a save no longer jumps back to the first tab
add_tab, edit_tab, import_tab = st.tabs(
    [t("admin.people.add"), t("admin.people.edit"), t("admin.import.title")], key="people_tabs",
    on_change="rerun")


def add_key(name: str) -> str:
    return admin.form_key("add_person", name)  # a fresh, empty form (password included) after each add


with add_tab, st.form("add_person"):
    c1, c2 = st.columns(2)
    email = c1.text_input(t("field.email"), key=add_key("add_email"))
    name = c2.text_input(t("admin.people.name"), key=add_key("add_name"))
    department = c1.selectbox(t("field.department"), [None, *department_names],
                              format_func=department_choices.get,
                              key=add_key("add_department"))
    hire_date = c2.date_input(t("field.hire_date"), value=None, min_value=pd.Timestamp("1950-01-01"),
                              key=add_key("add_hire_date"))
    role = c1.selectbox(t("field.role"), roles, format_func=role_names.get, key=add_key("add_role"))
    category = c2.selectbox(t("field.category"), categories, format_func=category_names.get,
                            key=add_key("add_category"))
    password = st.text_input(t("admin.people.initial_password"), type="password", key=add_key("add_password"),
                             help=t("admin.people.password_help"))
    if st.form_submit_button(t("admin.people.add"), type="primary", key="add_person_submit"):
        raw = {"email": email, "name": name, "department": department_names.get(department), "role": role,
               "category": category, "hire_date": hire_date}
        admin.save(people.add_person, actor, raw, password=password, form="add_person",
                   message=lambda added: literal_t("admin.people.added", name=added.name))

with edit_tab:
    if not shown:
        st.info(t("admin.people.none_match"))
    else:
        # a menu of thousands is slow to send and useless to scroll: the filters above narrow it
        by_id = {p.id: p for p in shown[:EDIT_CHOICES]}
        if len(shown) > EDIT_CHOICES:
            st.caption(t("admin.people.narrow", n=EDIT_CHOICES, total=len(shown)))
        chosen = st.selectbox(t("admin.people.choose"), list(by_id), key="edit_person",
                              format_func=lambda i: f"{by_id[i].name} <{by_id[i].email}>")
        person = by_id[chosen]
        # keys carry the person's id so switching person shows that person's values
        with st.form(f"edit_person_{person.id}"):
            c1, c2 = st.columns(2)
            new_name = c1.text_input(t("admin.people.name"), value=person.name, key=f"edit_name_{person.id}")
            options = [None, *department_names]
            new_department = c2.selectbox(
                t("field.department"), options, format_func=department_choices.get,
                key=f"edit_department_{person.id}",
                index=options.index(person.department_id) if person.department_id in options else 0)
            new_role = c1.selectbox(t("field.role"), roles, index=roles.index(person.role),
                                    format_func=role_names.get, key=f"edit_role_{person.id}")
            new_category = c2.selectbox(t("field.category"), categories,
                                        index=categories.index(person.category),
                                        format_func=category_names.get, key=f"edit_category_{person.id}")
            new_hire = c1.date_input(t("field.hire_date"), value=person.hire_date,
                                     min_value=pd.Timestamp("1950-01-01"), key=f"edit_hire_{person.id}")
            if st.form_submit_button(t("common.save"), type="primary", key=f"edit_person_submit_{person.id}"):
                raw = {"name": new_name, "department": department_names.get(new_department), "role": new_role,
                       "category": new_category, "hire_date": new_hire}
                admin.save(people.edit_person, actor, person.id, raw, message=t("common.saved"))

        left, right = st.columns(2)
        with left:
            st.markdown(f"**{t('admin.people.state')}**: {state_names[person.active]}")
            if person.active:
                st.caption(t("admin.people.deactivate_help"))
                if st.button(t("admin.people.deactivate"), key=f"deactivate_{person.id}"):
                    admin.save(people.set_active, actor, person.id, False,
                               message=literal_t("admin.people.deactivated", name=person.name))
            elif st.button(t("admin.people.reactivate"), key=f"reactivate_{person.id}"):
                admin.save(people.set_active, actor, person.id, True,
                           message=literal_t("admin.people.reactivated", name=person.name))
        with right, st.form(f"reset_password_{person.id}", clear_on_submit=True):
            new_password = st.text_input(t("admin.people.new_password"), type="password",
                                         key=f"new_password_{person.id}",
                                         help=t("admin.people.password_help"))
            if st.form_submit_button(t("admin.people.reset_password"),
                                     key=f"reset_password_submit_{person.id}"):
                admin.save(people.reset_password, actor, person.id, new_password,
                           message=literal_t("admin.people.password_reset", name=person.name))

with import_tab:
    st.caption(t("admin.import.help"))
    kind = st.selectbox(t("admin.import.kind"), people.IMPORT_KINDS, key="import_kind",
                        format_func=kind_names.get)
    upload = st.file_uploader(t("admin.import.file"), type=["csv", "xlsx"], key="import_file")
    if upload is not None:
        content = upload.getvalue()
        preview = admin.load(admin.import_preview, actor, kind, content, upload.name)
        if not preview.ok:
            shown_problems = preview.problems[:100]
            more = preview.problem_count - len(shown_problems)
            st.error(t("admin.import.has_problems", n=preview.problem_count) + "\n\n"
                     + "\n".join(f"- {literal(in_language(p))}" for p in shown_problems)
                     + (f"\n- {t('admin.import.more', n=more)}" if more else ""))
        else:
            st.success(t("admin.import.ready", n=preview.total_rows))
            if preview.rows:
                st.caption(t("admin.import.preview", n=len(preview.rows), total=preview.total_rows))
                st.dataframe(pd.DataFrame(preview.rows), hide_index=True, width="stretch")
            if st.button(t("admin.import.run", n=preview.total_rows), type="primary", key="import_run"):
                admin.save(people.import_upload, actor, kind, content, upload.name, clear=("import_file",),
                           progress=admin.progress_bar(literal_t("admin.import.reading", filename=upload.name)),
                           message=lambda r: t("admin.import.done", created=r.created, updated=r.updated,
                                               skipped=r.skipped))
