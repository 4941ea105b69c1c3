"""Reminders: certificates about to expire and norms about to turn (or already) at risk, per teacher, with
the head of the teacher's department in copy; as e-mail (SMTP) and as an iCalendar file of the dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from sqlmodel import Session

from tracker.i18n import Text
from tracker.mail import MailError, message, send_messages
from tracker.models import Certification, Person, Role
from tracker.norms.engine import AT_RISK, MET, NOT_MET, ON_TRACK, ComplianceRow
from tracker.norms.query import evaluate_compliance

__all__ = ["MailError", "collect_reminders", "send_reminders", "to_email", "to_ics"]


@dataclass(frozen=True)
class ReminderItem:
    """One thing a teacher should act on, on a date."""

    on: date
    kind: str  # "certificate_expires" | "norm_turns_at_risk" | "norm_at_risk" | "recognition_lapses"
    title: str  # English
    title_zh: str  # Chinese


@dataclass(frozen=True)
class Reminder:
    """One message: a teacher, the heads in copy, and what is coming up."""

    person_id: int
    teacher: str
    name: str
    cc: tuple[str, ...]
    items: tuple[ReminderItem, ...] = field(default_factory=tuple)

    @property
    def subject(self) -> str:
        return f"企业实践与证书提醒 / Practice and certificate reminder ({len(self.items)})"

    @property
    def body(self) -> str:
        lines = [f"{self.name} 老师您好：", "", "以下事项需要您关注："]
        lines += [f"- {i.on.isoformat()}  {i.title_zh}" for i in self.items]
        lines += ["", f"Dear {self.name},", "", "These need your attention:"]
        lines += [f"- {i.on.isoformat()}  {i.title}" for i in self.items]
        lines += ["", "— 教师企业实践管理系统 / Teacher practice tracker"]
        return "\n".join(lines) + "\n"


def _fmt(hours: float) -> str:
    return f"{hours:g}"


def _norm_items(row: ComplianceRow, as_of: date, until: date) -> list[ReminderItem]:
    if row.unit != "hours":
        return []
    if row.status == AT_RISK:
        return [
            ReminderItem(
                as_of,
                "norm_at_risk",
                f"{row.label}: at risk, {_fmt(row.achieved)} of {_fmt(row.required)} hours, "
                f"{_fmt(row.gap)} to go"
                + (f" ({_fmt(row.pending_hours)} hours waiting for review)" if row.pending_hours else ""),
                f"{row.label_zh}：有风险，已完成 {_fmt(row.achieved)} / {_fmt(row.required)} 小时，"
                f"还差 {_fmt(row.gap)} 小时"
                + (f"（另有 {_fmt(row.pending_hours)} 小时待审核）" if row.pending_hours else ""),
            )
        ]
    if row.status in (MET, ON_TRACK) and row.change_date is not None and row.change_date <= until:
        day = row.change_date.isoformat()
        if row.next_status == NOT_MET:
            english, chinese = f"is no longer met from {day}", f"将于 {day} 起未达标"
        else:
            english, chinese = f"turns at risk on {day}", f"将于 {day} 转为有风险"
        why = "as older practice hours age out" if row.status == MET else "falling behind the pace required"
        why_zh = "（早期学时到期）" if row.status == MET else "（进度落后于要求）"
        return [
            ReminderItem(
                row.change_date,
                "norm_turns_at_risk",
                f"{row.label}: if nothing new is recorded, {english} {why}",
                f"{row.label_zh}：若无新的实践记录，{chinese}{why_zh}",
            )
        ]
    return []


_LEVEL_ZH = {"junior": "初级", "intermediate": "中级", "senior": "高级"}


def _lapsing_recognitions(session: Session, as_of: date, until: date) -> list[tuple]:
    """Committee recognitions in force on as-of whose last valid day falls within the period (issue 12)."""
    from tracker.norms.levels_db import recognised_on

    held = recognised_on(session, as_of)
    lapsing = {p: v for p, v in held.items() if v[1] <= until}
    if not lapsing:
        return []
    names = dict(
        (r[0], (r[1], r[2]))
        for r in session.execute(
            sa.select(Person.id, Person.email, Person.name).where(
                Person.id.in_(sorted(lapsing)), Person.active.is_(True)
            )
        ).all()
    )
    return [(p, lapsing[p][0], lapsing[p][1], *names[p]) for p in sorted(lapsing) if p in names]


def collect_reminders(session: Session, *, as_of: date, within: int = 30) -> list[Reminder]:
    """Everything due within ``within`` days of ``as_of``, one Reminder per teacher who has something.

    Certificates: verified ones that expire between as-of and as-of + within. Norms: rows at risk now, and
    rows that turn at risk within the period if nothing new is recorded. Dual-qualified recognitions whose
    last valid day falls within the period.
    """
    until = as_of + timedelta(days=within)
    rows = evaluate_compliance(session, as_of=as_of)
    items: dict[int, list[ReminderItem]] = {}
    people: dict[int, tuple[str, str]] = {}
    for row in rows:
        people[row.person_id] = (row.teacher, row.name)
        items.setdefault(row.person_id, []).extend(_norm_items(row, as_of, until))
    expiring = session.execute(
        sa.select(
            Certification.person_id, Certification.name, Certification.expires_on, Person.email, Person.name
        )
        .join(Person, Person.id == Certification.person_id)
        .where(
            Person.active.is_(True),
            Certification.status == "verified",
            Certification.expires_on >= as_of,
            Certification.expires_on <= until,
        )
        .order_by(Certification.expires_on)
    ).all()
    for person_id, level, until_day, email, name in _lapsing_recognitions(session, as_of, until):
        people[person_id] = (email, name)
        items.setdefault(person_id, []).append(
            ReminderItem(
                until_day,
                "recognition_lapses",
                f"Your dual-qualified recognition ({level}) lapses after {until_day.isoformat()}: "
                "ask for the next recognition batch",
                f"您的“双师型”认定（{_LEVEL_ZH[level]}）将于 {until_day.isoformat()} 后到期，请申请下一批认定",
            )
        )
    for person_id, cert_name, expires, email, name in expiring:
        people[person_id] = (email, name)
        items.setdefault(person_id, []).append(
            ReminderItem(
                expires,
                "certificate_expires",
                f"Certificate '{cert_name}' expires on {expires.isoformat()}: "
                "renew it and upload the new one",
                f"证书“{cert_name}”将于 {expires.isoformat()} 到期，请及时续证并上传新证书",
            )
        )
    wanted = [pid for pid, its in items.items() if its]
    if not wanted:
        return []
    heads = _heads_by_person(session, wanted)
    return [
        Reminder(
            pid,
            people[pid][0],
            people[pid][1],
            heads.get(pid, ()),
            tuple(sorted(items[pid], key=lambda i: (i.on, i.kind, i.title))),
        )
        for pid in sorted(wanted, key=lambda p: people[p][0])
    ]


def _heads_by_person(session: Session, person_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    teacher = sa.orm.aliased(Person)
    head = sa.orm.aliased(Person)
    found = session.execute(
        sa.select(teacher.id, head.email)
        .join(head, head.department_id == teacher.department_id)
        .where(
            teacher.id.in_(sorted(person_ids)),
            head.role == Role.head.value,
            head.active.is_(True),
            head.id != teacher.id,
        )
        .order_by(head.email)
    ).all()
    out: dict[int, list[str]] = {}
    for pid, email in found:
        out.setdefault(pid, []).append(email)
    return {k: tuple(v) for k, v in out.items()}


def to_email(reminder: Reminder, sender: str) -> EmailMessage:
    return message(sender=sender, to=reminder.teacher, cc=reminder.cc, subject=reminder.subject,
                   body=reminder.body)


def send_reminders(reminders: Sequence[Reminder], smtp_url: str | None, sender: str) -> int:
    """Send each reminder through ``smtp_url`` (see ``tracker.mail.send_messages``); returns how many were sent.

    Raises:
        ConfigError: no or a malformed TRACKER_SMTP_URL.
        MailError: the server could not be reached or refused a message.
    """
    return send_messages((to_email(r, sender) for r in reminders), smtp_url, what=Text("errors.mail.what_reminders"))


def to_ics(reminders: Sequence[Reminder], *, stamp: date | None = None) -> bytes:
    """An iCalendar (RFC 5545) file with one all-day event per reminder item."""
    import hashlib
    from datetime import datetime

    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Teacher practice tracker//norms reminders//ZH-EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "企业实践与证书提醒 / Practice reminders")
    now = datetime.combine(stamp, datetime.min.time(), tzinfo=UTC) if stamp else datetime.now(UTC)
    for reminder in reminders:
        for item in reminder.items:
            event = Event()
            uid = hashlib.sha256(
                f"{reminder.teacher}|{item.kind}|{item.title}|{item.on}".encode()
            ).hexdigest()[:32]
            event.add("uid", f"{uid}@tracker")
            event.add("dtstamp", now)
            event.add("dtstart", item.on)
            event.add("dtend", item.on + timedelta(days=1))
            event.add("summary", f"{item.title_zh} / {item.title}")
            event.add("description", f"{reminder.name} <{reminder.teacher}>")
            event.add("attendee", f"mailto:{reminder.teacher}")
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()
