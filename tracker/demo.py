"""The demo college: a realistic, clearly fictional institution to try the product (``tracker init --demo``).

示例职业技术学院 (Demo) has four departments, about forty teachers with Chinese names and pinyin emails at
demo.example, six years of enterprise practice with fictional partner companies (every name starts with 示例
and ends with "(Demo)"), certificates of which some expire within 30, 60 and 90 days, and records in every
review state, so that every compliance status shows on the dashboards. Everything comes from a seeded
random generator relative to today: the same day gives the same college.

The demo accounts ``teacher@demo.example``, ``head@demo.example`` and ``admin@demo.example`` share the
password ``demo``; ``tracker.setup.initialise`` only calls this on a database with no people in it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from tracker.auth import hash_password
from tracker.models import (
    Activity,
    AppSetting,
    Certification,
    Department,
    Enterprise,
    Output,
    Person,
    Recognition,
)
from tracker.norms import on_activities_changed

DEMO_PASSWORD = "demo"  # shorter than validation.MIN_PASSWORD on purpose: demo accounts only, and the UI says so
DEMO_ACCOUNTS = ("teacher@demo.example", "head@demo.example", "admin@demo.example")
COLLEGE = "示例职业技术学院 (Demo Vocational College)"
SEED = 20161111

# (department, Chinese name, how many people besides the demo accounts)
DEPARTMENTS = [
    ("Cross-border E-commerce", "跨境电子商务系", 11),
    ("International Trade", "国际贸易系", 10),
    ("Business English", "商务英语系", 9),
    ("Logistics Management", "物流管理系", 9),
]


def department_name(english: str, chinese: str) -> str:
    """A demo department's name as stored and shown: ``跨境电子商务系 (Cross-border E-commerce)``."""
    return f"{chinese} ({english})"


SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("赵", "zhao"),
    ("黄", "huang"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("胡", "hu"),
    ("朱", "zhu"),
    ("高", "gao"),
    ("林", "lin"),
    ("何", "he"),
    ("郭", "guo"),
    ("马", "ma"),
    ("罗", "luo"),
    ("梁", "liang"),
    ("宋", "song"),
    ("郑", "zheng"),
    ("谢", "xie"),
]
GIVEN = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("霞", "xia"),
    ("平", "ping"),
    ("晓东", "xiaodong"),
    ("海燕", "haiyan"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("宇航", "yuhang"),
    ("思远", "siyuan"),
]

# (name, sector, city, departments that mostly work with it)
ENTERPRISES = [
    ("示例跨境电商科技有限公司 (Demo)", "跨境电商平台运营", "杭州", {0}),
    ("示例数字营销有限公司 (Demo)", "海外社媒与搜索营销", "深圳", {0, 2}),
    ("示例直播电商有限公司 (Demo)", "跨境直播与短视频", "义乌", {0}),
    ("示例跨境支付服务有限公司 (Demo)", "跨境支付与结算", "杭州", {0, 1}),
    ("示例外贸进出口有限公司 (Demo)", "一般贸易进出口", "宁波", {1}),
    ("示例报关服务有限公司 (Demo)", "报关报检", "宁波", {1, 3}),
    ("示例翻译与本地化有限公司 (Demo)", "商务翻译与本地化", "广州", {2}),
    ("示例国际会展有限公司 (Demo)", "国际会展服务", "广州", {1, 2}),
    ("示例国际物流有限公司 (Demo)", "国际物流与货代", "厦门", {3}),
    ("示例海外仓储有限公司 (Demo)", "海外仓与跨境仓配", "深圳", {0, 3}),
    ("示例供应链管理有限公司 (Demo)", "供应链管理", "苏州", {3, 1}),
    ("示例跨境电商产业园 (Demo)", "产业园区服务", "金华", {0, 1, 3}),
]

# kind -> descriptions a teacher would write
DESCRIPTIONS = {
    "visit": [
        "赴企业调研跨境店铺运营流程",
        "走访企业了解海外仓发货流程",
        "企业调研：外贸岗位能力需求",
        "参观企业客服中心，收集教学案例",
    ],
    "training": [
        "企业培训：亚马逊广告投放实务",
        "企业培训：跨境电商数据分析",
        "企业培训：国际货运代理实务",
        "企业培训：海外社媒营销",
        "企业培训：报关单填制与归类",
    ],
    "post_practice": [
        "顶岗实践：跨境店铺运营专员",
        "顶岗实践：外贸业务员",
        "顶岗实践：海外仓运营助理",
        "顶岗实践：跨境客服与本地化",
    ],
    "rnd_project": [
        "校企合作项目：跨境选品数据看板",
        "横向课题：中小外贸企业数字化转型",
        "校企共建课程：跨境直播实训",
        "横向课题：跨境物流成本优化",
    ],
    "other": ["参加跨境电商行业峰会", "参加外贸企业招聘会并交流岗位标准", "参加职业院校技能大赛企业评审"],
}

_SKILL_ORG = "示例职业技能评价组织 (Demo)"
# (certificate, issuer, (type, level), years valid or None for never, departments it suits)
CERTIFICATES = [
    ("1+X 跨境电商B2B数据运营职业技能等级证书", _SKILL_ORG, ("skill_level", "intermediate"), 3, {0, 1}),
    ("1+X 跨境电子商务多平台运营职业技能等级证书", _SKILL_ORG, ("skill_level", "senior"), 3, {0}),
    ("报关水平测试证书", "示例报关协会 (Demo)", ("other", None), 4, {1, 3}),
    ("国际货运代理从业资格证书", "示例货代协会 (Demo)", ("vocational_qualification", "junior"), 5, {3, 1}),
    ("1+X 物流管理职业技能等级证书", "示例职业技能评价组织 (Demo)", ("skill_level", "intermediate"), 3, {3}),
    ("剑桥商务英语证书 BEC Higher", "示例语言测评中心 (Demo)", ("other", "senior"), None, {2}),
    ("跨境电商直播运营职业技能等级证书", "示例职业技能评价组织 (Demo)", ("skill_level", "junior"), 2, {0, 2}),
    ("国际商务单证员证书", "示例外贸学会 (Demo)", ("other", None), 4, {1, 2}),
]


@dataclass
class _Profile:
    """How much practice a teacher does a year, so every compliance status appears."""

    hours_per_year: tuple[int, int]
    ageing_out: bool = False  # a big placement just under five years old: met today, at risk within 90 days


def _profiles(rng: random.Random, count: int) -> list[_Profile]:
    shares = [
        (_Profile((250, 320)), 0.45),
        (_Profile((190, 230), ageing_out=True), 0.2),
        (_Profile((60, 150)), 0.25),
        (_Profile((200, 260)), 0.10),
    ]
    out = []
    for profile, share in shares:
        out += [profile] * round(share * count)
    while len(out) < count:
        out.append(shares[0][0])
    rng.shuffle(out)
    return out[:count]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def load_demo(session: Session, *, today: date | None = None) -> str:
    """Fill an empty database with the demo college and return a one-line summary.

    Call it only on a database with no people (``tracker.setup.initialise`` checks). Deterministic for a given
    ``today`` (default: the real today); takes well under a second.
    """
    today = today or date.today()
    rng = random.Random(f"{SEED}-{today.isoformat()}")
    # argon2 is slow on purpose: hash once for the three accounts
    password_hash = hash_password(DEMO_PASSWORD)

    # one name for both languages (a department has one name), Chinese first like the college's (issue 11)
    departments = [Department(name=department_name(name, zh)) for name, zh, _n in DEPARTMENTS]
    session.add_all(departments)
    enterprises = [Enterprise(name=name, sector=sector, city=city) for name, sector, city, _d in ENTERPRISES]
    session.add_all(enterprises)
    session.flush()

    people = _people(rng, today, departments, password_hash)
    session.add_all(people)
    session.flush()

    heads = {p.department_id: p for p in people if p.role == "head"}
    teachers = [p for p in people if p.role != "admin"]
    profiles = _profiles(rng, len(teachers))
    # one keen newcomer, so "on track" (not yet a full five-year window, keeping pace) always shows
    newcomers = [i for i, p in enumerate(teachers) if p.hire_date > today - timedelta(days=4 * 365)]
    if newcomers:
        profiles[newcomers[0]] = _Profile((260, 320))
    activities: list[Activity] = []
    certifications: list[Certification] = []
    for index, (person, profile) in enumerate(zip(teachers, profiles, strict=True)):
        department = next(i for i, d in enumerate(departments) if d.id == person.department_id)
        reviewer = heads[person.department_id]
        if reviewer.id == person.id:  # heads' own records are reviewed by the admin
            reviewer = people[-1]
        partners = [e for e, spec in zip(enterprises, ENTERPRISES, strict=True) if department in spec[3]]
        activities += _activities(rng, today, person, profile, partners, reviewer)
        certifications += _certifications(rng, today, person, department, reviewer, index)
    activities += _demo_teacher_pending(rng, today, people[0], enterprises[0])
    session.add_all(activities)
    session.add_all(certifications)
    session.add(AppSetting(key="college_name", value=COLLEGE))
    session.flush()
    outputs = _dual_qualified(session, today, teachers, people[-1])
    news = _sample_news(session, today, head=people[1])
    on_activities_changed(session, [p.id for p in teachers])
    return (
        f"Loaded the demo college {COLLEGE}: {len(departments)} departments, {len(people)} people, "
        f"{len(activities):,} activities, {len(certifications)} certificates, {outputs} outputs, "
        f"{news} sample news items. "
        "Sign in as teacher@demo.example, "
        f"head@demo.example or admin@demo.example with password '{DEMO_PASSWORD}'."
    )


# Sample news (issue 11 item 10): a newcomer sees the News page work before any feed is fetched. Only a
# database made with `tracker init --demo` gets them; each is marked as a sample in its title, its text
# and its story key (the News page shows a "sample" badge for that key), and they hang off a source
# that is switched off and never fetched, so removing that source removes them.
SAMPLE_STORY_PREFIX = "sample:"
SAMPLE_FEED_URL = "https://demo.example/sample-news.xml"
SAMPLE_FEED_TITLE = "示例资讯 (Demo samples)"
_SAMPLE_NOTE = "示例资讯，仅用于演示，并非真实新闻。Sample item for the demo college, not real news."
# (days ago, title, summary)
SAMPLE_NEWS = [
    (1, "【示例】欧盟 GPSR 实施满一年：跨境卖家需核对欧盟责任人与产品标签",
     "平台将对缺少欧盟责任人信息的商品限制销售，建议实训店铺逐项检查 CE 标志与警示语。"),
    (2, "【示例】海关优化 9610 跨境电商出口申报，综试区企业试点清单核放",
     "小包出口可按清单申报、汇总统计，退税手续随之简化。"),
    (3, "[Sample] Marketplace sellers prepare for EPR packaging registrations in Germany",
     "Sellers must show a packaging EPR number before listing; marketplaces check it at sign-up."),
    (4, "【示例】职业院校“双师型”教师认定工作启动，企业实践经历纳入认定条件",
     "教师企业实践累计时长与技能等级证书将作为认定依据。"),
    (5, "【示例】海外仓头程运费回落，中欧班列跨境电商货量增长",
     "海运与铁路运价下调，卖家备货节奏前移。"),
    (6, "[Sample] Cross-border payments: providers cut FX fees for small sellers",
     "Lower currency-conversion fees for payouts in renminbi."),
    (7, "【示例】全国职业院校技能大赛跨境电商赛项赛程公布",
     "赛项围绕店铺运营、跨境营销与海外仓管理设置任务。"),
]


def _sample_news(session: Session, today: date, *, head: Person) -> int:
    """The sample news items, tagged by the shipped topic rules, one recommended by the demo head."""
    from feeds.models import Feed, FeedEntry, NewsItem, NewsItemTopic, NewsRecommendation
    from feeds.sanitize import sanitized_text
    from feeds.store import load_topic_rules
    from feeds.topics import TopicMatcher

    matcher = TopicMatcher(load_topic_rules(session))
    feed = Feed(
        url=SAMPLE_FEED_URL,
        title=SAMPLE_FEED_TITLE,
        active=False,
        deactivated_reason="示例资讯的来源，不会抓取。The demo college's sample items; never fetched.",
    )
    session.add(feed)
    session.flush()
    items = []
    for n, (days, title, text) in enumerate(SAMPLE_NEWS, start=1):
        summary = f"<p>{text}</p><p><em>{_SAMPLE_NOTE}</em></p>"
        item = NewsItem(
            story_key=f"{SAMPLE_STORY_PREFIX}{n}",
            title=title,
            summary_html=summary,
            published_at=_at(today - timedelta(days=days), 9),
        )
        session.add(item)
        session.flush()
        topics = matcher.tag(title, sanitized_text(summary))
        session.add_all(NewsItemTopic(item_id=item.id, topic=slug) for slug in topics)
        session.add(FeedEntry(feed_id=feed.id, entry_key=f"sample-{n}", item_id=item.id))
        items.append(item)
    session.add(
        NewsRecommendation(
            item_id=items[0].id,
            department_id=head.department_id,
            recommended_by=head.id,
            note="请各位老师关注 GPSR 对学生实训店铺的影响。（示例推荐 Sample recommendation）",
        )
    )
    session.flush()
    return len(items)


_OUTPUT_TITLES = {
    "research_report": "跨境电商企业岗位需求调研报告",
    "teaching_case": "亚马逊店铺运营教学案例",
    "course_development": "《跨境电商数据分析》课程开发",
    "technical_service": "为合作企业提供海外仓数据服务",
    "patent": "一种跨境物流轨迹追踪方法 (Demo)",
    "competition_award": "全国职业院校技能大赛 跨境电商赛项 二等奖 (Demo)",
}


def _dual_qualified(session: Session, today: date, teachers: list[Person], admin: Person) -> int:
    """Title ranks, industry years, outputs and a few committee decisions, so every dual-qualified level and
    state appears (issue 12). Its own random stream: the rest of the demo stays as it was."""
    rng = random.Random(f"{SEED}-dual-{today.isoformat()}")
    ranks = ("none", "junior", "intermediate", "intermediate", "associate_senior", "senior")
    kinds = list(_OUTPUT_TITLES)
    outputs = []
    for n, person in enumerate(teachers):
        person.title_rank = rng.choice(ranks)
        person.industry_years = rng.choice((0.0, 0.0, 1.0, 2.5, 3.0, 6.0))
        for k in range(rng.choice((0, 1, 2, 3, 4))):
            kind = rng.choice(kinds)
            dated = today - timedelta(days=rng.randrange(30, 4 * 365))
            status = "submitted" if k == 0 and n % 5 == 0 else "verified"
            outputs.append(
                Output(person_id=person.id, kind=kind, title=_OUTPUT_TITLES[kind], dated_on=dated, status=status)
            )
    teachers[0].title_rank, teachers[0].industry_years = "junior", 0.0  # the demo teacher has things to do
    session.add_all(outputs)
    for n, person in enumerate(teachers[1::5][:8]):  # across departments
        decided = today - timedelta(days=365 * 5 - 40) if n == 0 else today - timedelta(days=rng.randrange(60, 900))
        level = ("junior", "intermediate", "junior", "senior")[n % 4]
        session.add(
            Recognition(
                person_id=person.id,
                level=level,
                confirmed=n != 3,
                decided_on=decided,
                valid_until=decided + timedelta(days=5 * 365 - 1),
                note="示例认定 (Demo)",
                decided_by=admin.id,
            )
        )
    session.flush()
    return len(outputs)


def _people(
    rng: random.Random, today: date, departments: list[Department], password_hash: str
) -> list[Person]:
    """Everyone: the demo teacher first, then each department's head and teachers, the demo admin last."""
    names = [(s, g) for s in SURNAMES for g in GIVEN]
    rng.shuffle(names)
    used: set[str] = set()

    def next_name() -> tuple[str, str]:
        while True:
            (surname, surname_py), (given, given_py) = names.pop()
            email = f"{surname_py}.{given_py}@demo.example"
            if email not in used:
                used.add(email)
                return surname + given, email

    def hired(recent: bool) -> date:
        if recent:  # within the last five years: the five-year norm has not run a full window yet
            return today - timedelta(days=rng.randrange(200, 5 * 365 - 30))
        return date(rng.randrange(1998, 2019), rng.choice((3, 7, 9)), 1)

    people = [
        Person(
            email="teacher@demo.example",
            name="陈思远 (示例教师)",
            department_id=departments[0].id,
            role="teacher",
            category="professional",
            hire_date=date(2014, 9, 1),
            password_hash=password_hash,
        )
    ]
    for d, (_name, _zh, count) in enumerate(DEPARTMENTS):
        if d == 0:
            people.append(
                Person(
                    email="head@demo.example",
                    name="林海燕 (示例系主任)",
                    department_id=departments[0].id,
                    role="head",
                    category="professional",
                    hire_date=date(2006, 9, 1),
                    password_hash=password_hash,
                )
            )
            count -= 1
        for i in range(count):
            name, email = next_name()
            head = d > 0 and i == 0
            category = "professional"
            if d == 2 and i in (3, 6):
                category = "general"  # public English teachers: no enterprise-practice norm
            elif i == count - 1 and d in (1, 3):
                category = "staff"  # lab and training-base staff
            people.append(
                Person(
                    email=email,
                    name=name,
                    department_id=departments[d].id,
                    role="head" if head else "teacher",
                    category=category,
                    hire_date=hired(recent=not head and i % 4 == 3),
                )
            )
    people.append(
        Person(
            email="admin@demo.example",
            name="郑明 (示例管理员)",
            department_id=None,
            role="admin",
            category="staff",
            hire_date=date(2010, 3, 1),
            password_hash=password_hash,
        )
    )
    return people


def _review(rng: random.Random, today: date, end: date, reviewer: Person, recent_days: int) -> dict:
    """A review state: recent work is often still pending; older work is verified, sometimes rejected."""
    age = (today - end).days
    roll = rng.random()
    if age < recent_days and roll < 0.55:
        return {"status": "submitted"}
    if age < recent_days and roll < 0.65:
        return {"status": "draft"}
    reviewed = min(today, end + timedelta(days=rng.randrange(3, 21)))
    if roll > 0.98:
        return {
            "status": "rejected",
            "reviewer_id": reviewer.id,
            "reviewed_at": _at(reviewed),
            "review_note": "请补充企业盖章的实践证明 / Please attach the company's stamped confirmation.",
        }
    return {"status": "verified", "reviewer_id": reviewer.id, "reviewed_at": _at(reviewed)}


def _activity(
    person: Person,
    kind: str,
    start: date,
    days: int,
    hours: float,
    enterprise: Enterprise | None,
    description: str,
    review: dict,
) -> Activity:
    end = start + timedelta(days=days - 1)
    created = _at(end, 17)
    return Activity(
        person_id=person.id,
        kind=kind,
        enterprise_id=enterprise.id if enterprise else None,
        start_date=start,
        end_date=end,
        hours=hours,
        description=description,
        created_at=created,
        updated_at=review.get("reviewed_at", created),
        **review,
    )


def _one(rng: random.Random, kind: str, start: date) -> tuple[int, float]:
    """Calendar days and hours of one activity of ``kind``."""
    if kind == "visit":
        return 1, float(rng.choice((4, 6, 8)))
    if kind == "training":
        days = rng.choice((2, 3, 5))
        return days, 8.0 * days
    if kind == "post_practice":
        workdays = rng.choice((10, 15, 22))
        return workdays * 7 // 5, 8.0 * workdays
    if kind == "rnd_project":
        return rng.choice((30, 45, 60)), float(rng.choice((24, 32, 40, 48)))
    return 1, float(rng.choice((3, 4, 6)))


def _activities(
    rng: random.Random,
    today: date,
    person: Person,
    profile: _Profile,
    partners: list[Enterprise],
    reviewer: Person,
) -> list[Activity]:
    first = max(person.hire_date + timedelta(days=60), today - timedelta(days=6 * 365 + 120))
    out = []
    if profile.ageing_out and person.hire_date < today - timedelta(days=6 * 365):
        # a month-long placement that drops out of the five-year window within the next 90 days
        start = today - timedelta(days=5 * 365 - rng.randrange(20, 70)) - timedelta(days=30)
        verified = {
            "status": "verified",
            "reviewer_id": reviewer.id,
            "reviewed_at": _at(start + timedelta(days=40)),
        }
        out.append(
            _activity(
                person,
                "post_practice",
                start,
                30,
                176.0,
                rng.choice(partners),
                rng.choice(DESCRIPTIONS["post_practice"]),
                verified,
            )
        )
    year_start = first
    while year_start < today:
        target = rng.randrange(*profile.hours_per_year)
        done = 0.0
        while done < target:
            kind = rng.choices(list(DESCRIPTIONS), weights=(30, 30, 12, 10, 8))[0]
            start = year_start + timedelta(days=rng.randrange(0, 330))
            days, hours = _one(rng, kind, start)
            if start + timedelta(days=days) >= today:
                break
            enterprise = rng.choice(partners) if kind != "other" or rng.random() < 0.3 else None
            out.append(
                _activity(
                    person,
                    kind,
                    start,
                    days,
                    hours,
                    enterprise,
                    rng.choice(DESCRIPTIONS[kind]),
                    _review(rng, today, start + timedelta(days=days - 1), reviewer, 120),
                )
            )
            done += hours
        year_start += timedelta(days=365)
    return out


def _demo_teacher_pending(
    rng: random.Random, today: date, teacher: Person, enterprise: Enterprise
) -> list[Activity]:
    """The demo teacher always has fresh work waiting for the head's review, and one draft."""
    pending = []
    for back, kind, days, hours in (
        (40, "training", 3, 24.0),
        (25, "visit", 1, 6.0),
        (12, "rnd_project", 10, 16.0),
    ):
        start = today - timedelta(days=back)
        pending.append(
            _activity(
                teacher,
                kind,
                start,
                days,
                hours,
                enterprise,
                rng.choice(DESCRIPTIONS[kind]),
                {"status": "submitted"},
            )
        )
    start = today - timedelta(days=5)
    pending.append(
        _activity(teacher, "visit", start, 1, 4.0, enterprise, "走访企业（待补充说明）", {"status": "draft"})
    )
    return pending


def _certifications(
    rng: random.Random, today: date, person: Person, department: int, reviewer: Person, index: int
) -> list[Certification]:
    """One to three certificates; ``index`` spreads expiries so 30/60/90-day warnings and lapses appear."""
    suited = [c for c in CERTIFICATES if department in c[4]]
    if person.category != "professional" and rng.random() < 0.6:
        return []
    out = []
    for n, (name, issuer, (kind, level), years, _d) in enumerate(
        rng.sample(suited, k=min(len(suited), rng.choice((1, 1, 2, 3))))
    ):
        if n == 0 and years is not None:
            # the first certificate's expiry: lapsed, within 30/60/90 days, or comfortably valid
            offset = [-40, 12, 45, 80, 400, 700, 900][index % 7]
            expires = today + timedelta(days=offset)
            issued = expires - timedelta(days=365 * years)
        else:
            issued = today - timedelta(days=rng.randrange(200, 5 * 365))
            expires = issued + timedelta(days=365 * years) if years else None
        if n > 0 and expires is not None and expires < today:
            continue
        review = _review(rng, today, issued, reviewer, 30)
        out.append(
            Certification(
                person_id=person.id,
                name=name,
                issuer=issuer,
                type=kind,
                level=level,
                issued_on=issued,
                expires_on=expires,
                credential_id=f"DEMO-{person.id:03d}-{n + 1}",
                created_at=_at(issued, 15),
                updated_at=review.get("reviewed_at", _at(issued, 15)),
                **review,
            )
        )
    if index % 9 == 4:
        # a renewal uploaded last week, waiting for review
        name, issuer, (kind, level), years, _d = suited[0]
        issued = today - timedelta(days=7)
        out.append(
            Certification(
                person_id=person.id,
                name=name,
                issuer=issuer,
                type=kind,
                level=level,
                issued_on=issued,
                expires_on=issued + timedelta(days=365 * (years or 3)),
                status="submitted",
                credential_id=f"DEMO-{person.id:03d}-R",
                created_at=_at(issued, 15),
                updated_at=_at(issued, 15),
            )
        )
    return out
