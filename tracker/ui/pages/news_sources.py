"""News sources (admins): add, remove, OPML import/export, feed health, topic rules."""

import pandas as pd
import streamlit as st

from feeds.topics import TopicRule
from tracker.i18n import in_language, t
from tracker.services import news
from tracker.ui import news as ui
from tracker.ui.session import require_actor
from tracker.ui.widgets import show_error

actor = require_actor()
st.title(t("page.news_sources"))
st.caption(t("news.admin.caption"))


def read(action, **kwargs):
    try:
        return action(actor, **kwargs)
    except Exception as exc:  # e.g. PermissionDenied for a non-admin who typed the URL
        show_error(exc)
        st.stop()


health_tab, add_tab, topics_tab = st.tabs(
    [t("news.admin.tab_health"), t("news.admin.tab_add"), t("news.admin.tab_topics")]
)

with health_tab:
    ui.refresh_panel(all_active=True, label_key="news.refresh_all")
    feeds = read(news.feed_health)
    if not feeds:
        st.info(t("news.admin.none"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("news.admin.col.title"): f.title,
                        t("news.admin.col.status"): t(f"news.admin.status.{f.last_status or 'none'}"),
                        t("news.admin.col.error"): (
                            f"{ui.error_text(f.last_error_kind)} {in_language(f.last_error)}"
                            if f.last_error
                            else in_language(f.deactivated_reason or "")
                        ),
                        t("news.admin.col.checked"): ui.when(f.last_checked_at),
                        t("news.admin.col.next"): ui.when(f.next_check_at) if f.active else "—",
                        t("news.admin.col.errors"): f.error_count,
                        t("news.admin.col.entries"): f.entries,
                        t("news.admin.col.active"): f.active,
                        t("news.admin.col.group"): f.topic or "",
                        t("news.admin.col.url"): f.url,
                    }
                    for f in feeds
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={t("news.admin.col.url"): st.column_config.LinkColumn()},
        )
        with st.form("remove_source"):
            st.markdown(f"**{t('news.admin.remove')}**")
            by_url = {f.url: f.title for f in feeds}
            chosen = st.selectbox(
                t("news.admin.col.url"),
                list(by_url),
                format_func=lambda u: f"{by_url[u]} — {u}",
                key="remove_url",
            )
            st.caption(t("news.admin.remove_confirm"))
            if st.form_submit_button(t("news.admin.remove_button"), type="primary"):
                ui.write(news.remove_source, actor, url=chosen, success=t("news.admin.removed"))
                st.rerun()

with add_tab:
    with st.form("add_source", clear_on_submit=True):
        url = st.text_input(t("news.admin.url"), key="add_url", placeholder="https://")
        c1, c2 = st.columns(2)
        title = c1.text_input(t("news.admin.title"), key="add_title")
        group = c2.text_input(t("news.admin.group"), key="add_group")
        if st.form_submit_button(t("news.admin.add"), type="primary"):
            ui.write(
                news.add_source,
                actor,
                url=url,
                title=title or None,
                topic=group or None,
                success=t("news.admin.added"),
            )
    upload = st.file_uploader(t("news.admin.opml_import"), type=["opml", "xml"], key="opml_upload")
    if upload is not None and st.button(t("news.admin.opml_import"), key="opml_import_button"):
        result = ui.write(news.import_opml, actor, data=upload.getvalue())
        if result is not None:
            st.success(t("news.admin.opml_imported", added=result[0], existing=result[1]))
    st.download_button(
        t("news.admin.opml_export"),
        data=read(news.export_opml),
        file_name="news-sources.opml",
        mime="text/x-opml",
        key="opml_export",
        icon=":material/download:",
    )

with topics_tab:
    st.caption(t("news.admin.topics_help"))
    rules = news.topic_rules()
    columns = {
        "slug": t("news.admin.col.slug"),
        "name_en": t("news.admin.col.name_en"),
        "name_zh": t("news.admin.col.name_zh"),
        "keywords": t("news.admin.col.keywords"),
    }
    edited = st.data_editor(
        pd.DataFrame(
            [
                {
                    columns["slug"]: r.slug,
                    columns["name_en"]: r.name_en,
                    columns["name_zh"]: r.name_zh,
                    columns["keywords"]: ", ".join(r.keywords),
                }
                for r in rules
            ]
        ),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key="topic_rules_editor",
    )
    if st.button(t("common.save"), key="save_topics", type="primary"):

        def cell(row, name: str) -> str:
            value = row[columns[name]]
            return "" if value is None or pd.isna(value) else str(value).strip()

        new_rules = [
            TopicRule(
                slug=cell(row, "slug"),
                name_en=cell(row, "name_en"),
                name_zh=cell(row, "name_zh"),
                keywords=tuple(cell(row, "keywords").replace("，", ",").split(",")),
            )
            for _, row in edited.iterrows()
        ]
        count = ui.write(news.save_topics, actor, rules=new_rules)
        if count is not None:
            st.success(t("news.admin.topics_saved", count=count))
