"""The demo college shows every state a dashboard can show, is clearly fictional, and is repeatable."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from tracker.db import make_engine, upgrade_database
from tracker.demo import load_demo
from tracker.models import Activity, Certification, Department, Enterprise, Person
from tracker.norms import AT_RISK, MET, NOT_MET, ON_TRACK, evaluate_compliance
from tracker.setup import initialise


def test_demo_college_shows_every_compliance_status(engine, session):
    initialise(demo=True, engine=engine)
    today = date.today()
    rows = evaluate_compliance(session, as_of=today)
    five_year = Counter(r.status for r in rows if r.norm == "enterprise_practice_5y")
    assert {MET, ON_TRACK, AT_RISK, NOT_MET} <= set(five_year), five_year
    # the corrected national baseline has no certificate norm (issue 12): certificates count for 双师型 levels
    assert "valid_certification" not in {r.norm for r in rows}
    assert len({r.department for r in rows}) == 4


def test_demo_college_has_the_promised_shape(engine, session):
    initialise(demo=True, engine=engine)
    today = date.today()
    # one name read in both languages, Chinese first (issue 11): as it is in either language's reports
    assert sorted(session.exec(select(Department.name)).all()) == sorted([
        "跨境电子商务系 (Cross-border E-commerce)",
        "国际贸易系 (International Trade)",
        "商务英语系 (Business English)",
        "物流管理系 (Logistics Management)",
    ])
    people = session.exec(select(Person)).all()
    assert 38 <= len(people) <= 45
    assert all(p.email.endswith("@demo.example") for p in people)
    assert sum(p.category == "professional" for p in people) > 0.75 * len(people)
    assert any(p.hire_date > today - timedelta(days=5 * 365) for p in people)  # some newly hired teachers
    assert all(e.name.endswith("(Demo)") for e in session.exec(select(Enterprise)))
    # 5+ years of history, in every review state, of every kind
    first = session.exec(select(func.min(Activity.start_date))).one()
    assert first <= today - timedelta(days=5 * 365)
    statuses = Counter(session.exec(select(Activity.status)).all())
    assert set(statuses) == {"draft", "submitted", "verified", "rejected"}
    assert statuses["verified"] > sum(statuses.values()) / 2
    assert set(session.exec(select(Activity.kind)).all()) == {
        "visit",
        "training",
        "post_practice",
        "rnd_project",
        "other",
    }
    assert session.exec(select(func.max(Activity.end_date))).one() <= today
    # certificates expiring within 30, 60 and 90 days
    expiries = [
        c.expires_on for c in session.exec(select(Certification).where(Certification.status == "verified"))
    ]
    for low, high in ((0, 30), (31, 60), (61, 90)):
        assert any(
            e and today + timedelta(days=low) <= e <= today + timedelta(days=high) for e in expiries
        ), (low, high)
    # the demo teacher has work waiting for the demo head, who heads their department
    teacher = session.exec(select(Person).where(Person.email == "teacher@demo.example")).one()
    head = session.exec(select(Person).where(Person.email == "head@demo.example")).one()
    assert (teacher.department_id, head.role) == (head.department_id, "head")
    pending = session.exec(
        select(Activity).where(Activity.person_id == teacher.id, Activity.status == "submitted")
    ).all()
    assert len(pending) >= 3
    # only the three demo accounts can sign in
    assert sorted(p.email for p in people if p.password_hash) == [
        "admin@demo.example",
        "head@demo.example",
        "teacher@demo.example",
    ]


def _snapshot(path, today: date) -> list[tuple]:
    engine = make_engine(f"sqlite:///{path}")
    upgrade_database(engine)
    with Session(engine) as session:
        load_demo(session, today=today)
        session.commit()
        people = [
            (p.email, p.name, p.hire_date, p.category)
            for p in session.exec(select(Person).order_by(Person.id))
        ]
        activities = [
            (a.person_id, a.kind, a.start_date, a.end_date, a.hours, a.status)
            for a in session.exec(select(Activity).order_by(Activity.id))
        ]
    engine.dispose()
    return people + activities


def test_demo_is_deterministic_for_a_given_day(tmp_path):
    day = date(2026, 3, 15)
    assert _snapshot(tmp_path / "a.db", day) == _snapshot(tmp_path / "b.db", day)
