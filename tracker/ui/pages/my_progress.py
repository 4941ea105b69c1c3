"""My progress: what to do next (records sent back, drafts, certificates, norms; each a link to the page to
do it on), one card per norm that says why it has its status, practice hours per month with the window
marked, certificates expired and expiring."""

from datetime import date

import streamlit as st

from tracker.i18n import current_language, t
from tracker.services.progress import teacher_overview
from tracker.ui import progress_text as words
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

# what to do, most urgent first; one column so it reads the same on a phone
st.subheader(t("progress.todo"))
drafts = sum(a.kind == "draft" for a in overview.actions)
st.caption(t("progress.counts", sent_back=overview.sent_back, drafts=drafts, waiting=overview.waiting_review))
if not overview.actions:
    st.caption(t("progress.todo_none"))
for number, action in enumerate(overview.actions):
    with st.container(border=True, key=f"todo_{number}"):
        st.markdown(f"{words.icon(action)} {words.subject(action, lang)}")
        for line in words.details(action, lang):
            (st.warning if action.kind == "sent_back" else st.caption)(line)
        st.page_link(
            str(PAGES_DIR / f"{action.target}.py"),
            label=words.link(action, lang),
            icon=":material/arrow_forward:",
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
                    "mine.achieved",
                    achieved=words.num(card.achieved),
                    required=words.num(card.required),
                    unit=unit,
                ),
            )
            if line := words.days_line(card, lang):
                st.caption(line)
            if card.pending:
                st.caption(t("mine.pending", value=f"{words.num(card.pending)} {unit}"))
            st.caption(words.explain(card, overview.as_of, lang))

st.subheader(t("mine.timeline"))
if any(hours for _, hours in overview.monthly):
    st.plotly_chart(
        practice_timeline(overview, lang=lang), key="my_timeline", config={"displayModeBar": False}
    )
    st.caption(t("mine.timeline_help", years=overview.window_years))
else:
    st.caption(t("mine.no_hours"))

if overview.expired:
    st.subheader(t("progress.expired"))
    for expiry in overview.expired:
        when = t("mine.expired_on", date=expiry.expires_on.isoformat(), days=-expiry.days_left)
        st.markdown(f":material/error: **{literal(expiry.name)}** · {when}")
st.subheader(t("progress.expiring"))
if overview.expiring:
    for expiry in overview.expiring:
        when = t("mine.expires_in", date=expiry.expires_on.isoformat(), days=expiry.days_left)
        icon = ":material/warning:" if expiry.days_left < 60 else ":material/event:"
        st.markdown(f"{icon} **{literal(expiry.name)}** · {when}")
else:
    st.caption(t("mine.no_expiries"))
if overview.expiries:
    st.page_link(str(PAGES_DIR / "certificates.py"), label=t("mine.renew_link"), icon=":material/autorenew:")

st.page_link(str(PAGES_DIR / "log_activity.py"), label=t("mine.log_link"), icon=":material/add_task:")
