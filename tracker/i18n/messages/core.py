"""Strings of the app shell: sign-in, navigation, sidebar, common words."""

MESSAGES = {
    "app.title": {"en": "Teacher Practice Tracker", "zh": "教师企业实践管理平台"},
    "sign_in.title": {"en": "Sign in", "zh": "登录"},
    "sign_in.heading": {"en": "Teacher Practice Tracker · 教师企业实践管理平台", "zh": "教师企业实践管理平台 · Teacher Practice Tracker"},
    "sign_in.subtitle": {
        "en": "Enterprise practice, certificates and industry news for cross-border e-commerce teachers.",
        "zh": "跨境电商专业教师的企业实践、职业证书与行业资讯。",
    },
    "sign_in.email": {"en": "Email", "zh": "邮箱"},
    "sign_in.password": {"en": "Password", "zh": "密码"},
    "sign_in.submit": {"en": "Sign in", "zh": "登录"},
    "sign_in.failed": {"en": "Email or password is not correct.", "zh": "邮箱或密码不正确。"},
    "sign_in.ended": {
        "en": "You were signed out (signed out elsewhere, a new password, or a long time without activity). "
              "Please sign in again.",
        "zh": "您已退出登录（在其他页面退出、密码已更改或长时间未操作），请重新登录。",
    },
    "sign_in.sso": {"en": "Sign in with single sign-on", "zh": "统一身份认证登录"},
    "sign_in.sso_unknown": {
        "en": "You signed in as {email}, but no active account here has that email. Ask your admin.",
        "zh": "您以 {email} 登录，但本系统没有该邮箱的有效账户，请联系管理员。",
    },
    "demo.warning": {
        "en": "Demo database: the demo accounts teacher@demo.example, head@demo.example and admin@demo.example "
              "can sign in with the well-known password demo (demo accounts only are exempt from the "
              "10-character minimum). Never keep real records here.",
        "zh": "演示数据库：演示账户 teacher@demo.example、head@demo.example 和 admin@demo.example 可用公开密码 demo "
              "登录（仅演示账户不受至少 10 个字符的密码规则约束）。请勿在此保存真实记录。",
    },
    "sidebar.language": {"en": "Language", "zh": "语言 Language"},
    "sidebar.signed_in_as": {"en": "Signed in as {name} ({role})", "zh": "当前用户：{name}（{role}）"},
    "sidebar.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "role.teacher": {"en": "teacher", "zh": "教师"},
    "role.head": {"en": "head of department", "zh": "系主任"},
    "role.admin": {"en": "admin", "zh": "管理员"},
    "nav.mine": {"en": "My practice", "zh": "我的实践"},
    "nav.department": {"en": "Department", "zh": "部门管理"},
    "nav.admin": {"en": "Administration", "zh": "系统管理"},
    "nav.news": {"en": "Industry news", "zh": "行业资讯"},
    "page.home": {"en": "Home", "zh": "首页"},
    "page.my_progress": {"en": "My progress", "zh": "我的进度"},
    "page.log_activity": {"en": "Log activity", "zh": "登记实践"},
    "page.my_records": {"en": "My records", "zh": "我的记录"},
    "page.certificates": {"en": "Certificates", "zh": "职业证书"},
    "page.team": {"en": "Team", "zh": "团队概况"},
    "page.review": {"en": "Review", "zh": "审核"},
    "page.teacher": {"en": "Teacher", "zh": "教师详情"},
    "page.reports": {"en": "Reports", "zh": "报表"},
    "page.people": {"en": "People", "zh": "人员"},
    "page.departments": {"en": "Departments", "zh": "部门"},
    "page.enterprises": {"en": "Enterprises", "zh": "合作企业"},
    "page.norm_packs": {"en": "Norm packs", "zh": "考核标准"},
    "page.audit_log": {"en": "Audit log", "zh": "审计日志"},
    "page.news": {"en": "News", "zh": "资讯"},
    "page.news_sources": {"en": "News sources", "zh": "资讯来源"},
    "common.error_unexpected": {
        "en": "Something went wrong and nothing was saved. Please try again; if it keeps happening, tell your admin.",
        "zh": "出现错误，未保存任何内容。请重试；如果持续出现，请联系管理员。",
    },
}
