"""Certificates: add one, renew one (the old one stays as history), see which are valid and until when."""

from datetime import date

import streamlit as st

from tracker.i18n import t
from tracker.services.certifications import (
    RENEWABLE,
    add_certification,
    list_certifications,
    renew_certification,
)
from tracker.ui.markdown import literal
from tracker.ui.navigation import PAGES_DIR
from tracker.ui.record_forms import certificate_form
from tracker.ui.session import require_actor
from tracker.ui.widgets import run_action, show_error, status_chip

TTL_SECONDS = 60
_VERSION = "certificates_version"  # fresh forms after each successful save
_DONE = "certificates_done"

actor = require_actor()
st.title(t("page.certificates"))
st.caption(t("mine.cert_intro"))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def certificates(actor):
    return list_certifications(actor)


def done(message: str) -> None:
    st.session_state[_DONE] = message
    st.session_state[_VERSION] = version + 1
    st.rerun()


try:
    mine = certificates(actor)
except Exception as exc:
    show_error(exc)
    st.stop()

if message := st.session_state.pop(_DONE, None):
    st.success(message, icon=":material/check_circle:")
version = st.session_state.setdefault(_VERSION, 0)

with st.expander(t("mine.add_certificate"), icon=":material/add:", expanded=not mine):
    result = certificate_form(f"add_certificate_{version}")
    if result is not None:
        saved = run_action(
            add_certification, actor, result.raw, submit=result.submit, evidence=result.uploads
        )
        if saved is not None:
            done(t("mine.cert_added"))

current = [c for c in mine if c.renewed_by_id is None]
history = [c for c in mine if c.renewed_by_id is not None]
today = date.today()

st.subheader(t("mine.current_certificates"))
if not current:
    st.caption(t("common.nothing_yet"))
for c in current:
    with st.container(border=True):
        if c.expires_on is None:
            expiry = t("mine.never_expires")
        elif c.expires_on < today:
            expiry = f":red[{t('mine.expired', date=c.expires_on.isoformat())}]"
        else:
            expiry = t("mine.valid_to", date=c.expires_on.isoformat())
        st.markdown(f"**{literal(c.name)}**  \n{status_chip(c.status)} {expiry}")
        st.caption(
            " · ".join(
                p
                for p in (
                    literal(c.issuer),
                    literal(c.level),
                    t("mine.number", number=literal(c.credential_id)) if c.credential_id else None,
                )
                if p
            )
        )
        if c.review_note:
            st.caption(
                t(
                    "mine.review_note",
                    reviewer=literal(c.reviewer) or t("mine.reviewer_unknown"),
                    note=literal(c.review_note),
                )
            )
        if c.status in ("draft", "rejected"):
            st.page_link(
                PAGES_DIR / "my_records.py", label=t("mine.finish_in_records"), icon=":material/edit:"
            )
        if c.status in RENEWABLE and st.toggle(t("mine.renew"), key=f"renew_{c.id}"):
            st.caption(t("mine.renew_help"))
            result = certificate_form(f"renew_{c.id}_{version}", initial=c, renewal=True)
            if result is not None:
                saved = run_action(
                    renew_certification, actor, c.id, result.raw, submit=True, evidence=result.uploads
                )
                if saved is not None:
                    st.session_state.pop(f"renew_{c.id}", None)
                    done(t("mine.renewed"))

if history:
    with st.expander(t("mine.history"), icon=":material/history:"):
        for c in history:
            validity = (
                t("mine.valid_to", date=c.expires_on.isoformat()) if c.expires_on else t("mine.never_expires")
            )
            st.markdown(f"{status_chip(c.status)} **{literal(c.name)}** · {c.issued_on} · {validity}")
