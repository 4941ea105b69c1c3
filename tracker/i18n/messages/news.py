"""Strings of the News and News sources pages."""

MESSAGES = {
    # News page
    "news.caption": {
        "en": "Current cross-border e-commerce news from curated sources, newest first.",
        "zh": "来自精选来源的跨境电商行业最新资讯，按时间从新到旧排列。",
    },
    "news.search": {"en": "Search", "zh": "搜索"},
    "news.search_hint": {"en": "words in the title or summary", "zh": "标题或摘要中的词"},
    "news.topic": {"en": "Topic", "zh": "主题"},
    "news.source": {"en": "Source", "zh": "来源"},
    "news.since": {"en": "Published since", "zh": "发布时间不早于"},
    "news.show": {"en": "Show", "zh": "显示"},
    "news.show.all": {"en": "All", "zh": "全部"},
    "news.show.unread": {"en": "Unread", "zh": "未读"},
    "news.show.bookmarked": {"en": "Bookmarked", "zh": "已收藏"},
    "news.recommended": {"en": "Recommended for your department", "zh": "本部门推荐"},
    "news.recommended_by": {"en": "Recommended by {name}", "zh": "{name} 推荐"},
    "news.sources_label": {"en": "Sources", "zh": "来源"},
    "news.mark_read": {"en": "Mark read", "zh": "标为已读"},
    "news.mark_unread": {"en": "Mark unread", "zh": "标为未读"},
    "news.bookmark": {"en": "Bookmark", "zh": "收藏"},
    "news.unbookmark": {"en": "Remove bookmark", "zh": "取消收藏"},
    "news.recommend": {"en": "Recommend to my department", "zh": "推荐给本部门"},
    "news.recommend_note": {"en": "Note for your colleagues", "zh": "给同事的说明"},
    "news.recommend_send": {"en": "Recommend", "zh": "推荐"},
    "news.recommend_withdraw": {"en": "Withdraw recommendation", "zh": "撤回推荐"},
    "news.recommended_done": {"en": "Recommended to your department.", "zh": "已推荐给本部门。"},
    "news.more": {"en": "Show more", "zh": "加载更多"},
    "news.none": {"en": "No news matches these filters.", "zh": "没有符合筛选条件的资讯。"},
    "news.empty": {
        "en": "No news yet. News appears here after the sources have been fetched.",
        "zh": "暂无资讯。来源抓取成功后，资讯会显示在这里。",
    },
    "news.health": {
        "en": "{ok} of {active} sources answered at their last check (last check {when}).",
        "zh": "{active} 个来源中有 {ok} 个在最近一次检查时正常（最近检查：{when}）。",
    },
    "news.health_failing": {
        "en": "{failing} sources could not be read at their last check; no news is invented for them. "
        "They are tried again automatically.",
        "zh": "有 {failing} 个来源在最近一次检查时无法读取；系统不会为它们编造资讯，稍后会自动重试。",
    },
    "news.never": {"en": "never", "zh": "尚未检查"},
    "news.unread_badge": {"en": "new", "zh": "未读"},
    # refresh
    "news.refresh": {"en": "Refresh now", "zh": "立即刷新"},
    "news.refresh_all": {"en": "Refresh all sources now", "zh": "立即刷新全部来源"},
    "news.refresh_running": {
        "en": "Refreshing sources: {done} of {total}…",
        "zh": "正在刷新来源：{done}/{total}…",
    },
    "news.refresh_starting": {"en": "Starting the refresh…", "zh": "正在开始刷新…"},
    "news.refresh_done": {
        "en": "Checked {checked} sources: {ok} updated, {unchanged} unchanged, {failed} could not be read; "
        "{new} new items.",
        "zh": "已检查 {checked} 个来源：{ok} 个有更新，{unchanged} 个无变化，{failed} 个无法读取；"
        "新增 {new} 条。",
    },
    "news.refresh_nothing_due": {
        "en": "No source is due for a check yet; every source keeps its own interval.",
        "zh": "目前没有到期需要检查的来源；每个来源按各自的间隔检查。",
    },
    "news.refresh_failed": {
        "en": "The refresh stopped because of an unexpected problem; it has been logged. "
        "Please try again later.",
        "zh": "刷新因意外问题中止，已记录日志。请稍后再试。",
    },
    "news.refresh_failures": {"en": "Sources that could not be read", "zh": "无法读取的来源"},
    # error kinds (feeds.errors.*.kind) in the reader's language; the stored English detail follows
    "news.error.unreachable": {
        "en": "Could not reach the source (no network connection or the site is down).",
        "zh": "无法连接该来源（网络不通或网站不可用）。",
    },
    "news.error.timeout": {"en": "The source did not answer in time.", "zh": "该来源响应超时。"},
    "news.error.private_address": {
        "en": "The address points into a private network and is not allowed.",
        "zh": "该地址指向内部网络，不允许访问。",
    },
    "news.error.invalid_url": {
        "en": "The address is not a valid web address.",
        "zh": "该地址不是有效的网址。",
    },
    "news.error.too_large": {"en": "The feed is larger than the size limit.", "zh": "该订阅源超过大小限制。"},
    "news.error.redirects": {"en": "The source redirects too many times.", "zh": "该来源重定向次数过多。"},
    "news.error.http": {"en": "The source answered with an error.", "zh": "该来源返回了错误。"},
    "news.error.gone": {
        "en": "The publisher removed this feed for good; it has been switched off.",
        "zh": "发布方已永久删除该订阅源，已停用。",
    },
    "news.error.not_a_feed": {
        "en": "The address does not return a news feed (RSS/Atom).",
        "zh": "该地址返回的不是资讯订阅源（RSS/Atom）。",
    },
    "news.error.unsafe_xml": {
        "en": "The feed declares its own XML entities (a DTD) or has broken markup at its start; it was not read.",
        "zh": "该订阅源自行声明了 XML 实体（DTD）或开头标记有误，为安全起见未读取。",
    },
    "news.error.parse_aborted": {
        "en": "Reading the feed went past its memory or time limit and was stopped.",
        "zh": "读取该订阅源超出内存或时间限制，已被中止。",
    },
    "news.error.error": {"en": "The source could not be read.", "zh": "无法读取该来源。"},
    # News sources page (admins)
    "news.admin.caption": {
        "en": "Manage the news sources, see their health, and edit the topic rules.",
        "zh": "管理资讯来源、查看来源状态、编辑主题规则。",
    },
    "news.admin.tab_health": {"en": "Sources & health", "zh": "来源与状态"},
    "news.admin.tab_add": {"en": "Add or import", "zh": "添加或导入"},
    "news.admin.tab_topics": {"en": "Topic rules", "zh": "主题规则"},
    "news.admin.url": {"en": "Feed address (RSS or Atom)", "zh": "订阅源地址（RSS 或 Atom）"},
    "news.admin.title": {"en": "Title (optional)", "zh": "名称（可选）"},
    "news.admin.group": {"en": "Group (optional)", "zh": "分组（可选）"},
    "news.admin.add": {"en": "Add source", "zh": "添加来源"},
    "news.admin.added": {"en": "Added; the next refresh fetches it.", "zh": "已添加，下次刷新时抓取。"},
    "news.admin.opml_import": {"en": "Import an OPML file", "zh": "导入 OPML 文件"},
    "news.admin.opml_imported": {
        "en": "Added {added} sources; {existing} were already there.",
        "zh": "已添加 {added} 个来源；{existing} 个已存在。",
    },
    "news.admin.opml_export": {"en": "Download the sources as OPML", "zh": "下载来源列表（OPML）"},
    "news.admin.remove": {"en": "Remove a source", "zh": "删除来源"},
    "news.admin.remove_confirm": {
        "en": "Also removes its news items (bookmarked ones are kept).",
        "zh": "同时删除其资讯（已收藏的保留）。",
    },
    "news.admin.remove_button": {"en": "Remove", "zh": "删除"},
    "news.admin.removed": {"en": "Removed.", "zh": "已删除。"},
    "news.admin.none": {"en": "No sources yet.", "zh": "暂无来源。"},
    "news.admin.col.title": {"en": "Source", "zh": "来源"},
    "news.admin.col.url": {"en": "Address", "zh": "地址"},
    "news.admin.col.group": {"en": "Group", "zh": "分组"},
    "news.admin.col.active": {"en": "Active", "zh": "启用"},
    "news.admin.col.status": {"en": "Last status", "zh": "最近状态"},
    "news.admin.col.error": {"en": "Last error", "zh": "最近错误"},
    "news.admin.col.checked": {"en": "Last checked (UTC)", "zh": "最近检查（UTC）"},
    "news.admin.col.next": {"en": "Next check (UTC)", "zh": "下次检查（UTC）"},
    "news.admin.col.errors": {"en": "Errors in a row", "zh": "连续错误"},
    "news.admin.col.entries": {"en": "Entries", "zh": "条目数"},
    "news.admin.status.ok": {"en": "ok", "zh": "正常"},
    "news.admin.status.not_modified": {"en": "unchanged", "zh": "无变化"},
    "news.admin.status.error": {"en": "error", "zh": "错误"},
    "news.admin.status.none": {"en": "not checked yet", "zh": "尚未检查"},
    "news.admin.topics_help": {
        "en": "An item gets a topic when one of its keywords appears in the title or summary "
        "(English keywords as whole words, Chinese anywhere). Keywords separated by commas. "
        "Saving re-tags every stored item.",
        "zh": "标题或摘要中出现某主题的关键词，资讯即归入该主题（英文按整词匹配，中文任意位置匹配）。"
        "关键词用逗号分隔。保存后会重新标注所有已存资讯。",
    },
    "news.admin.col.slug": {"en": "Code", "zh": "代码"},
    "news.admin.col.name_en": {"en": "Name (English)", "zh": "英文名称"},
    "news.admin.col.name_zh": {"en": "Name (Chinese)", "zh": "中文名称"},
    "news.admin.col.keywords": {"en": "Keywords", "zh": "关键词"},
    "news.admin.topics_saved": {
        "en": "Saved; {count} items re-tagged.",
        "zh": "已保存；重新标注了 {count} 条资讯。",
    },
}
