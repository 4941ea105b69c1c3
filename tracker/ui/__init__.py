"""The Streamlit dashboard: thin pages over tracker.services, charts in tracker.ui.charts."""

from tracker import i18n as _i18n


def _session_language() -> str | None:
    import streamlit as st

    return st.session_state.get("lang")


# The catalogue lives in core and knows nothing of Streamlit: the dashboard tells it the reader's language.
_i18n.set_language_provider(_session_language)
