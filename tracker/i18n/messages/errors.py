"""Errors the services, the norm packs and the core raise, in both languages (issue 11).

Exceptions carry ``errors.*`` keys as ``tracker.i18n.Text``; problems with one field carry ``problem.<code>``
(``tracker.validation.problem``). The English is what the CLI and the logs print, worded as before.
"""

MESSAGES = {
    # a problem with its place, as the CLI prints it and the import preview lists it
    "problem.line": {"en": "{field}: {message}", "zh": "{field}：{message}"},
    "problem.line_in_row": {"en": "row {row}: {field}: {message}", "zh": "第 {row} 行：{field}：{message}"},
    # records and files that are not there
    "errors.person.missing": {"en": "This person does not exist.", "zh": "此人不存在。"},
    "errors.person.gone": {
        "en": "This person does not exist (any more).",
        "zh": "此人不存在（可能已被删除）。",
    },
    "errors.person.no_email": {"en": "no person with email {email}", "zh": "没有邮箱为 {email} 的人员"},
    "errors.record.missing": {
        "en": "This record does not exist (it may have been deleted).",
        "zh": "该记录不存在（可能已被删除）。",
    },
    "errors.file.not_of_record": {
        "en": "This file does not belong to the record being changed.",
        "zh": "该文件不属于正在修改的记录。",
    },
    "errors.file.orphan": {
        "en": "This file no longer belongs to any record.",
        "zh": "该文件已不属于任何记录。",
    },
    "errors.file.missing": {
        "en": "This file does not exist (it may have been deleted).",
        "zh": "该文件不存在（可能已被删除）。",
    },
    "errors.file.no_such": {"en": "no such file: {path}", "zh": "没有这个文件：{path}"},
    "errors.department.missing": {
        "en": "This department does not exist (any more).",
        "zh": "该部门不存在（可能已被删除）。",
    },
    "errors.department.people": {"en": "{people} person(s)", "zh": "{people} 名人员"},
    "errors.department.people_and_records": {
        "en": "{people} person(s) and {others} other record(s)",
        "zh": "{people} 名人员和 {others} 条其他记录",
    },
    "errors.enterprise.missing": {
        "en": "This enterprise does not exist (any more); reload the page.",
        "zh": "该企业不存在（可能已被删除），请刷新页面。",
    },
    "errors.enterprise.some_missing": {
        "en": "One of these enterprises does not exist (any more); reload the page.",
        "zh": "其中有企业不存在（可能已被删除），请刷新页面。",
    },
    "errors.report.no_teacher": {
        "en": "There is no teacher with number {id}.",
        "zh": "没有编号为 {id} 的教师。",
    },
    "errors.pack.missing": {"en": "there is no norm pack with id {id}", "zh": "没有编号为 {id} 的标准包"},
    "errors.evidence.no_type": {"en": "no type", "zh": "无扩展名"},
    "errors.confirm.no_activity": {
        "en": "There is no activity with number {id}.",
        "zh": "没有编号为 {id} 的活动。",
    },
    "errors.confirm.already": {
        "en": "The enterprise has already confirmed this activity.",
        "zh": "企业已经确认过这项活动。",
    },
    "problem.link_days": {"en": "a link is valid for 1 to 366 days", "zh": "链接有效期须为 1 到 366 天"},
    "problem.link_needs_enterprise": {
        "en": "Only an activity that names an enterprise can be confirmed by it.",
        "zh": "只有写明了企业的活动才能由企业确认。",
    },
    "problem.link_no_email": {
        "en": "There is no mentor email to send the link to; give one.",
        "zh": "没有可发送链接的企业导师邮箱，请填写一个。",
    },
    # a record's or a plan's state
    "problem.record_cannot_edit": {
        "en": "Only drafts and records sent back can be changed; withdraw a submission first.",
        "zh": "只有草稿和被退回的记录可以修改；已提交的请先撤回。",
    },
    "problem.record_cannot_delete": {
        "en": "Only drafts and records sent back can be deleted; withdraw a submission first.",
        "zh": "只有草稿和被退回的记录可以删除；已提交的请先撤回。",
    },
    "problem.record_cannot_submit": {
        "en": "Only a draft or a record sent back can be submitted.",
        "zh": "只有草稿或被退回的记录可以提交。",
    },
    "problem.record_cannot_withdraw": {
        "en": "Only a submission that is still waiting for review can be withdrawn.",
        "zh": "只有仍在等待审核的提交可以撤回。",
    },
    "problem.record_cannot_renew": {
        "en": "Only a submitted or verified certificate can be renewed; change a draft instead.",
        "zh": "只有已提交或已审核的证书可以续期；草稿请直接修改。",
    },
    "problem.plan_cannot_edit": {
        "en": "Only a plan that is waiting for approval or was returned can be changed.",
        "zh": "只有等待审批或被退回的计划可以修改。",
    },
    "problem.plan_cannot_decide": {
        "en": "This plan is not waiting for approval (someone may have decided it already).",
        "zh": "该计划不在等待审批状态（可能已有人处理）。",
    },
    "problem.plan_cannot_journal": {
        "en": "Journal entries can be added only to an approved plan that is not closed.",
        "zh": "只能为已批准且未结束的计划添加实践日志。",
    },
    "problem.plan_cannot_close": {
        "en": "Only an approved plan can be closed.",
        "zh": "只有已批准的计划可以结束。",
    },
    "errors.plan.missing": {
        "en": "This plan does not exist (it may have been deleted).",
        "zh": "该计划不存在（可能已被删除）。",
    },
    "errors.plan.own": {
        "en": "You cannot approve your own plan; another reviewer has to.",
        "zh": "您不能审批自己的计划，须由其他审核人审批。",
    },
    "errors.team.no_department": {
        "en": "You are not assigned to a department; ask an admin to assign you.",
        "zh": "您尚未被分配到任何部门，请联系管理员分配。",
    },
    "errors.team.own_only": {"en": "You can see only your own department.", "zh": "您只能查看本部门。"},
    # who may do what
    "errors.perm.no_longer_active": {
        "en": "Your account is no longer active. Please ask your admin.",
        "zh": "您的账号已停用，请联系管理员。",
    },
    "errors.perm.signed_in": {"en": "This needs a signed-in person.", "zh": "此操作需要先登录。"},
    "errors.perm.recommend_heads": {
        "en": "Only heads of department can recommend news.",
        "zh": "只有部门负责人可以推荐新闻。",
    },
    "errors.perm.recommend_own": {
        "en": "Heads of department can recommend news only to their own department.",
        "zh": "部门负责人只能向本部门推荐新闻。",
    },
    "errors.perm.news_admin": {
        "en": "Only administrators can manage news sources.",
        "zh": "只有管理员可以管理新闻来源。",
    },
    # settings, mail, backups, the secret key
    "errors.config.bad_setting": {"en": "bad setting {name}: {detail}", "zh": "设置 {name} 有误：{detail}"},
    "errors.mail.no_url": {
        "en": "set TRACKER_SMTP_URL (for example smtp://mail.college.edu:25) to send {what}",
        "zh": "请设置 TRACKER_SMTP_URL（例如 smtp://mail.college.edu:25）才能发送{what}",
    },
    "errors.mail.bad_url": {
        "en": "TRACKER_SMTP_URL must look like smtp://host:port, smtp+starttls://host:587 or smtps://host",
        "zh": "TRACKER_SMTP_URL 的格式应为 smtp://host:port、smtp+starttls://host:587 或 smtps://host",
    },
    "errors.mail.bad_port": {
        "en": "TRACKER_SMTP_URL has a bad port number",
        "zh": "TRACKER_SMTP_URL 的端口号有误",
    },
    "errors.mail.failed": {
        "en": "could not send {what} through {host}:{port} ({detail}); {sent} were sent",
        "zh": "无法通过 {host}:{port} 发送{what}（{detail}）；已发送 {sent} 封",
    },
    "errors.mail.what_reminders": {"en": "reminders", "zh": "提醒邮件"},
    "errors.mail.what_link": {"en": "the confirmation link", "zh": "确认链接"},
    "errors.backup.postgres": {
        "en": "this database is PostgreSQL: back it up with pg_dump, e.g. "
        "pg_dump --format=custom --file=tracker.dump DBNAME (restore with pg_restore)",
        "zh": "该数据库是 PostgreSQL：请用 pg_dump 备份，例如 "
        "pg_dump --format=custom --file=tracker.dump DBNAME（用 pg_restore 恢复）",
    },
    "errors.backup.no_file": {"en": "no database file at {path}", "zh": "{path} 处没有数据库文件"},
    "errors.backup.integrity": {
        "en": "the copy failed its integrity check: {check}",
        "zh": "备份副本未通过完整性检查：{check}",
    },
    "errors.setup.has_people": {
        "en": "this database already has people in it; demo data goes only into a new database",
        "zh": "该数据库中已有人员；演示数据只能写入新的数据库",
    },
    "errors.secret.too_short": {
        "en": "TRACKER_SECRET_KEY must be at least {limit} characters long",
        "zh": "TRACKER_SECRET_KEY 至少需要 {limit} 个字符",
    },
    "errors.secret.needed": {
        "en": "set TRACKER_SECRET_KEY (at least 32 random characters, the same for every process; e.g. "
        "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`) before using confirmation links "
        "with PostgreSQL",
        "zh": "在 PostgreSQL 上使用确认链接之前，请设置 TRACKER_SECRET_KEY（至少 32 个随机字符，"
        "所有进程相同；例如 `python -c 'import secrets; print(secrets.token_urlsafe(48))'`）",
    },
    # the command line's own arguments
    "errors.cli.no_department": {
        "en": "there is no department named '{name}'",
        "zh": "没有名为“{name}”的部门",
    },
    "errors.cli.no_teacher": {
        "en": "there is no teacher with the email '{email}'",
        "zh": "没有邮箱为“{email}”的教师",
    },
    "problem.cli_not_date": {
        "en": "'{value}' is not a date; use the form {form}",
        "zh": "“{value}”不是日期，请按 {form} 的格式填写",
    },
    "problem.cannot_write": {"en": "cannot write {path}: {detail}", "zh": "无法写入 {path}：{detail}"},
    "problem.unknown_topic": {
        "en": "unknown topic '{topic}'; use one of {values}",
        "zh": "没有“{topic}”这个主题，请从以下选择：{values}",
    },
    # problems with one field (InvalidInput)
    "problem.range_reversed": {
        "en": "the end of the date range is before its start",
        "zh": "日期范围的结束日期早于开始日期",
    },
    "problem.page_size": {
        "en": "show between 1 and {limit} events per page",
        "zh": "每页显示的事件数须在 1 到 {limit} 之间",
    },
    "problem.not_years": {"en": "{value!r} is not a number of years", "zh": "{value!r} 不是年数"},
    "problem.years_whole": {
        "en": "must be a whole number of years from 1 to {limit}",
        "zh": "必须是 1 到 {limit} 之间的整数年",
    },
    "problem.already_renewed": {
        "en": "This certificate has already been renewed; renew the newer one.",
        "zh": "该证书已经续期过了，请对较新的那份证书续期。",
    },
    "problem.renewal_too_early": {
        "en": "a renewal cannot be issued before the certificate it renews ({date})",
        "zh": "续期证书的发证日期不能早于原证书（{date}）",
    },
    "problem.department_in_use": {
        "en": "{name} still has {detail}; move them to another department first",
        "zh": "{name} 仍有 {detail}，请先将其转到其他部门",
    },
    "problem.department_taken": {
        "en": "a department named {name!r} already exists",
        "zh": "已存在名为“{name}”的部门",
    },
    "problem.enterprise_taken": {
        "en": "an enterprise named {name!r} already exists; merge the two instead",
        "zh": "已存在名为“{name}”的企业，请改为合并两者",
    },
    "problem.merge_nothing": {
        "en": "choose at least one other enterprise to merge into the one you keep",
        "zh": "请至少选择一家要并入保留企业的其他企业",
    },
    "problem.choose_one_of": {"en": "choose one of {values}", "zh": "请从以下选项中选择：{values}"},
    "problem.before_decision": {"en": "must be on or after the decision date", "zh": "不能早于认定日期"},
    "problem.own_activity": {
        "en": "choose one of your own practice activities",
        "zh": "请选择您自己的一项实践活动",
    },
    "problem.own_admin_role": {
        "en": "you cannot remove your own admin role; ask another admin",
        "zh": "您不能取消自己的管理员角色，请联系其他管理员",
    },
    "problem.own_account": {"en": "you cannot deactivate your own account", "zh": "您不能停用自己的账号"},
    "problem.email_taken": {
        "en": "{email} already belongs to someone; edit that person instead",
        "zh": "{email} 已被其他人使用，请改为编辑该人员",
    },
    "problem.no_department_named": {
        "en": "there is no department named {name!r}; add it first",
        "zh": "没有名为“{name}”的部门，请先添加",
    },
    # evidence files
    "problem.evidence_empty": {
        "en": "{name}: the file is empty; choose the file again",
        "zh": "{name}：文件是空的，请重新选择文件",
    },
    "problem.evidence_too_big": {
        "en": "{name}: the file is {size} MB; the limit is {limit} MB",
        "zh": "{name}：文件大小为 {size} MB，上限是 {limit} MB",
    },
    "problem.evidence_not_allowed": {
        "en": "{name}: only PDF, JPEG or PNG files are accepted, and this file's content is none of them",
        "zh": "{name}：只接受 PDF、JPEG 或 PNG 文件，而该文件的内容都不是",
    },
    "problem.evidence_mismatch": {
        "en": "{name}: the name says {extension} but the content is a {kind}; rename or re-export it",
        "zh": "{name}：文件名显示为 {extension}，但内容是 {kind}；请重命名或重新导出",
    },
    "problem.evidence_too_many": {
        "en": "at most {limit} files at a time ({count} chosen)",
        "zh": "一次最多 {limit} 个文件（已选择 {count} 个）",
    },
    # norm and recognition packs
    "problem.pack_too_big": {
        "en": "{filename} is too big for a norm pack (at most {limit} KB)",
        "zh": "{filename} 太大，不像标准包（最多 {limit} KB）",
    },
    "problem.pack_not_utf8": {
        "en": "{filename} is not a UTF-8 text file; save it as UTF-8 TOML",
        "zh": "{filename} 不是 UTF-8 文本文件，请另存为 UTF-8 编码的 TOML",
    },
    "problem.pack_empty": {"en": "{filename} is empty", "zh": "{filename} 是空的"},
    "problem.bad_toml": {
        "en": "this is not a valid TOML file ({detail})",
        "zh": "这不是有效的 TOML 文件（{detail}）",
    },
    "problem.pack_table": {
        "en": "the file needs a [pack] table with name, layer, citation and effective_from",
        "zh": "文件需要一个包含 name、layer、citation 和 effective_from 的 [pack] 表",
    },
    "problem.recognition_pack_table": {
        "en": "the file needs a [pack] table with name, layer and effective_from",
        "zh": "文件需要一个包含 name、layer 和 effective_from 的 [pack] 表",
    },
    "problem.norm_incomplete": {
        "en": "pack '{pack}' adds the norm '{key}' without a rule and a required value",
        "zh": "标准包“{pack}”新增的标准“{key}”缺少规则（rule）和要求值（required）",
    },
    "problem.pack_loaded": {
        "en": "pack '{name}' effective {date} is already loaded with different content; to change it, "
        "load a new version with a later effective_from (the old one stays for earlier dates)",
        "zh": "{date} 生效的标准包“{name}”已以不同内容载入；如需修改，请载入 effective_from 更晚的新版本"
        "（旧版本继续适用于更早的日期）",
    },
    "problem.recognition_pack_loaded": {
        "en": "recognition pack '{name}' effective {date} is already loaded with different content; "
        "load a new version with a later effective_from",
        "zh": "{date} 生效的认定标准包“{name}”已以不同内容载入；请载入 effective_from 更晚的新版本",
    },
    "problem.cannot_read": {"en": "cannot read {path}: {detail}", "zh": "无法读取 {path}：{detail}"},
    "problem.pack_unknown_field": {"en": "unknown field", "zh": "无法识别的字段"},
    "problem.pack_wrong_type": {"en": "has the wrong type", "zh": "类型不正确"},
    "problem.pack_not_table": {"en": "must be a table", "zh": "必须是一个表"},
    "problem.pack_negative": {"en": "must not be negative", "zh": "不能为负数"},
    "problem.pack_at_least_one": {"en": "must be at least 1", "zh": "至少为 1"},
    "problem.pack_date_like": {"en": "must be a date like {example}", "zh": "必须是日期，例如 {example}"},
    "problem.pack_unknown_section": {
        "en": "unknown section (expected [pack] and [[{what}]])",
        "zh": "无法识别的部分（应为 [pack] 和 [[{what}]]）",
    },
    "problem.pack_share": {
        "en": "must be a number above 0 and at most 1 (0.5 = 50%)",
        "zh": "必须是大于 0 且不超过 1 的数（0.5 即 50%）",
    },
    "problem.pack_write_as_table": {
        "en": "write each {what} as a [[{what}]] table",
        "zh": "每个 {what} 请写成一个 [[{what}]] 表",
    },
    "problem.pack_level_needs_group": {
        "en": "a level needs at least one [[level.group]]",
        "zh": "每个等级至少需要一个 [[level.group]]",
    },
    "problem.pack_group_needs_criterion": {
        "en": "a group needs at least one [[level.group.criterion]]",
        "zh": "每个条件组至少需要一个 [[level.group.criterion]]",
    },
    "problem.pack_between": {"en": "must be between {low} and {high}", "zh": "必须在 {low} 到 {high} 之间"},
    "problem.pack_above_zero": {
        "en": "must be more than 0 and at most {top}",
        "zh": "必须大于 0 且不超过 {top}",
    },
    "problem.pack_cycle_start_needed": {
        "en": "is required for a fixed window (e.g. 2021-01-01)",
        "zh": "固定周期必须填写（例如 2021-01-01）",
    },
    "problem.pack_key_twice": {
        "en": "'{key}' appears twice in this pack",
        "zh": "“{key}”在该标准包中出现了两次",
    },
    "problem.pack_one_of": {"en": "must be one of {values}", "zh": "必须是以下之一：{values}"},
    "problem.pack_some_of": {"en": "use some of {values}", "zh": "请从以下选项中选用：{values}"},
}
