"""Small rendering pieces every page shares: errors for a person, status colours, cache clearing on writes."""

from __future__ import annotations

import logging

import streamlit as st

from tracker.errors import InvalidInput, Problem, TrackerError
from tracker.i18n import t
from tracker.models import Status
from tracker.norms.packs import ComplianceStatus
from tracker.ui.markdown import literal

log = logging.getLogger(__name__)

STATUS_COLOURS = {s.value: s.colour for s in ComplianceStatus}  # compliance statuses
RECORD_STATUS_COLOURS = {s.value: s.badge for s in Status}


def field_label(field: str) -> str:
    label = t(f"field.{field}")
    return field if label == f"field.{field}" else label


def problem_text(problem: Problem) -> str:
    """A validation problem in the reader's language."""
    return problem.text()


def show_error(exc: Exception) -> None:
    """One clear message box; validation problems listed field by field. Unexpected errors are logged, not shown."""
    if isinstance(exc, InvalidInput):
        # a problem may quote what was typed (a duplicate name, a cell of an import): shown literally
        lines = [f"- **{literal(field_label(p.field))}**: {literal(problem_text(p))}" for p in exc.problems]
        st.error(t("common.fix_these") + "\n" + "\n".join(lines))
    elif isinstance(exc, TrackerError):
        st.error(literal(exc.text()))  # the catalogue text in the reader's language
    else:
        log.exception("unexpected error in a page")
        st.error(t("common.error_unexpected"))


def run_action(fn, *args, success: str | None = None, **kwargs):
    """Call a service write; on success clear cached reads (so every page shows the change) and say so.

    Returns the service's result, or None after showing the error. Widgets keep what the user typed.
    ``success`` is Markdown: build it with ``literal_t`` when it names something a person typed.
    """
    try:
        result = fn(*args, **kwargs)
    except Exception as exc:  # every failure becomes a message; nothing is half-written (services are atomic)
        show_error(exc)
        return None
    st.cache_data.clear()
    if success:
        st.toast(success, icon=":material/check_circle:")
    return result


def status_chip(status: str) -> str:
    """Markdown for a record status (draft/submitted/verified/rejected) in its colour."""
    colour = RECORD_STATUS_COLOURS.get(status, "gray")
    return f":{colour}-badge[{t(f'status.{status}')}]"


def compliance_chip(status: str) -> str:
    colour = ComplianceStatus(status).badge if status in ComplianceStatus.__members__ else "gray"
    return f":{colour}-badge[{t(f'compliance.{status}')}]"


def pick_by_key(label: str, labels: dict, *, key: str, chosen=None):
    """A selectbox over ``labels`` ({record key: its wording in this run's language}) that returns the key the
    reader sees selected, or ``chosen`` when the page moves the reader on (e.g. the next record after a decision).

    A keyed selectbox keeps showing the wording it first showed when its options are reworded (a language
    switch, a status change) while returning another option, so a decision could land on a record other than
    the one on screen. Here the widget's key names the wording shown, and the choice is carried over by record
    key in ``st.session_state[f"{key}_chosen"]``.
    """
    import hashlib

    keys = list(labels)
    if not keys:
        return None
    remembered_key = f"{key}_chosen"
    if chosen in labels:
        st.session_state[remembered_key] = chosen
    remembered = st.session_state.get(remembered_key)
    wording = hashlib.sha256(repr(list(labels.items())).encode()).hexdigest()[:12]
    widget_key = f"{key}_{wording}"
    if chosen in labels:
        st.session_state.pop(widget_key, None)  # the page moves the reader on: the widget follows
    value = st.selectbox(label, keys, index=keys.index(remembered) if remembered in keys else 0,
                         format_func=labels.get, key=widget_key)
    st.session_state[remembered_key] = value
    return value
