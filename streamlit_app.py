"""Router: page config, sign-in gate, and the navigation each role sees. No page logic lives here."""

import streamlit as st

from feeds.background import ensure_background_refresh
from tracker.i18n import t
from tracker.ui import session
from tracker.ui.navigation import PAGES, PAGES_DIR, build_navigation
from tracker.ui.shell import render_demo_warning, render_sidebar

st.set_page_config(page_title=t("app.title"), page_icon=":material/school:", layout="wide")

ensure_background_refresh()  # once per process: stale news feeds are refreshed beside the app

if "confirm" in st.query_params:
    # an enterprise mentor's confirmation link: its own page, no account, no menu (issue 13)
    if st.query_params.get("lang") in ("zh", "en"):
        st.session_state["lang"] = st.query_params["lang"]
    navigation = st.navigation(
        [st.Page(PAGES_DIR / "confirm.py", title=t("confirm.title"), url_path="confirm")], position="hidden"
    )
    navigation.run()
    st.stop()

actor = session.refresh()  # this tab's sign-in, or the browser's (a reload, another tab)
session.sync_cookie()
render_demo_warning()
if actor is None:
    # Signed out on any page's address: show sign-in there (no "Page not found"); after signing in the same
    # address opens the page itself, so a reload or a bookmark keeps its place.
    sign_in = PAGES_DIR / "sign_in.py"
    pages = [st.Page(sign_in, title=t("sign_in.title"), url_path="sign_in", default=True)]
    pages += [st.Page(sign_in, title=t("sign_in.title"), url_path=spec.file) for spec in PAGES]
    navigation = st.navigation(pages, position="hidden")
else:
    render_sidebar(actor)
    # every page listed: a collapsed menu hides the head's and admin's last pages behind Streamlit's English
    # "View N more" button
    navigation = st.navigation(build_navigation(actor), expanded=True)
navigation.run()
