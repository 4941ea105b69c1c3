"""My progress: one card per norm, practice hours per month with the window marked, certificates expiring."""

from datetime import date

import streamlit as st

from tracker.i18n import current_language, t
from tracker.services.progress import teacher_overview
from tracker.ui.charts.progress import practice_timeline
from tracker.ui.markdown import literal
from tracker.ui.navigation import PAGES_DIR
from tracker.ui.session import require_actor
from tracker.ui.widgets import compliance_chip, show_error

TTL_SECONDS = 60

actor = require_actor()
lang = current_language()
st.title(t("page.my_progress"))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview_for(actor, as_of: date):
    return teacher_overview(actor, as_of=as_of)


try:
    overview = overview_for(actor, date.today())
except Exception as exc:
    show_error(exc)
    st.stop()

st.caption(t("mine.as_of_today", date=overview.as_of.isoformat()))
if overview.drafts or overview.waiting_review:
    st.info(
        t("mine.counts", drafts=overview.drafts, waiting=overview.waiting_review), icon=":material/pending:"
    )

if not overview.cards:
    st.info(t("mine.no_norms"))
# two cards a row stay readable on a phone (Streamlit stacks columns on narrow screens)
for start in range(0, len(overview.cards), 2):
    for column, card in zip(st.columns(2), overview.cards[start : start + 2], strict=False):
        with column.container(border=True):
            label = card.label_in(lang)
            st.markdown(f"**{literal(label)}**  \n{compliance_chip(card.status)}")
            unit = t(f"unit.{card.unit}")
            st.progress(
                card.share,
                text=t(
                    "mine.achieved", achieved=f"{card.achieved:g}", required=f"{card.required:g}", unit=unit
                ),
            )
            if card.pending:
                st.caption(t("mine.pending", value=f"{card.pending:g} {unit}"))
            if card.gap:
                st.caption(t("mine.gap", value=f"{card.gap:g} {unit}"))
            if card.change_date:
                key = "mine.valid_until" if card.unit == "count" else "mine.ageing"
                st.caption(t(key, date=card.change_date.isoformat()))

st.subheader(t("mine.timeline"))
if any(hours for _, hours in overview.monthly):
    st.plotly_chart(
        practice_timeline(overview, lang=lang), key="my_timeline", config={"displayModeBar": False}
    )
    st.caption(t("mine.timeline_help", years=overview.window_years))
else:
    st.caption(t("mine.no_hours"))

st.subheader(t("mine.expiries"))
if overview.expiries:
    for expiry in overview.expiries:
        when = (
            t("mine.expires_in", date=expiry.expires_on.isoformat(), days=expiry.days_left)
            if expiry.days_left >= 0
            else t("mine.expired_on", date=expiry.expires_on.isoformat(), days=-expiry.days_left)
        )
        icon = ":material/warning:" if expiry.days_left < 60 else ":material/event:"
        st.markdown(f"{icon} **{literal(expiry.name)}** · {when}")
    st.page_link(str(PAGES_DIR / "certificates.py"), label=t("mine.renew_link"), icon=":material/autorenew:")
else:
    st.caption(t("mine.no_expiries"))

st.page_link(str(PAGES_DIR / "log_activity.py"), label=t("mine.log_link"), icon=":material/add_task:")
