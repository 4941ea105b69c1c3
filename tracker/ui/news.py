"""What the News pages share: cached reads, one write helper, the refresh panel and item cards.

Reads are cached briefly per viewer and query (frozen dataclasses, never ORM objects); writes go
through ``widgets.run_action``, which clears the caches.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime

import streamlit as st

from feeds.background import current_refresh, start_refresh
from tracker.auth import Actor
from tracker.i18n import current_language, t
from tracker.localtime import local, zone_name
from tracker.services import news
from tracker.services.news import HealthSummary, NewsQuery, NewsRow
from tracker.ui.markdown import literal
from tracker.ui.widgets import run_action

TTL = 30  # seconds; writes clear the cache, so this only bounds how stale a background refresh looks


@st.cache_data(ttl=TTL, show_spinner=False)
def news_rows(actor: Actor, query: NewsQuery) -> list[NewsRow]:
    return news.list_news(actor, query=query)


@st.cache_data(ttl=TTL, show_spinner=False)
def news_count(actor: Actor, query: NewsQuery) -> int:
    return news.count_news(actor, query=query)


@st.cache_data(ttl=TTL, show_spinner=False)
def recommended_rows(actor: Actor) -> list[NewsRow]:
    return news.recommended_for(actor)


@st.cache_data(ttl=TTL, show_spinner=False)
def topic_names(language: str) -> dict[str, str]:
    return {rule.slug: rule.name(language) for rule in news.topic_rules()}


@st.cache_data(ttl=TTL, show_spinner=False)
def source_choices() -> list[news.NewsSource]:
    return news.source_choices()


@st.cache_data(ttl=TTL, show_spinner=False)
def health() -> HealthSummary:
    return news.health_summary()


def write(action: Callable, *args, success: str | None = None, **kwargs):
    """Run a news service action (its own unit of work); errors become one message."""
    return run_action(action, *args, success=success, **kwargs)


# --- refresh --------------------------------------------------------------------------------------

_WATCH = "news_refresh_watch"
_RESULT = "news_refresh_result"


def refresh_panel(*, all_active: bool, label_key: str) -> None:
    """A refresh button; while the refresh runs in the background, a progress bar that updates
    itself once a second (a fragment), so the rest of the page stays usable."""
    job = current_refresh()
    running = job is not None and job.running
    if st.button(
        t(label_key),
        key=f"{label_key}_button",
        icon=":material/refresh:",
        disabled=running,
        help=t("news.refresh_help"),
    ):
        start_refresh(all_active=all_active)
        st.session_state[_WATCH] = True
        running = True
    summary = health()
    # the button says when the sources were last checked (issue 11 item 10), before and after a click
    st.caption(
        t("news.checked_at", when=local_when(summary.last_checked_at))
        if summary.last_checked_at
        else t("news.checked_never")
    )
    if running or st.session_state.get(_WATCH):
        _refresh_progress()
    result = st.session_state.get(_RESULT)
    if result:
        _show_result(result, summary)


@st.fragment(run_every=1.0)
def _refresh_progress() -> None:
    job = current_refresh()
    if job is None:
        return
    if job.running:
        if job.total:
            st.progress(job.fraction, text=t("news.refresh_running", done=job.done, total=job.total))
        else:
            st.progress(0.0, text=t("news.refresh_starting"))
        return
    # finished: remember the summary, drop cached reads, rerun the whole page to show new items
    st.session_state[_WATCH] = False
    st.session_state[_RESULT] = _summary(job)
    st.cache_data.clear()
    st.rerun(scope="app")


def _summary(job) -> dict:
    if job.failed or job.report is None:
        return {"failed": True}
    report = job.report
    return {
        "failed": False,
        "checked": len(report.outcomes),
        "ok": report.count("ok"),
        "unchanged": report.count("not_modified"),
        "errors": [
            (o.url, o.error_kind or "error", o.error or "") for o in report.outcomes if o.status == "error"
        ],
        "new": report.new_entries,
    }


def _show_result(result: dict, summary: HealthSummary) -> None:
    if result["failed"]:
        st.error(t("news.refresh_failed"))
        return
    if result["checked"] == 0:
        if summary.last_checked_at is None:
            st.info(t("news.refresh_nothing_due"))
        else:
            st.info(
                t(
                    "news.refresh_not_due",
                    last=local_when(summary.last_checked_at),
                    next=local_when(summary.next_check_at),
                )
            )
        return
    message = t(
        "news.refresh_done",
        checked=result["checked"],
        ok=result["ok"],
        unchanged=result["unchanged"],
        failed=len(result["errors"]),
        new=result["new"],
    )
    if summary.last_checked_at is not None:
        message += " " + t("news.refresh_checked_now", when=local_when(summary.last_checked_at))
    (st.warning if result["errors"] else st.success)(message)
    if result["errors"]:
        with st.expander(t("news.refresh_failures")):
            for url, kind, detail in result["errors"]:
                st.markdown(f"- {literal(url)} — {error_text(kind)}")
                st.caption(literal(detail))


def error_text(kind: str | None) -> str:
    """A feed error kind in the reader's language."""
    text = t(f"news.error.{kind}")
    return t("news.error.error") if text.startswith("news.error.") else text


# --- item cards -----------------------------------------------------------------------------------


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else t("news.never")


def local_when(moment: datetime | None) -> str:
    """``moment`` in the institution's time zone, with the zone named (people compare it with their clock)."""
    if moment is None:
        return t("news.time_unknown")
    return f"{local(moment):%Y-%m-%d %H:%M} ({zone_name()})"


def card_html(row: NewsRow, topics: dict[str, str]) -> str:
    """The card's text as HTML: escaped title and metadata plus the summary sanitised at ingest."""
    title = html.escape(row.title)
    if row.link:
        href = html.escape(row.link, quote=True)
        title = f'<a href="{href}" target="_blank" rel="noopener noreferrer">{title}</a>'
    sources = " · ".join(html.escape(s.title) for s in row.sources)
    chips = "".join(
        '<span style="display:inline-block;padding:0 .5em;margin-right:.3em;border-radius:.6em;'
        f'background:#e3f2fd;color:#0d47a1;font-size:.8em">{html.escape(topics.get(slug, slug))}</span>'
        for slug in row.topics
    )
    if row.sample:
        chips = (
            '<span style="display:inline-block;padding:0 .5em;margin-right:.3em;border-radius:.6em;'
            f'background:#fff3e0;color:#e65100;font-size:.8em">{html.escape(t("news.sample_badge"))}</span>'
        ) + chips
    unread = "" if row.read else ('<span style="color:#c62828;font-size:.8em;margin-right:.4em">●</span>')
    return (
        f'<div style="font-size:1.1em;font-weight:600">{unread}{title}</div>'
        f'<div style="color:#666;font-size:.85em;margin:.2em 0">'
        f"{html.escape(local_when(row.published))} · {sources}</div>"
        f"<div>{chips}</div>"
        f'<div style="margin-top:.4em">{row.summary_html}</div>'
    )


def language() -> str:
    return current_language()
