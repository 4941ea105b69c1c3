"""Sign-in: local account (Email, Password) and, when configured, single sign-on via st.login."""

import streamlit as st

from tracker.errors import SignInFailed
from tracker.i18n import t
from tracker.ui import session
from tracker.ui.data import database_is_demo, sign_in_with_password, sso_actor
from tracker.ui.shell import sso_configured

st.title(t("sign_in.heading"))
st.caption(t("sign_in.subtitle"))

if database_is_demo():
    st.info(t("sign_in.demo_banner"), icon=":material/info:")

if sso_configured():
    if getattr(st.user, "is_logged_in", False):
        actor = sso_actor(st.user.get("email", ""))
        if actor is None:
            st.error(t("sign_in.sso_unknown", email=st.user.get("email", "")))
        else:
            session.start(actor)
            st.rerun()
    elif st.button(t("sign_in.sso"), icon=":material/key:"):
        st.login()

with st.form("sign_in", border=True):
    email = st.text_input("Email", key="sign_in_email", autocomplete="username")
    password = st.text_input("Password", type="password", key="sign_in_password", autocomplete="current-password")
    submitted = st.form_submit_button("Sign in", type="primary")

if submitted:
    try:
        actor = sign_in_with_password(email, password)
    except SignInFailed:
        st.error(t("sign_in.failed"))
    else:
        session.start(actor)
        st.rerun()
