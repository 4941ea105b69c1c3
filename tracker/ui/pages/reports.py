"""Reports: compliance and records as of a date (CSV, Excel), and a teacher's audit pack (ZIP).

Files are built only when a button is clicked (deferred download), so opening the page stays fast."""

from functools import partial

import streamlit as st

from tracker.i18n import current_language, t
from tracker.services import reports
from tracker.ui import department as dept
from tracker.ui.session import require_actor
from tracker.ui.widgets import show_error

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

actor = require_actor()
lang = current_language()
st.title(t("page.reports"))

left, right = st.columns(2)
with left:
    as_of = dept.pick_as_of(key="reports_as_of")
with right:
    department_id = dept.pick_department(actor, key="reports_department")
try:
    people = dept.members(actor, department_id)
except Exception as exc:
    show_error(exc)
    st.stop()

scope = {"as_of": as_of, "department_id": department_id, "lang": lang}
stamp = as_of.isoformat()

def download_pair(name: str, title_key: str, help_key: str, as_csv, as_xlsx) -> None:
    """One report as CSV and as Excel, built only when its button is clicked."""
    with st.container(border=True):
        st.markdown(f"**{t(title_key)}**")
        st.caption(t(help_key))
        c1, c2 = st.columns(2)
        for column, label, build, ext, mime in (
            (c1, "common.download_csv", as_csv, "csv", CSV),
            (c2, "common.download_xlsx", as_xlsx, "xlsx", XLSX),
        ):
            column.download_button(
                t(label),
                partial(build, actor, **scope),
                file_name=f"{name}-{stamp}.{ext}",
                mime=mime,
                on_click="ignore",
                icon=":material/download:",
                key=f"dl_{name}_{ext}",
            )


download_pair("compliance", "dept.report_compliance", "dept.report_compliance_help",
              reports.compliance_csv, reports.compliance_xlsx)
download_pair("records", "dept.report_records", "dept.report_records_help",
              reports.records_csv, reports.records_xlsx)

def pack_bytes(person_id: int, as_of, lang: str) -> bytes:
    """The audit pack, built in a temporary file by the service, handed to Streamlit to serve."""
    with reports.audit_pack(actor, person_id, as_of=as_of, lang=lang) as pack:
        return pack.read()


with st.container(border=True):
    st.markdown(f"**{t('dept.report_pack')}**")
    st.caption(t("dept.report_pack_help"))
    if not people:
        st.caption(t("common.nothing_yet"))
    else:
        by_id = {p.person_id: p for p in people}
        person_id = st.selectbox(
            t("common.teacher"),
            list(by_id),
            key="reports_teacher",
            format_func=lambda i: f"{by_id[i].name} · {by_id[i].email}",
        )
        local = by_id[person_id].email.split("@")[0]
        st.download_button(
            t("dept.download_pack"),
            partial(pack_bytes, person_id, as_of, lang),
            file_name=f"audit-pack-{local}-{stamp}.zip",
            mime="application/zip",
            on_click="ignore",
            icon=":material/folder_zip:",
            key="dl_pack",
            type="primary",
        )
