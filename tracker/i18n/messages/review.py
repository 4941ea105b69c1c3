"""Review decisions, evidence previews and limits, and import rules about review (issue 9, issue 11)."""

MESSAGES = {
    # --- what the review service refuses, in the reviewer's language ---------------------------------------
    "review.err.no_department": {
        "en": "You are not assigned to a department, so there is nothing for you to review.",
        "zh": "您尚未分配到任何部门，因此没有需要您审核的记录。",
    },
    "review.err.note_required": {
        "en": "Please write a note telling the teacher why the record is rejected.",
        "zh": "请填写说明，告诉教师退回的原因。",
    },
    "review.err.choose_one": {
        "en": "Choose at least one record to verify.",
        "zh": "请至少选择一条要认定的记录。",
    },
    "review.err.two_versions": {
        "en": "The same record was chosen twice in two different versions; open the queue again.",
        "zh": "同一条记录以两个不同版本被选中，请重新打开待审核列表。",
    },
    "review.err.not_found": {
        "en": "There is no {record} with number {id}; it may have been deleted.",
        "zh": "没有编号为 {id} 的{record}，它可能已被删除。",
    },
    "review.err.own": {
        "en": "You cannot review your own records; another reviewer has to.",
        "zh": "您不能审核自己的记录，需由其他审核人审核。",
    },
    "review.err.not_yours": {
        "en": "You may not review {name}'s records.",
        "zh": "您无权审核 {name} 的记录。",
    },
    "review.err.not_waiting": {
        "en": "{name}'s {record} is no longer waiting for review (it is {status}); nothing was changed.",
        "zh": "{name} 的这条{record}已不在待审核状态（当前为“{status}”），未做任何更改。",
    },
    "review.err.raced": {
        "en": "{name}'s {record} was reviewed by someone else just now; nothing was changed.",
        "zh": "{name} 的这条{record}刚刚已由其他人审核，未做任何更改。",
    },
    "review.err.changed": {
        "en": "{name} changed this {record} after you opened it, so nothing was decided. It is shown below as "
        "it is now: please check it again before you decide.",
        "zh": "您打开这条{record}之后，{name} 修改了它，因此未做任何决定。下面显示的是它现在的内容，请重新核对后再决定。",
    },
    "review.err.bad_kind": {
        "en": "{kind} is not something that can be reviewed.",
        "zh": "{kind} 不是可审核的记录类型。",
    },
    # --- the Review page ----------------------------------------------------------------------------------
    "review.verified_named": {
        "en": "Verified: {what}. The next record is open below.",
        "zh": "已认定：{what}。下面已打开下一条记录。",
    },
    "review.rejected_named": {
        "en": "Sent back to the teacher: {what}. The next record is open below.",
        "zh": "已退回教师：{what}。下面已打开下一条记录。",
    },
    "review.verified_last": {
        "en": "Verified: {what}.",
        "zh": "已认定：{what}。",
    },
    "review.rejected_last": {
        "en": "Sent back to the teacher: {what}.",
        "zh": "已退回教师：{what}。",
    },
    "review.bulk_confirm_title": {"en": "Verify {n} records?", "zh": "认定 {n} 条记录？"},
    "review.bulk_confirm_body": {
        "en": "These {n} records will be verified and count towards the teachers' norms:",
        "zh": "以下 {n} 条记录将被认定，并计入教师的考核要求：",
    },
    "review.bulk_confirm_yes": {"en": "Yes, verify {n} records", "zh": "确认认定 {n} 条"},
    "review.bulk_confirm_no": {"en": "Cancel", "zh": "取消"},
    "review.bulk_done": {"en": "{n} records verified.", "zh": "已认定 {n} 条记录。"},
    "review.preview_of": {"en": "Preview of {name}", "zh": "{name} 的预览"},
    "review.pdf_first_page": {
        "en": "First page of {name}; download the file to read it all.",
        "zh": "{name} 的第一页；下载文件可查看全部内容。",
    },
    "review.no_preview": {
        "en": "No preview of {name} could be made; download it to check it.",
        "zh": "无法生成 {name} 的预览，请下载后查看。",
    },
    "review.file_facts": {"en": "{name} · {size} · sha256 {sha}…", "zh": "{name} · {size} · sha256 {sha}…"},
    "review.days": {"en": "{days} day(s)", "zh": "{days} 天"},
    # --- evidence limits ------------------------------------------------------------------------------------
    "problem.image_too_large": {
        "en": "{name}: the image has more than {limit} megapixels; scale it down (or save it as a PDF) and "
        "upload it again",
        "zh": "{name}：图片超过 {limit} 百万像素，请缩小后（或另存为 PDF）重新上传",
    },
    "problem.image_unreadable": {
        "en": "{name}: the image cannot be read; open it and save it again as JPEG or PNG",
        "zh": "{name}：无法读取该图片，请打开后重新保存为 JPEG 或 PNG",
    },
    "problem.evidence_quota": {
        "en": "these files would bring {name}'s evidence to {used} MB; each person may store at most {limit} "
        "MB (delete old drafts' files or make the files smaller)",
        "zh": "上传后 {name} 的佐证材料将达到 {used} MB，每人最多可存 {limit} MB（请删除旧草稿的文件或压缩文件）",
    },
    # --- import -------------------------------------------------------------------------------------------
    "problem.own_verified": {
        "en": "you cannot import your own records as verified; import them as submitted and another "
        "reviewer will verify them",
        "zh": "不能将您本人的记录以“已认定”状态导入；请以“已提交”导入，由其他审核人认定",
    },
}
