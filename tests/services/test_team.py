"""Team views: who may see which scope, KPIs from the matrix, matrix filters, hours aggregated in SQL.

Hours are hand-computed from a small department (SQLite and PostgreSQL through the ``session`` fixture).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import delete

from tests import factories
from tests.services.teacher_cast import make_cast
from tracker.errors import PermissionDenied
from tracker.models import Activity, Enterprise, Person
from tracker.norms.packs import COUNTING_KINDS
from tracker.services import team

AS_OF = date(2025, 6, 30)


@pytest.fixture
def cast(session):
    """A teacher, a colleague and their head in one department, another department's head, an admin."""
    return make_cast(session)


def _p(session, actor) -> Person:
    return session.get(Person, actor.person_id)


@pytest.fixture
def worked(session, cast):
    """Verified and other activities of the trade department (the cast's) and one of logistics."""
    a, b = (
        factories.make_enterprise(session, "Alpha Cross-border"),
        factories.make_enterprise(session, "Beta 仓储"),
    )
    teacher, colleague = _p(session, cast.teacher), _p(session, cast.colleague)
    factories.make_activity(session, teacher, start=date(2025, 3, 3), hours=8, kind="visit", enterprise=a)
    factories.make_activity(
        session,
        teacher,
        start=date(2025, 3, 20),
        end=date(2025, 3, 21),
        hours=16,
        kind="training",
        enterprise=b,
    )
    factories.make_activity(session, teacher, start=date(2024, 12, 1), hours=4, kind="visit")
    factories.make_activity(
        session, teacher, start=date(2025, 3, 5), hours=8, status="submitted"
    )  # not counted
    factories.make_activity(
        session, teacher, start=date(2025, 3, 6), hours=8, status="rejected"
    )  # not counted
    factories.make_activity(session, teacher, start=date(2019, 1, 7), hours=8)  # before the 5-year charts
    factories.make_activity(session, teacher, start=date(2025, 7, 1), hours=8)  # after as-of
    factories.make_activity(
        session, colleague, start=date(2025, 4, 1), hours=10, kind="post_practice", enterprise=a
    )
    factories.make_activity(
        session, _p(session, cast.other_head), start=date(2025, 3, 1), hours=100, enterprise=b
    )
    session.commit()
    return cast


# --- scope --------------------------------------------------------------------------------------------------


def test_scope_for_each_role(session, cast):
    assert team.scope_department(cast.head) == cast.department_id
    assert team.scope_department(cast.head, cast.department_id) == cast.department_id
    assert team.scope_department(cast.admin) is None
    assert team.scope_department(cast.admin, cast.department_id) == cast.department_id
    with pytest.raises(PermissionDenied):
        team.scope_department(cast.other_head, cast.department_id)
    with pytest.raises(PermissionDenied):
        team.scope_department(cast.teacher)


def test_teachers_and_other_heads_cannot_read_a_departments_hours(session, worked):
    with pytest.raises(PermissionDenied):
        team.hours_summary(worked.teacher, as_of=AS_OF)
    with pytest.raises(PermissionDenied):
        team.hours_summary(worked.other_head, as_of=AS_OF, department_id=worked.department_id)


def test_team_members_and_departments(session, cast):
    factories.make_person(session, "gone@example.edu", name="Gone", department="跨境电商", active=False)
    session.commit()
    assert [m.email for m in team.team_members(cast.head)] == [
        "colleague@example.edu",
        "head@example.edu",
        "teacher@example.edu",
    ]  # by name: Colleague, Hu, 唐
    assert team.departments_in_scope(cast.head) == [(cast.department_id, "跨境电商")]
    assert [name for _, name in team.departments_in_scope(cast.admin)] == ["Logistics", "跨境电商"]
    everyone = {m.email for m in team.team_members(cast.admin)}
    assert "other@example.edu" in everyone and "admin@example.edu" not in everyone


# --- hours in SQL (hand-computed) ---------------------------------------------------------------------------


def test_hours_by_month_for_a_head(session, worked):
    frame = team.hours_summary(worked.head, as_of=AS_OF).by_month
    assert list(frame.columns) == ["month", "hours"]
    assert frame["month"].iloc[0] == date(2020, 6, 1) and frame["month"].iloc[-1] == date(2025, 6, 1)
    assert len(frame) == 61  # every month of the window, empty ones as 0
    nonzero = {m: h for m, h in zip(frame["month"], frame["hours"], strict=True) if h}
    # practice hours as on a teacher's timeline: spread over the days, capped at 8 a day (10 h in a day: 8)
    assert nonzero == {date(2024, 12, 1): 4.0, date(2025, 3, 1): 24.0, date(2025, 4, 1): 8.0}


def test_hours_by_month_for_an_admin_all_or_one(session, worked):
    everyone = team.hours_summary(worked.admin, as_of=AS_OF).by_month.set_index("month")["hours"]
    assert everyone[date(2025, 3, 1)] == 32.0  # the other head's 100 h in one day count as that day's 8
    one = team.hours_summary(worked.admin, as_of=AS_OF, department_id=worked.department_id).by_month
    assert one.set_index("month")["hours"][date(2025, 3, 1)] == 24.0


def test_hours_by_kind_and_enterprise(session, worked):
    summary = team.hours_summary(worked.head, as_of=AS_OF)
    assert list(summary.by_kind.itertuples(index=False, name=None)) == [
        ("training", 16.0),
        ("visit", 12.0),
        ("post_practice", 10.0),
    ]
    assert list(summary.by_enterprise.itertuples(index=False, name=None)) == [
        ("Alpha Cross-border", 18.0),
        ("Beta 仓储", 16.0),
        (None, 4.0),
    ]
    top = team.hours_summary(worked.admin, as_of=AS_OF, top=1).by_enterprise
    assert list(top.itertuples(index=False, name=None)) == [("Beta 仓储", 116.0)]


def test_no_hours_gives_empty_frames(session, cast):
    summary = team.hours_summary(cast.head, as_of=AS_OF)
    assert summary.by_month["hours"].sum() == 0 and len(summary.by_month) == 61
    assert summary.by_kind.empty and summary.by_enterprise.empty


# --- KPIs ---------------------------------------------------------------------------------------------------


def _row(person_id, norm, status, name="T"):
    return SimpleNamespace(
        person_id=person_id,
        teacher=f"t{person_id}@x.edu",
        name=f"{name}{person_id}",
        department="D",
        norm=norm,
        label=norm,
        label_zh=norm,
        status=status,
        achieved=1.0,
        required=2.0,
        unit="hours",
        pending_hours=0.0,
        gap=1.0,
        change_date=None,
    )


MATRIX = team.matrix_frame(
    [
        _row(1, "a", "met"),
        _row(1, "b", "met"),
        _row(2, "a", "met"),
        _row(2, "b", "at_risk"),
        _row(3, "a", "not_met"),
        _row(3, "b", "at_risk"),
    ]
)


def test_kpis_from_the_matrix():
    kpis = team.kpis_from(MATRIX, head_count=4, expiring=((30, 1), (60, 1), (90, 2)))
    assert (kpis.head_count, kpis.evaluated, kpis.meeting_all, kpis.at_risk, kpis.not_met) == (4, 3, 1, 2, 1)
    assert kpis.share_meeting_all == pytest.approx(1 / 3)
    empty = team.kpis_from(team.matrix_frame([]), head_count=0, expiring=())
    assert empty.share_meeting_all is None and empty.evaluated == 0


def test_department_summary_counts_teachers_meeting_each_norm():
    two_departments = pd.concat([MATRIX, team.matrix_frame([_row(4, "a", "met")]).assign(department="E")])
    summary = team.department_summary(two_departments)
    got = {(r.department, r.norm): (r.teachers, r.met) for r in summary.itertuples()}
    assert got == {("D", "a"): (3, 2), ("D", "b"): (3, 1), ("E", "a"): (1, 1)}
    assert summary.loc[
        (summary.department == "D") & (summary.norm == "b"), "share_met"
    ].item() == pytest.approx(1 / 3)
    assert team.department_summary(team.matrix_frame([])).empty


def test_filter_keeps_whole_teachers_matching_a_status_and_narrows_by_norm_and_name():
    at_risk = team.filter_matrix(MATRIX, statuses=["at_risk"])
    assert sorted(set(at_risk["person_id"])) == [2, 3] and len(at_risk) == 4
    assert list(team.filter_matrix(MATRIX, norms=["b"], statuses=["met"])["person_id"]) == [1]
    assert list(team.filter_matrix(MATRIX, name="T3")["person_id"].unique()) == [3]
    assert list(team.filter_matrix(MATRIX, name="t2@X")["person_id"].unique()) == [2]
    assert team.filter_matrix(MATRIX).equals(MATRIX)


def test_expiring_certificates_counts_verified_unrenewed_in_scope(session, cast):
    teacher, colleague = _p(session, cast.teacher), _p(session, cast.colleague)
    factories.make_certification(session, teacher, expires_on=date(2025, 7, 15))  # 15 days
    factories.make_certification(session, colleague, expires_on=date(2025, 9, 10))  # 72 days
    factories.make_certification(session, teacher, expires_on=date(2025, 7, 1), status="submitted")
    factories.make_certification(session, teacher, expires_on=date(2025, 6, 1))  # already expired
    factories.make_certification(session, teacher, expires_on=date(2025, 12, 1))  # beyond 90 days
    old = factories.make_certification(session, teacher, expires_on=date(2025, 7, 5))
    renewal = factories.make_certification(
        session, teacher, issued_on=date(2025, 6, 1), expires_on=date(2028, 7, 5)
    )
    renewal.renews_id = old.id
    factories.make_certification(session, _p(session, cast.other_head), expires_on=date(2025, 7, 10))
    session.commit()
    assert team._expiring_certificates(session, cast.department_id, AS_OF) == ((30, 1), (60, 1), (90, 2))
    assert team._expiring_certificates(session, None, AS_OF) == ((30, 2), (60, 2), (90, 3))


# --- the whole overview, through the norms engine -----------------------------------------------------------


@pytest.fixture
def packs(session):
    from tracker.norms import load_default_packs

    load_default_packs(session)
    session.commit()


def test_overview_matrix_is_the_engines_rows_for_the_department(session, worked, packs):
    from tracker.norms import evaluate_compliance

    view = team.team_overview(worked.head, as_of=AS_OF)
    expected = evaluate_compliance(session, as_of=AS_OF, department_id=worked.department_id)
    assert len(view.matrix) == len(expected) > 0
    assert set(view.matrix["teacher"]) <= {"teacher@example.edu", "colleague@example.edu", "head@example.edu"}
    assert view.kpis.head_count == 3
    by_person = pd.DataFrame([(r.person_id, r.status) for r in expected], columns=["p", "s"]).groupby("p")[
        "s"
    ]
    assert view.kpis.meeting_all == sum(all(s == "met" for s in g) for _, g in by_person)
    assert view.kpis.expiring == ((30, 0), (60, 0), (90, 0))


def test_overview_refuses_teachers_and_other_heads(session, worked, packs):
    with pytest.raises(PermissionDenied):
        team.team_overview(worked.teacher, as_of=AS_OF)
    with pytest.raises(PermissionDenied):
        team.team_overview(worked.other_head, as_of=AS_OF, department_id=worked.department_id)
    assert team.team_overview(worked.admin, as_of=AS_OF).matrix["teacher"].nunique() >= 3


# --- properties against a naive oracle ----------------------------------------------------------------------

STATUSES = ["met", "on_track", "at_risk", "not_met"]
cells = st.lists(
    st.tuples(
        st.integers(1, 6),
        st.sampled_from(["a", "b", "c"]),
        st.sampled_from(STATUSES),
        st.sampled_from(["D", "E", None]),
    ),
    max_size=30,
    unique_by=lambda c: (c[0], c[1]),
)


def _matrix(cells_):
    department = {}
    rows = []
    for person, norm, status, dept in cells_:
        department.setdefault(person, dept)  # one department per person, as in the database
        row = _row(person, norm, status)
        rows.append(SimpleNamespace(**{**vars(row), "department": department[person]}))
    return team.matrix_frame(rows)


@given(cells)
def test_kpis_and_department_summary_agree_with_a_naive_count(cells_):
    matrix = _matrix(cells_)
    by_person: dict[int, list[str]] = {}
    for r in matrix.itertuples():
        by_person.setdefault(r.person_id, []).append(r.status)
    kpis = team.kpis_from(matrix, head_count=9, expiring=())
    assert kpis.evaluated == len(by_person)
    assert kpis.meeting_all == sum(all(s == "met" for s in v) for v in by_person.values())
    assert kpis.at_risk == sum("at_risk" in v for v in by_person.values())
    assert kpis.not_met == sum("not_met" in v for v in by_person.values())

    expected: dict[tuple[str, str], list[int]] = {}
    for r in matrix.itertuples():
        key = (r.department if isinstance(r.department, str) else "–", r.norm)
        counts = expected.setdefault(key, [0, 0])
        counts[0] += 1
        counts[1] += r.status == "met"
    summary = team.department_summary(matrix)
    assert {(r.department, r.norm): [r.teachers, r.met] for r in summary.itertuples()} == expected


@given(
    cells,
    st.lists(st.sampled_from(STATUSES), max_size=2),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=2),
    st.sampled_from(["", "T1", "t3@", "x"]),
)
def test_filter_matches_a_naive_filter(cells_, statuses, norms, name):
    matrix = _matrix(cells_)
    shown = team.filter_matrix(matrix, statuses=statuses, norms=norms, name=name)
    rows = [r for r in matrix.itertuples() if not norms or r.norm in norms]
    if statuses:
        hit = {r.person_id for r in rows if r.status in statuses}
        rows = [r for r in rows if r.person_id in hit]
    rows = [r for r in rows if name.casefold() in f"{r.name} {r.teacher}".casefold()]
    assert sorted(shown.index) == sorted(r.Index for r in rows)


activity_specs = st.lists(
    st.tuples(
        st.sampled_from(["teacher", "colleague", "other_head"]),
        st.dates(date(2019, 1, 1), date(2026, 1, 31)),
        st.integers(1, 40).map(lambda h: h / 2),
        st.sampled_from(["visit", "training", "other"]),
        st.sampled_from(["verified", "verified", "submitted", "rejected"]),
        st.sampled_from([0, 1, None]),
    ),
    max_size=25,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=activity_specs, as_of=st.dates(date(2024, 1, 1), date(2025, 12, 31)))
def test_hours_summary_agrees_with_a_naive_sum(session, cast, specs, as_of):
    session.exec(delete(Activity))
    session.exec(delete(Enterprise))
    enterprises = [factories.make_enterprise(session, f"E{i}") for i in (0, 1)]
    for who, start, hours, kind, status, enterprise in specs:
        factories.make_activity(
            session,
            _p(session, getattr(cast, who)),
            start=start,
            hours=hours,
            kind=kind,
            status=status,
            enterprise=None if enterprise is None else enterprises[enterprise],
        )
    session.commit()

    window_start = date(as_of.year - 5, as_of.month, 1)
    counted = [
        s for s in specs if s[0] != "other_head" and s[4] == "verified" and window_start <= s[1] <= as_of
    ]
    by_month: dict[date, float] = {}
    by_kind: dict[str, float] = {}
    by_enterprise: dict[str | None, float] = {}
    # per month: the teacher's timeline's hours, i.e. the 5-year norm's kinds, each person's day capped at 8
    per_day: dict[tuple[str, date], float] = {}
    for who, start, hours, kind, _, _ in counted:
        if kind in COUNTING_KINDS:
            per_day[(who, start)] = per_day.get((who, start), 0) + hours
    for (_, day), hours in per_day.items():
        month = day.replace(day=1)
        by_month[month] = by_month.get(month, 0) + min(hours, 8.0)
    for _, _start, hours, kind, _, enterprise in counted:
        by_kind[kind] = by_kind.get(kind, 0) + hours
        name = None if enterprise is None else f"E{enterprise}"
        by_enterprise[name] = by_enterprise.get(name, 0) + hours

    summary = team.hours_summary(cast.head, as_of=as_of)
    months = dict(zip(summary.by_month["month"], summary.by_month["hours"], strict=True))
    assert {m: h for m, h in months.items() if h} == pytest.approx(by_month)
    assert min(months) == window_start and max(months) == as_of.replace(day=1)
    assert dict(summary.by_kind.itertuples(index=False, name=None)) == pytest.approx(by_kind)
    assert dict(summary.by_enterprise.itertuples(index=False, name=None)) == pytest.approx(by_enterprise)
