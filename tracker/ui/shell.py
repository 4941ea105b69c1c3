"""The parts of every signed-in screen that are not a page: sidebar with language switch and sign-out."""

from __future__ import annotations

import streamlit as st

from tracker.auth import Actor
from tracker.i18n import LANGUAGES, t
from tracker.ui import session
from tracker.ui.markdown import literal_t


def render_sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.caption(literal_t("sidebar.signed_in_as", name=actor.name, role=t(f"role.{actor.role}")))
        languages = list(LANGUAGES)
        current = st.session_state.get("lang", languages[0])
        chosen = st.selectbox(
            t("sidebar.language"),
            languages,
            index=languages.index(current) if current in languages else 0,
            format_func=LANGUAGES.get,
            key="language_switch",
        )
        if chosen != current:
            from tracker.services.people import set_language

            st.session_state["lang"] = chosen
            set_language(actor, chosen)  # remembered for the next sign-in
            st.rerun()
        if st.button(t("sidebar.sign_out"), key="sign_out", icon=":material/logout:"):
            session.sign_out()  # ends this browser's session in every tab
            if _sso_configured() and getattr(st.user, "is_logged_in", False):
                st.logout()
            st.rerun()


def render_demo_warning() -> None:
    """On every page, signed in or not, while the demo accounts (well-known short password) can sign in."""
    from tracker.services.sign_in import demo_accounts_active

    if demo_accounts_active():
        st.warning(t("demo.warning"), icon=":material/warning:")


def _sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml at all
        return False


sso_configured = _sso_configured
