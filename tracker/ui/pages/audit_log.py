"""Audit log: who changed what and when (in the institution's time zone), filtered and paged; each change
field by field, with the stored record kept behind an expander."""

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.localtime import zone_name
from tracker.services.audit_log import AuditFilter
from tracker.ui import admin
from tracker.ui.session import require_actor
from tracker.ui.widgets import field_label

actor = require_actor()
st.title(t("page.audit_log"))

entities, actions = admin.load(admin.audit_choices, actor)
# labels are resolved now, in this run's language: a format_func may be called outside the run
everyone = t("common.all")
entity_names = {None: everyone, **{e: admin.word("admin.audit.entity_", e) for e in entities}}
action_names = {None: everyone, **{a: admin.word("admin.audit.action_", a) for a in actions}}
f1, f2, f3, f4, f5 = st.columns([2, 1, 1, 1, 1])
who = f1.text_input(t("admin.audit.actor"), key="audit_actor", placeholder=t("admin.audit.actor_hint"))
entity = f2.selectbox(t("admin.audit.entity"), [None, *entities], key="audit_entity",
                      format_func=entity_names.get)
action = f3.selectbox(t("admin.audit.action"), [None, *actions], key="audit_action",
                      format_func=action_names.get)
since = f4.date_input(t("admin.audit.since"), value=None, key="audit_since")
until = f5.date_input(t("admin.audit.until"), value=None, key="audit_until")
filters = AuditFilter(actor=who.strip() or None, entity=entity, action=action, since=since, until=until)

p1, p2 = st.columns([1, 4])
page_size = p1.selectbox(t("admin.audit.page_size"), [25, 50, 100, 200], index=1, key="audit_page_size")
page_number = p2.number_input(t("admin.audit.page"), min_value=1, value=1, step=1, key="audit_page")
page = admin.load(admin.audit_page, actor, filters, int(page_number), page_size)
st.caption(t("admin.audit.count", total=page.total, page=page.page, pages=page.pages) + " · "
           + t("admin.audit.zone", zone=zone_name()))

if not page.entries:
    st.info(t("admin.audit.none"))
    st.stop()


def who(entry) -> str:
    return f"{entry.actor_name} <{entry.actor}>" if entry.actor_name else entry.actor


def summary(entry) -> str:
    """The changed fields in one line: "name: Alpha → Alpha Ltd · city: → 杭州"."""
    return " · ".join(f"{field_label(c.field)}: {c.before} → {c.after}" for c in entry.changes)


st.dataframe(
    pd.DataFrame({
        t("admin.audit.at"): [e.at.strftime("%Y-%m-%d %H:%M:%S") for e in page.entries],
        t("admin.audit.actor"): [who(e) for e in page.entries],
        t("admin.audit.action"): [action_names.get(e.action, e.action) for e in page.entries],
        t("admin.audit.entity"): [entity_names.get(e.entity, e.entity) for e in page.entries],
        t("admin.audit.subject"): [e.subject or (f"#{e.entity_id}" if e.entity_id else "") for e in page.entries],
        t("admin.audit.changes"): [summary(e) for e in page.entries],
    }),
    hide_index=True, width="stretch",
)

by_id = {e.id: e for e in page.entries}
options = {i: " · ".join(str(part) for part in (
    e.at.strftime("%Y-%m-%d %H:%M"), action_names.get(e.action, e.action), entity_names.get(e.entity, e.entity),
    e.subject or e.entity_id or "") if part) for i, e in by_id.items()}
chosen = by_id[st.selectbox(t("admin.audit.details"), list(by_id), key="audit_chosen", format_func=options.get)]
if chosen.changes:
    st.dataframe(
        pd.DataFrame({
            t("admin.audit.field"): [field_label(c.field) for c in chosen.changes],
            t("admin.audit.before"): [c.before for c in chosen.changes],
            t("admin.audit.after"): [c.after for c in chosen.changes],
        }),
        hide_index=True, width="stretch",
    )
else:
    st.caption(t("admin.audit.no_changes"))
with st.expander(t("admin.audit.raw")):
    before_col, after_col = st.columns(2)
    before_col.markdown(f"**{t('admin.audit.before')}**")
    before_col.code(chosen.before or "—", language="json")
    after_col.markdown(f"**{t('admin.audit.after')}**")
    after_col.code(chosen.after or "—", language="json")
