"""One validation layer for every entry point (import, dashboard, CLI).

Functions here are pure: they take raw values (strings from a CSV cell, widget values) and return clean values
or raise ``InvalidInput`` listing every problem found, each written for a teacher. Nothing here touches the
database; "known teacher" checks take the set of known emails as an argument.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, wraps

from email_validator import EmailNotValidError, validate_email

from tracker.errors import InvalidInput, Problem
from tracker.i18n import Text
from tracker.i18n.messages.problems import PROBLEMS  # noqa: F401 - the rules' English texts
from tracker.models import (
    MAX_DESCRIPTION,
    MAX_EMAIL,
    MAX_NAME,
    MAX_NOTE,
    MAX_PHONE,
    Category,
    CertificateLevel,
    CertificateType,
    Kind,
    OutputKind,
    Rating,
    Release,
    Role,
    Status,
    TitleRank,
)

EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2100, 12, 31)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")



def problem(code: str, field: str = "input", row: int | None = None, **params) -> Problem:
    """A Problem whose message is the catalogue text ``problem.<code>`` (English from PROBLEMS or a catalogue
    module such as tracker/i18n/messages/errors.py), shown in the reader's language."""
    return Problem(field, Text(f"problem.{code}", **params), row, code=code, params=params)


def _bad(code: str, **params) -> InvalidInput:
    return InvalidInput(problem(code, **params))


class Collector:
    """Gathers problems so a form or a row reports all of them at once."""

    def __init__(self, row: int | None = None):
        self.row = row
        self.problems: list[Problem] = []

    def add(self, field: str, code: str, **params) -> None:
        self.problems.append(problem(code, field, self.row, **params))

    def check(self, field: str, fn, *args, **kwargs):
        """Run one field validator; record its problem and return None on failure."""
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            for p in exc.problems:
                self.problems.append(Problem(field, p.message, self.row, code=p.code, params=p.params))
            return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)


def _remembered(fn):
    """Cache a pure field rule: an import repeats the same few thousand emails and dates a million times.

    Only successful results are cached (a raised InvalidInput is not), and unhashable values skip the cache.
    """
    # typed: 1, 1.0 and True are equal keys otherwise (a cell True came back as "1"); floats skip the cache
    # altogether, since 0.0 == -0.0 as well
    cached = lru_cache(maxsize=65_536, typed=True)(fn)

    @wraps(fn)
    def wrapper(*args, **kwargs):
        if any(isinstance(a, float) for a in args):
            return fn(*args, **kwargs)
        try:
            return cached(*args, **kwargs)
        except TypeError:
            return fn(*args, **kwargs)

    return wrapper


def _blank(value) -> bool:
    if isinstance(value, str):  # the common case first: every CSV cell is a string
        return not value.strip()
    return value is None or (isinstance(value, float) and math.isnan(value))


def text(value, *, max_length: int = MAX_NAME, required: bool = True, multiline: bool = False) -> str:
    """Trimmed text with no control characters, within the length limit."""
    if _blank(value):
        if required:
            raise _bad("required")
        return ""
    s = unicodedata.normalize("NFC", str(value)).strip()
    if not multiline and ("\n" in s or "\r" in s):
        raise _bad("single_line")
    if _CONTROL.search(s):
        raise _bad("control_chars")
    if len(s) > max_length:
        raise _bad("too_long", length=len(s), limit=max_length)
    return s


@_remembered
def optional_text(value, *, max_length: int = MAX_NAME) -> str | None:
    return text(value, max_length=max_length, required=False) or None


@_remembered
def email(value) -> str:
    """A deliverable-looking address, lower-cased (emails are the natural key of a person)."""
    s = text(value, max_length=MAX_EMAIL)
    try:
        result = validate_email(s, check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        raise _bad("bad_email", value=s) from None
    return result.normalized.lower()


@_remembered
def iso_date(value, *, required: bool = True) -> date | None:
    """A calendar date written as YYYY-MM-DD (or a date/datetime from a spreadsheet cell)."""
    if _blank(value):
        if required:
            raise _bad("required_date")
        return None
    if isinstance(value, datetime):
        d = value.date()
    elif isinstance(value, date):
        d = value
    else:
        s = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            raise _bad("not_a_date", value=s[:40])
        try:
            d = date.fromisoformat(s)
        except ValueError:
            raise _bad("not_real_date", value=s) from None
    if not EARLIEST_DATE <= d <= LATEST_DATE:
        raise _bad("date_out_of_range", value=d.isoformat(), first=EARLIEST_DATE.year, last=LATEST_DATE.year)
    return d


@_remembered
def choice(value, enum_cls, *, default=None) -> str:
    if _blank(value):
        if default is not None:
            return default.value
        raise _bad("required")
    s = str(value).strip().lower()
    allowed = [m.value for m in enum_cls]
    if s not in allowed:
        raise _bad("not_one_of", value=str(value)[:40], allowed=", ".join(allowed))
    return s


def hours(value, start: date | None, end: date | None) -> float:
    """Hours worked: a finite number above 0 and at most 24 for each day of the period."""
    if _blank(value):
        raise _bad("required")
    if isinstance(value, bool):
        raise _bad("must_be_number")
    try:
        h = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise _bad("not_number", value=str(value)[:40]) from None
    if not math.isfinite(h):
        raise _bad("not_finite")
    if h <= 0:
        raise _bad("not_positive")
    if start and end and end >= start:
        days = (end - start).days + 1
        if h > 24 * days:
            raise _bad("hours_exceed", hours=h, days=days, limit=24 * days)
    return h


MAX_INDUSTRY_YEARS = 60
# Certificate levels as printed in Chinese, accepted beside junior/intermediate/senior.
LEVEL_ALIASES = {"初级": "junior", "中级": "intermediate", "高级": "senior"}


def years(value, *, default: float | None = None) -> float:
    """Whole or decimal years, 0 to 60 (industry experience), rounded to 2 decimals; blank gives ``default``."""
    if _blank(value):
        if default is not None:
            return default
        raise _bad("required")
    if isinstance(value, bool):
        raise _bad("must_be_number")
    try:
        y = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise _bad("not_number", value=str(value)[:40]) from None
    if not math.isfinite(y) or not 0 <= y <= MAX_INDUSTRY_YEARS:
        raise _bad("years_range", limit=MAX_INDUSTRY_YEARS)
    return round(y, 2)


@dataclass(frozen=True)
class ActivityInput:
    teacher_email: str
    kind: str
    enterprise: str | None
    start_date: date
    end_date: date
    hours: float
    status: str
    description: str


def activity(raw: dict, *, row: int | None = None, known_emails=None,
             allowed_statuses=tuple(Status), default_status=Status.submitted) -> ActivityInput:
    """Validate one activity from any entry point; every problem is reported at once."""
    c = Collector(row)
    mail = c.check("teacher_email", email, raw.get("teacher_email"))
    if mail and known_emails is not None and mail not in known_emails:
        c.add("teacher_email", "unknown_teacher", email=mail)
    kind = c.check("kind", choice, raw.get("kind"), Kind)
    enterprise = c.check("enterprise", optional_text, raw.get("enterprise"))
    start = c.check("start_date", iso_date, raw.get("start_date"))
    end = c.check("end_date", iso_date, raw.get("end_date"))
    if start and end and end < start:
        c.add("end_date", "end_before_start")
    h = c.check("hours", hours, raw.get("hours"), start, end)
    status = c.check("status", choice, raw.get("status"), Status, default=default_status)
    if status and status not in allowed_statuses:  # Status members equal their string values
        c.add("status", "status_not_allowed", status=status)
    description = c.check(
        "description", text, raw.get("description"), max_length=MAX_DESCRIPTION, required=False, multiline=True
    )
    c.raise_if_any()
    return ActivityInput(mail, kind, enterprise, start, end, h, status, description or "")


@dataclass(frozen=True)
class CertificationInput:
    teacher_email: str
    name: str
    issuer: str
    level: str | None
    issued_on: date
    expires_on: date | None
    credential_id: str | None
    status: str
    type: str = CertificateType.other.value


def certification(raw: dict, *, row: int | None = None, known_emails=None,
                  allowed_statuses=tuple(Status), default_status=Status.submitted) -> CertificationInput:
    c = Collector(row)
    mail = c.check("teacher_email", email, raw.get("teacher_email"))
    if mail and known_emails is not None and mail not in known_emails:
        c.add("teacher_email", "unknown_teacher", email=mail)
    name = c.check("name", text, raw.get("name"))
    issuer = c.check("issuer", text, raw.get("issuer"), required=False)
    kind = c.check("type", choice, raw.get("type"), CertificateType, default=CertificateType.other)
    given = raw.get("level")
    given = LEVEL_ALIASES.get(given.strip(), given) if isinstance(given, str) else given
    level = None if _blank(given) else c.check("level", choice, given, CertificateLevel)
    if kind and kind != CertificateType.other and _blank(raw.get("level")):
        c.add("level", "level_needed")
    issued = c.check("issued_on", iso_date, raw.get("issued_on"))
    expires = c.check("expires_on", iso_date, raw.get("expires_on"), required=False)
    if issued and expires and expires < issued:
        c.add("expires_on", "expires_before_issue")
    credential = c.check("credential_id", optional_text, raw.get("credential_id"))
    status = c.check("status", choice, raw.get("status"), Status, default=default_status)
    if status and status not in allowed_statuses:
        c.add("status", "status_not_allowed", status=status)
    c.raise_if_any()
    return CertificationInput(mail, name, issuer or "", level, issued, expires, credential, status, kind)


@dataclass(frozen=True)
class OutputInput:
    teacher_email: str
    kind: str
    title: str
    dated_on: date
    status: str
    description: str = ""


def output(raw: dict, *, row: int | None = None, known_emails=None,
           allowed_statuses=tuple(Status), default_status=Status.submitted) -> OutputInput:
    """Validate one output (成果) from any entry point; its date is the ``date`` cell or field."""
    c = Collector(row)
    mail = c.check("teacher_email", email, raw.get("teacher_email"))
    if mail and known_emails is not None and mail not in known_emails:
        c.add("teacher_email", "unknown_teacher", email=mail)
    kind = c.check("kind", choice, raw.get("kind"), OutputKind)
    title = c.check("title", text, raw.get("title"))
    dated = c.check("date", iso_date, raw.get("date"))
    status = c.check("status", choice, raw.get("status"), Status, default=default_status)
    if status and status not in allowed_statuses:
        c.add("status", "status_not_allowed", status=status)
    description = c.check(
        "description", text, raw.get("description"), max_length=MAX_DESCRIPTION, required=False, multiline=True
    )
    c.raise_if_any()
    return OutputInput(mail, kind, title, dated, status, description or "")


@dataclass(frozen=True)
class PersonInput:
    email: str
    name: str
    department: str | None
    role: str
    category: str
    hire_date: date | None
    title_rank: str = TitleRank.none.value
    industry_years: float = 0.0


def person(raw: dict, *, row: int | None = None, hire_date_required: bool = True) -> PersonInput:
    c = Collector(row)
    mail = c.check("email", email, raw.get("email"))
    name = c.check("name", text, raw.get("name"))
    department = c.check("department", optional_text, raw.get("department"))
    role = c.check("role", choice, raw.get("role"), Role, default=Role.teacher)
    category = c.check("category", choice, raw.get("category"), Category, default=Category.professional)
    hire = c.check("hire_date", iso_date, raw.get("hire_date"), required=hire_date_required)
    rank = c.check("title_rank", choice, raw.get("title_rank"), TitleRank, default=TitleRank.none)
    industry = c.check("industry_years", years, raw.get("industry_years"), default=0.0)
    c.raise_if_any()
    return PersonInput(mail, name, department, role, category, hire, rank, industry)


def note(value) -> str | None:
    return text(value, max_length=MAX_NOTE, required=False, multiline=True) or None


MIN_PASSWORD = 10  # for every new password; only the demo accounts (tracker/demo.py) have a shorter one


def password(value) -> str:
    if value is None or len(value) < MIN_PASSWORD:
        raise InvalidInput(problem("password_short", "password", limit=MIN_PASSWORD))
    if len(value) > 1024:
        raise InvalidInput(problem("password_long", "password"))
    return value


# --- placement plans, journal entries, enterprise confirmations (issue 13) --------------------------------------


@dataclass(frozen=True)
class PlanInput:
    enterprise: str
    kind: str
    post: str
    tasks: str
    start_date: date
    end_date: date
    planned_days: int
    release: str
    mentor_name: str
    mentor_title: str
    mentor_email: str
    mentor_phone: str


def whole_number(value, *, least: int = 0) -> int:
    if _blank(value):
        raise _bad("required")
    try:
        f = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise _bad("not_number", value=str(value)[:40]) from None
    if isinstance(value, bool) or not math.isfinite(f) or f != int(f) or f < least:
        raise _bad("not_whole_number", least=least)
    return int(f)


def weekdays(start: date, end: date) -> int:
    """Monday-to-Friday days from ``start`` to ``end``, both included (the default of planned days)."""
    from datetime import timedelta

    return sum(1 for k in range((end - start).days + 1) if (start + timedelta(days=k)).weekday() < 5)


def placement_plan(raw: dict) -> PlanInput:
    """A teacher's placement application (申请); blank planned days become the weekdays of the period."""
    c = Collector()
    enterprise = c.check("enterprise", text, raw.get("enterprise"))
    kind = c.check("kind", choice, raw.get("kind"), Kind, default=Kind.post_practice)
    post = c.check("post", text, raw.get("post"))
    tasks = c.check("tasks", text, raw.get("tasks"), max_length=MAX_DESCRIPTION, required=False, multiline=True)
    start = c.check("start_date", iso_date, raw.get("start_date"))
    end = c.check("end_date", iso_date, raw.get("end_date"))
    if start and end and end < start:
        c.add("end_date", "end_before_start")
        end = None
    days = None
    if _blank(raw.get("planned_days")):
        if start and end:
            days = max(1, weekdays(start, end))
    else:
        days = c.check("planned_days", whole_number, raw.get("planned_days"), least=1)
        if days and start and end and days > (end - start).days + 1:
            c.add("planned_days", "too_many_days", days=days, limit=(end - start).days + 1)
    release = c.check("release", choice, raw.get("release"), Release, default=Release.full_time)
    mentor = c.check("mentor_name", text, raw.get("mentor_name"))
    title = c.check("mentor_title", text, raw.get("mentor_title"), required=False)
    mail = c.check("mentor_email", email, raw.get("mentor_email")) if not _blank(raw.get("mentor_email")) else ""
    phone = c.check("mentor_phone", text, raw.get("mentor_phone"), max_length=MAX_PHONE, required=False)
    c.raise_if_any()
    return PlanInput(enterprise, kind, post, tasks or "", start, end, days, release, mentor, title or "",
                     mail or "", phone or "")


@dataclass(frozen=True)
class JournalInput:
    day: date
    hours: float
    content: str


def journal_entry(raw: dict, *, first: date, last: date) -> JournalInput:
    """One journal entry (周志) on a day of the plan, with at most 24 hours."""
    c = Collector()
    day = c.check("day", iso_date, raw.get("day"))
    if day and not first <= day <= last:
        c.add("day", "outside_plan", value=day.isoformat(), first=first.isoformat(), last=last.isoformat())
    h = c.check("hours", hours, raw.get("hours"), None, None)
    if h and h > 24:
        c.add("hours", "hours_over_day")
    content = c.check("content", text, raw.get("content"), max_length=MAX_DESCRIPTION, multiline=True)
    c.raise_if_any()
    return JournalInput(day, h, content)


@dataclass(frozen=True)
class ConfirmationInput:
    confirmed_days: int
    confirmed_hours: float
    rating: str
    comment: str
    confirmed_by: str


def _hours_or_none(value) -> float:
    """Hours that may be 0 (nothing was worked) but not negative."""
    try:
        if not _blank(value) and not isinstance(value, bool) and float(str(value).strip()) == 0:
            return 0.0
    except ValueError:
        pass
    return hours(value, None, None)


def confirmation(raw: dict, *, calendar_days: int) -> ConfirmationInput:
    """The enterprise's confirmation: days (within the period) and hours actually worked, rating, comment.

    Zero days and hours are allowed: the enterprise may confirm that nothing was done.
    """
    c = Collector()
    days = c.check("confirmed_days", whole_number, raw.get("confirmed_days"), least=0)
    if days is not None and days > calendar_days:
        c.add("confirmed_days", "too_many_days", days=days, limit=calendar_days)
    h = c.check("confirmed_hours", _hours_or_none, raw.get("confirmed_hours"))
    if h is not None and days is not None and h > 24 * max(days, 0):
        c.add("confirmed_hours", "hours_exceed", hours=h, days=days, limit=24 * days)
    rating = c.check("rating", choice, raw.get("rating"), Rating)
    comment = c.check("comment", text, raw.get("comment"), max_length=MAX_DESCRIPTION, required=False,
                      multiline=True)
    by = c.check("confirmed_by", text, raw.get("confirmed_by"))
    c.raise_if_any()
    return ConfirmationInput(days, h, rating, comment or "", by)
