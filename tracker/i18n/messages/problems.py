"""Problems found by the validation layer (tracker.validation), in the reader's language.

Nothing is imported here: worker processes load the catalogue to word their errors (issue 11).
"""

# English, by problem code
PROBLEMS = {
    "required": "is required",
    "required_date": "is required (YYYY-MM-DD)",
    "single_line": "must be a single line",
    "control_chars": "contains control characters",
    "too_long": "is too long ({length} characters; at most {limit})",
    "bad_email": "{value!r} is not a valid email address",
    "not_a_date": "{value!r} is not a date; write it as YYYY-MM-DD",
    "not_real_date": "{value!r} is not a real calendar date",
    "date_out_of_range": "{value} is outside {first}–{last}",
    "not_one_of": "{value!r} is not one of: {allowed}",
    "must_be_number": "must be a number",
    "not_number": "{value!r} is not a number",
    "not_finite": "must be a finite number",
    "not_positive": "must be more than 0",
    "hours_exceed": "{hours:g} hours do not fit in {days} day(s) (at most {limit})",
    "unknown_teacher": "no teacher with email {email}",
    "end_before_start": "is before the start date",
    "status_not_allowed": "{status} is not allowed here",
    "expires_before_issue": "is before the issue date",
    "years_range": "must be between 0 and {limit} years",
    "level_needed": "is required for this type of certificate (junior, intermediate or senior)",
    "password_short": "must be at least {limit} characters",
    "password_long": "is too long",
    "not_whole_number": "must be a whole number of at least {least}",
    "outside_plan": "{value} is outside the plan's dates ({first} to {last})",
    "too_many_days": "{days} days do not fit in the plan's {limit} calendar days",
    "hours_over_day": "at most 24 hours on one day",
}

_ZH = {
    "required": "必填",
    "required_date": "必填（格式 YYYY-MM-DD）",
    "single_line": "只能填写一行",
    "control_chars": "包含控制字符",
    "too_long": "太长（{length} 个字符，最多 {limit} 个）",
    "bad_email": "{value!r} 不是有效的邮箱地址",
    "not_a_date": "{value!r} 不是日期，请按 YYYY-MM-DD 填写",
    "not_real_date": "{value!r} 不是真实存在的日期",
    "date_out_of_range": "{value} 超出 {first}–{last} 年的范围",
    "not_one_of": "{value!r} 不是可选值之一：{allowed}",
    "must_be_number": "必须是数字",
    "not_number": "{value!r} 不是数字",
    "not_finite": "必须是有限的数字",
    "not_positive": "必须大于 0",
    "hours_exceed": "{hours:g} 小时超出了 {days} 天的上限（最多 {limit} 小时）",
    "unknown_teacher": "没有邮箱为 {email} 的教师",
    "end_before_start": "早于开始日期",
    "status_not_allowed": "此处不允许状态 {status}",
    "expires_before_issue": "早于发证日期",
    "years_range": "须在 0 到 {limit} 年之间",
    "level_needed": "此类证书须填写等级（junior 初级、intermediate 中级或 senior 高级）",
    "password_short": "至少 {limit} 个字符",
    "password_long": "太长",
    "not_whole_number": "必须是不小于 {least} 的整数",
    "outside_plan": "{value} 不在计划的起止日期内（{first} 至 {last}）",
    "too_many_days": "{days} 天超出了计划期间的 {limit} 个日历日",
    "hours_over_day": "一天最多 24 小时",
}

MESSAGES = {f"problem.{code}": {"en": en, "zh": _ZH[code]} for code, en in PROBLEMS.items()}
MESSAGES["problem.not_allowed"] = {
    "en": "You do not have permission to do this.",
    "zh": "您没有执行此操作的权限。",
}
