"""Errors of the news feeds (fetch, parse, OPML, workers), in both languages (issue 11).

The English is the text the CLI, the logs and the stored feed health show; the News sources page shows the
reader's language.
"""

MESSAGES = {
    "errors.feed.not_web_address": {
        "en": "'{url}' is not a web address a news feed can be read from; "
        "use one starting with https:// or http://.",
        "zh": "“{url}”不是可以读取新闻订阅源的网址；请使用以 https:// 或 http:// 开头的地址。",
    },
    "errors.feed.url_too_long": {
        "en": "That web address is too long (more than 2000 characters).",
        "zh": "该网址太长（超过 2000 个字符）。",
    },
    "errors.feed.private_url": {
        "en": "The address {url} points into a private network; news sources must be public web addresses.",
        "zh": "地址 {url} 指向内部网络；新闻来源必须是公开的网址。",
    },
    "errors.feed.private_host": {
        "en": "The news source {host} points into a private network ({address}); "
        "news sources must be public web addresses.",
        "zh": "新闻来源 {host} 指向内部网络（{address}）；新闻来源必须是公开的网址。",
    },
    "errors.feed.redirect_no_target": {
        "en": "The news source {host} sent a redirect without a target.",
        "zh": "新闻来源 {host} 发送了没有目标地址的重定向。",
    },
    "errors.feed.timeout": {
        "en": "The news source {host} did not answer within {seconds} seconds. It will be tried again later.",
        "zh": "新闻来源 {host} 在 {seconds} 秒内没有响应，稍后会再次尝试。",
    },
    "errors.feed.unreachable": {
        "en": "The news source {host} could not be reached ({reason}). It will be tried again later.",
        "zh": "无法连接新闻来源 {host}（{reason}），稍后会再次尝试。",
    },
    "errors.feed.reason_no_name": {"en": "its name does not resolve", "zh": "域名无法解析"},
    "errors.feed.reason_refused": {"en": "connection refused", "zh": "连接被拒绝"},
    "errors.feed.reason_no_connection": {"en": "no connection", "zh": "无法建立连接"},
    "errors.feed.redirects": {
        "en": "The news source {host} redirected more than {limit} times; check the address.",
        "zh": "新闻来源 {host} 重定向超过 {limit} 次，请检查地址。",
    },
    "errors.feed.gone": {
        "en": "The publisher removed the feed at {url} for good (HTTP 410 Gone); it has been switched off.",
        "zh": "发布方已永久删除 {url} 的订阅源（HTTP 410 Gone），该来源已停用。",
    },
    "errors.feed.http": {
        "en": "The news source {host} answered with an error (HTTP {status}). It will be tried again later.",
        "zh": "新闻来源 {host} 返回了错误（HTTP {status}），稍后会再次尝试。",
    },
    "errors.feed.too_slow": {
        "en": "The news source {host} is sending its feed too slowly; it will be tried again later.",
        "zh": "新闻来源 {host} 传输订阅源的速度太慢，稍后会再次尝试。",
    },
    "errors.feed.too_large": {
        "en": "The feed at {url} is larger than the limit of {mib} MiB and was not read.",
        "zh": "{url} 的订阅源超过 {mib} MiB 的上限，未被读取。",
    },
    "errors.feed.compression": {
        "en": "The news source {host} sent its feed in an unsupported compression ({encoding}).",
        "zh": "新闻来源 {host} 使用了不支持的压缩格式（{encoding}）发送订阅源。",
    },
    "errors.feed.damaged": {
        "en": "The feed from {host} arrived damaged (bad compression).",
        "zh": "来自 {host} 的订阅源在传输中损坏（压缩数据有误）。",
    },
    "errors.feed.unsafe_dtd": {
        "en": "The feed at {url} declares its own XML entities (a DTD); it was not read, because such "
        "declarations can exhaust the server's memory. Ask the publisher for a plain RSS or Atom feed.",
        "zh": "{url} 的订阅源声明了自己的 XML 实体（DTD），因此未被读取：这类声明可能耗尽服务器内存。"
        "请向发布方索取普通的 RSS 或 Atom 订阅源。",
    },
    "errors.feed.unsafe_markup": {
        "en": "The feed at {url} has broken markup before its first element ({detail}); it was not read, "
        "because such declarations can exhaust the server's memory. Ask the publisher for a plain RSS or "
        "Atom feed.",
        "zh": "{url} 的订阅源在第一个元素之前有损坏的标记（{detail}），因此未被读取："
        "这类声明可能耗尽服务器内存。请向发布方索取普通的 RSS 或 Atom 订阅源。",
    },
    "errors.feed.not_a_feed": {
        "en": "The address {url} did not return a news feed (RSS or Atom); it may be a web page. "
        "Check the address with the publisher.",
        "zh": "地址 {url} 没有返回新闻订阅源（RSS 或 Atom），可能是一个网页。请向发布方核实地址。",
    },
    "errors.feed.no_source": {
        "en": "There is no news source with the address {url}.",
        "zh": "没有地址为 {url} 的新闻来源。",
    },
    "errors.feed.worker_start": {
        "en": "The program that reads feeds could not be started on the server; "
        "it will be tried again later.",
        "zh": "服务器上读取订阅源的程序无法启动，稍后会再次尝试。",
    },
    "errors.feed.worker_memory": {
        "en": "Reading the feed at {url} needed more than the {mib} MiB of memory a feed may use, "
        "and was stopped. It will be tried again later; if it keeps failing, the feed is too large to read "
        "here.",
        "zh": "读取 {url} 的订阅源所需内存超过了每个订阅源可用的 {mib} MiB，已被停止。稍后会再次尝试；"
        "如果一直失败，说明该订阅源太大，无法在此读取。",
    },
    "errors.feed.worker_time": {
        "en": "Reading the feed at {url} took longer than {seconds} seconds and was stopped. "
        "It will be tried again later.",
        "zh": "读取 {url} 的订阅源超过了 {seconds} 秒，已被停止，稍后会再次尝试。",
    },
    "errors.feed.worker_died": {
        "en": "The program reading the feed at {url} stopped unexpectedly ({reason}), possibly at its memory "
        "limit of {mib} MiB. It will be tried again later.",
        "zh": "读取 {url} 订阅源的程序意外停止（{reason}），可能达到了 {mib} MiB 的内存上限，"
        "稍后会再次尝试。",
    },
    "errors.feed.bug": {
        "en": "An unexpected problem stopped this source from being read ({detail}); "
        "it will be tried again later.",
        "zh": "一个意外问题导致无法读取该来源（{detail}），稍后会再次尝试。",
    },
    "errors.feed.not_saved": {
        "en": "The news from this source could not be saved; it will be tried again later.",
        "zh": "无法保存该来源的新闻，稍后会再次尝试。",
    },
    "errors.feed.unexpected": {
        "en": "An unexpected problem stopped this source from being read; it will be tried again later.",
        "zh": "一个意外问题导致无法读取该来源，稍后会再次尝试。",
    },
    # the prolog before a feed's root element (quoted inside errors.feed.unsafe_markup)
    "errors.prolog.no_root": {"en": "no element in the document", "zh": "文档中没有任何元素"},
    "errors.prolog.second_doctype": {
        "en": "a second DOCTYPE at byte {pos}",
        "zh": "第 {pos} 字节处出现第二个 DOCTYPE",
    },
    "errors.prolog.before_root": {
        "en": "markup that is not allowed before the root element at byte {pos}",
        "zh": "第 {pos} 字节处有根元素之前不允许出现的标记",
    },
    "errors.prolog.unterminated": {"en": "an unterminated {what}", "zh": "未结束的{what}"},
    "errors.prolog.pi": {"en": "processing instruction", "zh": "处理指令"},
    "errors.prolog.comment": {"en": "comment", "zh": "注释"},
    "errors.prolog.internal_subset": {
        "en": "a DOCTYPE with an internal subset (entity declarations)",
        "zh": "带内部子集（实体声明）的 DOCTYPE",
    },
    "errors.prolog.bad_doctype": {
        "en": "a malformed DOCTYPE at byte {pos}",
        "zh": "第 {pos} 字节处的 DOCTYPE 格式错误",
    },
    # the News page
    "problem.news_filter_needs_person": {
        "en": "unread and bookmarked filters need a signed-in person",
        "zh": "“未读”和“已收藏”筛选需要先登录",
    },
    "problem.news_note_long": {
        "en": "keep the note under {limit} characters",
        "zh": "备注请少于 {limit} 个字符",
    },
    "errors.news.no_department": {"en": "That department does not exist.", "zh": "该部门不存在。"},
    "errors.news.item_gone": {
        "en": "That news item no longer exists (old news is removed after the retention period).",
        "zh": "该新闻已不存在（旧新闻超过保留期限后会被删除）。",
    },
    # topic rules (data/topics.toml, the News sources page)
    "problem.topic_file": {
        "en": "the topic rules file {path} cannot be read: {detail}",
        "zh": "无法读取主题规则文件 {path}：{detail}",
    },
    "problem.topic_slug": {
        "en": "use lower-case letters, digits and _ (up to 40)",
        "zh": "请使用小写字母、数字和 _（最多 40 个字符）",
    },
    "problem.topic_slug_twice": {"en": "'{slug}' is used twice", "zh": "“{slug}”被使用了两次"},
    "problem.topic_names": {
        "en": "give the topic a name in English and in Chinese",
        "zh": "请为主题填写英文名称和中文名称",
    },
    "problem.topic_no_keyword": {"en": "give at least one keyword", "zh": "请至少填写一个关键词"},
    "problem.topic_keyword_long": {
        "en": "keep each keyword under 100 characters",
        "zh": "每个关键词请少于 100 个字符",
    },
    # OPML subscription lists
    "errors.opml.too_large": {
        "en": "That OPML file is larger than 5 MiB; it does not look like a list of news sources.",
        "zh": "该 OPML 文件超过 5 MiB，看起来不是新闻来源列表。",
    },
    "errors.opml.invalid": {
        "en": "That file is not valid OPML ({detail}).",
        "zh": "该文件不是有效的 OPML（{detail}）。",
    },
    "errors.opml.not_opml": {
        "en": "That file is not an OPML subscription list (no <opml><body>).",
        "zh": "该文件不是 OPML 订阅列表（没有 <opml><body>）。",
    },
    "errors.opml.no_feeds": {
        "en": "That OPML file lists no feeds (no outline has an xmlUrl).",
        "zh": "该 OPML 文件没有列出任何订阅源（没有带 xmlUrl 的 outline）。",
    },
    "errors.opml.doctype": {
        "en": "That OPML file declares a DTD (<!DOCTYPE …>), which could be used to exhaust the server's "
        "memory; remove the DOCTYPE line and import it again.",
        "zh": "该 OPML 文件声明了 DTD（<!DOCTYPE …>），可能被用来耗尽服务器内存；"
        "请删除 DOCTYPE 这一行后重新导入。",
    },
}
