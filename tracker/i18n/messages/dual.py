"""Dual-qualified (双师型) teachers: title ranks, certificate types and levels, outputs, levels, recognition."""

MESSAGES = {
    # person
    "field.title_rank": {"en": "Title rank (teacher series)", "zh": "教师系列职称"},
    "field.industry_years": {"en": "Industry years", "zh": "企业工作年限"},
    "title_rank.none": {"en": "none", "zh": "无"},
    "title_rank.junior": {"en": "junior", "zh": "初级"},
    "title_rank.intermediate": {"en": "intermediate", "zh": "中级"},
    "title_rank.associate_senior": {"en": "associate senior", "zh": "副高级"},
    "title_rank.senior": {"en": "senior", "zh": "正高级"},
    # certificates
    "field.certificate_type": {"en": "Type", "zh": "证书类型"},
    "certificate_type.vocational_qualification": {"en": "Vocational qualification", "zh": "职业资格证书"},
    "certificate_type.skill_level": {"en": "Vocational skill level (1+X)", "zh": "职业技能等级证书（1+X）"},
    "certificate_type.professional_title": {
        "en": "Professional title (not teacher series)",
        "zh": "非教师系列专业技术职称",
    },
    "certificate_type.other": {"en": "Other", "zh": "其他"},
    "certificate_level.junior": {"en": "junior", "zh": "初级"},
    "certificate_level.intermediate": {"en": "intermediate", "zh": "中级"},
    "certificate_level.senior": {"en": "senior", "zh": "高级"},
    "mine.certificate_type_help": {
        "en": "Qualification, 1+X skill-level and non-teaching professional-title certificates count toward "
        "dual-qualified levels.",
        "zh": "职业资格证书、1+X 职业技能等级证书和非教师系列专业技术职称可用于“双师型”等级认定。",
    },
    "mine.level_placeholder": {"en": "no level (type other only)", "zh": "无等级（仅限“其他”类型）"},
    "mine.level_help": {
        "en": "Qualification grades: 五级/四级 → junior/intermediate, 三级 and above (技师) → senior.",
        "zh": "职业资格等级：五级为初级、四级为中级，三级及以上（含技师、高级技师）为高级。",
    },
    # outputs
    "output_kind.research_report": {"en": "Research report", "zh": "调研报告"},
    "output_kind.teaching_case": {"en": "Teaching case", "zh": "教学案例"},
    "output_kind.course_development": {"en": "Course development", "zh": "课程开发"},
    "output_kind.technical_service": {"en": "Technical service", "zh": "技术服务"},
    "output_kind.patent": {"en": "Patent", "zh": "专利"},
    "output_kind.competition_award": {"en": "Competition award", "zh": "技能竞赛获奖"},
    "field.output_title": {"en": "Title", "zh": "成果名称"},
    "field.output_date": {"en": "Date", "zh": "日期"},
    "field.output_activity": {"en": "From practice activity (optional)", "zh": "关联的企业实践（可选）"},
    "output.title": {"en": "Outputs", "zh": "实践成果"},
    "output.intro": {
        "en": "Reports, teaching cases, courses, technical services, patents and awards that came from your "
        "practice. Verified outputs count toward the intermediate and senior dual-qualified levels.",
        "zh": "来自企业实践的调研报告、教学案例、课程开发、技术服务、专利和竞赛获奖。经审核的成果计入中级、高级“双师型”认定。",
    },
    "output.add": {"en": "Log an output", "zh": "登记成果"},
    "output.none": {"en": "No outputs recorded yet.", "zh": "还没有登记成果。"},
    "output.saved": {"en": "Output saved.", "zh": "成果已保存。"},
    "output.no_activity": {"en": "none", "zh": "无"},
    "review.kind_output": {"en": "output", "zh": "成果"},
    # levels
    "dual.level.none": {"en": "none", "zh": "未达到"},
    "dual.level.junior": {"en": "junior", "zh": "初级"},
    "dual.level.intermediate": {"en": "intermediate", "zh": "中级"},
    "dual.level.senior": {"en": "senior", "zh": "高级"},
    "dual.criterion.practice_hours": {
        "en": "{hours:g} h of enterprise practice in the last {years} years (you have {have:g} h)",
        "zh": "近 {years} 年企业实践累计 {hours:g} 小时（现有 {have:g} 小时）",
    },
    "dual.criterion.industry_years": {
        "en": "{years:g} year(s) of work in enterprises (you have {have:g})",
        "zh": "企业工作经历满 {years:g} 年（现有 {have:g} 年）",
    },
    "dual.criterion.certificate": {
        "en": "a valid verified certificate ({types}), {level} level or higher",
        "zh": "持有有效且经审核的证书（{types}），{level}及以上",
    },
    "dual.criterion.title_rank": {
        "en": "a teacher-series title of {rank} or higher (you have {have})",
        "zh": "教师系列职称{rank}及以上（现为{have}）",
    },
    "dual.criterion.outputs": {
        "en": "{count} verified outputs ({kinds}) in the last {years} years (you have {have})",
        "zh": "近 {years} 年经审核的成果（{kinds}）{count} 项（现有 {have} 项）",
    },
    "dual.or": {"en": " or ", "zh": "或"},
    "dual.list_sep": {"en": ", ", "zh": "、"},
    "dual.one_of": {"en": "One of: ", "zh": "满足其一："},
    # CLI and summaries
    "dual.col.level": {"en": "Level met", "zh": "达到等级"},
    "dual.col.recognised": {"en": "Recognised", "zh": "已认定等级"},
    "dual.col.next": {"en": "Next level", "zh": "下一等级"},
    "dual.col.missing": {"en": "Missing for the next level", "zh": "距下一等级还缺"},
    "dual.col.flag": {"en": "Practise before post", "zh": "先实践再上岗"},
    "dual.flag.practice_before_post": {
        "en": "Hired without industry years or practice before the hire date: should practise before "
        "taking up the post (教师〔2016〕3号 第四条).",
        "zh": "入职前无企业工作经历也无企业实践：应先实践再上岗（教师〔2016〕3号 第四条）。",
    },
    # my path
    "dual.path.title": {"en": "My dual-qualified path", "zh": "我的“双师型”成长路径"},
    "dual.path.intro": {
        "en": "Levels follow your college's dual-qualified standard (a level is met when every group has at "
        "least one item met). Only verified records count.",
        "zh": "等级依据本校“双师型”教师认定标准（每组条件至少满足一项即达到该等级），只计经审核的记录。",
    },
    "dual.path.current": {"en": "Level met now", "zh": "当前达到等级"},
    "dual.path.recognised": {"en": "Recognised by the committee", "zh": "认定委员会认定"},
    "dual.path.recognised_until": {"en": "valid until {date}", "zh": "有效期至 {date}"},
    "dual.path.next": {"en": "Missing for {level}", "zh": "达到{level}还需"},
    "dual.path.top": {
        "en": "You meet the highest level. Keep your records current to keep it.",
        "zh": "您已达到最高等级，请继续保持记录更新。",
    },
    "dual.path.no_pack": {
        "en": "No dual-qualified standard is in force on this date.",
        "zh": "该日期没有生效的“双师型”认定标准。",
    },
    "dual.path.not_professional": {
        "en": "Dual-qualified levels apply to professional-course teachers.",
        "zh": "“双师型”等级适用于专业课教师。",
    },
    "dual.path.act.practice": {"en": "Log practice", "zh": "登记企业实践"},
    "dual.path.act.certificate": {"en": "Add a certificate", "zh": "添加证书"},
    "dual.path.act.output": {"en": "Log an output", "zh": "登记成果"},
    "dual.path.act.profile": {
        "en": "Title rank and industry years are kept by your college's admin.",
        "zh": "职称和企业工作年限由学校管理员维护。",
    },
    "dual.path.conversion": {
        "en": "{hours:g} h = {days:g} days = {months:g} months (1 month = {dpm:g} days × {hpd:g} h)",
        "zh": "{hours:g} 小时 = {days:g} 天 = {months:g} 个月（1 个月 = {dpm:g} 天 × {hpd:g} 小时）",
    },
    # team
    "dual.team.share": {"en": "Dual-qualified share", "zh": "“双师型”教师占比"},
    "dual.team.share_help": {
        "en": "Recognised by the committee, and eligible today, among professional teachers; target: more "
        "than {target:.0%}.",
        "zh": "专业课教师中已认定和当前符合条件的比例；目标：超过 {target:.0%}。",
    },
    "dual.team.recognised_share": {"en": "Recognised", "zh": "已认定"},
    "dual.team.eligible_share": {"en": "Eligible", "zh": "符合条件"},
    "dual.team.flagged": {"en": "Practise before post", "zh": "需先实践再上岗"},
    # admin recognition batch
    "dual.batch.title": {"en": "Dual-qualified recognition", "zh": "“双师型”教师认定"},
    "dual.batch.intro": {
        "en": "Who is eligible at which level on a date, by your recognition standard. The committee confirms "
        "or declines each one; a confirmed level is valid until the date you set.",
        "zh": "按认定标准列出某日符合各等级条件的教师。认定委员会逐一确认或不予认定；确认的等级在所设有效期内有效。",
    },
    "dual.batch.date": {"en": "Eligible on", "zh": "认定日期"},
    "dual.batch.valid_until": {"en": "Valid until", "zh": "有效期至"},
    "dual.batch.note": {"en": "Committee note", "zh": "委员会意见"},
    "dual.batch.confirm": {"en": "Confirm", "zh": "确认认定"},
    "dual.batch.decline": {"en": "Decline", "zh": "不予认定"},
    "dual.batch.confirmed": {"en": "Recognition recorded.", "zh": "已记录认定结果。"},
    "dual.batch.declined": {"en": "Decision recorded: declined.", "zh": "已记录：不予认定。"},
    "dual.batch.none": {"en": "No one is eligible on this date.", "zh": "该日期没有符合条件的教师。"},
    "dual.batch.history": {"en": "Decisions", "zh": "认定记录"},
    "dual.batch.lapsing": {"en": "Recognitions lapsing within 90 days", "zh": "90 天内到期的认定"},
    "dual.batch.teacher": {"en": "Teacher", "zh": "教师"},
    "dual.batch.decision": {"en": "Decision", "zh": "结果"},
    "dual.decision.confirmed": {"en": "confirmed", "zh": "确认"},
    "dual.decision.declined": {"en": "declined", "zh": "不予认定"},
    "dual.reminder.lapsing": {
        "en": "Your dual-qualified recognition ({level}) lapses after {date}.",
        "zh": "您的“双师型”认定（{level}）将于 {date} 后到期。",
    },
}

MESSAGES.update(
    {
        "page.my_dual_path": {"en": "My dual-qualified path", "zh": "我的双师成长路径"},
        "page.my_outputs": {"en": "Outputs", "zh": "实践成果"},
        "page.recognition": {"en": "Dual-qualified recognition", "zh": "双师型认定"},
        "dual.team.title": {"en": "Dual-qualified teachers", "zh": "“双师型”教师"},
        "dual.team.none": {
            "en": "No dual-qualified standard applies to anyone here on this date.",
            "zh": "该日期没有适用的“双师型”认定标准或教师。",
        },
        "dual.col.teacher": {"en": "Teacher", "zh": "教师"},
        "dual.col.practice": {"en": "Practice, 5 years", "zh": "近5年企业实践"},
        "dual.col.practice_value": {
            "en": "{hours:g} h ({days:g} d, {months:g} mo)",
            "zh": "{hours:g} 小时（{days:g} 天，{months:g} 个月）",
        },
        "output.form_title": {"en": "Log an output", "zh": "登记成果"},
        "output.list_title": {"en": "My outputs", "zh": "我的成果"},
        "output.submit_one": {"en": "Submit", "zh": "提交审核"},
        "output.withdraw_one": {"en": "Withdraw", "zh": "撤回"},
        "output.delete_one": {"en": "Delete", "zh": "删除"},
        "output.submitted": {"en": "Output submitted for review.", "zh": "成果已提交审核。"},
        "output.withdrawn": {"en": "Output withdrawn; it is a draft again.", "zh": "已撤回，成果恢复为草稿。"},
        "output.deleted": {"en": "Output deleted.", "zh": "成果已删除。"},
        "dual.batch.eligible": {"en": "Eligible on the date", "zh": "符合条件的教师"},
        "dual.batch.level": {"en": "Level", "zh": "认定等级"},
        "dual.batch.decide_for": {"en": "Decide for {name}", "zh": "认定：{name}"},
        "dual.batch.no_decisions": {"en": "No decisions yet.", "zh": "暂无认定记录。"},
        "dual.batch.no_lapsing": {
            "en": "No recognition lapses within 90 days.",
            "zh": "90 天内没有到期的认定。",
        },
        "dual.batch.by": {"en": "Decided by", "zh": "决定人"},
        "dual.batch.decided_on": {"en": "Decided on", "zh": "决定日期"},
        "report.sheet.levels": {"en": "Dual-qualified", "zh": "双师型"},
        "report.sheet.outputs": {"en": "Outputs", "zh": "实践成果"},
    }
)
