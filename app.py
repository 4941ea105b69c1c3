"""The dashboard server: ``make run`` serves this. Streamlit runs ``streamlit_app.py`` (the router) as usual;
the two routes beside it set and clear the sign-in cookie (tracker/ui/session_routes.py, docs/security.md)."""

import streamlit as st

from tracker.ui.session_routes import ROUTES

app = st.App("streamlit_app.py", routes=ROUTES)
