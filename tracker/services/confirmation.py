"""The host enterprise's own confirmation of a practice activity, through a signed link (issue 13).

The teacher or a reviewer issues a link for an activity that names an enterprise (planned, imported or already
verified); the mentor opens it without an account, sees the plan and the logged days, and confirms the days and
hours actually worked, a rating and a comment, optionally with the stamped appraisal scan. The confirmed hours
then count toward the norms in place of the claimed ones, whenever the confirmation arrives.

Link rules (see docs/security.md, "Enterprise confirmation links"): the token is signed with the server secret
(``tracker.tokens``), expires (default ``TRACKER_CONFIRMATION_DAYS``), submits once (afterwards it shows the
confirmation read-only), can be revoked, and every use is audited with the time and the client's address. A
refused link learns only that it is refused: no record, name or id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tracker import audit, tokens, validation
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.errors import InvalidInput, NotFound, TrackerError
from tracker.i18n import Text
from tracker.models import (
    Activity,
    ConfirmationLink,
    Department,
    Enterprise,
    JournalEntry,
    Person,
    PlacementPlan,
    PracticeConfirmation,
    utcnow,
)
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services._records import audit_by
from tracker.services.evidence import Upload, attach
from tracker.services.placements import ConfirmationView, JournalView, confirmations_for

LINK = "confirmation_link"
LINK_ACTOR = "confirmation-link"  # who the audit trail names for what an anonymous link holder does


class LinkRefused(TrackerError):
    """A confirmation link that cannot be used. ``reason``: ``invalid`` (malformed, tampered or unknown),
    ``expired`` or ``revoked``; the page shows the catalogue text ``confirm.refused.<reason>``."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(Text(f"confirm.refused.{reason}"))


class AlreadyConfirmed(TrackerError):
    """The enterprise has already confirmed this activity."""


@dataclass(frozen=True)
class IssuedLink:
    url: str
    token: str
    expires_at: datetime
    sent_to: str | None


@dataclass(frozen=True)
class ConfirmationPage:
    """What the mentor's page shows: the plan, the logged days, and (once done) the confirmation."""

    teacher: str  # the teacher's name (never the email)
    department: str | None
    enterprise: str
    kind: str
    post: str | None
    tasks: str | None
    start_date: date
    end_date: date
    planned_days: int | None
    claimed_hours: float
    mentor_name: str | None
    journal: tuple[JournalView, ...]
    expires_at: datetime
    confirmation: ConfirmationView | None

    @property
    def read_only(self) -> bool:
        return self.confirmation is not None

    @property
    def calendar_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


def confirmation_url(token: str, *, lang: str | None = None) -> str:
    """The link for the mentor, under ``TRACKER_BASE_URL``."""
    from urllib.parse import urlencode

    from tracker.settings import get_settings

    query = {"confirm": token} | ({"lang": lang} if lang else {})
    return f"{get_settings().base_url}/?{urlencode(query)}"


# --- issuing and revoking (signed-in people and the command line) -------------------------------------------


def _practice_activity(session: Session, actor: Actor, activity_id: int, *, lock: bool = False) -> Activity:
    activity = session.get(Activity, activity_id, with_for_update=lock)
    if activity is None:
        raise NotFound(Text("errors.confirm.no_activity", id=activity_id))
    owner = session.get(Person, activity.person_id)
    permissions.require(
        permissions.can_edit_own_records(actor, owner.id)
        or permissions.can_review(actor, owner.id, owner.department_id)
    )
    return activity


@acting
def issue_confirmation_link(
    actor: Actor, *, activity_id: int, days: int | None = None, email: bool = False, to: str | None = None
) -> IssuedLink:
    """A new link for the enterprise to confirm ``activity_id``, valid ``days`` days (default: the setting).

    With ``email`` the link is mailed through ``TRACKER_SMTP_URL`` to ``to`` or else the plan's mentor; when
    the mail fails nothing is stored.

    Raises:
        InvalidInput: the activity names no enterprise, a bad number of days, or no address to mail to.
        AlreadyConfirmed: the enterprise has confirmed this activity already.
        ConfigError, MailError: no server secret (PostgreSQL), no or a failing mail server.
    """
    from tracker.settings import get_settings

    settings = get_settings()
    days = settings.confirmation_days if days is None else days
    if not isinstance(days, int) or not 1 <= days <= 366:
        raise InvalidInput(validation.problem("link_days", "days"))
    secret = tokens.server_secret()
    with session_scope() as session:
        activity = _practice_activity(session, actor, activity_id, lock=True)
        if activity.enterprise_id is None:
            raise InvalidInput(validation.problem("link_needs_enterprise", "enterprise"))
        if session.exec(
            select(PracticeConfirmation.id).where(PracticeConfirmation.activity_id == activity.id)
        ).first() is not None:
            raise AlreadyConfirmed(Text("errors.confirm.already"))
        plan = session.exec(select(PlacementPlan).where(PlacementPlan.activity_id == activity.id)).first()
        recipient = None
        if email:
            recipient = validation.email(to) if to else (plan.mentor_email if plan and plan.mentor_email else None)
            if not recipient:
                raise InvalidInput(validation.problem("link_no_email", "email"))
        text, token = tokens.new_token(secret, utcnow() + timedelta(days=days))
        link = ConfirmationLink(
            activity_id=activity.id,
            nonce_hash=token.nonce_hash,
            expires_at=token.expires_at,
            created_by=actor.person_id,
            sent_to=recipient,
        )
        session.add(link)
        session.flush()
        audit_by(session, actor, "issue", LINK, link.id,
                 after={"activity_id": activity.id, "expires_at": link.expires_at, "sent_to": recipient})
        url = confirmation_url(text)
        if recipient:
            _mail_link(session, activity, plan, recipient, url, link.expires_at)
        return IssuedLink(url=url, token=text, expires_at=link.expires_at, sent_to=recipient)


def _mail_link(session: Session, activity: Activity, plan, recipient: str, url: str, expires: datetime) -> None:
    from tracker.i18n import t
    from tracker.mail import message, send_messages
    from tracker.settings import get_settings

    settings = get_settings()
    teacher = session.get(Person, activity.person_id)
    enterprise = session.get(Enterprise, activity.enterprise_id)
    facts = {
        "teacher": teacher.name,
        "enterprise": enterprise.name if enterprise else "",
        "start": activity.start_date.isoformat(),
        "end": activity.end_date.isoformat(),
        "expires": expires.date().isoformat(),
        "mentor": plan.mentor_name if plan else "",
    }
    body = "\n\n".join(
        [t("confirm.mail.body", "zh", **facts), url, t("confirm.mail.body", "en", **facts),
         confirmation_url(url.split("confirm=", 1)[1], lang="en")]
    )
    subject = f"{t('confirm.mail.subject', 'zh', **facts)} / {t('confirm.mail.subject', 'en', **facts)}"
    send_messages([message(sender=settings.mail_from, to=recipient, subject=subject, body=body)],
                  settings.smtp_url, what=Text("errors.mail.what_link"))


@acting
def revoke_confirmation_links(actor: Actor, *, activity_id: int) -> int:
    """End every open (unused, unrevoked) link of an activity; returns how many were ended."""
    with session_scope() as session:
        _practice_activity(session, actor, activity_id, lock=True)
        now = utcnow()
        ids = session.exec(
            select(ConfirmationLink.id).where(
                ConfirmationLink.activity_id == activity_id,
                ConfirmationLink.revoked_at.is_(None),
                ConfirmationLink.used_at.is_(None),
                ConfirmationLink.expires_at > now,
            )
        ).all()
        if ids:
            session.execute(
                sa.update(ConfirmationLink).where(ConfirmationLink.id.in_(ids)).values(revoked_at=now)
                .execution_options(synchronize_session=False)
            )
        for link_id in ids:
            audit_by(session, actor, "revoke", LINK, link_id, after={"revoked_at": now})
        return len(ids)


# --- the mentor's side: authorised by the token alone --------------------------------------------------------


def _audit_link(session: Session, action: str, link_id: int | None, client: str | None, **facts) -> None:
    audit.record(session, actor_id=None, actor=LINK_ACTOR, action=action, entity=LINK, entity_id=link_id,
                 after={"client": client or "unknown", **facts})


def _check(session: Session, token_text: str, *, lock: bool = False) -> tuple[ConfirmationLink | None, str | None]:
    """``(link, None)`` for a usable or already used link, ``(link or None, reason)`` for a refused one.

    The signature is checked before the database is asked anything; a link already used is returned as is
    (it shows the confirmation read-only).
    """
    try:
        token = tokens.read_token(tokens.server_secret(), token_text)
    except tokens.TokenError:
        return None, "invalid"
    query = select(ConfirmationLink).where(ConfirmationLink.nonce_hash == token.nonce_hash)
    link = session.exec(query.with_for_update() if lock else query).first()
    if link is None:  # signed by this server but since deleted with its activity
        return None, "invalid"
    if link.used_at is not None:
        return link, None
    if link.revoked_at is not None:
        return link, "revoked"
    if _aware(link.expires_at) <= utcnow():
        return link, "expired"
    return link, None


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _page(session: Session, link: ConfirmationLink) -> ConfirmationPage:
    activity = session.get(Activity, link.activity_id)
    teacher, department = session.execute(
        sa.select(Person.name, Department.name)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(Person.id == activity.person_id)
    ).one()
    enterprise = session.get(Enterprise, activity.enterprise_id)
    plan = session.exec(select(PlacementPlan).where(PlacementPlan.activity_id == activity.id)).first()
    journal = ()
    if plan is not None:
        journal = tuple(
            JournalView(e.id, e.day, e.hours, e.content, None)  # files stay with the school
            for e in session.exec(
                select(JournalEntry).where(JournalEntry.plan_id == plan.id).order_by(JournalEntry.day, JournalEntry.id)
            ).all()
        )
    return ConfirmationPage(
        teacher=teacher,
        department=department,
        enterprise=enterprise.name if enterprise else "",
        kind=activity.kind,
        post=plan.post if plan else None,
        tasks=plan.tasks if plan else activity.description,
        start_date=activity.start_date,
        end_date=activity.end_date,
        planned_days=plan.planned_days if plan else None,
        claimed_hours=activity.hours,
        mentor_name=plan.mentor_name if plan else None,
        journal=journal,
        expires_at=_aware(link.expires_at),
        confirmation=confirmations_for(session, [activity.id]).get(activity.id),
    )


def open_confirmation(token: str, *, client: str | None = None, audit_open: bool = True) -> ConfirmationPage:
    """What the link shows; audits the opening (``audit_open``: once per browser visit, the page decides).

    Raises:
        LinkRefused: tampered, unknown, expired or revoked (audited as ``refuse``).
    """
    refused = None
    with session_scope() as session:
        link, refused = _check(session, token)
        if refused is not None:
            _audit_link(session, "refuse", link.id if link else None, client, reason=refused)
        else:
            if audit_open:
                _audit_link(session, "open", link.id, client, used=link.used_at is not None)
            return _page(session, link)
    raise LinkRefused(refused)


def confirm_practice(
    token: str,
    *,
    raw: dict,
    scan: Upload | None = None,
    client: str | None = None,
) -> ConfirmationPage:
    """The mentor's confirmation, authorised by the token alone (no account): confirmed days and hours (may
    be fewer than claimed, or 0), rating (excellent|good|pass|fail), comment, the mentor's name
    (``confirmed_by``) and optionally the stamped appraisal scan. The link is used up; the norms count the
    confirmed hours from now on.

    Raises:
        LinkRefused: see ``open_confirmation``; a link already used refuses a second submission this way too.
        InvalidInput: every problem with the form or the file; nothing is saved.
    """
    refused = None
    with session_scope() as session:
        link, refused = _check(session, token, lock=True)
        if refused is None and link.used_at is not None:
            refused = "used"
        if refused is not None:
            _audit_link(session, "refuse", link.id if link else None, client, reason=refused)
        else:
            return _confirm(session, link, raw, scan, client)
    raise LinkRefused(refused)


def _confirm(session: Session, link: ConfirmationLink, raw: dict, scan: Upload | None, client: str | None) -> ConfirmationPage:
    """Write the confirmation in the caller's unit of work (the link is checked and locked)."""
    activity = session.get(Activity, link.activity_id)
    days = (activity.end_date - activity.start_date).days + 1

    def form():
        return validation.confirmation(dict(raw), calendar_days=days)

    from tracker.services._lifecycle import form_and_files

    clean, checked = form_and_files(form, [scan] if scan is not None else [])
    now = utcnow()
    # the guard makes a second submission at the same moment (same link) fail instead of writing twice
    claimed = session.execute(
        sa.update(ConfirmationLink)
        .where(ConfirmationLink.id == link.id, ConfirmationLink.used_at.is_(None),
               ConfirmationLink.revoked_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        raise LinkRefused("used")
    mentor = Actor(person_id=None, email=LINK_ACTOR, name=clean.confirmed_by, role="enterprise",
                   department_id=None)
    stored = attach(session, mentor, checked, activity_id=activity.id) if checked else []
    confirmation = PracticeConfirmation(
        activity_id=activity.id,
        link_id=link.id,
        confirmed_days=clean.confirmed_days,
        confirmed_hours=clean.confirmed_hours,
        rating=clean.rating,
        comment=clean.comment,
        confirmed_by=clean.confirmed_by,
        scan_evidence_id=stored[0].id if stored else None,
        client_address=(client or "")[:64] or None,
    )
    session.add(confirmation)
    try:
        session.flush()
    except IntegrityError:  # another link of the same activity was used a moment ago
        raise AlreadyConfirmed(Text("errors.confirm.already")) from None
    _audit_link(session, "confirm", link.id, client, activity_id=activity.id,
                confirmed_hours=clean.confirmed_hours, confirmed_days=clean.confirmed_days,
                rating=clean.rating, confirmed_by=clean.confirmed_by)
    from tracker.norms import on_activities_changed

    on_activities_changed(session, [activity.person_id])
    session.refresh(link)
    return _page(session, link)
