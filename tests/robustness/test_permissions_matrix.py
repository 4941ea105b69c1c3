"""Every public service function, tried as every role (issue 6: "a test that tries every service function as
every role").

The cast: teacher T (the owner of every record), another teacher O of T's department, the head H of T's
department, the head X of another department, and an admin M. Each cell of the matrix answers one question:
may this person do this to T's records, or see T's data? "Yes" means the call succeeds (and, for a list, T's
data is in it); "no" means PermissionDenied (or NotFound, for a record they may not even see), or a list
without T.

Functions are found by introspection, so a new service function that is not in ``MATRIX`` (or in ``NOT_ACTOR_
FACING`` with its reason) fails ``test_every_service_function_is_in_the_matrix``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

import tracker.services
from tracker.auth import Actor
from tracker.errors import NotFound, PermissionDenied
from tracker.models import Evidence

ROLES = ("teacher", "other_teacher", "head", "other_head", "admin")
TODAY = date.today()
PDF = b"%PDF-1.4\n% permissions matrix\n"


@dataclass
class World:
    """Ids of the cast and of T's records (plain data: each call opens its own session)."""

    actors: dict[str, Actor]
    teacher_id: int
    department_a: int
    department_b: int
    activity_draft: int
    activity_submitted: int
    activity_verified: int
    certification_draft: int
    certification_submitted: int
    certification_verified: int
    evidence_id: int
    enterprise_ids: tuple[int, int]
    pack_id: int | None
    pack_toml: bytes
    output_draft: int = 0
    output_submitted: int = 0
    plan_proposed: int = 0
    plan_approved: int = 0
    plan_activity: int = 0


def _plan_form(start: date) -> dict:
    return {
        "enterprise": "Shenzhen Shop Ltd", "kind": "post_practice", "post": "Operations", "tasks": "Listings",
        "start_date": start.isoformat(), "end_date": (start + timedelta(days=4)).isoformat(),
        "release": "full_time", "mentor_name": "Wang", "mentor_email": "mentor@shop.example",
    }


@pytest.fixture
def world(session, factory, monkeypatch) -> World:
    from tracker.norms import load_default_packs
    from tracker.norms.models import NormPack
    from tracker.settings import PROJECT_DIR

    a = factory.make_department(session, "Cross-border E-commerce")
    b = factory.make_department(session, "Logistics")
    people = {
        "teacher": factory.make_person(session, "t@college.edu", department=a),
        "other_teacher": factory.make_person(session, "o@college.edu", department=a),
        "head": factory.make_person(session, "h@college.edu", department=a, role="head"),
        "other_head": factory.make_person(session, "x@college.edu", department=b, role="head"),
        "admin": factory.make_person(session, "m@college.edu", role="admin"),
    }
    t = people["teacher"]
    e1, e2 = (
        factory.make_enterprise(session, "Shenzhen Shop Ltd"),
        factory.make_enterprise(session, "SZ Shop"),
    )
    draft = factory.make_activity(session, t, status="draft", start=TODAY - timedelta(days=30))
    submitted = factory.make_activity(
        session, t, status="submitted", start=TODAY - timedelta(days=20), enterprise=e1
    )
    verified = factory.make_activity(session, t, status="verified", start=TODAY - timedelta(days=10))
    c_draft = factory.make_certification(session, t, status="draft", name="Draft cert")
    c_sub = factory.make_certification(session, t, status="submitted", name="Submitted cert")
    c_ver = factory.make_certification(session, t, status="verified", name="Verified cert")
    evidence = Evidence(
        activity_id=submitted.id,
        filename="proof.pdf",
        media_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        content=PDF,
        uploaded_by=t.id,
    )
    session.add(evidence)
    from tracker.models import Output

    o_draft = Output(person_id=t.id, kind="patent", title="Draft output", dated_on=TODAY, status="draft")
    o_sub = Output(person_id=t.id, kind="patent", title="Sent output", dated_on=TODAY, status="submitted")
    session.add_all([o_draft, o_sub])
    load_default_packs(session)
    session.flush()
    pack = session.exec(__import__("sqlmodel").select(NormPack)).first()
    session.commit()
    national = PROJECT_DIR / "data" / "norms" / "national.toml"
    # T's placement plans (issue 13): one waiting for approval, one approved with a journal day and its activity
    monkeypatch.setenv("TRACKER_SECRET_KEY", "m" * 40)  # confirmation links need it on PostgreSQL
    from tracker.services import placements
    from tracker.settings import get_settings

    get_settings.cache_clear()
    t_actor, h_actor = Actor.of(people["teacher"]), Actor.of(people["head"])
    proposed = placements.propose_plan(t_actor, _plan_form(TODAY - timedelta(days=90)))
    approved = placements.propose_plan(t_actor, _plan_form(TODAY - timedelta(days=60)))
    approved = placements.approve_plan(h_actor, plan_id=approved.id)
    approved = placements.add_journal_entry(
        t_actor, plan_id=approved.id,
        raw={"day": (TODAY - timedelta(days=60)).isoformat(), "hours": 8, "content": "Listings"},
    )
    return World(
        actors={role: Actor.of(p) for role, p in people.items()},
        teacher_id=t.id,
        department_a=a.id,
        department_b=b.id,
        activity_draft=draft.id,
        activity_submitted=submitted.id,
        activity_verified=verified.id,
        certification_draft=c_draft.id,
        certification_submitted=c_sub.id,
        certification_verified=c_ver.id,
        evidence_id=evidence.id,
        enterprise_ids=(e1.id, e2.id),
        pack_id=pack.id if pack else None,
        pack_toml=national.read_bytes(),
        output_draft=o_draft.id,
        output_submitted=o_sub.id,
        plan_proposed=proposed.id,
        plan_approved=approved.id,
        plan_activity=approved.activity_id,
    )


def _activity_form(day: date = TODAY - timedelta(days=5)) -> dict:
    return {
        "kind": "visit",
        "enterprise": "Shenzhen Shop Ltd",
        "start_date": day,
        "end_date": day,
        "hours": 6,
        "description": "matrix",
    }


def _certificate_form() -> dict:
    return {
        "name": "Matrix cert",
        "issuer": "Board",
        "issued_on": TODAY - timedelta(days=3),
        "validity_years": 3,
    }


def _output_form() -> dict:
    return {"kind": "teaching_case", "title": "Matrix case", "date": TODAY - timedelta(days=2)}


def _teacher_in(rows, w: World, attribute: str = "person_id") -> bool:
    return any(getattr(r, attribute, None) == w.teacher_id for r in rows)


def _has_teacher_row(frame, w: World) -> bool:
    return "t@college.edu" in frame.to_csv()


CSV_PEOPLE = b"email,name,hire_date,department\nnew@college.edu,New Teacher,2020-01-01,Logistics\n"

# function -> (call(world, actor), roles allowed). A call returns True/False for "T's data was reached" when a
# plain success would not say it (lists scoped to what the actor may see); otherwise its result is ignored.
Call = Callable[[World, Actor], object]
MATRIX: dict[str, tuple[Call, set[str]]] = {
    # a teacher's own records: the owner and an admin change them; the owner, her head and an admin read them
    "activities.create_activity": (
        lambda w, a: S.activities.create_activity(a, _activity_form(), submit=True, person_id=w.teacher_id),
        {"teacher", "admin"},
    ),
    "activities.update_activity": (
        lambda w, a: S.activities.update_activity(a, w.activity_draft, _activity_form()),
        {"teacher", "admin"},
    ),
    "activities.delete_activity": (
        lambda w, a: S.activities.delete_activity(a, w.activity_draft),
        {"teacher", "admin"},
    ),
    "activities.submit_activity": (
        lambda w, a: S.activities.submit_activity(a, w.activity_draft),
        {"teacher", "admin"},
    ),
    "activities.withdraw_activity": (
        lambda w, a: S.activities.withdraw_activity(a, w.activity_submitted),
        {"teacher", "admin"},
    ),
    "activities.list_activities": (
        lambda w, a: _teacher_in(S.activities.list_activities(a, w.teacher_id), w),
        {"teacher", "head", "admin"},
    ),
    "activities.list_records": (
        lambda w, a: _teacher_in(S.activities.list_records(a, w.teacher_id).activities, w),
        {"teacher", "head", "admin"},
    ),
    "activities.check_activity": (  # what the form would count: for whoever may write the record
        lambda w, a: S.activities.check_activity(a, _activity_form(), person_id=w.teacher_id),
        {"teacher", "admin"},
    ),
    "activities.enterprise_choices": (  # the registry's names are shared reference data
        lambda w, a: "Shenzhen Shop Ltd" in S.activities.enterprise_choices(a),
        set(ROLES),
    ),
    "certifications.add_certification": (
        lambda w, a: S.certifications.add_certification(a, _certificate_form(), person_id=w.teacher_id),
        {"teacher", "admin"},
    ),
    "certifications.update_certification": (
        lambda w, a: S.certifications.update_certification(a, w.certification_draft, _certificate_form()),
        {"teacher", "admin"},
    ),
    "certifications.delete_certification": (
        lambda w, a: S.certifications.delete_certification(a, w.certification_draft),
        {"teacher", "admin"},
    ),
    "certifications.submit_certification": (
        lambda w, a: S.certifications.submit_certification(a, w.certification_draft),
        {"teacher", "admin"},
    ),
    "certifications.withdraw_certification": (
        lambda w, a: S.certifications.withdraw_certification(a, w.certification_submitted),
        {"teacher", "admin"},
    ),
    "certifications.renew_certification": (
        lambda w, a: S.certifications.renew_certification(a, w.certification_verified, _certificate_form()),
        {"teacher", "admin"},
    ),
    "certifications.list_certifications": (
        lambda w, a: _teacher_in(S.certifications.list_certifications(a, w.teacher_id), w),
        {"teacher", "head", "admin"},
    ),
    "outputs.create_output": (
        lambda w, a: S.outputs.create_output(a, _output_form(), submit=True, person_id=w.teacher_id),
        {"teacher", "admin"},
    ),
    "outputs.update_output": (
        lambda w, a: S.outputs.update_output(a, w.output_draft, _output_form()),
        {"teacher", "admin"},
    ),
    "outputs.delete_output": (lambda w, a: S.outputs.delete_output(a, w.output_draft), {"teacher", "admin"}),
    "outputs.submit_output": (lambda w, a: S.outputs.submit_output(a, w.output_draft), {"teacher", "admin"}),
    "outputs.withdraw_output": (
        lambda w, a: S.outputs.withdraw_output(a, w.output_submitted),
        {"teacher", "admin"},
    ),
    "outputs.list_outputs": (
        lambda w, a: _teacher_in(S.outputs.list_outputs(a, w.teacher_id), w),
        {"teacher", "head", "admin"},
    ),
    # dual-qualified levels (issue 12): a path like a record, a team view like Team, decisions by admins only
    "dual_qualified.my_dual_path": (
        lambda w, a: S.dual_qualified.my_dual_path(a, as_of=TODAY, person_id=w.teacher_id).as_of == TODAY,
        {"teacher", "head", "admin"},
    ),
    "dual_qualified.my_recognitions": (
        lambda w, a: S.dual_qualified.my_recognitions(a, person_id=w.teacher_id) == [],
        {"teacher", "head", "admin"},
    ),
    "dual_qualified.team_dual_levels": (
        lambda w, a: _teacher_in(
            S.dual_qualified.team_dual_levels(a, as_of=TODAY, department_id=w.department_a).rows, w
        ),
        {"head", "admin"},
    ),
    "dual_qualified.recognition_batch": (
        lambda w, a: S.dual_qualified.recognition_batch(a, as_of=TODAY).as_of == TODAY,
        {"admin"},
    ),
    "dual_qualified.decide_recognition": (
        lambda w, a: S.dual_qualified.decide_recognition(
            a, person_id=w.teacher_id, level="junior", confirmed=True, decided_on=TODAY
        ),
        {"admin"},
    ),
    "evidence.read_evidence": (
        lambda w, a: S.evidence.read_evidence(a, w.evidence_id),
        {"teacher", "head", "admin"},
    ),
    "evidence.read_preview": (
        lambda w, a: S.evidence.read_preview(a, w.evidence_id) is None,  # the matrix's file has no preview
        {"teacher", "head", "admin"},
    ),
    "progress.teacher_overview": (
        lambda w, a: S.progress.teacher_overview(a, w.teacher_id, TODAY),
        {"teacher", "head", "admin"},
    ),
    # reviewing: the head of the owner's department and an admin; never the owner
    "review.verify": (
        lambda w, a: S.review.verify(a, "activity", w.activity_submitted, "ok", version=1),
        {"head", "admin"},
    ),
    "review.reject": (
        lambda w, a: S.review.reject(a, "activity", w.activity_submitted, "add the visit report", version=1),
        {"head", "admin"},
    ),
    "review.bulk_verify": (
        lambda w, a: S.review.bulk_verify(a, [("activity", w.activity_submitted, 1)]),
        {"head", "admin"},
    ),
    "review.review_queue": (
        lambda w, a: any(i.id == w.activity_submitted for i in S.review.review_queue(a).items),
        {"head", "admin"},
    ),
    # enterprise-confirmed practice (issue 13): the owner plans, journals and closes; her head approves or
    # returns; owner, head and admin read the plan and its forms and may issue or revoke the enterprise's link
    "activities.list_practice": (
        lambda w, a: any(r.teacher == "t@college.edu" for r in S.activities.list_practice(a)),
        {"teacher", "head", "admin"},
    ),
    "placements.propose_plan": (
        lambda w, a: S.placements.propose_plan(a, _plan_form(TODAY - timedelta(days=80)), plan_id=w.plan_proposed),
        {"teacher", "admin"},
    ),
    "placements.approve_plan": (
        lambda w, a: S.placements.approve_plan(a, plan_id=w.plan_proposed), {"head", "admin"},
    ),
    "placements.return_plan": (
        lambda w, a: S.placements.return_plan(a, plan_id=w.plan_proposed, note="Name the mentor's phone"),
        {"head", "admin"},
    ),
    "placements.add_journal_entry": (
        lambda w, a: S.placements.add_journal_entry(
            a, plan_id=w.plan_approved,
            raw={"day": (TODAY - timedelta(days=59)).isoformat(), "hours": 6, "content": "Customer service"},
        ),
        {"teacher", "admin"},
    ),
    "placements.close_plan": (
        lambda w, a: S.placements.close_plan(a, plan_id=w.plan_approved, summary="Learned the listing rules"),
        {"teacher", "admin"},
    ),
    "placements.get_plan": (
        lambda w, a: S.placements.get_plan(a, w.plan_approved).person_id == w.teacher_id,
        {"teacher", "head", "admin"},
    ),
    "placements.list_plans": (
        lambda w, a: _teacher_in(S.placements.list_plans(a, person_id=w.teacher_id), w),
        {"teacher", "head", "admin"},
    ),
    "placements.team_plans": (
        lambda w, a: _teacher_in(S.placements.team_plans(a), w), {"head", "admin"},
    ),
    "plan_forms.placement_forms": (
        lambda w, a: bool(S.plan_forms.placement_forms(a, plan_id=w.plan_approved)),
        {"teacher", "head", "admin"},
    ),
    "confirmation.issue_confirmation_link": (
        lambda w, a: S.confirmation.issue_confirmation_link(a, activity_id=w.plan_activity),
        {"teacher", "head", "admin"},
    ),
    "confirmation.revoke_confirmation_links": (
        lambda w, a: S.confirmation.revoke_confirmation_links(a, activity_id=w.plan_activity) >= 0,
        {"teacher", "head", "admin"},
    ),
    "review.pending_count": (
        lambda w, a: S.review.pending_count(a, department_id=w.department_a) > 0,
        {"head", "admin"},
    ),
    # the department's picture: its head and an admin
    "team.team_overview": (
        lambda w, a: S.team.team_overview(a, as_of=TODAY, department_id=w.department_a),
        {"head", "admin"},
    ),
    "team.team_members": (
        lambda w, a: _teacher_in(S.team.team_members(a, department_id=w.department_a), w),
        {"head", "admin"},
    ),
    "team.hours_summary": (
        lambda w, a: S.team.hours_summary(a, as_of=TODAY, department_id=w.department_a),
        {"head", "admin"},
    ),
    "team.departments_in_scope": (
        lambda w, a: any(d == w.department_a for d, _ in S.team.departments_in_scope(a)),
        {"head", "admin"},
    ),
    "team.scope_department": (
        lambda w, a: S.team.scope_department(a, w.department_a) == w.department_a,
        {"head", "admin"},
    ),
    "reports.levels_frame": (
        lambda w, a: _has_teacher_row(S.reports.levels_frame(a, as_of=TODAY, department_id=w.department_a), w),
        {"head", "admin"},
    ),
    "reports.compliance_frame": (
        lambda w, a: _has_teacher_row(
            S.reports.compliance_frame(a, as_of=TODAY, department_id=w.department_a), w
        ),
        {"head", "admin"},
    ),
    "reports.compliance_csv": (
        lambda w, a: (
            b"t@college.edu" in S.reports.compliance_csv(a, as_of=TODAY, department_id=w.department_a)
        ),
        {"head", "admin"},
    ),
    "reports.compliance_xlsx": (
        lambda w, a: S.reports.compliance_xlsx(a, as_of=TODAY, department_id=w.department_a),
        {"head", "admin"},
    ),
    "reports.records_frame": (
        lambda w, a: _has_teacher_row(
            S.reports.records_frame(a, as_of=TODAY, department_id=w.department_a), w
        ),
        {"head", "admin"},
    ),
    "reports.records_csv": (
        lambda w, a: b"t@college.edu" in S.reports.records_csv(a, as_of=TODAY, department_id=w.department_a),
        {"head", "admin"},
    ),
    "reports.records_xlsx": (
        lambda w, a: S.reports.records_xlsx(a, as_of=TODAY, department_id=w.department_a),
        {"head", "admin"},
    ),
    "reports.audit_pack": (
        lambda w, a: S.reports.audit_pack(a, w.teacher_id, as_of=TODAY),
        {"teacher", "head", "admin"},
    ),
    # running the institution: an admin only
    "people.list_people": (
        lambda w, a: _teacher_in(S.people.list_people(a, department_id=w.department_a), w, "id"),
        {"admin"},
    ),
    "people.get_person": (lambda w, a: S.people.get_person(a, w.teacher_id), {"admin"}),
    "people.add_person": (
        lambda w, a: S.people.add_person(
            a, {"email": "n@college.edu", "name": "N", "hire_date": "2020-01-01"}, password="long enough"
        ),
        {"admin"},
    ),
    "people.edit_person": (
        lambda w, a: S.people.edit_person(
            a, w.teacher_id, {"email": "t@college.edu", "name": "T renamed", "hire_date": "2010-01-01"}
        ),
        {"admin"},
    ),
    "people.set_active": (lambda w, a: S.people.set_active(a, w.teacher_id, False), {"admin"}),
    "people.ensure_account": (
        lambda w, a: S.people.ensure_account(a, email="new@college.edu", role="teacher",
                                                 password="a long enough password"),
        {"admin"},
    ),
    "people.set_password_by_email": (
        lambda w, a: S.people.set_password_by_email(a, email="t@college.edu",
                                                        password="a long enough password"),
        {"admin"},
    ),
    "people.reset_password": (
        lambda w, a: S.people.reset_password(a, w.teacher_id, "new password"),
        {"admin"},
    ),
    "people.issue_first_passwords": (
        lambda w, a: S.people.issue_first_passwords(a, [w.teacher_id]) is not None,
        {"admin"},
    ),
    "people.preview_import": (
        lambda w, a: S.people.preview_import(a, "teachers", CSV_PEOPLE, "people.csv"),
        {"admin"},
    ),
    "people.import_upload": (
        lambda w, a: S.people.import_upload(a, "teachers", CSV_PEOPLE, "people.csv"),
        {"admin"},
    ),
    "departments.list_departments": (lambda w, a: S.departments.list_departments(a), {"admin"}),
    "departments.add_department": (lambda w, a: S.departments.add_department(a, "New department"), {"admin"}),
    "departments.rename_department": (
        lambda w, a: S.departments.rename_department(a, w.department_b, "Logistics and Supply"),
        {"admin"},
    ),
    "departments.delete_department": (
        lambda w, a: S.departments.delete_department(
            a, S.departments.add_department(w.actors["admin"], "Tmp")
        ),
        {"admin"},
    ),
    "enterprises.list_enterprises": (lambda w, a: S.enterprises.list_enterprises(a), {"admin"}),
    "enterprises.add_enterprise": (
        lambda w, a: S.enterprises.add_enterprise(a, {"name": "New Co"}),
        {"admin"},
    ),
    "enterprises.edit_enterprise": (
        lambda w, a: S.enterprises.edit_enterprise(a, w.enterprise_ids[1], {"name": "SZ Shop Co"}),
        {"admin"},
    ),
    "enterprises.merge_enterprises": (
        lambda w, a: S.enterprises.merge_enterprises(a, w.enterprise_ids[0], [w.enterprise_ids[1]]),
        {"admin"},
    ),
    "norm_packs.list_packs": (lambda w, a: S.norm_packs.list_packs(a), {"admin"}),
    "norm_packs.active_norms": (lambda w, a: S.norm_packs.active_norms(a, TODAY), {"admin"}),
    "norm_packs.load_pack": (lambda w, a: S.norm_packs.load_pack(a, w.pack_toml, "national.toml"), {"admin"}),
    "norm_packs.set_pack_active": (lambda w, a: S.norm_packs.set_pack_active(a, w.pack_id, True), {"admin"}),
    "audit_log.audit_events": (lambda w, a: S.audit_log.audit_events(a), {"admin"}),
    "audit_log.audit_choices": (lambda w, a: S.audit_log.audit_choices(a), {"admin"}),
    # one's own preference: everyone, for themselves only (there is no person to name)
    "people.set_language": (lambda w, a: S.people.set_language(a, "en"), set(ROLES)),
}

# Public functions that take no actor, with why no permission check belongs in them.
NOT_ACTOR_FACING = {
    "permissions": "the rules themselves (pure functions over an Actor)",
    "activities.default_hours": "pure arithmetic on two dates",
    "certifications.validity_years": "pure validation of a form value",
    "evidence.check_upload": "pure content check of bytes the caller already holds",
    "evidence.check_uploads": "pure content check of bytes the caller already holds",
    "evidence.clean_filename": "pure string cleaning",
    "evidence.sniff_media_type": "pure magic-byte check",
    "evidence.attach": "takes the caller's session inside a service that has already checked",
    "evidence.evidence_for": "takes the caller's session inside a service that has already checked",
    "evidence.evidence_by_record": "takes the caller's session inside a service that has already checked",
    "evidence.owner_of": "takes the caller's session inside a service that has already checked",
    "evidence.stored_bytes": "takes the caller's session inside a service that has already checked",
    "evidence.quota_bytes": "reads a setting",
    "progress.upcoming_expiries": "takes the caller's session inside a service that has already checked",
    "progress.norm_standing": "pure: explains an engine row the caller already holds",
    "progress.plan_actions": "pure: orders records, expiries and cards the caller already holds",
    "reports.to_csv": "pure conversion of a frame the caller already holds",
    "reports.to_xlsx": "pure conversion of frames the caller already holds",
    "team.chart_window": "pure date arithmetic",
    "team.department_summary": "pure reshaping of a matrix the caller already holds",
    "team.filter_matrix": "pure filtering of a matrix the caller already holds",
    "team.kpis_from": "pure arithmetic over a matrix the caller already holds",
    "team.matrix_frame": "pure reshaping of rows the caller already holds",
    "team.teaching_rows": "takes the caller's session and rows a service has already scoped",
    "news": "in NEWS_MATRIX below, with its own fixture of a news item",
    "activities.confirmed_hours": "takes the caller's session inside a service that has already checked",
    "placements.confirmations_for": "takes the caller's session inside a service that has already checked",
    "plan_forms.forms_for_person": "takes the caller's session inside a service that has already checked",
    "plan_forms.application_form": "pure rendering of a plan the caller already holds",
    "plan_forms.appraisal_form": "pure rendering of a plan the caller already holds",
    "confirmation.confirmation_url": "pure: builds the address from a token",
    "confirmation.open_confirmation": "the mentor's page: the signed token is the check (tests/services/test_confirmation.py)",
    "confirmation.confirm_practice": "the mentor's page: the signed token is the check (tests/services/test_confirmation.py)",
    "sign_in": "before anyone is signed in: the email and password are the check",
}


class _Services:
    """``S.activities`` etc.: the service modules, imported when first used."""

    def __getattr__(self, name):
        return importlib.import_module(f"tracker.services.{name}")


S = _Services()


def public_functions() -> list[str]:
    names = []
    for info in pkgutil.iter_modules(tracker.services.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"tracker.services.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and fn.__module__ == module.__name__:
                names.append(f"{info.name}.{name}")
    return sorted(names)


def test_every_service_function_is_in_the_matrix():
    exempt = {n for n in public_functions() if n in NOT_ACTOR_FACING or n.split(".")[0] in NOT_ACTOR_FACING}
    missing = sorted(set(public_functions()) - set(MATRIX) - exempt)
    assert missing == [], f"service functions nobody has decided the permissions of: {missing}"
    stale = sorted(set(MATRIX) - set(public_functions()))
    assert stale == [], f"functions in the matrix that no longer exist: {stale}"
    for name in exempt - {n for n in exempt if n.split(".")[0] in NOT_ACTOR_FACING}:
        module, _, function = name.partition(".")
        params = list(inspect.signature(getattr(S.__getattr__(module), function)).parameters)
        assert params[:1] != ["actor"], f"{name} takes an actor first: put it in MATRIX"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("function", sorted(MATRIX))
def test_service_function_as_role(function, role, world):
    call, allowed = MATRIX[function]
    actor = world.actors[role]
    try:
        result = call(world, actor)
    except (PermissionDenied, NotFound) as exc:
        assert role not in allowed, f"{role} was refused {function}: {exc}"
        return
    reached = result if isinstance(result, bool) else True
    if role in allowed:
        assert reached, f"{role} may use {function} but T's data was not in the result"
    else:
        assert not reached, f"{role} used {function} on T's records and should not have"


def test_a_deactivated_person_can_no_longer_save(world):
    """An admin deactivates a teacher whose browser is still signed in: her next save is refused."""
    from tracker.services.activities import create_activity
    from tracker.services.people import set_active

    set_active(world.actors["admin"], world.teacher_id, False)
    with pytest.raises(PermissionDenied):
        create_activity(world.actors["teacher"], _activity_form(), submit=True)


def test_a_head_moved_back_to_teaching_can_no_longer_review(world):
    """An admin makes the head a teacher again while the head is signed in: reviewing is refused at once."""
    from tracker.services.people import edit_person
    from tracker.services.review import verify

    head = world.actors["head"]
    edit_person(
        world.actors["admin"],
        head.person_id,
        {
            "email": head.email,
            "name": head.name,
            "role": "teacher",
            "hire_date": "2010-01-01",
            "department": "Cross-border E-commerce",
        },
    )
    with pytest.raises(PermissionDenied):
        verify(head, "activity", world.activity_submitted, "ok", version=1)


# --- the news service (tracker/services/news.py), with its own fixture of a news item ------------------

OPML = (
    b'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
    b'<outline type="rss" text="Matrix" xmlUrl="https://news.example/matrix.xml"/></body></opml>'
)


@pytest.fixture
def news_world(world, session):
    """T's department A and a news item; "a" is the department the call acts on (T's)."""
    from datetime import UTC, datetime

    from feeds.models import Feed, NewsItem

    item = NewsItem(story_key="matrix-story", title="Matrix story", published_at=datetime.now(UTC))
    session.add(item)
    session.add(Feed(url="https://news.example/existing.xml", title="Existing"))
    session.flush()
    session.commit()
    return world, item.id


def _news(call):
    def run(news_world, actor):
        from tracker.services import news

        world, item_id = news_world
        return call(news, world, item_id, actor)

    return run


NEWS_MATRIX: dict[str, tuple[Callable, set[str]]] = {
    # one's own reading state: everyone, for themselves
    "list_news": (_news(lambda n, w, i, a: n.list_news(a)), set(ROLES)),
    "count_news": (_news(lambda n, w, i, a: n.count_news(a)), set(ROLES)),
    "recommended_for": (_news(lambda n, w, i, a: n.recommended_for(a)), set(ROLES)),
    "mark_read": (_news(lambda n, w, i, a: n.mark_read(a, item_id=i)), set(ROLES)),
    "set_bookmark": (
        _news(lambda n, w, i, a: n.set_bookmark(a, item_id=i, bookmarked=True)),
        set(ROLES),
    ),
    # recommending to T's department: its head and an admin
    "recommend": (
        _news(lambda n, w, i, a: n.recommend(a, item_id=i, department_id=w.department_a)),
        {"head", "admin"},
    ),
    "withdraw_recommendation": (
        _news(
            lambda n, w, i, a: n.withdraw_recommendation(a, item_id=i, department_id=w.department_a)
        ),
        {"head", "admin"},
    ),
    # the sources: an admin
    "feed_health": (_news(lambda n, w, i, a: n.feed_health(a)), {"admin"}),
    "add_source": (
        _news(lambda n, w, i, a: n.add_source(a, url="https://news.example/new.xml")),
        {"admin"},
    ),
    "remove_source": (
        _news(lambda n, w, i, a: n.remove_source(a, url="https://news.example/existing.xml")),
        {"admin"},
    ),
    "import_opml": (_news(lambda n, w, i, a: n.import_opml(a, data=OPML)), {"admin"}),
    "export_opml": (_news(lambda n, w, i, a: n.export_opml(a)), {"admin"}),
    "save_topics": (
        _news(lambda n, w, i, a: n.save_topics(a, rules=n.topic_rules())),
        {"admin"},
    ),
}
NEWS_NOT_ACTOR_FACING = {
    "topic_rules",
    "source_choices",
    "health_summary",
}  # shared reference data, no person


def test_every_news_function_is_in_the_matrix():
    from tracker.services import news

    public = {
        name
        for name, fn in inspect.getmembers(news, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == news.__name__
    }
    assert sorted(public - set(NEWS_MATRIX) - NEWS_NOT_ACTOR_FACING) == []
    assert sorted(set(NEWS_MATRIX) - public) == []


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("function", sorted(NEWS_MATRIX))
def test_news_function_as_role(function, role, news_world):
    call, allowed = NEWS_MATRIX[function]
    try:
        call(news_world, news_world[0].actors[role])
    except (PermissionDenied, NotFound) as exc:
        assert role not in allowed, f"{role} was refused news.{function}: {exc}"
    else:
        assert role in allowed, f"{role} used news.{function} and should not have"
