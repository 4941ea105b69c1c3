"""What an activity will count toward the norms (tracker/norms/counting.py): the Log activity form and the
head's review card (issue 11, item 3)."""

MESSAGES = {
    # the findings, one per code of tracker.norms.counting
    "counting.no_norm_applies": {
        "en": "No norm in force applies to teachers of the category “{category}”: nothing logged here counts "
        "toward a norm.",
        "zh": "现行规范均不适用于“{category}”类别：此处登记的时数不计入任何规范。",
    },
    "counting.kind_not_counted": {
        "en": "“{kind}” counts toward no norm in force: the hours stay in the records but add nothing to the "
        "progress. Kinds that count: {kinds}.",
        "zh": "“{kind}”不计入任何现行规范：时数会保留在记录中，但不计入达标进度。计入规范的类型：{kinds}。",
    },
    "counting.over_daily_cap": {
        "en": "{hours} h in {days} day(s) is {per_day} h a day, but a day counts at most {cap} h: "
        "{counted} h will count, {lost} h will not.",
        "zh": "{hours} 小时分摊到 {days} 天，每天 {per_day} 小时，但每天最多计 {cap} 小时："
        "计入 {counted} 小时，{lost} 小时不计入。",
    },
    "counting.enterprise_missing": {
        "en": "No enterprise named: “{kind}” is enterprise practice and takes place in an enterprise; "
        "without its name the record is hard to verify.",
        "zh": "未填写企业：“{kind}”属于企业实践，应在企业进行；没有企业名称，这条记录难以核实。",
    },
    "counting.no_evidence": {
        "en": "No evidence file: nothing to check the hours against.",
        "zh": "未上传佐证材料：无从核对时数。",
    },
    "counting.no_description": {
        "en": "No description of what was done.",
        "zh": "未说明实践内容。",
    },
    "counting.kind_counts_partly": {
        "en": "“{kind}” counts toward {norms} only.",
        "zh": "“{kind}”仅计入{norms}。",
    },
    "counting.needs_confirmation": {
        "en": "“{kind}” counts toward {norms} only once the host enterprise has confirmed it (days, hours, "
        "rating).",
        "zh": "“{kind}”须经接收企业确认（天数、时数、评价）后才计入{norms}。",
    },
    "counting.days_ahead": {
        "en": "{days} of its {total} day(s) are after today: their hours count once those days have passed.",
        "zh": "{total} 天中有 {days} 天在今天之后：这些天的时数到当天过后才计入。",
    },
    "counting.quoted": {"en": "“{text}”", "zh": "“{text}”"},
    "counting.list_separator": {"en": ", ", "zh": "、"},
    # the Log activity form
    "counting.will_count": {"en": "Will count once verified", "zh": "审核通过后计入"},
    "counting.share": {"en": "{norm}: {hours} h", "zh": "{norm}：{hours} 小时"},
    "counting.counts_nothing": {
        "en": "Nothing of this will count toward a norm.",
        "zh": "这条记录不会计入任何规范。",
    },
    "counting.refused": {
        "en": "This cannot be saved as it is. Fix first:",
        "zh": "按目前的填写无法保存，请先修改：",
    },
    "counting.checked_live": {
        "en": "Checked against the norms in force as you fill in; nothing is saved until you press a button.",
        "zh": "填写时即按现行规范检查；按下按钮前不会保存任何内容。",
    },
    # the head's review card and table
    "counting.flags": {"en": "Before verifying", "zh": "核实前请注意"},
    "counting.no_flags": {
        "en": "Nothing to flag: all {hours} h count once verified.",
        "zh": "没有需要注意的问题：核实后 {hours} 小时全部计入。",
    },
    "counting.col_flags": {"en": "Flags", "zh": "提示"},
}
