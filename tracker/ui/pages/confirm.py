"""The host enterprise's confirmation page, opened through a signed link without any account (issue 13).

The router shows this page instead of sign-in whenever the URL carries ``confirm=TOKEN``; ``lang=en`` gives
English. A refused link (tampered, unknown, expired, revoked) gets one clear message and nothing else.
"""

import logging

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.models import Rating
from tracker.services.confirmation import LinkRefused, confirm_practice, open_confirmation
from tracker.services.evidence import ACCEPTED_EXTENSIONS, MAX_BYTES, Upload
from tracker.ui.widgets import show_error

log = logging.getLogger(__name__)
_OPENED = "confirm_opened"  # the token whose opening was audited in this browser session
_DONE = "confirm_done"

token = st.query_params.get("confirm", "")
client = st.context.ip_address or None


def refused(reason: str) -> None:
    st.title(t("confirm.refused_title"))
    st.error(t(f"confirm.refused.{reason}"), icon=":material/link_off:")
    st.stop()


try:
    view = open_confirmation(token, client=client, audit_open=st.session_state.get(_OPENED) != token)
except LinkRefused as exc:
    refused(exc.reason)
except Exception:  # never a traceback in front of the enterprise
    log.exception("confirmation page")
    refused("invalid")
st.session_state[_OPENED] = token

st.title(t("confirm.title"))
if view.read_only:
    if st.session_state.pop(_DONE, False):
        st.success(t("confirm.done"), icon=":material/check_circle:")
    st.info(t("confirm.read_only", date=f"{view.confirmation.confirmed_at:%Y-%m-%d}"), icon=":material/lock:")
else:
    st.caption(t("confirm.intro"))
    st.caption(t("confirm.valid_until", date=f"{view.expires_at:%Y-%m-%d}"))

st.subheader(t("confirm.facts"))
facts = [
    (t("confirm.teacher"), view.teacher),
    (t("form.department"), view.department or ""),
    (t("field.enterprise"), view.enterprise),
    (t("field.kind"), t(f"kind.{view.kind}")),
    (t("field.post"), view.post or ""),
    (t("field.tasks"), view.tasks or ""),
    (t("confirm.period"), f"{view.start_date:%Y-%m-%d} – {view.end_date:%Y-%m-%d}"),
    (t("field.planned_days"), "" if view.planned_days is None else str(view.planned_days)),
    (t("plans.claimed"), f"{view.claimed_hours:g}"),
]
# st.table: plain HTML that prints and that a screen reader reads (every cell is escaped text)
st.table(pd.DataFrame({"": [v for _, v in facts]}, index=[k for k, _ in facts]), hide_header=True)
if view.journal:
    st.subheader(t("confirm.journal"))
    st.table(
        pd.DataFrame(
            [(f"{e.day:%Y-%m-%d}", f"{e.hours:g}", e.content) for e in view.journal],
            columns=[t("field.day"), t("field.hours"), t("field.content")],
        ).set_index(t("field.day"))
    )

st.subheader(t("confirm.form"))
if view.read_only:
    c = view.confirmation
    done = [
        (t("field.confirmed_days"), str(c.confirmed_days)),
        (t("field.confirmed_hours"), f"{c.confirmed_hours:g}"),
        (t("field.rating"), t(f"rating.{c.rating}")),
        (t("field.comment"), c.comment),
        (t("field.confirmed_by"), c.confirmed_by),
    ]
    if c.scan is not None:
        done.append((t("field.scan"), c.scan.filename))
    st.table(pd.DataFrame({"": [v for _, v in done]}, index=[k for k, _ in done]), hide_header=True)
    st.stop()

ratings = [r.value for r in Rating]
logged_days = len({e.day for e in view.journal}) or (view.planned_days or 0)
with st.form("confirm", border=True):
    left, right = st.columns(2)
    days = left.number_input(t("field.confirmed_days"), min_value=0, max_value=view.calendar_days,
                             value=min(logged_days, view.calendar_days), step=1)
    hours = right.number_input(t("field.confirmed_hours"), min_value=0.0, max_value=24.0 * view.calendar_days,
                               value=float(view.claimed_hours), step=0.5)
    rating = st.selectbox(t("field.rating"), ratings, index=None, placeholder=t("common.choose"),
                          format_func={r: t(f"rating.{r}") for r in ratings}.__getitem__)
    comment = st.text_area(t("field.comment"))
    by = st.text_input(t("field.confirmed_by"), value=view.mentor_name or "")
    scan = st.file_uploader(t("field.scan"), type=ACCEPTED_EXTENSIONS, help=t("confirm.scan_help"),
                            max_upload_size=MAX_BYTES // (1024 * 1024))
    submitted = st.form_submit_button(t("confirm.button"), type="primary")
if submitted:
    raw = {"confirmed_days": days, "confirmed_hours": hours, "rating": rating, "comment": comment,
           "confirmed_by": by}
    try:
        confirm_practice(token, raw=raw, scan=Upload(scan.name, scan.getvalue()) if scan else None, client=client)
    except LinkRefused as exc:
        refused(exc.reason)
    except Exception as exc:
        show_error(exc)
    else:
        st.session_state[_DONE] = True
        st.rerun()
