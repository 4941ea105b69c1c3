"""The Team page's matrix (issue 11.7): worst first, the reason of each status in words, a click opens the
teacher. The reasons are ``services.progress.Standing`` reasons, worded short for a table cell (the teacher's
own card words them in full: ``progress.why.*``)."""

MESSAGES = {
    "team_matrix.list": {"en": "Who needs attention first", "zh": "需优先关注的教师"},
    "team_matrix.list_help": {
        "en": "Worst first: most norms not met, then at risk. Click a row to open that teacher.",
        "zh": "按严重程度排序：未达标项最多的在前，其次是有风险的。点击任意一行可查看该教师详情。",
    },
    "team_matrix.chart_help": {
        "en": "Each row is a teacher, worst first. Click a cell to open that teacher.",
        "zh": "每行一位教师，最需关注的在最上方。点击单元格可查看该教师详情。",
    },
    "team_matrix.col.status": {"en": "Status", "zh": "状态"},
    "team_matrix.col.teacher": {"en": "Teacher", "zh": "教师"},
    "team_matrix.col.norm": {"en": "Norm", "zh": "考核标准"},
    "team_matrix.col.progress": {"en": "Done / required", "zh": "已完成 / 要求"},
    "team_matrix.col.reason": {"en": "Why, and what is due", "zh": "原因与待办"},
    "team_matrix.progress": {"en": "{achieved} / {required} {unit}", "zh": "{achieved} / {required} {unit}"},
    "team_matrix.pending.hours": {
        "en": " ({pending} h waiting for review)",
        "zh": "（另有 {pending} 小时待审核）",
    },
    "team_matrix.pending.count": {
        "en": " ({pending} waiting for review)",
        "zh": "（另有 {pending} 本待审核）",
    },
    "team_matrix.why.hours.met": {
        "en": "Met; nothing ages out within the outlook",
        "zh": "已达标，近期没有学时移出统计周期",
    },
    "team_matrix.why.hours.met.fixed": {
        "en": "Met for this period (until {complete_by})",
        "zh": "本周期已达标（至 {complete_by}）",
    },
    "team_matrix.why.hours.met_until": {
        "en": "Older hours age out: {next} from {changes_on} unless new practice is recorded",
        "zh": "早期学时将移出统计周期：如无新的实践记录，{changes_on} 起{next}",
    },
    "team_matrix.why.hours.lapsing": {
        "en": "Met today, but older hours age out: too few from {changes_on}",
        "zh": "今天虽达标，但早期学时将移出统计周期：{changes_on} 起学时不足",
    },
    "team_matrix.why.hours.on_pace": {
        "en": "On pace; {gap} h more due by {complete_by}",
        "zh": "进度正常；{complete_by} 前还需完成 {gap} 小时",
    },
    "team_matrix.why.hours.behind_pace": {
        "en": "Behind pace: {needed} h to catch up now, {gap} h in all by {complete_by}",
        "zh": "进度落后：现需补 {needed} 小时，{complete_by} 前共需再完成 {gap} 小时",
    },
    "team_matrix.why.hours.short": {
        "en": "{gap} h missing now",
        "zh": "尚缺 {gap} 小时，需尽快补足",
    },
    "team_matrix.why.hours.period_over": {
        "en": "The period ended on {complete_by} {gap} h short",
        "zh": "本周期已于 {complete_by} 结束，仍缺 {gap} 小时",
    },
    "team_matrix.why.count.met": {"en": "Valid; no expiry ends it", "zh": "证书有效，不会因到期而失效"},
    "team_matrix.why.count.met_until": {
        "en": "Valid until {act_by}; renew before then",
        "zh": "有效至 {act_by}，请在到期前续期",
    },
    "team_matrix.why.count.lapsing": {
        "en": "Expires on {act_by}: not met from {changes_on} unless renewed",
        "zh": "{act_by} 到期：如不续期，{changes_on} 起未达标",
    },
    "team_matrix.why.count.too_few": {
        "en": "{gap} more valid certificate(s) needed",
        "zh": "还需 {gap} 本有效证书",
    },
}
