"""News: current industry news for everyone; filters, read marks, bookmarks, department recommendations."""

import streamlit as st

from tracker.i18n import t
from tracker.models import Role
from tracker.services import news
from tracker.services.news import NewsQuery
from tracker.ui import news as ui
from tracker.ui.markdown import literal, literal_t
from tracker.ui.session import require_actor

PAGE_SIZE = 30

actor = require_actor()
st.title(t("page.news"))
st.caption(t("news.caption"))

topics = ui.topic_names(ui.language())
summary = ui.health()
head_col, button_col = st.columns([3, 2])
if summary.active:
    head_col.caption(
        t("news.sources_unchecked", active=summary.active)
        if summary.never_checked == summary.active
        else t("news.sources_status", ok=summary.ok, active=summary.active)
    )
    if summary.failing:
        head_col.caption(t("news.health_failing", failing=summary.failing))
with button_col:
    ui.refresh_panel(all_active=False, label_key="news.refresh")


def item_actions(row, *, where: str) -> None:
    """Read / bookmark buttons, and for heads and admins a recommendation form."""
    key = f"{where}_{row.id}"
    c1, c2, c3 = st.columns([1, 1, 2])
    if c1.button(t("news.mark_unread" if row.read else "news.mark_read"), key=f"read_{key}"):
        ui.write(news.mark_read, actor, item_id=row.id, read=not row.read)
        st.rerun()
    if c2.button(
        t("news.unbookmark" if row.bookmarked else "news.bookmark"),
        key=f"bookmark_{key}",
        icon=":material/bookmark:",
    ):
        ui.write(news.set_bookmark, actor, item_id=row.id, bookmarked=not row.bookmarked)
        st.rerun()
    if actor.role in (Role.head, Role.admin) and actor.department_id is not None:
        with c3.popover(t("news.recommend"), icon=":material/campaign:"):
            with st.form(f"recommend_{key}"):
                note = st.text_area(t("news.recommend_note"), key=f"note_{key}", max_chars=2000)
                if st.form_submit_button(t("news.recommend_send")):
                    ui.write(
                        news.recommend,
                        actor,
                        item_id=row.id,
                        note=note,
                        success=t("news.recommended_done"),
                    )
            if row.recommendations and st.button(t("news.recommend_withdraw"), key=f"withdraw_{key}"):
                ui.write(news.withdraw_recommendation, actor, item_id=row.id)
                st.rerun()


def show(row, *, where: str) -> None:
    with st.container(border=True):
        st.html(ui.card_html(row, topics))
        for rec in row.recommendations:
            st.info(
                f"**{literal_t('news.recommended_by', name=rec.by or '—')}**: {literal(rec.note)}"
                if rec.note
                else literal_t("news.recommended_by", name=rec.by or "—"),
                icon=":material/campaign:",
            )
        item_actions(row, where=where)


recommended = ui.recommended_rows(actor)
samples_notice = st.empty()  # filled once we know whether sample items are on the page
if recommended:
    st.subheader(t("news.recommended"))
    for row in recommended:
        show(row, where="rec")
    st.divider()

f1, f2, f3, f4, f5 = st.columns([3, 2, 2, 2, 3])
search = f1.text_input(t("news.search"), key="news_search", placeholder=t("news.search_hint"))
# "" and 0 stand for "all": a None option reads as "nothing chosen" after a rerun and shows a placeholder.
# Labels are looked up in dicts built now, so they stay in this run's language whoever formats them.
topic_labels = {"": t("common.all"), **topics}
topic = (
    f2.selectbox(t("news.topic"), list(topic_labels), key="news_topic", format_func=topic_labels.get) or None
)
source_labels = {0: t("common.all"), **{s.feed_id: s.title for s in ui.source_choices()}}
source = (
    f3.selectbox(t("news.source"), list(source_labels), key="news_source", format_func=source_labels.get)
    or None
)
since = f4.date_input(t("news.since"), value=None, key="news_since")
show_labels = {m: t(f"news.show.{m}") for m in ("all", "unread", "bookmarked")}
show_mode = (
    f5.segmented_control(
        t("news.show"), list(show_labels), default="all", format_func=show_labels.get, key="news_show"
    )
    or "all"
)

limit = st.session_state.setdefault("news_limit", PAGE_SIZE)
query = NewsQuery(
    topic=topic,
    search=search.strip() or None,
    since=since,
    feed_id=source,
    unread_only=show_mode == "unread",
    bookmarked_only=show_mode == "bookmarked",
    limit=limit,
)
rows = ui.news_rows(actor, query)

if not rows:
    if query == NewsQuery(limit=limit):
        st.info(t("news.empty"))
    else:
        st.info(t("news.none"))
    st.stop()

if any(row.sample for row in [*recommended, *rows]):
    samples_notice.info(t("news.sample_notice"), icon=":material/science:")

for row in rows:
    show(row, where="list")

total = ui.news_count(actor, query)
st.caption(t("news.showing", shown=len(rows), total=total))
if len(rows) >= limit and limit < news.MAX_PAGE:
    if st.button(t("news.more"), key="news_more"):
        st.session_state["news_limit"] = min(limit + PAGE_SIZE, news.MAX_PAGE)
        st.rerun()
