"""The team matrix lists teachers worst first and says why each row has its status (issue 11.7).

Worst first is the order of ``ComplianceStatus`` (best first, read backwards): most norms not met, then most
at risk, then most on track; each teacher's worst norm first. The reason is the one the teacher's own card
gives (``services.progress.norm_standing``). Pure tests, then the whole overview on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import factories
from tests.services.teacher_cast import make_cast
from tracker.models import Person
from tracker.norms.packs import ComplianceStatus
from tracker.services import team

AS_OF = date(2025, 6, 30)
STATUSES = [s.value for s in ComplianceStatus]


def _row(person_id, norm, status, name=None, gap=None):
    return SimpleNamespace(
        person_id=person_id,
        teacher=f"t{person_id}@x.edu",
        name=name or f"T{person_id}",
        department="D",
        norm=norm,
        label=norm,
        label_zh=norm,
        status=status,
        achieved=1.0,
        required=2.0,
        unit="hours",
        pending_hours=0.0,
        gap=(0.0 if status == "met" else 1.0) if gap is None else gap,
        change_date=None,
    )


def _people(frame) -> list[int]:
    return list(dict.fromkeys(frame["person_id"]))


def test_teachers_come_worst_first_and_each_teachers_worst_norm_first():
    matrix = team.matrix_frame(
        [
            _row(1, "a", "met", "Amy"),
            _row(1, "b", "met", "Amy"),
            _row(2, "a", "met", "Bo"),
            _row(2, "b", "at_risk", "Bo"),
            _row(3, "a", "met", "Cy"),
            _row(3, "b", "not_met", "Cy"),
            _row(4, "a", "not_met", "Di"),
            _row(4, "b", "not_met", "Di"),
            _row(5, "a", "on_track", "Ed"),
            _row(6, "a", "at_risk", "Al"),  # as bad as Bo: by name, Al before Bo
        ]
    )
    # Di (2 not met), Cy (1 not met), Al and Bo (1 at risk each, by name), Ed (on track), Amy (all met)
    assert _people(matrix) == [4, 3, 6, 2, 5, 1]
    assert list(matrix.loc[matrix.person_id == 3, "status"]) == ["not_met", "met"]
    assert list(matrix.loc[matrix.person_id == 2, "norm"]) == ["b", "a"]  # the at-risk norm first
    assert list(matrix.loc[matrix.person_id == 4, "norm"]) == ["a", "b"]  # equally bad: by norm
    assert list(matrix.index) == list(range(len(matrix)))


def test_among_equals_the_one_furthest_short_comes_first():
    matrix = team.matrix_frame(
        [
            _row(1, "a", "not_met", "Aa", gap=0.1),  # 5 % short
            _row(2, "a", "not_met", "Bb", gap=1.5),  # 75 % short
            _row(3, "a", "not_met", "Cc", gap=9.0),  # more than all of it: counts as 100 %
            _row(4, "a", "not_met", "Dd", gap=2.0),  # 100 %, as Cc: by name
        ]
    )
    assert _people(matrix) == [3, 4, 2, 1]


def test_more_norms_not_met_outrank_any_number_at_risk():
    matrix = team.matrix_frame(
        [_row(1, k, "at_risk", "Aa") for k in "abc"]
        + [_row(2, "a", "not_met", "Zz"), _row(2, "b", "met", "Zz")]
    )
    assert _people(matrix) == [2, 1]


def test_filters_keep_the_worst_first_order():
    matrix = team.matrix_frame(
        [_row(1, "a", "met"), _row(2, "a", "at_risk"), _row(3, "a", "not_met"), _row(3, "b", "met")]
    )
    assert _people(team.filter_matrix(matrix, statuses=["met"])) == [3, 1]
    assert _people(team.filter_matrix(matrix, norms=["a"])) == [3, 2, 1]


def test_standings_fill_the_reason_columns_and_missing_ones_stay_empty():
    standing = SimpleNamespace(reason="short", act_by=AS_OF, needed=1.0, complete_by=None, changes_on=None)
    matrix = team.matrix_frame([_row(1, "a", "not_met"), _row(1, "b", "met")], {(1, "a"): standing})
    by_norm = matrix.set_index("norm")
    assert by_norm.loc["a", "reason"] == "short" and by_norm.loc["a", "act_by"] == AS_OF
    assert pd.isna(by_norm.loc["b", "reason"])
    assert team.matrix_frame([]).empty and list(team.matrix_frame([]).columns) == team.MATRIX_COLUMNS


cells = st.lists(
    st.tuples(st.integers(1, 8), st.sampled_from(["a", "b", "c"]), st.sampled_from(STATUSES)),
    max_size=30,
    unique_by=lambda c: (c[0], c[1]),
)


@settings(deadline=None)
@given(cells)
def test_order_agrees_with_a_naive_ranking_by_compliance_status(cells_):
    matrix = team.matrix_frame([_row(p, n, s) for p, n, s in cells_])
    worst_first = list(reversed(STATUSES))  # the one home of the order, read backwards

    def severity(person):
        statuses = [s for p, _, s in cells_ if p == person]
        short = sum(0.5 for s in statuses if s != "met")  # each norm not yet met: 1 of 2 missing
        return tuple(-statuses.count(s) for s in worst_first[:-1]), -short, f"T{person}"

    people = _people(matrix)
    assert people == sorted({p for p, _, _ in cells_}, key=severity)
    for person in people:  # a teacher's rows together, worst first
        rows = matrix.index[matrix.person_id == person]
        assert list(rows) == list(range(rows[0], rows[-1] + 1))
        ranks = [worst_first.index(s) for s in matrix.loc[rows, "status"]]
        assert ranks == sorted(ranks)


# --- the overview, through the norms engine -----------------------------------------------------------------


@pytest.fixture
def department(session):
    """Three people of one department as of 2025-06-30, all hired in 2010 (the national norms then in force:
    1056 h in 5 years, 176 h in the calendar year, one valid certificate):

    - Hu Head: nothing recorded: 5 years and certificate not met, this year behind pace (at risk);
    - Colleague: 176 h this year: the year met, 5 years and certificate not met;
    - 唐老师: 1056 h in 2024, 104 h this year and a certificate: this year on pace (on track), the rest met.
    """
    from tracker.norms import load_default_packs, on_activities_changed

    load_default_packs(session)
    cast = make_cast(session)
    teacher = session.get(Person, cast.teacher.person_id)
    colleague = session.get(Person, cast.colleague.person_id)
    start = date(2024, 1, 1)
    factories.make_activity(session, teacher, start=start, end=start + timedelta(days=131), hours=1056)
    factories.make_activity(session, teacher, start=date(2025, 1, 6), end=date(2025, 1, 18), hours=104)
    factories.make_activity(session, colleague, start=date(2025, 2, 3), end=date(2025, 2, 24), hours=176)
    factories.make_certification(session, teacher, issued_on=date(2024, 5, 1), expires_on=date(2029, 5, 1))
    on_activities_changed(session, [teacher.id, colleague.id])
    session.commit()
    return cast


def test_overview_lists_the_department_worst_first_with_the_teachers_own_reasons(session, department):
    from tracker.services.progress import teacher_overview

    matrix = team.team_overview(department.head, as_of=AS_OF).matrix
    got = [(r.name, r.norm, r.status) for r in matrix.itertuples()]
    assert got == [
        ("Hu Head", "enterprise_practice_5y", "not_met"),
        ("Hu Head", "valid_certification", "not_met"),
        ("Hu Head", "annual_practice", "at_risk"),
        ("Colleague", "enterprise_practice_5y", "not_met"),
        ("Colleague", "valid_certification", "not_met"),
        ("Colleague", "annual_practice", "met"),
        ("唐老师", "annual_practice", "on_track"),
        ("唐老师", "enterprise_practice_5y", "met"),
        ("唐老师", "valid_certification", "met"),
    ]
    by_row = {(r.person_id, r.norm): r for r in matrix.itertuples()}
    assert by_row[(department.head.person_id, "enterprise_practice_5y")].reason == "short"
    assert by_row[(department.head.person_id, "annual_practice")].reason == "behind_pace"
    assert by_row[(department.teacher.person_id, "annual_practice")].reason == "on_pace"
    assert by_row[(department.colleague.person_id, "valid_certification")].reason == "too_few"
    for person_id in {r.person_id for r in matrix.itertuples()}:  # the head reads what the teacher reads
        for card in teacher_overview(department.head, person_id, AS_OF).cards:
            row = by_row[(person_id, card.norm)]
            assert (row.reason, row.act_by, row.complete_by) == (
                card.standing.reason,
                card.standing.act_by,
                card.standing.complete_by,
            )


def test_the_whole_institution_has_no_reasons_one_department_has(session, department):
    everyone = team.team_overview(department.admin, as_of=AS_OF).matrix
    assert len(everyone) and everyone["reason"].isna().all()
    one = team.team_overview(department.admin, as_of=AS_OF, department_id=department.department_id).matrix
    assert one["reason"].notna().all()
    assert list(dict.fromkeys(one["name"])) == ["Hu Head", "Colleague", "唐老师"]
