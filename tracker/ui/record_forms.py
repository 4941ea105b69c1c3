"""The activity and certificate forms, shared by Log activity, My records (editing a draft) and Certificates,
and the findings of what an activity will count for (the form and the head's review card, issue 11).

A form only gathers what the person typed into a plain dict; the services validate it. Widgets keep their
values after a failed save because their keys stay the same; a page starts a fresh form after a successful
save by changing the key it passes in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import streamlit as st

from tracker.i18n import current_language, t
from tracker.models import CertificateLevel, CertificateType, Kind
from tracker.norms.counting import Finding, Weight, hours_text
from tracker.services.activities import ActivityCheck
from tracker.services.evidence import ACCEPTED_EXTENSIONS, MAX_BYTES, Upload
from tracker.ui.markdown import literal
from tracker.ui.widgets import field_label, problem_text

EARLIEST = date(1990, 1, 1)


@dataclass(frozen=True)
class FormResult:
    """What a submitted form holds: the values, the new files, files to remove, and which button was used."""

    raw: dict
    uploads: list[Upload]
    submit: bool
    remove_evidence: list[int] = field(default_factory=list)


def _uploads(files) -> list[Upload]:
    return [Upload(f.name, f.getvalue()) for f in (files or [])]


def _evidence_widgets(key: str, existing) -> tuple[list, list[int]]:
    remove: list[int] = []
    if existing:
        names = {e.id: e.filename for e in existing}
        remove = st.multiselect(
            t("mine.remove_files"), list(names), format_func=names.get, key=f"{key}_remove",
            placeholder=t("common.choose"), select_all=False,  # Streamlit's "Select all" is English only
        )
    files = st.file_uploader(
        t("mine.add_files") if existing else t("field.evidence"),
        type=ACCEPTED_EXTENSIONS,
        accept_multiple_files=True,
        max_upload_size=MAX_BYTES // (1024 * 1024),  # the browser refuses bigger files before sending them
        help=t("mine.evidence_help"),
        key=f"{key}_files",
    )
    return files, remove


def _bullets(lines: Sequence[str]) -> str:
    """Plain texts as a Markdown list (each one literal: norm labels come from pack files)."""
    return "\n".join(f"- {literal(line)}" for line in lines)


def show_findings(findings: Sequence[Finding], *, heading: str | None = None) -> None:
    """Findings worst first: what will not count and what is hard to verify in one warning, notes below."""
    serious = [f.text() for f in findings if f.weight != Weight.note]
    notes = [f.text() for f in findings if f.weight == Weight.note]
    if serious:
        top = f"**{literal(heading)}**\n\n" if heading else ""
        st.warning(top + _bullets(serious), icon=":material/warning:")
    if notes:
        st.info(_bullets(notes), icon=":material/info:")


def show_check(check: ActivityCheck) -> None:
    """What saving the form as it stands would do: refused (and why), or what will count and the findings."""
    if check.refused:
        lines = [f"- **{literal(field_label(p.field))}**: {literal(problem_text(p))}" for p in check.refused]
        st.error(t("counting.refused") + "\n" + "\n".join(lines), icon=":material/block:")
        return
    counting = check.counting
    if counting.counted_hours > 0:
        shares = [
            t("counting.share", norm=s.norm.label_in(current_language()), hours=hours_text(s.hours))
            for s in counting.shares
        ]
        st.success(f"**{t('counting.will_count')}**\n\n" + _bullets(shares), icon=":material/check_circle:")
    else:
        st.warning(t("counting.counts_nothing"), icon=":material/block:")
    show_findings(counting.findings)
    st.caption(t("counting.checked_live"))


def activity_form(
    key: str,
    *,
    enterprises: list[str],
    initial=None,
    submit_label: str | None = None,
    check: Callable[[dict, int], ActivityCheck] | None = None,
):
    """Render the activity form; return a ``FormResult`` when a button was pressed, else None.

    ``check(values, files)`` is given the form's current values and how many files the record will have;
    what it returns is shown above the buttons (``show_check``). The widgets are deliberately not in an
    ``st.form``: a form holds every value back until a button is pressed, so nothing could say before
    submitting that 20 h in one day count as 8. Each change reruns the page instead and the check follows
    what is typed (a text field: once the cursor leaves it).
    """
    today = date.today()
    kinds = [k.value for k in Kind]
    options = list(enterprises)
    if initial is not None and initial.enterprise and initial.enterprise not in options:
        options.append(initial.enterprise)
    with st.container(border=True, key=key):
        kind = st.selectbox(
            t("field.kind"),
            kinds,
            index=kinds.index(initial.kind) if initial is not None else 0,
            # labels fixed now: a lambda calling t() later would use whatever language is current then
            format_func={k: t(f"kind.{k}") for k in kinds}.__getitem__,
            key=f"{key}_kind",
        )
        picked_col, new_col = st.columns(2)
        picked = picked_col.selectbox(
            t("field.enterprise"),
            options,
            index=options.index(initial.enterprise) if initial is not None and initial.enterprise else None,
            placeholder=t("mine.enterprise_placeholder"),
            key=f"{key}_enterprise",
        )
        new_name = new_col.text_input(
            t("mine.enterprise_new"), help=t("mine.enterprise_help"), key=f"{key}_enterprise_new"
        )
        start_col, end_col = st.columns(2)
        start = start_col.date_input(
            t("field.start_date"),
            value=initial.start_date if initial is not None else today,
            min_value=EARLIEST,
            max_value=today + timedelta(days=366),
            key=f"{key}_start",
        )
        end = end_col.date_input(
            t("field.end_date"),
            value=initial.end_date if initial is not None else today,
            min_value=EARLIEST,
            max_value=today + timedelta(days=366),
            key=f"{key}_end",
        )
        hours = st.number_input(
            t("field.hours"),
            value=float(initial.hours) if initial is not None else None,
            step=0.5,
            placeholder=t("mine.hours_placeholder"),
            help=t("mine.hours_help"),
            key=f"{key}_hours",
        )
        description = st.text_area(
            t("field.description"),
            value=initial.description if initial is not None else "",
            placeholder=t("mine.description_placeholder"),
            key=f"{key}_description",
        )
        existing = initial.evidence if initial is not None else []
        files, remove = _evidence_widgets(key, existing)
        raw = {
            "kind": kind,
            "enterprise": new_name.strip() or picked,
            "start_date": start,
            "end_date": end,
            "hours": hours,
            "description": description,
        }
        if check is not None:
            show_check(check(raw, len(existing) - len(remove) + len(files or [])))
        draft_col, submit_col = st.columns(2)
        save_draft = draft_col.button(t("mine.save_draft"), width="stretch", key=f"{key}_draft")
        submit = submit_col.button(
            submit_label or t("mine.submit"), type="primary", width="stretch", key=f"{key}_submit"
        )
    if not (save_draft or submit):
        return None
    return FormResult(raw, _uploads(files), bool(submit), list(remove))


def certificate_form(key: str, *, initial=None, renewal: bool = False):
    """Render the certificate form (add, edit a draft, or renew); a ``FormResult`` when a button was pressed.

    For a renewal the name, issuer and level start from the old certificate and the dates start empty.
    """
    with st.form(key, border=True):
        name = st.text_input(
            t("field.name"), value=initial.name if initial is not None else "", key=f"{key}_name"
        )
        issuer = st.text_input(
            t("field.issuer"), value=initial.issuer if initial is not None else "", key=f"{key}_issuer"
        )
        type_col, level_col = st.columns(2)
        types = [c.value for c in CertificateType]
        cert_type = type_col.selectbox(
            t("field.certificate_type"),
            types,
            index=types.index(initial.type) if initial is not None and initial.type in types else len(types) - 1,
            format_func={k: t(f"certificate_type.{k}") for k in types}.__getitem__,
            help=t("mine.certificate_type_help"),
            key=f"{key}_type",
        )
        levels = [c.value for c in CertificateLevel]
        level = level_col.selectbox(
            t("field.level"),
            levels,
            index=levels.index(initial.level) if initial is not None and initial.level in levels else None,
            format_func={k: t(f"certificate_level.{k}") for k in levels}.__getitem__,
            placeholder=t("mine.level_placeholder"),
            help=t("mine.level_help"),
            key=f"{key}_level",
        )
        dated = initial is not None and not renewal
        issued_on = st.date_input(
            t("field.issued_on"),
            value=initial.issued_on if dated else None,
            min_value=EARLIEST,
            max_value=date.today() + timedelta(days=366),
            key=f"{key}_issued",
        )
        st.caption(t("mine.expiry_rule"))
        years_col, expires_col = st.columns(2)
        validity_years = years_col.number_input(
            t("field.validity_years"), value=None, min_value=1, max_value=50, step=1, key=f"{key}_years"
        )
        expires_on = expires_col.date_input(
            t("field.expires_on"),
            value=initial.expires_on if dated else None,
            min_value=EARLIEST,
            max_value=date(2100, 12, 31),
            key=f"{key}_expires",
        )
        credential_id = st.text_input(
            t("field.credential_id"),
            value=(initial.credential_id or "") if dated else "",
            key=f"{key}_credential",
        )
        files, remove = _evidence_widgets(key, initial.evidence if dated else [])
        if renewal:
            save_draft = False
            submit = st.form_submit_button(t("mine.renew"), type="primary", key=f"{key}_submit")
        else:
            draft_col, submit_col = st.columns(2)
            save_draft = draft_col.form_submit_button(
                t("mine.save_draft"), width="stretch", key=f"{key}_draft"
            )
            submit = submit_col.form_submit_button(
                t("mine.submit"), type="primary", width="stretch", key=f"{key}_submit"
            )
    if not (save_draft or submit):
        return None
    raw = {
        "name": name,
        "issuer": issuer,
        "type": cert_type,
        "level": level,
        "issued_on": issued_on,
        "expires_on": expires_on,
        "validity_years": validity_years,
        "credential_id": credential_id,
    }
    return FormResult(raw, _uploads(files), bool(submit), list(remove))
