"""The Streamlit dashboard: thin pages over tracker.services, charts in tracker.ui.charts."""
