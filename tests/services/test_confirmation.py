"""Enterprise-confirmed practice (issue 13): plan, journal, the signed link and what counts toward the norms.

Database tests run on SQLite and PostgreSQL (``session`` fixture). The token tests check what the link
promises: a signature the server alone can make, an expiry, one submission, revocation, and nothing to learn
by counting ids.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests import factories
from tests.services.teacher_cast import PDF, events, make_cast
from tracker import tokens
from tracker.errors import ConfigError, InvalidInput, PermissionDenied
from tracker.models import Activity, AuditEvent, ConfirmationLink, PracticeConfirmation, utcnow
from tracker.services import confirmation, placements, review
from tracker.services._acting import COMMAND_LINE
from tracker.services.activities import list_practice
from tracker.services.confirmation import AlreadyConfirmed, LinkRefused
from tracker.services.evidence import Upload

START, END = date(2024, 7, 1), date(2024, 7, 12)  # 10 weekdays
PLAN = {
    "enterprise": "深圳跨境云仓",
    "kind": "post_practice",
    "post": "运营助理",
    "tasks": "店铺运营、选品",
    "start_date": START.isoformat(),
    "end_date": END.isoformat(),
    "planned_days": "",
    "release": "full_time",
    "mentor_name": "王经理",
    "mentor_title": "运营总监",
    "mentor_email": "mentor@enterprise.example",
    "mentor_phone": "13800000000",
}
CONFIRM = {"confirmed_days": 2, "confirmed_hours": 12, "rating": "good", "comment": "认真", "confirmed_by": "王经理"}


@pytest.fixture(autouse=True)
def secret(monkeypatch):
    monkeypatch.setenv("TRACKER_SECRET_KEY", "k" * 40)
    monkeypatch.setenv("TRACKER_BASE_URL", "https://tracker.college.example/")
    from tracker.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def cast(session):
    return make_cast(session)


def _approved_plan(cast, journal=((START, 8), (START + timedelta(days=1), 8), (START + timedelta(days=2), 6))):
    plan = placements.propose_plan(cast.teacher, PLAN)
    plan = placements.approve_plan(cast.head, plan_id=plan.id)
    for day, hours in journal:
        plan = placements.add_journal_entry(
            cast.teacher, plan_id=plan.id, raw={"day": day.isoformat(), "hours": hours, "content": "上岗"}
        )
    return plan


def _token(url: str) -> str:
    return url.split("confirm=", 1)[1].split("&", 1)[0]


# --- the plan and the journal ---------------------------------------------------------------------------


def test_plan_approved_frames_a_draft_activity_whose_hours_follow_the_journal(session, cast):
    plan = placements.propose_plan(cast.teacher, PLAN)
    assert (plan.status, plan.planned_days, plan.activity_id) == ("proposed", 10, None)
    with pytest.raises(PermissionDenied):
        placements.approve_plan(cast.teacher, plan_id=plan.id)  # nobody approves their own
    with pytest.raises(PermissionDenied):
        placements.approve_plan(cast.other_head, plan_id=plan.id)  # another department's head
    plan = placements.approve_plan(cast.head, plan_id=plan.id, note="同意")
    activity = session.get(Activity, plan.activity_id)
    assert (activity.kind, activity.start_date, activity.end_date, activity.status, activity.hours) == (
        "post_practice", START, END, "draft", 80.0,
    )
    plan = placements.add_journal_entry(
        cast.teacher, plan_id=plan.id, raw={"day": "2024-07-01", "hours": "7.5", "content": "熟悉业务"},
        evidence=Upload("第一天.pdf", PDF),
    )
    plan = placements.add_journal_entry(
        cast.teacher, plan_id=plan.id, raw={"day": "2024-07-02", "hours": 8, "content": "选品"}
    )
    assert (plan.days_logged, plan.hours_logged, plan.claimed_hours) == (2, 15.5, 15.5)
    assert plan.journal[0].evidence.filename == "第一天.pdf"
    with pytest.raises(InvalidInput) as bad:
        placements.add_journal_entry(
            cast.teacher, plan_id=plan.id, raw={"day": "2024-08-01", "hours": 30, "content": ""}
        )
    assert {p.field for p in bad.value.problems} == {"day", "hours", "content"}
    plan = placements.close_plan(cast.teacher, plan_id=plan.id, summary="收获很大")
    session.expire_all()
    assert (plan.status, session.get(Activity, plan.activity_id).status) == ("closed", "submitted")


def test_returned_plan_needs_a_note_and_can_be_proposed_again(session, cast):
    plan = placements.propose_plan(cast.teacher, PLAN)
    with pytest.raises(InvalidInput):
        placements.return_plan(cast.head, plan_id=plan.id, note=" ")
    plan = placements.return_plan(cast.head, plan_id=plan.id, note="请补充任务")
    assert (plan.status, plan.review_note) == ("returned", "请补充任务")
    with pytest.raises(InvalidInput):
        placements.add_journal_entry(cast.teacher, plan_id=plan.id, raw={"day": "2024-07-01", "hours": 8,
                                                                           "content": "x"})
    plan = placements.propose_plan(cast.teacher, PLAN | {"tasks": "店铺运营、选品、直播"}, plan_id=plan.id)
    assert plan.status == "proposed"
    assert [p.id for p in placements.team_plans(cast.head, status="proposed")] == [plan.id]
    assert placements.team_plans(cast.other_head) == []


# --- the token ------------------------------------------------------------------------------------------


def test_token_signature_covers_every_character_and_the_key():
    secret = b"s" * 40
    text, token = tokens.new_token(secret, utcnow() + timedelta(days=1))
    assert tokens.read_token(secret, text) == token
    for i in range(len(text)):
        swapped = "A" if text[i] != "A" else "B"
        tampered = text[:i] + swapped + text[i + 1 :]
        with pytest.raises(tokens.TokenError):
            tokens.read_token(secret, tampered)
    with pytest.raises(tokens.TokenError):
        tokens.read_token(b"t" * 40, text)
    nonce, expires, signature = text.split(".")
    with pytest.raises(tokens.TokenError):  # a later expiry with the old signature
        tokens.read_token(secret, f"{nonce}.{int(expires) + 86400}.{signature}")
    for junk in ("", "a.b", "a.b.c.d", "x" * 500, "..", "é.1.x"):
        with pytest.raises(tokens.TokenError):
            tokens.read_token(secret, junk)


def test_link_confirms_once_then_reads_only_and_counts_confirmed_hours(session, cast):
    plan = _approved_plan(cast)
    link = confirmation.issue_confirmation_link(cast.teacher, activity_id=plan.activity_id)
    assert link.url.startswith("https://tracker.college.example/?confirm=")
    stored = session.exec(select(ConfirmationLink)).one()
    assert stored.nonce_hash != _token(link.url).split(".")[0]  # only a hash of the nonce is kept
    assert (link.expires_at - utcnow()).days in (29, 30)  # the default: 30 days
    page = confirmation.open_confirmation(link.token, client="203.0.113.7")
    assert (page.read_only, page.claimed_hours, len(page.journal), page.teacher) == (False, 22.0, 3, "唐老师")
    with pytest.raises(InvalidInput) as bad:
        confirmation.confirm_practice(link.token, raw=CONFIRM | {"rating": "great", "confirmed_days": 99})
    assert {p.field for p in bad.value.problems} == {"rating", "confirmed_days"}
    page = confirmation.confirm_practice(link.token, raw=CONFIRM, scan=Upload("考核表.pdf", PDF),
                                         client="203.0.113.7")
    assert page.read_only and page.confirmation.confirmed_hours == 12 and page.confirmation.scan.filename == "考核表.pdf"
    with pytest.raises(LinkRefused) as again:
        confirmation.confirm_practice(link.token, raw=CONFIRM | {"confirmed_hours": 80})
    assert again.value.reason == "used"
    assert confirmation.open_confirmation(link.token).confirmation.confirmed_hours == 12  # read-only now
    session.expire_all()
    assert session.exec(select(PracticeConfirmation.confirmed_hours)).all() == [12.0]
    audit = [(e.action, json.loads(e.after).get("client")) for e in events(session, "confirmation_link")]
    assert ("confirm", "203.0.113.7") in audit and ("refuse", "unknown") in audit
    with pytest.raises(AlreadyConfirmed):
        confirmation.issue_confirmation_link(cast.head, activity_id=plan.activity_id)


def test_expired_revoked_tampered_and_unknown_links_are_refused_and_reveal_nothing(session, cast):
    plan = _approved_plan(cast)
    one_day = confirmation.issue_confirmation_link(cast.teacher, activity_id=plan.activity_id, days=1)
    row = session.exec(select(ConfirmationLink)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)  # the database decides: it is past its expiry
    session.add(row)
    session.commit()
    with pytest.raises(LinkRefused) as expired:
        confirmation.open_confirmation(one_day.token)
    assert expired.value.reason == "expired"
    revoked = confirmation.issue_confirmation_link(cast.head, activity_id=plan.activity_id)
    assert confirmation.revoke_confirmation_links(COMMAND_LINE, activity_id=plan.activity_id) == 1
    for refused in (revoked.token, one_day.token):
        with pytest.raises(LinkRefused):
            confirmation.confirm_practice(refused, raw=CONFIRM)
    assert confirmation.open_confirmation.__name__  # nothing above wrote a confirmation:
    assert session.exec(select(PracticeConfirmation)).all() == []
    fresh = confirmation.issue_confirmation_link(cast.teacher, activity_id=plan.activity_id)
    nonce, expires, signature = fresh.token.split(".")
    guesses = [f"{nonce[:-1]}{'A' if nonce[-1] != 'A' else 'B'}.{expires}.{signature}", str(plan.activity_id),
               f"{plan.activity_id}.{expires}.{signature}", "1", "../admin"]
    for guess in guesses:
        with pytest.raises(LinkRefused) as no:
            confirmation.open_confirmation(guess)
        assert no.value.reason == "invalid" and "唐老师" not in str(no.value) and "1" not in str(no.value)
    # a validly signed token whose link is unknown (made with the server's key, never issued) is just invalid
    forged_text, _ = tokens.new_token(tokens.server_secret(), utcnow() + timedelta(days=1))
    with pytest.raises(LinkRefused) as unknown:
        confirmation.open_confirmation(forged_text)
    assert unknown.value.reason == "invalid"
    reasons = [json.loads(e.after)["reason"] for e in events(session, "confirmation_link") if e.action == "refuse"]
    assert reasons.count("invalid") == len(guesses) + 1 and "expired" in reasons and "revoked" in reasons


def test_only_the_owner_or_a_reviewer_issues_links_and_only_for_activities_naming_an_enterprise(session, cast):
    teacher = session.get(factories.Person, cast.teacher.person_id)
    imported = factories.make_activity(session, teacher, kind="post_practice", status="verified",
                                       enterprise=factories.make_enterprise(session, "导入企业"))
    bare = factories.make_activity(session, teacher, status="verified")
    session.commit()
    with pytest.raises(PermissionDenied):
        confirmation.issue_confirmation_link(cast.colleague, activity_id=imported.id)
    with pytest.raises(PermissionDenied):
        confirmation.issue_confirmation_link(cast.other_head, activity_id=imported.id)
    with pytest.raises(InvalidInput):
        confirmation.issue_confirmation_link(cast.head, activity_id=bare.id)
    assert confirmation.issue_confirmation_link(COMMAND_LINE, activity_id=imported.id).url


def test_postgres_secret_is_required_and_sqlite_generates_one(monkeypatch, tmp_path):
    from tracker.settings import get_settings

    monkeypatch.delenv("TRACKER_SECRET_KEY")
    monkeypatch.setenv("TRACKER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TRACKER_DATABASE_URL", "postgresql+psycopg://u@h/db")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="TRACKER_SECRET_KEY"):
        tokens.server_secret()
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    get_settings.cache_clear()
    first = tokens.server_secret()
    assert len(first) >= 32 and tokens.server_secret() == first
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("TRACKER_SECRET_KEY", "short")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="at least 32"):
        tokens.server_secret()


# --- what counts ----------------------------------------------------------------------------------------


def _achieved(session, person_id, key="annual_practice", as_of=date(2024, 12, 31)):
    from tracker.norms import evaluate_compliance

    session.expire_all()
    rows = evaluate_compliance(session, as_of=as_of, person_ids=[person_id])
    return {r.norm: r.achieved for r in rows}.get(key)


@pytest.fixture
def packs(session):
    from tracker.norms import load_default_packs

    load_default_packs(session)
    session.commit()


def test_confirmed_hours_replace_the_claim_even_after_verification(session, cast, packs):
    plan = _approved_plan(cast)
    placements.close_plan(cast.teacher, plan_id=plan.id, summary="总结")
    [seen] = [i for i in review.review_queue(cast.head).items if i.key == ("activity", plan.activity_id)]
    review.verify(cast.head, "activity", plan.activity_id, version=seen.version)
    assert _achieved(session, cast.teacher.person_id) == 22  # the journal's claim, verified
    link = confirmation.issue_confirmation_link(cast.head, activity_id=plan.activity_id)
    confirmation.confirm_practice(link.token, raw=CONFIRM)  # 12 of the 22 claimed hours
    assert _achieved(session, cast.teacher.person_id) == 12
    rows = {r.id: r for r in list_practice(COMMAND_LINE, teacher_email="TEACHER@example.edu")}
    assert (rows[plan.activity_id].trust, rows[plan.activity_id].confirmed_hours) == ("enterprise_confirmed", 12)


def test_institutional_option_counts_post_practice_only_when_the_enterprise_confirmed(session, cast, packs):
    from tracker.norms import load_pack, on_activities_changed
    from tracker.settings import PROJECT_DIR

    college_from = date(2026, 12, 1)  # the shipped example college pack's effective date
    year_end = date(college_from.year, 12, 31)
    teacher = session.get(factories.Person, cast.teacher.person_id)
    factories.make_activity(session, teacher, start=college_from, hours=8, kind="visit")
    post = factories.make_activity(session, teacher, start=college_from + timedelta(days=1), hours=8,
                                   kind="post_practice", enterprise=factories.make_enterprise(session))
    on_activities_changed(session, [teacher.id])
    session.commit()
    assert _achieved(session, teacher.id, as_of=year_end) == 16
    load_pack(session, PROJECT_DIR / "data" / "norms" / "examples" / "institutional.toml")
    session.commit()
    assert _achieved(session, teacher.id, as_of=year_end) == 8  # the unconfirmed on-the-job day no longer counts
    link = confirmation.issue_confirmation_link(COMMAND_LINE, activity_id=post.id)
    confirmation.confirm_practice(link.token, raw=CONFIRM | {"confirmed_days": 1, "confirmed_hours": 6})
    assert _achieved(session, teacher.id, as_of=year_end) == 14
    assert _achieved(session, teacher.id, "rnd_project_3y", as_of=year_end) == 0


# --- mail -----------------------------------------------------------------------------------------------


def test_link_is_mailed_to_the_mentor_through_a_local_smtp_server(session, cast, monkeypatch):
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, smtp_session, envelope):
            received.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("TRACKER_SMTP_URL", f"smtp://127.0.0.1:{port}")
        from tracker.settings import get_settings

        get_settings.cache_clear()
        plan = _approved_plan(cast)
        link = confirmation.issue_confirmation_link(cast.teacher, activity_id=plan.activity_id, email=True)
    finally:
        controller.stop()
    assert link.sent_to == "mentor@enterprise.example"
    assert [e.rcpt_tos for e in received] == [["mentor@enterprise.example"]]
    import email

    body = email.message_from_bytes(received[0].content).get_payload(decode=True).decode("utf-8")
    assert link.url in body and "唐老师" in body and "&lang=en" in body


def test_a_failing_mail_server_stores_no_link(session, cast, monkeypatch):
    from tracker.mail import MailError
    from tracker.settings import get_settings

    monkeypatch.setenv("TRACKER_SMTP_URL", "smtp://127.0.0.1:9")  # nothing listens on the discard port
    get_settings.cache_clear()
    plan = _approved_plan(cast)
    with pytest.raises(MailError):
        confirmation.issue_confirmation_link(cast.teacher, activity_id=plan.activity_id, email=True)
    session.expire_all()
    assert session.exec(select(ConfirmationLink)).all() == []
    assert session.exec(select(AuditEvent).where(AuditEvent.action == "issue")).all() == []


# --- the command line and the pure rules ----------------------------------------------------------------


def test_cli_lists_activities_with_trust_and_issues_and_revokes_links(session, cast, cli):
    plan = _approved_plan(cast)
    placements.close_plan(cast.teacher, plan_id=plan.id, summary="总结")
    listed = cli("activities", "list", "--teacher", "teacher@example.edu", "--format", "json")
    assert listed.exit_code == 0, listed
    [row] = json.loads(listed.stdout)
    assert row == {
        "id": plan.activity_id, "teacher": "teacher@example.edu", "kind": "post_practice",
        "enterprise": "深圳跨境云仓", "start_date": "2024-07-01", "end_date": "2024-07-12", "hours": 22.0,
        "status": "submitted", "trust": "self_reported", "confirmed_hours": None,
    }
    assert json.loads(cli("activities", "list", "--status", "verified", "--format", "json").stdout) == []
    issued = cli("confirmation", "link", str(plan.activity_id), "--days", "3")
    assert issued.exit_code == 0 and issued.stdout.startswith("https://tracker.college.example/?confirm=")
    assert cli("confirmation", "link", str(plan.activity_id), "--days", "0").exit_code == 1
    missing = cli("confirmation", "link", "999")
    assert missing.exit_code == 1 and "999" in missing.stderr
    revoked = cli("confirmation", "revoke", str(plan.activity_id))
    assert (revoked.exit_code, revoked.stdout.strip()) == (0, "1 link(s) revoked.")
    with pytest.raises(LinkRefused):
        confirmation.open_confirmation(_token(issued.stdout.strip()))
    actions = [(e.actor, e.action) for e in events(session, "confirmation_link")]
    assert ("cli", "issue") in actions and ("cli", "revoke") in actions


def test_pack_option_is_layered_and_only_marks_post_practice_and_rnd():
    from tracker.norms.packs import layer_packs, parse_pack

    base = parse_pack(
        '[pack]\nname = "n"\nlayer = "national"\neffective_from = 2016-01-01\n'
        '[[norm]]\nkey = "h"\nrule = "rolling_hours"\nrequired = 10\n'
        '[[norm]]\nkey = "c"\nrule = "valid_certificates"\nrequired = 1\n'
    )
    on = parse_pack('[pack]\nname = "c"\nlayer = "institutional"\neffective_from = 2023-09-01\n'
                    'require_enterprise_confirmation = true\n')
    off = parse_pack('[pack]\nname = "p"\nlayer = "provincial"\neffective_from = 2024-01-01\n'
                     'require_enterprise_confirmation = false\n')
    assert [n.confirmed_kinds for n in layer_packs([base, on], date(2023, 8, 31))] == [(), ()]
    assert [n.confirmed_kinds for n in layer_packs([base, on], date(2024, 1, 1))] == [
        ("post_practice", "rnd_project"), ()]
    # the institutional layer applies after the provincial one, whatever their dates
    assert layer_packs([base, on, off], date(2024, 6, 1))[0].confirmed_kinds == ("post_practice", "rnd_project")
    with pytest.raises(InvalidInput):
        parse_pack('[pack]\nname = "x"\nlayer = "national"\neffective_from = 2016-01-01\n'
                   'require_enterprise_confirmation = "yes"\n')


def test_engine_counts_confirmed_hours_and_holds_unconfirmed_required_kinds_as_pending():
    from tracker.norms.engine import ActivityArrays, spread_daily

    day = date(2024, 3, 4)
    acts = ActivityArrays.from_records([
        (1, day, day, 8.0, "post_practice", "verified", 5.0),  # confirmed: 5 of 8 hours
        (1, day + timedelta(days=1), day + timedelta(days=1), 8.0, "post_practice", "verified"),  # unconfirmed
        (1, day + timedelta(days=2), day + timedelta(days=2), 8.0, "visit", "verified"),
    ])
    kinds = ("post_practice", "visit")
    free = spread_daily(acts, (kinds, 8.0, ()))
    assert free.counted.nano.sum() / 1e9 == 21
    required = spread_daily(acts, (kinds, 8.0, ("post_practice",)))
    assert required.counted.nano.sum() / 1e9 == 13 and required.pending.nano.sum() / 1e9 == 8


def test_trust_levels():
    from tracker.models import trust_of

    assert [trust_of(s, False).value for s in ("draft", "submitted", "verified", "rejected")] == [
        "self_reported", "self_reported", "school_verified", "self_reported"]
    assert trust_of("submitted", True).value == "enterprise_confirmed"


def test_audit_pack_and_records_export_carry_trust_and_the_printable_forms(session, cast):
    import zipfile

    from tracker.services import reports
    from tracker.services.plan_forms import placement_forms

    plan = _approved_plan(cast)
    placements.close_plan(cast.teacher, plan_id=plan.id, summary="<b>总结</b>")
    link = confirmation.issue_confirmation_link(cast.head, activity_id=plan.activity_id)
    confirmation.confirm_practice(link.token, raw=CONFIRM | {"comment": "<script>x</script>"})
    pack = zipfile.ZipFile(reports.audit_pack(cast.head, cast.teacher.person_id, as_of=END, lang="zh"))
    names = set(pack.namelist())
    assert {f"forms/plan-{plan.id}-application.html", f"forms/plan-{plan.id}-appraisal.html"} <= names
    appraisal = pack.read(f"forms/plan-{plan.id}-appraisal.html").decode()
    assert "企业确认" in appraisal and "良好" in appraisal and "@page { size: A4" in appraisal
    assert "<script>" not in appraisal and "&lt;script&gt;" in appraisal and "&lt;b&gt;" in appraisal
    assert "企业确认" in pack.read("summary.html").decode()
    frame = reports.records_frame(cast.head, as_of=END, lang="en")
    row = frame[frame["Confirmed hours"].notna()].iloc[0]
    assert (row["Trust"], row["Confirmed hours"], row["Hours"]) == ("Enterprise-confirmed", 12, 22)
    with pytest.raises(PermissionDenied):
        placement_forms(cast.other_head, plan_id=plan.id)
