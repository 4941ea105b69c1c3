"""Review: the queue of submitted records; evidence previews; verify or reject with a note; bulk verify by
ticking rows, confirmed with a count.

Every decision names the records by key and by the version shown here (``ReviewItem.ref``), never by a row's
position: a tick stays on its record when the queue changes, and a record changed since it was shown is not
decided (issue 9). After a decision the page says what was decided and opens the next record (issue 11).
An activity's card flags what will not count toward the norms or is hard to verify, worded as the teacher's
Log activity form words it (``tracker.norms.counting``; issue 11, item 3).
"""

import hashlib
from functools import partial

import pandas as pd
import streamlit as st

from tracker.i18n import t
from tracker.norms.counting import Weight, hours_text
from tracker.services import review
from tracker.services.evidence import read_evidence, read_preview
from tracker.ui import department as dept
from tracker.ui.markdown import literal, literal_t
from tracker.ui.plans import trust_chip
from tracker.ui.record_forms import show_findings
from tracker.ui.session import require_actor
from tracker.ui.widgets import pick_by_key, show_error

_PICK = "review_pick"  # the record open below (its key)
_NEXT = "review_next"  # the record to open on the next run (set after a decision)
_TICKED = "review_ticked"  # refs ticked for bulk verify: by record and version, never by row position
_CONFIRM = "review_confirm"  # refs waiting for the bulk confirmation
_FLASH = "review_flash"  # ("success" | "error", text) shown once at the top of the next run

actor = require_actor()
st.title(t("page.review"))


@st.cache_data(ttl=300, max_entries=64, show_spinner=False)
def preview(actor, evidence_id: int) -> bytes | None:
    return read_preview(actor, evidence_id)


def evidence_content(actor, evidence_id: int) -> bytes:
    return read_evidence(actor, evidence_id).content


def number(value: float | None) -> str:
    """Hours as people write them: 24, 7.5, 1,056 (never 24.0); a dash for none."""
    return "–" if value is None else hours_text(value)


def flags(item: review.ReviewItem) -> str:
    """How many findings need a look before verifying (notes aside); blank when none."""
    serious = sum(1 for f in item.findings if f.weight != Weight.note)
    return f"⚠ {serious}" if serious else ""


def what(item: review.ReviewItem) -> str:
    return t(f"kind.{item.title}") if item.kind == review.ACTIVITY else item.title


def describe(item: review.ReviewItem) -> str:
    """One line naming the record (plain text: use ``literal`` before putting it into Markdown)."""
    when = f"{item.start}" + (f" – {item.end}" if item.end and item.end != item.start else "")
    return f"{item.name} · {what(item)} · {when}"


def flash(kind: str, text: str) -> None:
    st.session_state[_FLASH] = (kind, text)


def refused(exc: Exception, item_key: tuple[str, int] | None = None) -> None:
    """A decision the service refused because the queue moved on: say so on the next run, show it fresh."""
    st.cache_data.clear()
    flash("error", exc.text())  # the catalogue text in the reader's language
    if isinstance(exc, review.ChangedSinceSeen):
        st.session_state[_NEXT] = exc.key  # the same record again, as it is now
    elif item_key is not None:
        st.session_state[_NEXT] = item_key
    st.rerun()


def decide(fn, item: review.ReviewItem, following: tuple[str, int] | None, *args, done: str) -> None:
    """Run one decision; on success say what was decided and open ``following`` on the next run."""
    try:
        fn(actor, item.kind, item.id, *args, version=item.version)
    except (review.ChangedSinceSeen, review.AlreadyReviewed) as exc:
        refused(exc, following)
    except Exception as exc:  # a note too long, a permission: shown here, the form keeps what was typed
        show_error(exc)
        return
    st.cache_data.clear()
    st.session_state.get(_TICKED, set()).discard(item.ref)
    flash("success", done)
    if following is not None:
        st.session_state[_NEXT] = following
    st.rerun()


flashed = st.session_state.pop(_FLASH, None)
if flashed:
    kind, text = flashed
    if kind == "success":
        st.success(text, icon=":material/task_alt:")
    else:
        st.error(text, icon=":material/sync_problem:")

department_id = dept.pick_department(actor, key="review_department")
try:
    waiting = dept.queue(actor, department_id)
except Exception as exc:
    show_error(exc)
    st.stop()

own = t("dept.own_records_elsewhere")  # nobody reviews their own records, so they are not listed here
if not waiting.items:
    st.success(t("dept.queue_empty"), icon=":material/task_alt:")
    st.caption(own)
    st.stop()
if waiting.total > len(waiting.items):
    st.caption(t("dept.queue_partial", shown=len(waiting.items), total=waiting.total) + " " + own)
else:
    st.caption(t("dept.queue_count", total=waiting.total) + " " + own)

items = waiting.items
by_ref = {i.ref: i for i in items}

# --- bulk verify: tick rows in the table --------------------------------------------------------------------
# The editor's key names exactly what it shows (every record and version), so a tick can never move to another
# record when the queue changes under it (Streamlit keeps a keyed editor's edits by row position). Ticks are
# carried over to a changed queue by record and version through _TICKED.
shown = hashlib.sha256(repr([i.ref for i in items]).encode()).hexdigest()[:16]
ticked: set = {r for r in st.session_state.get(_TICKED, set()) if r in by_ref}
table = pd.DataFrame(
    {
        "pick": [i.ref in ticked for i in items],
        "teacher": [i.name for i in items],
        "record": [t(f"report.record.{i.kind}") for i in items],
        "what": [what(i) for i in items],
        "flags": [flags(i) for i in items],  # next to what it is about: the table is wider than the page
        "where": [i.enterprise or "" for i in items],
        "start": [i.start.isoformat() for i in items],
        "end": [i.end.isoformat() if i.end else "–" for i in items],
        "hours": [number(i.hours) for i in items],  # a certificate has none: a dash, never "None"
        "confirmed": [number(i.confirmed_hours) if i.kind == review.ACTIVITY else "–" for i in items],
        "trust": [t(f"trust.{i.trust}") if i.trust else "" for i in items],
        "files": [len(i.evidence) for i in items],
    },
    index=[f"{i.kind}:{i.id}:{i.version}" for i in items],
)
edited = st.data_editor(
    table,
    key=f"review_table_{shown}",
    hide_index=True,
    disabled=[c for c in table.columns if c != "pick"],
    column_config={
        "pick": st.column_config.CheckboxColumn(t("dept.col_pick"), width="small"),
        "teacher": t("common.teacher"),
        "record": t("dept.col_record"),
        "what": t("dept.col_what"),
        "flags": st.column_config.TextColumn(t("counting.col_flags"), width="small"),
        "where": t("dept.col_where"),
        "start": st.column_config.TextColumn(t("field.start_date")),
        "end": st.column_config.TextColumn(t("field.end_date")),
        "hours": st.column_config.TextColumn(t("field.hours"), width="small"),
        "confirmed": st.column_config.TextColumn(t("field.confirmed_hours"), width="small"),
        "trust": t("field.trust"),
        "files": st.column_config.NumberColumn(t("field.evidence"), width="small"),
    },
)
by_row = dict(zip(table.index, items, strict=True))
picked = [by_row[row].ref for row in edited.index[edited["pick"]]]  # by the row's own key, not its position
st.session_state[_TICKED] = set(picked)
if st.button(
    t("dept.verify_selected", n=len(picked)), disabled=not picked, type="primary", key="review_bulk"
):
    st.session_state[_CONFIRM] = tuple(picked)


def _close_confirmation() -> None:
    st.session_state.pop(_CONFIRM, None)


pending = tuple(r for r in st.session_state.get(_CONFIRM, ()) if r in by_ref)
if st.session_state.get(_CONFIRM) and len(pending) != len(st.session_state[_CONFIRM]):
    _close_confirmation()  # the queue changed while the question was open: ask again from the fresh table
    pending = ()
if pending:

    def confirm(refs: tuple) -> None:
        st.write(t("review.bulk_confirm_body", n=len(refs)))
        st.markdown("\n".join(f"- {literal(describe(by_ref[r]))}" for r in refs))
        yes, no = st.columns(2)
        if yes.button(t("review.bulk_confirm_yes", n=len(refs)), type="primary", key="review_bulk_yes"):
            _close_confirmation()
            try:
                done = review.bulk_verify(actor, list(refs))
            except (review.ChangedSinceSeen, review.AlreadyReviewed) as exc:
                refused(exc)
            except Exception as exc:
                show_error(exc)
                return
            st.cache_data.clear()
            st.session_state[_TICKED] = set()
            flash("success", t("review.bulk_done", n=done))
            st.rerun()
        if no.button(t("review.bulk_confirm_no"), key="review_bulk_no"):
            _close_confirmation()
            st.rerun()

    st.dialog(t("review.bulk_confirm_title", n=len(pending)), on_dismiss=_close_confirmation)(confirm)(pending)

# --- one record in detail -----------------------------------------------------------------------------------
st.subheader(t("dept.one_record"))
keys = [i.key for i in items]
by_key = {i.key: i for i in items}
following = st.session_state.pop(_NEXT, None)
labels = {k: describe(i) for k, i in by_key.items()}  # worded now, in this run's language
# by record key, never by position or by the wording a widget remembers (a record decided or withdrawn since
# is no longer an option: the first one opens)
chosen = pick_by_key(t("dept.pick_record"), labels, key=_PICK, chosen=following)
item = by_key[chosen]
position = keys.index(chosen)
# after a decision, the record after this one (or before it, at the end of the queue) opens
after = keys[position + 1] if position + 1 < len(keys) else (keys[position - 1] if position else None)

with st.container(border=True):
    st.markdown(" · ".join(x for x in (f"**{literal(item.name)}**", literal(item.department)) if x))
    st.text(item.teacher)  # an email as plain text: Markdown would make it a mailto link
    facts = st.columns(4)
    when = f"{item.start}" + (f" – {item.end}" if item.end and item.end != item.start else "")
    facts[0].markdown(f"**{t('dept.col_what')}**  \n{literal(what(item))} · {when}")
    facts[1].markdown(f"**{t('dept.col_where')}**  \n{literal(item.enterprise) or '–'}")
    facts[2].markdown(f"**{t('plans.claimed')}**  \n{number(item.hours)}")
    if item.kind == review.ACTIVITY:  # claimed and confirmed side by side: the confirmed hours are what counts
        confirmed = number(item.confirmed_hours)
        facts[3].markdown(f"**{t('field.confirmed_hours')}**  \n{confirmed}  \n{trust_chip(item.trust)}")
    if item.description:
        st.text(item.description)
    if item.kind == review.ACTIVITY:
        if item.findings:
            show_findings(item.findings, heading=t("counting.flags"))
        else:
            st.caption(t("counting.no_flags", hours=hours_text(item.confirmed_hours or item.hours)))
    if not item.evidence and item.kind != review.ACTIVITY:  # an activity's findings say it already
        st.caption(t("dept.no_evidence"))
    for ev in item.evidence:
        st.caption(
            t("review.file_facts", name=literal(ev.filename), size=f"{ev.size / 1024:,.0f} KB", sha=ev.sha256[:12])
        )
        # the stored preview (a small JPEG made at upload), never the original: a huge image is never decoded here
        picture = None
        if ev.has_preview:
            try:
                picture = preview(actor, ev.id)
            except Exception as exc:
                show_error(exc)
        if picture is not None:
            st.image(picture, width=420)
            if ev.media_type == "application/pdf":
                st.caption(t("review.pdf_first_page", name=literal(ev.filename)))
        else:
            st.caption(t("review.no_preview", name=literal(ev.filename)))
        # the file is read only when the button is clicked, so a page of PDFs opens fast
        st.download_button(
            literal_t("dept.download_file", name=ev.filename),
            partial(evidence_content, actor, ev.id),
            file_name=ev.filename,
            mime=ev.media_type,
            key=f"ev_{ev.id}",
            on_click="ignore",
            icon=":material/download:",
        )

    with st.form(f"decide_{item.kind}_{item.id}_{item.version}", border=False):
        note = st.text_area(
            t("field.review_note"), key=f"note_{item.kind}_{item.id}", help=t("dept.note_help")
        )
        b1, b2 = st.columns(2)
        verify = b1.form_submit_button(t("dept.verify"), type="primary", icon=":material/check:")
        reject = b2.form_submit_button(t("dept.reject"), icon=":material/undo:")
    name = literal(describe(item))
    if verify:
        done = t("review.verified_named" if after else "review.verified_last", what=name)
        decide(review.verify, item, after, note, done=done)
    elif reject:
        done = t("review.rejected_named" if after else "review.rejected_last", what=name)
        decide(review.reject, item, after, note, done=done)
