"""Plotly figure builders: plain data in, ``go.Figure`` out (no Streamlit widgets, no database)."""
