"""Enterprise-practice and certificate tracker for vocational-college teachers.

The domain and its data live here: `models` (tables), `validation` (one layer for every entry point),
`norms` (the compliance engine), `services` (permission-checked operations the dashboard calls),
`importing` (CSV/XLSX), `cli` (the `tracker` command) and `ui` (the Streamlit pages).
"""

__version__ = "0.1.0"
