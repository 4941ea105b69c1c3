"""The teacher's activity service: create, change, delete, submit, withdraw, list — permissions, validation,
audit and atomicity, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.services.teacher_cast import (
    PDF,
    PNG,
    count,
    events,
    make_cast,
)
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.models import Activity, AuditEvent, Enterprise, Evidence, Person
from tracker.services import activities
from tracker.services.evidence import Upload


def form(**over):
    raw = {
        "kind": "visit",
        "enterprise": "深圳跨境通",
        "start_date": date(2025, 4, 7),
        "end_date": date(2025, 4, 9),
        "hours": 20,
        "description": "Studied the listing workflow for Amazon EU.",
    }
    raw.update(over)
    return raw


@pytest.fixture
def changed(monkeypatch):
    """The teachers the norms engine was told about, in call order."""
    import tracker.norms

    calls: list[list[int]] = []
    monkeypatch.setattr(
        tracker.norms, "on_activities_changed", lambda session, ids: calls.append(list(ids)), raising=False
    )
    return calls


def _load(session, activity_id) -> Activity:
    session.expire_all()
    return session.get(Activity, activity_id)


# --- create -------------------------------------------------------------------------------------------------


def test_teacher_logs_a_submitted_visit_with_a_new_enterprise(session, changed):
    cast = make_cast(session)
    record = activities.create_activity(
        cast.teacher, form(), submit=True, evidence=[Upload("proof.pdf", PDF)]
    )
    row = _load(session, record.id)
    assert (row.person_id, row.status, row.kind, row.hours) == (
        cast.teacher.person_id,
        "submitted",
        "visit",
        20,
    )
    assert (row.start_date, row.end_date) == (date(2025, 4, 7), date(2025, 4, 9))
    assert record.enterprise == "深圳跨境通"
    assert [e.filename for e in record.evidence] == ["proof.pdf"]
    assert count(session, Enterprise) == 1
    assert [(e.action, e.entity, e.actor) for e in events(session)] == [
        ("create", "enterprise", "teacher@example.edu"),
        ("create", "activity", "teacher@example.edu"),
        ("create", "evidence", "teacher@example.edu"),
    ]
    assert changed == [[cast.teacher.person_id]]


def test_a_draft_stays_a_draft(session):
    cast = make_cast(session)
    record = activities.create_activity(cast.teacher, form(), submit=False)
    assert _load(session, record.id).status == "draft"


def test_an_existing_enterprise_is_reused_whatever_the_letter_case(session):
    cast = make_cast(session)
    known = factories.make_enterprise(session, "Alibaba International")
    session.commit()
    record = activities.create_activity(
        cast.teacher, form(enterprise="  alibaba international "), submit=True
    )
    assert _load(session, record.id).enterprise_id == known.id
    assert record.enterprise == "Alibaba International"
    assert count(session, Enterprise) == 1


def test_no_enterprise_is_allowed(session):
    cast = make_cast(session)
    record = activities.create_activity(cast.teacher, form(enterprise=""), submit=True)
    assert record.enterprise is None and record.enterprise_id is None


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (date(2025, 4, 7), date(2025, 4, 7), 8.0),
        (date(2025, 4, 7), date(2025, 4, 9), 24.0),
        (date(2024, 2, 28), date(2024, 3, 1), 24.0),
    ],  # across a leap day: 3 days
)
def test_blank_hours_mean_eight_per_day(session, start, end, hours):
    cast = make_cast(session)
    for blank in (None, "", "  "):
        record = activities.create_activity(
            cast.teacher, form(start_date=start, end_date=end, hours=blank), submit=True
        )
        assert _load(session, record.id).hours == hours


def test_a_teacher_cannot_verify_their_own_activity_through_the_form(session):
    cast = make_cast(session)
    record = activities.create_activity(cast.teacher, form(status="verified"), submit=True)
    assert _load(session, record.id).status == "submitted"


@pytest.mark.parametrize(
    ("over", "fields"),
    [
        ({"end_date": date(2025, 4, 1)}, {"end_date"}),
        ({"hours": 100}, {"hours"}),  # 3 days hold at most 72 hours
        ({"hours": -3}, {"hours"}),
        ({"hours": "abc"}, {"hours"}),
        ({"kind": "holiday"}, {"kind"}),
        ({"start_date": "2025-13-01", "hours": None}, {"start_date"}),  # blank hours: only the date is wrong
        ({"kind": "", "start_date": None, "hours": 5}, {"kind", "start_date"}),
        ({"enterprise": "x" * 201}, {"enterprise"}),
        ({"description": "d" * 4001}, {"description"}),
    ],
)
def test_bad_input_names_each_problem_and_writes_nothing(session, changed, over, fields):
    cast = make_cast(session)
    with pytest.raises(InvalidInput) as caught:
        activities.create_activity(cast.teacher, form(**over), submit=True, evidence=[Upload("ok.png", PNG)])
    assert {p.field for p in caught.value.problems} == fields
    assert count(session, Activity) == count(session, Enterprise) == count(session, Evidence) == 0
    assert count(session, AuditEvent) == 0
    assert changed == []


def test_only_the_teacher_or_an_admin_logs_for_a_teacher(session):
    cast = make_cast(session)
    for refused in (cast.colleague, cast.head, cast.other_head):
        with pytest.raises(PermissionDenied):
            activities.create_activity(refused, form(), submit=True, person_id=cast.teacher.person_id)
    assert count(session, Activity) == 0
    record = activities.create_activity(cast.admin, form(), submit=True, person_id=cast.teacher.person_id)
    assert _load(session, record.id).person_id == cast.teacher.person_id
    assert events(session, "activity")[0].actor == "admin@example.edu"


def test_a_head_logs_their_own_practice(session):
    cast = make_cast(session)
    record = activities.create_activity(cast.head, form(), submit=True)
    assert _load(session, record.id).person_id == cast.head.person_id


# --- update, submit, withdraw, delete -----------------------------------------------------------------------


def test_owner_changes_a_draft_and_submits_it(session, changed):
    cast = make_cast(session)
    draft = activities.create_activity(cast.teacher, form(), submit=False, evidence=[Upload("a.png", PNG)])
    updated = activities.update_activity(
        cast.teacher,
        draft.id,
        form(kind="training", hours=None, enterprise="New Co"),
        submit=True,
        evidence=[Upload("b.pdf", PDF)],
        remove_evidence=[draft.evidence[0].id],
    )
    row = _load(session, draft.id)
    assert (row.kind, row.hours, row.status) == ("training", 24.0, "submitted")
    assert [e.filename for e in updated.evidence] == ["b.pdf"]
    actions = [(e.action, e.entity) for e in events(session)]
    assert ("submit", "activity") in actions and ("delete", "evidence") in actions
    assert changed == [[cast.teacher.person_id]] * 2


def test_a_failed_update_changes_nothing(session):
    cast = make_cast(session)
    draft = activities.create_activity(cast.teacher, form(), submit=False)
    before = len(events(session))
    with pytest.raises(InvalidInput):
        activities.update_activity(cast.teacher, draft.id, form(hours=999, kind="training"))
    row = _load(session, draft.id)
    assert (row.kind, row.hours) == ("visit", 20)
    assert len(events(session)) == before


def test_submitted_and_verified_records_cannot_be_edited_or_deleted(session):
    cast = make_cast(session)
    submitted = activities.create_activity(cast.teacher, form(), submit=True)
    person = session.get(Person, cast.teacher.person_id)
    verified = factories.make_activity(session, person, status="verified")
    session.commit()
    for activity_id in (submitted.id, verified.id):
        with pytest.raises(InvalidInput, match="withdraw"):
            activities.update_activity(cast.teacher, activity_id, form())
        with pytest.raises(InvalidInput, match="withdraw"):
            activities.delete_activity(cast.teacher, activity_id)
    with pytest.raises(InvalidInput):
        activities.withdraw_activity(cast.teacher, verified.id)
    assert count(session, Activity) == 2


def test_withdraw_takes_a_submission_back_to_draft(session, changed):
    cast = make_cast(session)
    record = activities.create_activity(cast.teacher, form(), submit=True)
    withdrawn = activities.withdraw_activity(cast.teacher, record.id)
    assert withdrawn.status == _load(session, record.id).status == "draft"
    last = events(session, "activity")[-1]
    assert last.action == "withdraw" and '"status": "submitted"' in last.before
    with pytest.raises(InvalidInput, match="waiting for review"):
        activities.withdraw_activity(cast.teacher, record.id)
    assert activities.submit_activity(cast.teacher, record.id).status == "submitted"
    assert changed == [[cast.teacher.person_id]] * 3


def test_a_rejected_record_can_be_corrected_and_sent_again(session):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    rejected = factories.make_activity(session, person, status="rejected")
    session.commit()
    activities.update_activity(cast.teacher, rejected.id, form(), submit=True)
    assert _load(session, rejected.id).status == "submitted"


def test_delete_removes_a_draft_with_its_files(session, changed):
    cast = make_cast(session)
    draft = activities.create_activity(cast.teacher, form(), submit=False, evidence=[Upload("a.png", PNG)])
    activities.delete_activity(cast.teacher, draft.id)
    assert count(session, Activity) == count(session, Evidence) == 0
    last = events(session, "activity")[-1]
    assert last.action == "delete" and "a.png" in last.after
    assert changed[-1] == [cast.teacher.person_id]
    with pytest.raises(NotFound):
        activities.delete_activity(cast.teacher, draft.id)


@pytest.mark.parametrize("who", ["colleague", "head", "other_head"])
def test_nobody_else_but_an_admin_changes_a_teachers_record(session, who):
    cast = make_cast(session)
    draft = activities.create_activity(cast.teacher, form(), submit=False)
    submitted = activities.create_activity(cast.teacher, form(), submit=True)
    actor = getattr(cast, who)
    for call in (
        lambda: activities.update_activity(actor, draft.id, form(hours=1)),
        lambda: activities.submit_activity(actor, draft.id),
        lambda: activities.delete_activity(actor, draft.id),
        lambda: activities.withdraw_activity(actor, submitted.id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert _load(session, draft.id).hours == 20 and _load(session, draft.id).status == "draft"
    assert _load(session, submitted.id).status == "submitted"
    activities.update_activity(cast.admin, draft.id, form(hours=1))
    assert _load(session, draft.id).hours == 1


def test_a_file_of_another_record_cannot_be_removed_through_this_one(session):
    cast = make_cast(session)
    mine = activities.create_activity(cast.teacher, form(), submit=False)
    theirs = activities.create_activity(cast.colleague, form(), submit=False, evidence=[Upload("x.png", PNG)])
    with pytest.raises(NotFound):
        activities.update_activity(cast.teacher, mine.id, form(), remove_evidence=[theirs.evidence[0].id])
    assert count(session, Evidence) == 1


# --- reading ------------------------------------------------------------------------------------------------


def test_list_shows_enterprise_status_review_note_and_reviewer(session):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    company = factories.make_enterprise(session, "Shein")
    old = factories.make_activity(
        session, person, start=date(2024, 1, 5), status="rejected", enterprise=company
    )
    old.review_note, old.reviewer_id = "请补充企业盖章的证明", cast.head.person_id
    session.add(old)
    session.commit()
    new = activities.create_activity(cast.teacher, form(), submit=False)
    listed = activities.list_activities(cast.teacher)
    assert [r.id for r in listed] == [new.id, old.id]  # newest first
    assert (listed[1].enterprise, listed[1].status, listed[1].review_note, listed[1].reviewer) == (
        "Shein",
        "rejected",
        "请补充企业盖章的证明",
        "Hu Head",
    )


def test_the_teacher_their_head_and_an_admin_read_the_list_others_do_not(session):
    cast = make_cast(session)
    activities.create_activity(cast.teacher, form(), submit=True)
    for allowed in (cast.teacher, cast.head, cast.admin):
        assert len(activities.list_activities(allowed, cast.teacher.person_id)) == 1
    for refused in (cast.colleague, cast.other_head):
        with pytest.raises(PermissionDenied):
            activities.list_activities(refused, cast.teacher.person_id)
        with pytest.raises(PermissionDenied):
            activities.list_records(refused, cast.teacher.person_id)


def test_enterprise_choices_are_the_registry_sorted(session):
    cast = make_cast(session)
    for name in ("shein", "Anker", "阿里巴巴国际站"):
        factories.make_enterprise(session, name)
    session.commit()
    assert activities.enterprise_choices(cast.teacher) == ["Anker", "shein", "阿里巴巴国际站"]


def test_list_records_holds_activities_and_certificates(session):
    cast = make_cast(session)
    person = session.get(Person, cast.teacher.person_id)
    factories.make_certification(session, person)
    session.commit()
    activities.create_activity(cast.teacher, form(), submit=True)
    records = activities.list_records(cast.teacher)
    assert len(records.activities) == 1 and len(records.certifications) == 1


def test_form_and_file_problems_are_reported_together(session):
    cast = make_cast(session)
    with pytest.raises(InvalidInput) as caught:
        activities.create_activity(cast.teacher, form(hours=0), submit=True, evidence=[Upload("x.pdf", PNG)])
    assert [p.field for p in caught.value.problems] == ["hours", "evidence"]
