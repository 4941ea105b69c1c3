"""What the admin pages (People, Departments, Enterprises, Norm packs, Audit log) share: cached reads and a
read that turns an error into one message. Reads are cached per actor briefly; ``widgets.run_action`` clears
them after every write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import streamlit as st

from tracker.auth import Actor
from tracker.i18n import t
from tracker.services import audit_log, departments, enterprises, norm_packs, people
from tracker.ui.widgets import run_action, show_error

TTL = 60  # seconds; only bounds how stale another admin's changes can look
T = TypeVar("T")


def load(read: Callable[..., T], *args, **kwargs) -> T:
    """Call a cached read; on failure show one clear message and stop the page (nothing below renders)."""
    try:
        return read(*args, **kwargs)
    except Exception as exc:
        show_error(exc)
        st.stop()


def save(write: Callable[..., T], *args, message: str | Callable[[T], str], clear: tuple[str, ...] = (),
         form: str | None = None, **kwargs) -> None:
    """Run a service write. On success: clear cached reads, forget the ``clear`` widget keys, start form
    ``form`` afresh (see ``form_key``) and rerun showing ``message``. On failure: one clear error; every
    widget keeps what was typed. ``message`` is Markdown: build it with ``literal_t``."""
    outcome = run_action(lambda: (write(*args, **kwargs),))  # wrapped: a write may return None on success
    if outcome is None:
        return
    for key in clear:
        st.session_state.pop(key, None)
    if form:
        next_form(form)
    flash(message(outcome[0]) if callable(message) else message)


def progress_bar(text: str, every: int = 2000):
    """A ``progress(records, total)`` wrapper (what ``tracker.importing`` takes) filling a bar on the page."""
    bar = st.progress(0.0, text=text)

    def wrap(records, total):
        for n, record in enumerate(records):
            if total and n % every == 0:
                bar.progress(min(n / total, 1.0), text=text)
            yield record
        bar.progress(1.0, text=text)

    return wrap


def word(prefix: str, code: str) -> str:
    """The translation of a stored code (``prefix + code``), or the code itself when it has none."""
    key = prefix + code
    text = t(key)
    return code if text == key else text


def flash(message: str) -> None:
    """Say ``message`` on the next run, then rerun so every table on the page shows the change at once."""
    st.session_state["admin_flash"] = message
    st.rerun()


def ask(key: str, value=True) -> None:
    """Ask for a confirmation of ``key`` (remembering ``value``, e.g. what to merge) on the next run."""
    st.session_state[f"confirm_{key}"] = value


def confirmed(key: str, question: str, *, confirm_label: str):
    """After ``ask(key)``: a warning box with ``question`` and two buttons. Returns the value given to ``ask``
    when the admin confirms, else None (cancel forgets the question). ``question`` is Markdown: build it
    with ``literal_t`` when it names typed things."""
    pending = st.session_state.get(f"confirm_{key}")
    if pending is None:
        return None
    with st.container(border=True, key=f"confirm_box_{key}"):
        st.warning(question, icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button(confirm_label, type="primary", key=f"confirm_yes_{key}"):
            st.session_state.pop(f"confirm_{key}", None)
            return pending
        if no.button(t("common.cancel"), key=f"confirm_no_{key}"):
            st.session_state.pop(f"confirm_{key}", None)
            st.rerun()
    return None


def form_key(form: str, name: str) -> str:
    """The key of widget ``name`` in form ``form``: it changes after each successful save of the form (see
    ``save(form=...)``), so the browser shows a fresh, empty form. Forgetting session state alone leaves the
    browser's copy, and a typed password, in the fields."""
    version = st.session_state.get(f"form_version_{form}", 0)
    return name if version == 0 else f"{name}_{version}"


def next_form(form: str) -> None:
    st.session_state[f"form_version_{form}"] = st.session_state.get(f"form_version_{form}", 0) + 1


def show_flash() -> None:
    message = st.session_state.pop("admin_flash", None)
    if message:
        st.success(message)


@st.cache_data(ttl=TTL, show_spinner=False)
def people_list(actor: Actor, department_id: int | None, role: str | None, active: bool | None,
                search: str) -> list:
    return people.list_people(actor, department_id=department_id, role=role, active=active, search=search)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def import_preview(actor: Actor, kind: str, content: bytes, filename: str) -> people.ImportPreview:
    # parsed once per upload, not on every rerun of the page while the file sits in the uploader
    return people.preview_import(actor, kind, content, filename)


@st.cache_data(ttl=TTL, show_spinner=False)
def department_list(actor: Actor) -> list[departments.DepartmentSummary]:
    return departments.list_departments(actor)


@st.cache_data(ttl=TTL, show_spinner=False)
def enterprise_list(actor: Actor, search: str = "") -> list[enterprises.EnterpriseUsage]:
    return enterprises.list_enterprises(actor, search=search)


@st.cache_data(ttl=TTL, show_spinner=False)
def audit_page(actor: Actor, filters: audit_log.AuditFilter, page: int,
               page_size: int) -> audit_log.AuditPage:
    return audit_log.audit_events(actor, filters, page=page, page_size=page_size)


@st.cache_data(ttl=TTL, show_spinner=False)
def audit_choices(actor: Actor) -> tuple[list[str], list[str]]:
    return audit_log.audit_choices(actor)


@st.cache_data(ttl=TTL, show_spinner=False)
def pack_list(actor: Actor) -> list:
    return norm_packs.list_packs(actor)


@st.cache_data(ttl=TTL, show_spinner=False)
def active_norms(actor: Actor, as_of: date) -> list:
    return norm_packs.active_norms(actor, as_of)
