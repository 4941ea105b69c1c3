"""My records: every activity and certificate with its status and review note; change, submit or delete a
draft, withdraw a submission, download the files."""

import streamlit as st

from tracker.i18n import t
from tracker.services import activities, certifications
from tracker.services.evidence import read_evidence
from tracker.ui.markdown import literal, literal_t
from tracker.ui.record_forms import activity_form, certificate_form
from tracker.ui.session import require_actor
from tracker.ui.plans import trust_chip
from tracker.ui.widgets import run_action, show_error, status_chip

TTL_SECONDS = 60
PAGE_SIZE = 20
FILTERS = ["all", "draft", "submitted", "rejected", "verified"]
_DONE = "my_records_done"

actor = require_actor()
st.title(t("page.my_records"))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def records(actor):
    return activities.list_records(actor)


@st.cache_data(ttl=300, show_spinner=False)
def enterprises(actor) -> list[str]:
    return activities.enterprise_choices(actor)


def done(message: str) -> None:
    """After a successful change: say so on the next run and show the fresh list."""
    st.session_state[_DONE] = message
    st.rerun()


def files(prefix: str, record) -> None:
    if not record.evidence:
        st.caption(t("mine.no_files"))
        return
    for evidence in record.evidence:
        st.download_button(
            literal_t("mine.download", name=evidence.filename),
            # fetched only when clicked, with the permission check of the service
            data=lambda evidence_id=evidence.id: read_evidence(actor, evidence_id).content,
            file_name=evidence.filename,
            mime=evidence.media_type,
            icon=":material/download:",
            key=f"{prefix}_file_{evidence.id}",
        )


def review_state(record) -> None:
    if record.review_note:
        note = t(
            "mine.review_note",
            reviewer=literal(record.reviewer) or t("mine.reviewer_unknown"),
            note=literal(record.review_note),
        )
        (st.warning if record.status == "rejected" else st.info)(note, icon=":material/rate_review:")
    hint = {"verified": "mine.locked", "submitted": "mine.waiting", "rejected": "mine.sent_back"}.get(
        record.status
    )
    if hint:
        st.caption(t(hint))


def actions(prefix: str, record, service, edit_form) -> None:
    """The buttons a record's status allows: edit/submit/delete a draft or a record sent back, withdraw a
    submission. ``service`` holds the update/submit/delete/withdraw functions of the record's kind."""
    if record.status == "submitted":
        if st.button(t("mine.withdraw"), key=f"{prefix}_withdraw", icon=":material/undo:"):
            if run_action(service["withdraw"], actor, record.id) is not None:
                done(t("mine.withdrawn"))
        return
    if record.status not in ("draft", "rejected"):
        return
    editing = st.toggle(t("mine.edit"), key=f"{prefix}_editing")
    if editing:
        result = edit_form(f"{prefix}_form", record)
        if result is not None:
            saved = run_action(
                service["update"],
                actor,
                record.id,
                result.raw,
                submit=result.submit,
                evidence=result.uploads,
                remove_evidence=result.remove_evidence,
            )
            if saved is not None:
                st.session_state.pop(f"{prefix}_editing", None)
                done(t("mine.submitted" if result.submit else "common.saved"))
        return
    submit_col, delete_col = st.columns(2)
    if submit_col.button(
        t("mine.submit_now"), key=f"{prefix}_submit", type="primary", icon=":material/send:"
    ):
        if run_action(service["submit"], actor, record.id) is not None:
            done(t("mine.submitted"))
    with delete_col.popover(t("mine.delete"), icon=":material/delete:"):
        st.write(t("mine.delete_question"))
        if st.button(t("mine.confirm_delete"), key=f"{prefix}_delete", type="primary"):
            if run_action(service["delete"], actor, record.id) is not None:
                done(t("mine.deleted"))


ACTIVITY = {
    "update": activities.update_activity,
    "submit": activities.submit_activity,
    "delete": activities.delete_activity,
    "withdraw": activities.withdraw_activity,
}
CERTIFICATE = {
    "update": certifications.update_certification,
    "submit": certifications.submit_certification,
    "delete": certifications.delete_certification,
    "withdraw": certifications.withdraw_certification,
}

try:
    mine = records(actor)
except Exception as exc:
    show_error(exc)
    st.stop()

if message := st.session_state.pop(_DONE, None):
    st.success(message, icon=":material/check_circle:")

show = (
    st.segmented_control(
        t("mine.show"),
        FILTERS,
        default="all",
        format_func=lambda s: t("mine.filter_all") if s == "all" else t(f"status.{s}"),
        key="my_records_filter",
    )
    or "all"
)


def shown(rows, key: str):
    """The rows of the chosen status, one page at a time (short pages load fast and scroll on a phone)."""
    rows = [r for r in rows if show == "all" or r.status == show]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = st.pagination(pages, key=f"{key}_page") if pages > 1 else 1
    return rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]


tab_activities, tab_certificates = st.tabs([t("mine.tab_activities"), t("mine.tab_certificates")])

with tab_activities:
    rows = shown(mine.activities, "activities")
    if not rows:
        st.caption(t("mine.no_records"))
    for a in rows:
        prefix = f"activity_{a.id}"
        title = " · ".join(
            part
            for part in (
                t(f"status.{a.status}"),
                a.start_date.isoformat(),
                t(f"kind.{a.kind}"),
                literal(a.enterprise),
                t("mine.hours_short", hours=f"{a.hours:g}"),
            )
            if part
        )
        with st.expander(title, expanded=bool(st.session_state.get(f"{prefix}_editing"))):
            period = a.start_date.isoformat() + ("" if a.end_date == a.start_date else f" → {a.end_date}")
            confirmed = ("" if a.confirmed_hours is None
                         else f" · {t('field.confirmed_hours')} {a.confirmed_hours:g}")
            st.markdown(f"{status_chip(a.status)} {trust_chip(a.trust)} {period} · "
                        f"{t('mine.hours_short', hours=f'{a.hours:g}')}{confirmed}")
            if a.description:
                st.text(a.description)  # as typed: no Markdown, no links
            review_state(a)
            files(prefix, a)
            actions(
                prefix,
                a,
                ACTIVITY,
                lambda key, record: activity_form(key, enterprises=enterprises(actor), initial=record),
            )

with tab_certificates:
    rows = shown(mine.certifications, "certificates")
    if not rows:
        st.caption(t("mine.no_records"))
    for c in rows:
        prefix = f"certificate_{c.id}"
        expiry = (
            t("mine.valid_to", date=c.expires_on.isoformat()) if c.expires_on else t("mine.never_expires")
        )
        title = " · ".join((t(f"status.{c.status}"), literal(c.name), expiry))
        with st.expander(title, expanded=bool(st.session_state.get(f"{prefix}_editing"))):
            details = [
                literal(c.issuer),
                literal(c.level),
                f"{t('field.issued_on')} {c.issued_on}",
                t("mine.number", number=literal(c.credential_id)) if c.credential_id else None,
                t("mine.renewed_by") if c.renewed_by_id else None,
            ]
            st.markdown(f"{status_chip(c.status)} " + " · ".join(d for d in details if d))
            review_state(c)
            files(prefix, c)
            actions(prefix, c, CERTIFICATE, lambda key, record: certificate_form(key, initial=record))
