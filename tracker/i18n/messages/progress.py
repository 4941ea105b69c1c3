"""Strings of My progress's action list and of every norm card's explanation (issue 11), also used by the
head's view of one teacher. The explanations word ``tracker.services.progress.Standing``: the rule, the
window, the deadline and the reason for the status, exactly as the engine decides it (docs/norms.md)."""

MESSAGES = {
    # the action list
    "progress.todo": {"en": "To do", "zh": "待办事项"},
    "progress.todo_none": {"en": "Nothing to do right now.", "zh": "目前没有待办事项。"},
    "progress.counts": {
        "en": "{sent_back} sent back · {drafts} draft(s) · {waiting} waiting for review",
        "zh": "{sent_back} 条被退回 · {drafts} 条草稿 · {waiting} 条待审核",
    },
    "progress.action.sent_back": {"en": "**Sent back:** {what}", "zh": "**已退回**：{what}"},
    "progress.action.draft": {"en": "**Draft:** {what}", "zh": "**草稿**：{what}"},
    "progress.action.expired": {"en": "**Expired on {date}:** {name}", "zh": "**已于 {date} 过期**：{name}"},
    "progress.action.expiring": {
        "en": "**Expires on {date} (in {days} days):** {name}",
        "zh": "**{date} 到期（还有 {days} 天）**：{name}",
    },
    # the link under each item: what to do, on which page (short: a link stays on one line on a phone)
    "progress.go.resubmit": {"en": "Fix it and submit again in {page}", "zh": "到“{page}”修改并重新提交"},
    "progress.go.submit": {"en": "Submit it in {page}", "zh": "到“{page}”提交审核"},
    "progress.go.renew": {"en": "Renew it in {page}", "zh": "到“{page}”续期"},
    "progress.go.log": {"en": "Log practice in {page}", "zh": "到“{page}”登记实践"},
    "progress.go.add_certificate": {"en": "Add a certificate in {page}", "zh": "到“{page}”新增证书"},
    "progress.action.log_hours": {
        "en": "**{norm}:** record {hours} h ({days} days) by {date}",
        "zh": "**{norm}**：请在 {date} 前登记 {hours} 小时（{days} 天）",
    },
    "progress.action.log_hours_now": {
        "en": "**{norm}:** not met — record {hours} h ({days} days, {months} months) as soon as you can",
        "zh": "**{norm}**：未达标——请尽快登记 {hours} 小时（{days} 天，{months} 个月）",
    },
    "progress.action.catch_up": {
        "en": "**{norm}:** record {hours} h ({days} days) now to get back on track",
        "zh": "**{norm}**：请现在补登 {hours} 小时（{days} 天）以恢复正常进度",
    },
    "progress.action.keep_pace": {
        "en": "**{norm}:** on track — record more practice by {date} to keep pace",
        "zh": "**{norm}**：进度正常——请在 {date} 前继续登记实践，以保持进度",
    },
    "progress.action.keep_logging": {
        "en": "**{norm}:** record new practice by {date} to stay met",
        "zh": "**{norm}**：请在 {date} 前登记新的实践，以保持达标",
    },
    "progress.action.renew": {
        "en": "**{norm}:** renew the certificate by {date}",
        "zh": "**{norm}**：请在 {date} 前完成证书续期",
    },
    "progress.action.add_certificate": {
        "en": "**{norm}:** not met — add or renew {n} certificate(s) now",
        "zh": "**{norm}**：未达标——请尽快新增或续期 {n} 本证书",
    },
    "progress.action.complete_by": {
        "en": "{required} h in all by {date} ({gap} h still missing).",
        "zh": "须在 {date} 前累计达到 {required} 小时（尚差 {gap} 小时）。",
    },
    "progress.action.no_note": {
        "en": "Sent back by {reviewer} without a note.",
        "zh": "{reviewer} 退回了此记录，未填写意见。",
    },
    "progress.what.activity": {"en": "{kind} · {date} · {hours} h", "zh": "{kind} · {date} · {hours} 小时"},
    "progress.what.activity_at": {
        "en": "{kind} at {enterprise} · {date} · {hours} h",
        "zh": "{kind} · {enterprise} · {date} · {hours} 小时",
    },
    "progress.what.certification": {"en": "certificate {name}", "zh": "证书 {name}"},
    "progress.what.output": {"en": "{kind} {title}", "zh": "{kind}：{title}"},
    # certificates on My progress and on the head's view: expired apart from expiring
    "progress.expired": {"en": "Expired certificates", "zh": "已过期的证书"},
    "progress.expiring": {"en": "Certificates expiring soon", "zh": "即将到期的证书"},
    "progress.days_ago": {"en": "Days since expiry", "zh": "已过期天数"},
    # a card: hours as days and months, then one sentence: the rule, the window, the reason, the deadline
    "progress.as_days": {
        "en": "= {days} of {req_days} days · {months} of {req_months} ({hpd} h a day, {dpm} days a month)",
        "zh": "折合 {days} / {req_days} 天 · {months} / {req_months}（每天 {hpd} 小时，每月 {dpm} 天）",
    },
    "progress.sentence": {"en": "{rule}; {why}.", "zh": "{rule}；{why}。"},
    "progress.months_one": {"en": "{n} month", "zh": "{n} 个月"},
    "progress.months_many": {"en": "{n} months", "zh": "{n} 个月"},
    "progress.rule.rolling": {
        "en": "Needs {months} = {required} h ({n} × {dpm} days × {hpd} h) of verified practice in any "
        "{years} years, counted {start} – {as_of}",
        "zh": "要求任意连续 {years} 年内累计 {months} = {required} 小时（{n} × {dpm} 天 × {hpd} 小时）已认定实践，"
        "统计区间 {start} 至 {as_of}",
    },
    "progress.rule.calendar_year": {
        "en": "Needs {months} = {required} h ({n} × {dpm} days × {hpd} h) of verified practice in each "
        "calendar year, counted {start} – {end}",
        "zh": "要求每个自然年累计 {months} = {required} 小时（{n} × {dpm} 天 × {hpd} 小时）已认定实践，"
        "统计区间 {start} 至 {end}",
    },
    "progress.rule.fixed": {
        "en": "Needs {months} = {required} h ({n} × {dpm} days × {hpd} h) of verified practice in each "
        "{years}-year cycle, this one {start} – {end}",
        "zh": "要求每个 {years} 年周期累计 {months} = {required} 小时（{n} × {dpm} 天 × {hpd} 小时）已认定实践，"
        "本周期 {start} 至 {end}",
    },
    "progress.rule.certificates": {
        "en": "Needs at least {required} valid certificate(s) on every day",
        "zh": "要求每天持有至少 {required} 本有效证书",
    },
    "progress.why.hours.met.rolling": {
        "en": "met, and still met {outlook} days from now even as the oldest hours leave the window",
        "zh": "已达标，且即使最早的学时移出统计周期，{outlook} 天后仍然达标",
    },
    "progress.why.hours.met.fixed": {
        "en": "met for this period; the count starts again from zero on {next_start}",
        "zh": "本周期已达标；{next_start} 起重新从零计算",
    },
    "progress.why.hours.met_until": {
        "en": "met, but hours from {years} years back keep leaving the window: with nothing new, the total "
        "falls below {required} h on {short_on}, so from {changes_on} ({outlook} days before) it shows at risk "
        "— record new practice before {changes_on}",
        "zh": "已达标，但 {years} 年前的学时会陆续移出统计周期：若无新增，{short_on} 起总数将低于 {required} 小时，"
        "因此自 {changes_on}（提前 {outlook} 天）起显示为“有风险”——请在 {changes_on} 前登记新的实践",
    },
    "progress.why.hours.lapsing": {
        "en": "at risk although met today: as old hours leave the window, the total falls below {required} h "
        "on {changes_on} (within {outlook} days) — record new practice before then",
        "zh": "今天虽已达标但有风险：随着较早的学时移出统计周期，{changes_on} 起总数将低于 {required} 小时"
        "（{outlook} 天内）——请在此之前登记新的实践",
    },
    "progress.why.hours.on_pace.rolling": {
        "en": "on track: hired on {since}, so until {complete_by} this is judged on pace — {pace} h were due by "
        "today ({required} h × {served} of {window_days} days) and {achieved} h are recorded; {required} h are "
        "due by {complete_by}",
        "zh": "进度正常：入职于 {since}，{complete_by} 之前按进度考核——截至今天应完成 {pace} 小时"
        "（{required} 小时 × {served}/{window_days} 天），已有 {achieved} 小时；须在 {complete_by} 前达到 "
        "{required} 小时",
    },
    "progress.why.hours.behind_pace.rolling": {
        "en": "at risk, not yet “not met”: hired on {since}, so until {complete_by} this is judged on pace — "
        "{pace} h were due by today ({required} h × {served} of {window_days} days) but {achieved} h are "
        "recorded; {needed} h more bring it back on track, and {required} h are due by {complete_by}",
        "zh": "有风险（尚未判为未达标）：入职于 {since}，{complete_by} 之前按进度考核——截至今天应完成 {pace} 小时"
        "（{required} 小时 × {served}/{window_days} 天），实际为 {achieved} 小时；再补 {needed} 小时即恢复正常进度，"
        "且须在 {complete_by} 前达到 {required} 小时",
    },
    "progress.why.hours.on_pace.fixed": {
        "en": "on track: at an even pace from {since} to {complete_by}, {pace} h were due by today and "
        "{achieved} h are recorded; {required} h are due by {complete_by}",
        "zh": "进度正常：按 {since} 至 {complete_by} 均匀进度，截至今天应完成 {pace} 小时，已有 {achieved} 小时；"
        "须在 {complete_by} 前达到 {required} 小时",
    },
    "progress.why.hours.behind_pace.fixed": {
        "en": "at risk: at an even pace from {since} to {complete_by}, {pace} h were due by today but {achieved} h "
        "are recorded; {needed} h more bring it back on track, and {gap} h are still missing by {complete_by}",
        "zh": "有风险：按 {since} 至 {complete_by} 均匀进度，截至今天应完成 {pace} 小时，实际为 {achieved} 小时；"
        "再补 {needed} 小时即恢复正常进度，{complete_by} 前还需 {gap} 小时",
    },
    "progress.why.hours.short": {
        "en": "not met: employed for the whole {years}-year window, so no pace allowance applies (that is only "
        "for teachers hired within the window) and {achieved} h fall short of {required} h — {gap} h more are "
        "needed now",
        "zh": "未达标：整个 {years} 年统计周期均在职，不再按进度考核（按进度考核只适用于周期内入职的教师），"
        "{achieved} 小时低于 {required} 小时——现在还需 {gap} 小时",
    },
    "progress.why.hours.period_over": {
        "en": "not met: the period ends on {complete_by} with {achieved} of {required} h recorded",
        "zh": "未达标：本周期于 {complete_by} 结束，仅有 {achieved} / {required} 小时",
    },
    "progress.why.count.met": {
        "en": "met: {achieved} valid, and no expiry ends it",
        "zh": "已达标：有效证书 {achieved} 本，且不会因到期而失效",
    },
    "progress.why.count.met_until": {
        "en": "met until {act_by}, when the certificate that keeps it met expires; from {changes_on} "
        "({outlook} days before) it shows at risk — renew it before then",
        "zh": "达标至 {act_by}（届时支撑达标的证书到期）；自 {changes_on}（提前 {outlook} 天）起显示为“有风险”"
        "——请在此之前续期",
    },
    "progress.why.count.lapsing": {
        "en": "at risk: the certificate that keeps it met expires on {act_by}, within {outlook} days; not met "
        "from {changes_on} unless renewed",
        "zh": "有风险：支撑达标的证书将于 {act_by} 到期（{outlook} 天内）；如不续期，{changes_on} 起未达标",
    },
    "progress.why.count.too_few": {
        "en": "not met: {achieved} valid of {required} required — add or renew {gap} now",
        "zh": "未达标：有效证书 {achieved} 本，要求 {required} 本——请尽快新增或续期 {gap} 本",
    },
}
