"""Strings of the teacher's pages: My progress, Log activity, My records, Certificates."""

MESSAGES = {
    # fields only these pages send to the services
    "field.validity_years": {"en": "Valid for (years)", "zh": "有效年限（年）"},
    # My progress
    "mine.as_of_today": {"en": "As of {date}", "zh": "统计截至 {date}"},
    "mine.no_norms": {
        "en": "No norm applies to you at the moment (check your category and hire date with your admin).",
        "zh": "目前没有适用于您的考核标准（如有疑问，请向管理员核对教师类别和入职日期）。",
    },
    "mine.counts": {
        "en": "{drafts} draft(s) not sent yet · {waiting} record(s) waiting for review",
        "zh": "{drafts} 条草稿未提交 · {waiting} 条记录待审核",
    },
    "mine.achieved": {"en": "{achieved} of {required} {unit}", "zh": "{achieved} / {required} {unit}"},
    "mine.pending": {"en": "Waiting for review: {value}", "zh": "待审核：{value}"},
    "mine.gap": {"en": "Still missing: {value}", "zh": "尚差：{value}"},
    "mine.ageing": {
        "en": "From {date} older hours start to drop out of the window",
        "zh": "自 {date} 起，较早的学时开始移出统计周期",
    },
    "mine.valid_until": {"en": "Met until {date} unless renewed", "zh": "如不续期，达标状态至 {date}"},
    "mine.timeline": {"en": "Practice hours per month", "zh": "每月企业实践学时"},
    "mine.timeline_help": {
        "en": "Verified hours as they count (at most 8 a day). The shaded band is the {years}-year window.",
        "zh": "已认定且计入的学时（每天最多 8 小时）。阴影部分为 {years} 年统计周期。",
    },
    "mine.window": {"en": "{years}-year window", "zh": "{years} 年统计周期"},
    "mine.month": {"en": "Month", "zh": "月份"},
    "mine.no_hours": {"en": "No verified practice hours yet.", "zh": "暂无已认定的实践学时。"},
    "mine.expiries": {"en": "Certificates expiring soon", "zh": "即将到期的证书"},
    "mine.no_expiries": {
        "en": "No certificate expires in the next 6 months.",
        "zh": "未来 6 个月内没有到期的证书。",
    },
    "mine.expires_in": {"en": "expires {date} (in {days} days)", "zh": "{date} 到期（还有 {days} 天）"},
    "mine.expired_on": {"en": "expired {date} ({days} days ago)", "zh": "已于 {date} 过期（{days} 天前）"},
    "mine.renew_link": {"en": "Renew a certificate", "zh": "证书续期"},
    "mine.log_link": {"en": "Log an activity", "zh": "登记实践"},
    "mine.records_link": {"en": "My records", "zh": "我的记录"},
    "mine.progress_chart": {"en": "Progress per norm", "zh": "各项标准完成情况"},
    "mine.share": {"en": "Share of requirement", "zh": "完成比例"},
    # Log activity / edit form
    "mine.log_intro": {
        "en": "Fill in what you did; save a draft to finish later or submit it for review.",
        "zh": "填写实践内容；可先存为草稿，稍后再提交审核。",
    },
    "mine.enterprise_help": {
        "en": "Not in the list? Type its full name here; it is added to the registry when you save.",
        "zh": "列表中没有？在此填写企业全称，保存时将加入企业名录。",
    },
    "mine.enterprise_placeholder": {"en": "Choose from the registry", "zh": "从企业名录中选择"},
    "mine.enterprise_new": {"en": "…or a new enterprise", "zh": "……或填写新企业"},
    "mine.hours_placeholder": {"en": "blank = days × 8", "zh": "留空 = 天数 × 8"},
    "mine.hours_help": {
        "en": "Leave blank to count 8 hours for each day from start to end.",
        "zh": "留空则按起止日期每天 8 小时计算。",
    },
    "mine.description_placeholder": {
        "en": "What you did, with whom, what you learned",
        "zh": "实践内容、对接人员、收获体会",
    },
    "mine.evidence_help": {
        "en": "PDF, JPEG or PNG, at most 10 MB each (photos, certificates, signed forms).",
        "zh": "PDF、JPEG 或 PNG，每个不超过 10 MB（照片、证明、签字表格等）。",
    },
    "mine.save_draft": {"en": "Save as draft", "zh": "存为草稿"},
    "mine.submit": {"en": "Submit for review", "zh": "提交审核"},
    "mine.saved_draft": {"en": "Saved as a draft.", "zh": "已存为草稿。"},
    "mine.submitted": {"en": "Submitted for review.", "zh": "已提交审核。"},
    "mine.see_records": {"en": "See it in My records", "zh": "在“我的记录”中查看"},
    # My records
    "mine.tab_activities": {"en": "Activities", "zh": "实践记录"},
    "mine.tab_certificates": {"en": "Certificates", "zh": "证书"},
    "mine.show": {"en": "Show", "zh": "显示"},
    "mine.filter_all": {"en": "All", "zh": "全部"},
    "mine.no_records": {"en": "No records yet.", "zh": "暂无记录。"},
    "mine.hours_short": {"en": "{hours} h", "zh": "{hours} 小时"},
    "mine.review_note": {"en": "Note from {reviewer}: {note}", "zh": "{reviewer} 的审核意见：{note}"},
    "mine.reviewer_unknown": {"en": "the reviewer", "zh": "审核人"},
    "mine.files": {"en": "Files", "zh": "附件"},
    "mine.no_files": {"en": "No files attached.", "zh": "未上传附件。"},
    "mine.download": {"en": "Download {name}", "zh": "下载 {name}"},
    "mine.edit": {"en": "Edit", "zh": "编辑"},
    "mine.edit_title": {"en": "Change this record", "zh": "修改记录"},
    "mine.remove_files": {"en": "Remove files", "zh": "删除附件"},
    "mine.add_files": {"en": "Add files", "zh": "添加附件"},
    "mine.submit_now": {"en": "Submit", "zh": "提交"},
    "mine.withdraw": {"en": "Withdraw", "zh": "撤回"},
    "mine.withdrawn": {"en": "Withdrawn; it is a draft again.", "zh": "已撤回，记录恢复为草稿。"},
    "mine.delete": {"en": "Delete", "zh": "删除"},
    "mine.confirm_delete": {"en": "Yes, delete it", "zh": "确认删除"},
    "mine.delete_question": {"en": "Delete this draft for good?", "zh": "确定永久删除此草稿？"},
    "mine.deleted": {"en": "Deleted.", "zh": "已删除。"},
    "mine.locked": {
        "en": "Verified records are part of your history and cannot be changed.",
        "zh": "已认定的记录属于历史档案，不能修改。",
    },
    "mine.waiting": {
        "en": "Waiting for review. Withdraw it to make changes.",
        "zh": "等待审核中。如需修改，请先撤回。",
    },
    "mine.sent_back": {
        "en": "Sent back: correct it and submit again, or delete it.",
        "zh": "已退回：请修改后重新提交，或删除。",
    },
    # Certificates
    "mine.cert_intro": {
        "en": "Record your industry certificates; renewing keeps the old one as history.",
        "zh": "登记职业资格证书；续期后旧证书作为历史记录保留。",
    },
    "mine.add_certificate": {"en": "Add a certificate", "zh": "新增证书"},
    "mine.expiry_rule": {
        "en": "Expiry: give a date, or the years it is valid (counted from the issue date); neither means it "
        "never expires.",
        "zh": "有效期：填写到期日期，或填写有效年限（自发证日期起算）；都不填表示长期有效。",
    },
    "mine.current_certificates": {"en": "Your certificates", "zh": "我的证书"},
    "mine.never_expires": {"en": "never expires", "zh": "长期有效"},
    "mine.valid_to": {"en": "valid to {date}", "zh": "有效期至 {date}"},
    "mine.expired": {"en": "expired {date}", "zh": "已于 {date} 过期"},
    "mine.renew": {"en": "Renew", "zh": "续期"},
    "mine.renew_title": {"en": "Renew {name}", "zh": "续期：{name}"},
    "mine.renew_help": {
        "en": "Name, issuer and level stay as they were unless you change them.",
        "zh": "名称、发证机构和等级如不修改则沿用原证书。",
    },
    "mine.renewed": {"en": "Renewal recorded.", "zh": "续期已登记。"},
    "mine.renewed_by": {"en": "renewed", "zh": "已续期"},
    "mine.history": {"en": "Earlier certificates (renewed)", "zh": "历史证书（已续期）"},
    "mine.finish_in_records": {
        "en": "Change, submit or delete it in My records",
        "zh": "在“我的记录”中修改、提交或删除",
    },
    "mine.cert_added": {"en": "Certificate saved.", "zh": "证书已保存。"},
    "mine.number": {"en": "No. {number}", "zh": "编号 {number}"},
}
