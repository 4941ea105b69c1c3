"""Sign-in: local account (email, password) and, when configured, single sign-on via st.login."""

import streamlit as st

from tracker.errors import SignInFailed
from tracker.i18n import LANGUAGES, t
from tracker.services.sign_in import sign_in_with_password, sso_actor
from tracker.ui import session
from tracker.ui.shell import sso_configured

languages = list(LANGUAGES)
current = st.session_state.get("lang") if st.session_state.get("lang") in LANGUAGES else languages[0]
chosen = st.segmented_control(
    t("sidebar.language"), languages, default=current, format_func=LANGUAGES.get, key="sign_in_language",
    label_visibility="collapsed",
)
if chosen and chosen != current:
    st.session_state["lang"] = chosen
    st.rerun()

st.title(t("sign_in.heading"))
st.caption(t("sign_in.subtitle"))

if session.ended_reason():
    st.info(t("sign_in.ended"), icon=":material/logout:")

if sso_configured():
    if getattr(st.user, "is_logged_in", False):
        # issue 9: an email the provider has not verified never signs anyone in; once linked, ``sub`` decides
        actor = sso_actor(email=st.user.get("email"), email_verified=st.user.get("email_verified"),
                          subject=st.user.get("sub"))
        if actor is None:
            st.error(t("sign_in.sso_unknown", email=st.user.get("email", "")))
        else:
            session.start(actor)
            st.rerun()
    elif st.button(t("sign_in.sso"), icon=":material/key:"):
        st.login()

with st.form("sign_in", border=True):
    email = st.text_input(t("sign_in.email"), key="sign_in_email", autocomplete="username")
    password = st.text_input(t("sign_in.password"), type="password", key="sign_in_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(t("sign_in.submit"), type="primary")

if submitted:
    try:
        actor = sign_in_with_password(email, password, address=session.client_address())
    except SignInFailed:
        st.error(t("sign_in.failed"))
    else:
        session.start(actor)
        st.rerun()
