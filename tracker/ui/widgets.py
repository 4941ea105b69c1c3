"""Small rendering pieces every page shares: errors for a person, status colours, cache clearing on writes."""

from __future__ import annotations

import logging

import streamlit as st

from tracker.errors import InvalidInput, PermissionDenied, Problem, TrackerError
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
    """A validation problem in the reader's language (the English message when it has no catalogue code)."""
    if problem.code:
        translated = t(f"problem.{problem.code}", **problem.params)
        if translated != f"problem.{problem.code}":
            return translated
    return problem.message


def show_error(exc: Exception) -> None:
    """One clear message box; validation problems listed field by field. Unexpected errors are logged, not shown."""
    if isinstance(exc, InvalidInput):
        # a problem may quote what was typed (a duplicate name, a cell of an import): shown literally
        lines = [f"- **{literal(field_label(p.field))}**: {literal(problem_text(p))}" for p in exc.problems]
        st.error(t("common.fix_these") + "\n" + "\n".join(lines))
    elif isinstance(exc, PermissionDenied) and str(exc) == t("problem.not_allowed", lang="en"):
        st.error(t("problem.not_allowed"))  # the generic refusal, in the reader's language
    elif isinstance(exc, TrackerError):
        st.error(literal(str(exc)))
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
