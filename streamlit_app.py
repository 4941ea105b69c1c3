"""Router: page config, sign-in gate, and the navigation each role sees. No page logic lives here."""

import streamlit as st

from feeds.background import ensure_background_refresh
from tracker.ui import session
from tracker.i18n import t
from tracker.ui.navigation import PAGES_DIR, build_navigation
from tracker.ui.shell import render_sidebar

st.set_page_config(page_title=t("app.title"), page_icon=":material/school:", layout="wide")

ensure_background_refresh()  # once per process: stale news feeds are refreshed beside the app

actor = session.refresh()
if actor is None:
    navigation = st.navigation([st.Page(PAGES_DIR / "sign_in.py", title=t("sign_in.title"), url_path="sign_in")])
else:
    render_sidebar(actor)
    navigation = st.navigation(build_navigation(actor))
navigation.run()
