"""Log activity: one form, saved as a draft or submitted for review, with evidence files; before anything is
saved it says what will count toward the norms in force, what will not, and what would be refused."""

import streamlit as st

from tracker.i18n import t
from tracker.services.activities import check_activity, create_activity, enterprise_choices
from tracker.ui.navigation import PAGES_DIR
from tracker.ui.record_forms import activity_form
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action

TTL_SECONDS = 300
_VERSION = "log_activity_version"  # a new form (empty widgets) after each successful save
_DONE = "log_activity_done"

actor = require_actor()
st.title(t("page.log_activity"))
st.caption(t("mine.log_intro"))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def enterprises(actor) -> list[str]:
    return enterprise_choices(actor)


if done := st.session_state.pop(_DONE, None):
    st.success(done, icon=":material/check_circle:")
    st.page_link(PAGES_DIR / "my_records.py", label=t("mine.see_records"), icon=":material/list_alt:")

version = st.session_state.setdefault(_VERSION, 0)
result = activity_form(
    f"log_activity_{version}",
    enterprises=enterprises(actor),
    check=lambda raw, files: check_activity(actor, raw, evidence_count=files),
)
if result is not None:
    saved = run_action(create_activity, actor, result.raw, submit=result.submit, evidence=result.uploads)
    if saved is not None:
        st.session_state[_DONE] = t("mine.submitted" if result.submit else "mine.saved_draft")
        st.session_state[_VERSION] = version + 1
        st.rerun()
