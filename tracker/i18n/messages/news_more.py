"""Strings of the News page from issue 11 item 10: when sources were checked, sample items, totals."""

MESSAGES = {
    "news.sources_status": {
        "en": "{ok} of {active} sources answered at their last check.",
        "zh": "{active} 个来源中有 {ok} 个在最近一次检查时正常。",
    },
    "news.sources_unchecked": {
        "en": "{active} sources are set up; none has been checked yet.",
        "zh": "已设置 {active} 个来源，尚未检查过。",
    },
    "news.checked_at": {
        "en": "Sources last checked: {when}",
        "zh": "来源最近检查：{when}",
    },
    "news.checked_never": {
        "en": "Sources not checked yet",
        "zh": "来源尚未检查",
    },
    "news.refresh_help": {
        "en": "Checks the sources that are due now; each source is checked on its own schedule.",
        "zh": "检查当前到期的来源；每个来源按各自的时间表检查。",
    },
    "news.refresh_not_due": {
        "en": "No source is due for a check yet. The sources were last checked {last}; "
        "the next check is due {next}.",
        "zh": "目前没有到期需要检查的来源。来源最近检查：{last}；下次检查：{next}。",
    },
    "news.refresh_checked_now": {
        "en": "Checked at {when}.",
        "zh": "检查时间：{when}。",
    },
    "news.time_unknown": {"en": "not scheduled", "zh": "未安排"},
    "news.sample_badge": {"en": "Sample", "zh": "示例"},
    "news.sample_notice": {
        "en": "This is the demo college: items marked “Sample” are made-up examples that show how the page "
        "works, not real news. Real news appears here once the sources have been fetched.",
        "zh": "这是示例学院：标有“示例”的资讯是为演示页面功能而编写的样例，并非真实新闻。"
        "来源抓取成功后，真实资讯会显示在这里。",
    },
    "news.showing": {
        "en": "Showing {shown} of {total} items.",
        "zh": "显示 {shown} 条，共 {total} 条。",
    },
}
