"""The review queue and decisions: who may review what, all-or-nothing bulk verify, audit events, and the
norms hook. Runs on SQLite and PostgreSQL through the ``session`` fixture; the cast is the teacher area's.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlmodel import select

from tests import factories
from tests.services.teacher_cast import PNG, count, events, make_cast
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.i18n import t
from tracker.models import Activity, AuditEvent, Certification, Evidence, Person
from tracker.services import review
from tracker.services.review import ACTIVITY, CERTIFICATION, AlreadyReviewed, ChangedSinceSeen


@pytest.fixture
def cast(session):
    """A teacher, a colleague and their head in one department, another department's head, an admin."""
    return make_cast(session)


@pytest.fixture
def changed(monkeypatch):
    """The teachers the norms engine was told about, in call order (recorded instead of recomputed)."""
    import tracker.norms

    calls: list[list[int]] = []
    monkeypatch.setattr(
        tracker.norms, "on_activities_changed", lambda session, ids: calls.append(list(ids)), raising=False
    )
    return calls


def _person(session, actor) -> Person:
    return session.get(Person, actor.person_id)


def _submitted(session, actor, **kw) -> Activity:
    activity = factories.make_activity(session, _person(session, actor), status="submitted", **kw)
    session.commit()
    return activity


def _reload(session, model, record_id):
    session.expire_all()
    return session.get(model, record_id)


# --- the queue ----------------------------------------------------------------------------------------------


def test_head_sees_own_department_submissions_with_evidence_but_not_own_or_other_departments(session, cast):
    teacher = _person(session, cast.teacher)
    enterprise = factories.make_enterprise(session, "深圳跨境云仓")
    mine = factories.make_activity(
        session,
        teacher,
        status="submitted",
        enterprise=enterprise,
        hours=16,
        start=date(2025, 3, 3),
        end=date(2025, 3, 4),
    )
    factories.make_activity(session, teacher, status="draft")
    factories.make_activity(session, teacher, status="verified")
    cert = factories.make_certification(session, _person(session, cast.colleague), status="submitted")
    factories.make_activity(session, _person(session, cast.head), status="submitted")  # the head's own
    factories.make_activity(
        session, _person(session, cast.other_head), status="submitted"
    )  # other department
    session.add(
        Evidence(
            activity_id=mine.id,
            filename="proof.png",
            media_type="image/png",
            size=len(PNG),
            sha256=hashlib.sha256(PNG).hexdigest(),
            content=PNG,
        )
    )
    session.commit()

    queue = review.review_queue(cast.head)

    assert queue.total == 2
    assert {i.key for i in queue.items} == {(ACTIVITY, mine.id), (CERTIFICATION, cert.id)}
    item = next(i for i in queue.items if i.kind == ACTIVITY)
    assert (item.name, item.teacher, item.department) == ("唐老师", "teacher@example.edu", "跨境电商")
    assert (item.title, item.enterprise, item.start, item.end, item.hours) == (
        "visit",
        "深圳跨境云仓",
        date(2025, 3, 3),
        date(2025, 3, 4),
        16.0,
    )
    assert [(e.filename, e.sha256) for e in item.evidence] == [("proof.png", hashlib.sha256(PNG).hexdigest())]


def test_admin_sees_everyone_but_themselves_or_one_department(session, cast):
    for actor in (cast.teacher, cast.head, cast.other_head):
        _submitted(session, actor)
    factories.make_activity(session, _person(session, cast.admin), status="submitted")
    session.commit()

    assert review.review_queue(cast.admin).total == 3
    only_trade = review.review_queue(cast.admin, department_id=cast.department_id)
    assert {i.teacher for i in only_trade.items} == {"teacher@example.edu", "head@example.edu"}


def test_a_head_asking_for_another_department_still_gets_only_their_own(session, cast):
    _submitted(session, cast.other_head)
    _submitted(session, cast.teacher)
    queue = review.review_queue(cast.head, department_id=999)
    assert [i.teacher for i in queue.items] == ["teacher@example.edu"]


def test_teachers_have_no_queue(session, cast):
    with pytest.raises(PermissionDenied):
        review.review_queue(cast.teacher)


def test_queue_is_limited_but_total_counts_everything(session, cast):
    for day in range(1, 6):
        _submitted(session, cast.teacher, start=date(2025, 1, day))
    queue = review.review_queue(cast.head, limit=2)
    assert queue.total == 5 and len(queue.items) == 2
    assert review.pending_count(cast.head) == 5


# --- verify and reject --------------------------------------------------------------------------------------


def test_head_verifies_an_activity_reviewer_time_audit_and_norms_hook(session, cast, changed):
    activity = _submitted(session, cast.teacher)

    assert review.verify(cast.head, ACTIVITY, activity.id, note="  看过合同与照片  ", version=1) == 1

    row = _reload(session, Activity, activity.id)
    assert (row.status, row.reviewer_id, row.review_note) == (
        "verified",
        cast.head.person_id,
        "看过合同与照片",
    )
    assert row.reviewed_at is not None
    event = events(session, "activity")[-1]
    assert (event.action, event.entity_id, event.actor_id) == ("verify", activity.id, cast.head.person_id)
    assert '"submitted"' in event.before and '"verified"' in event.after
    assert changed == [[cast.teacher.person_id]]


def test_a_verified_activity_counts_in_the_teachers_compliance(session, cast):
    from tracker.norms import evaluate_compliance, load_default_packs

    load_default_packs(session)
    activity = _submitted(session, cast.teacher, start=date(2025, 3, 3), hours=8)
    from tracker.norms import on_activities_changed

    on_activities_changed(session, [cast.teacher.person_id])  # as the teacher's own write path does
    session.commit()
    as_of = date(2025, 6, 30)

    def achieved_and_pending():
        session.expire_all()
        rows = evaluate_compliance(session, as_of=as_of, person_ids=[cast.teacher.person_id])
        five_years = next(r for r in rows if r.norm == "enterprise_practice_5y")
        return five_years.achieved, five_years.pending_hours

    assert achieved_and_pending() == (0, 8)
    review.verify(cast.head, ACTIVITY, activity.id, version=1)
    assert achieved_and_pending() == (8, 0)


def test_reject_needs_a_note_and_then_sends_it_back(session, cast, changed):
    cert = factories.make_certification(session, _person(session, cast.teacher), status="submitted")
    session.commit()

    with pytest.raises(InvalidInput) as error:
        review.reject(cast.head, CERTIFICATION, cert.id, "   ", version=1)
    assert error.value.problems[0].field == "review_note"
    assert _reload(session, Certification, cert.id).status == "submitted"

    review.reject(cast.head, CERTIFICATION, cert.id, "证书编号看不清，请重新上传扫描件", version=1)
    row = _reload(session, Certification, cert.id)
    assert (row.status, row.review_note, row.reviewer_id) == (
        "rejected",
        "证书编号看不清，请重新上传扫描件",
        cast.head.person_id,
    )
    assert events(session, "certification")[-1].action == "reject"
    assert changed == []  # certificates do not touch practice hours


@pytest.mark.parametrize("who", ["teacher", "colleague", "other_head"])
def test_those_outside_the_department_or_without_review_rights_are_refused(session, cast, who):
    activity = _submitted(session, cast.teacher)
    with pytest.raises(PermissionDenied):
        review.verify(getattr(cast, who), ACTIVITY, activity.id, version=1)
    assert _reload(session, Activity, activity.id).status == "submitted"
    assert count(session, AuditEvent) == 0


def test_a_head_cannot_verify_their_own_but_an_admin_can(session, cast):
    own = _submitted(session, cast.head)
    with pytest.raises(PermissionDenied, match=t("review.err.own", "en")):
        review.verify(cast.head, ACTIVITY, own.id, version=1)
    review.verify(cast.admin, ACTIVITY, own.id, version=1)
    assert _reload(session, Activity, own.id).status == "verified"


def test_an_admin_cannot_verify_their_own(session, cast):
    own = factories.make_activity(session, _person(session, cast.admin), status="submitted")
    session.commit()
    with pytest.raises(PermissionDenied):
        review.verify(cast.admin, ACTIVITY, own.id, version=1)


@pytest.mark.parametrize("status", ["draft", "verified", "rejected"])
def test_only_submitted_records_can_be_decided(session, cast, status):
    activity = factories.make_activity(session, _person(session, cast.teacher), status=status)
    session.commit()
    with pytest.raises(AlreadyReviewed):
        review.reject(cast.head, ACTIVITY, activity.id, "no", version=1)
    assert _reload(session, Activity, activity.id).status == status


def test_unknown_record_and_kind(session, cast):
    with pytest.raises(NotFound):
        review.verify(cast.head, ACTIVITY, 123456, version=1)
    with pytest.raises(InvalidInput):
        review.verify(cast.head, "person", 1, version=1)


# --- bulk ---------------------------------------------------------------------------------------------------


def test_bulk_verify_all_of_them(session, cast, changed):
    a1 = _submitted(session, cast.teacher)
    a2 = _submitted(session, cast.colleague)
    cert = factories.make_certification(session, _person(session, cast.teacher), status="submitted")
    session.commit()

    done = review.bulk_verify(
        cast.head, [(ACTIVITY, a1.id, 1), (ACTIVITY, a2.id, 1), (CERTIFICATION, cert.id, 1), (ACTIVITY, a1.id, 1)]
    )

    assert done == 3  # the repeated key counts once
    session.expire_all()
    assert {a.status for a in session.exec(select(Activity)).all()} == {"verified"}
    assert _reload(session, Certification, cert.id).status == "verified"
    assert [e.action for e in events(session)] == ["verify"] * 3
    assert changed == [sorted([cast.teacher.person_id, cast.colleague.person_id])]  # one call for all


def test_bulk_verify_is_all_or_nothing(session, cast):
    ok = _submitted(session, cast.teacher)
    own = _submitted(session, cast.head)  # the head may not verify this one
    with pytest.raises(PermissionDenied):
        review.bulk_verify(cast.head, [(ACTIVITY, ok.id, 1), (ACTIVITY, own.id, 1)])
    assert _reload(session, Activity, ok.id).status == "submitted"
    assert _reload(session, Activity, own.id).status == "submitted"
    assert count(session, AuditEvent) == 0


def test_bulk_verify_with_one_already_decided_changes_nothing(session, cast):
    ok = _submitted(session, cast.teacher)
    gone = factories.make_activity(session, _person(session, cast.colleague), status="verified")
    session.commit()
    with pytest.raises(AlreadyReviewed):
        review.bulk_verify(cast.head, [(ACTIVITY, ok.id, 1), (ACTIVITY, gone.id, 1)])
    assert _reload(session, Activity, ok.id).status == "submitted"


def test_bulk_verify_needs_something(session, cast):
    with pytest.raises(InvalidInput):
        review.bulk_verify(cast.head, [])


def test_a_head_without_a_department_has_nothing_to_review(session, cast, factory):
    from tracker.auth import Actor

    lonely = Actor.of(factory.make_person(session, "lonely@example.edu", role="head"))
    session.commit()
    with pytest.raises(PermissionDenied, match=t("review.err.no_department", "en")):
        review.review_queue(lonely)


# --- a decision is tied to what the reviewer saw (issue 9 item 4) ----------------------------------------------


def _swap_content(actor, activity_id: int) -> None:
    """What the issue saw: the teacher withdraws, turns one day of 4 h into a year of 8760 h, resubmits."""
    from tracker.services import activities

    activities.withdraw_activity(actor, activity_id)
    activities.update_activity(
        actor,
        activity_id,
        {"kind": "visit", "start_date": date(2025, 1, 1), "end_date": date(2025, 12, 31), "hours": 8760},
        submit=True,
    )


@pytest.mark.parametrize("decision", ["verify", "reject", "bulk_verify"])
def test_a_record_changed_after_the_reviewer_saw_it_is_not_decided(session, cast, decision):
    """Fails on the old main: the click verified (or rejected) the new content unseen."""
    _submitted(session, cast.teacher, start=date(2025, 3, 3), hours=4)
    [seen] = review.review_queue(cast.head).items
    assert (seen.hours, seen.version) == (4, 1)
    _swap_content(cast.teacher, seen.id)

    with pytest.raises(ChangedSinceSeen) as refused:
        if decision == "verify":
            review.verify(cast.head, ACTIVITY, seen.id, version=seen.version)
        elif decision == "reject":
            review.reject(cast.head, ACTIVITY, seen.id, "too long", version=seen.version)
        else:
            review.bulk_verify(cast.head, [seen.ref])
    assert refused.value.key == (ACTIVITY, seen.id)  # the page opens it again, fresh
    record = t("report.record.activity")
    assert refused.value.text("zh") == t("review.err.changed", name="唐老师", record=record)
    row = _reload(session, Activity, seen.id)
    assert (row.status, row.hours, row.reviewer_id) == ("submitted", 8760, None)
    assert not [e for e in events(session, "activity") if e.action in ("verify", "reject")]

    [fresh] = review.review_queue(cast.head).items  # what the reviewer now sees, and can decide
    assert (fresh.hours, fresh.end) == (8760, date(2025, 12, 31)) and fresh.version > seen.version
    review.reject(cast.head, ACTIVITY, fresh.id, "一年 8760 小时不可能", version=fresh.version)
    assert _reload(session, Activity, fresh.id).status == "rejected"


def test_a_stale_tick_in_a_bulk_verify_verifies_none_of_the_batch(session, cast):
    unchanged = _submitted(session, cast.colleague)
    _submitted(session, cast.teacher, hours=4)
    queue = review.review_queue(cast.head).items
    changed = next(i for i in queue if i.person_id == cast.teacher.person_id)
    _swap_content(cast.teacher, changed.id)
    with pytest.raises(ChangedSinceSeen):
        review.bulk_verify(cast.head, [i.ref for i in queue])
    assert _reload(session, Activity, unchanged.id).status == "submitted"  # all or nothing


def test_two_reviewers_at_once_one_wins_the_other_is_told(session, cast):
    activity = _submitted(session, cast.teacher)
    [seen] = review.review_queue(cast.head).items
    review.verify(cast.admin, ACTIVITY, activity.id, version=seen.version)
    with pytest.raises(AlreadyReviewed):
        review.verify(cast.head, ACTIVITY, activity.id, version=seen.version)
    assert _reload(session, Activity, activity.id).reviewer_id == cast.admin.person_id


def test_every_decision_bumps_the_version_and_is_audited(session, cast):
    """Issue 9 item 10: each write of the review service leaves an audit event with the versions."""
    a = _submitted(session, cast.teacher)
    c = factories.make_certification(session, _person(session, cast.teacher), status="submitted")
    session.commit()
    review.verify(cast.head, ACTIVITY, a.id, version=1)
    review.reject(cast.head, CERTIFICATION, c.id, "扫描件不清楚", version=1)
    assert (_reload(session, Activity, a.id).version, _reload(session, Certification, c.id).version) == (2, 2)
    decided = [(e.entity, e.action, e.entity_id) for e in events(session) if e.action in ("verify", "reject")]
    assert decided == [(ACTIVITY, "verify", a.id), (CERTIFICATION, "reject", c.id)]
    assert all('"version": 1' in e.before and '"version": 2' in e.after for e in events(session))


def test_the_database_refuses_a_record_reviewed_by_its_owner(session, cast):
    """Issue 9 item 9, any path: even a raw UPDATE cannot make a person the reviewer of their own record."""
    import sqlalchemy as sa
    from sqlalchemy.exc import IntegrityError

    activity = _submitted(session, cast.teacher)
    with pytest.raises(IntegrityError):
        session.execute(
            sa.update(Activity).where(Activity.id == activity.id).values(reviewer_id=cast.teacher.person_id)
        )
        session.flush()
    session.rollback()
