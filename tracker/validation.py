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
from tracker.models import (
    MAX_DESCRIPTION,
    MAX_EMAIL,
    MAX_NAME,
    MAX_NOTE,
    Category,
    Kind,
    Role,
    Status,
)

EARLIEST_DATE = date(1950, 1, 1)
LATEST_DATE = date(2100, 12, 31)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Collector:
    """Gathers problems so a form or a row reports all of them at once."""

    def __init__(self, row: int | None = None):
        self.row = row
        self.problems: list[Problem] = []

    def add(self, field: str, message: str) -> None:
        self.problems.append(Problem(field, message, self.row))

    def check(self, field: str, fn, *args, **kwargs):
        """Run one field validator; record its problem and return None on failure."""
        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            for p in exc.problems:
                self.problems.append(Problem(field, p.message, self.row))
            return None

    def raise_if_any(self) -> None:
        if self.problems:
            raise InvalidInput(self.problems)


def _remembered(fn):
    """Cache a pure field rule: an import repeats the same few thousand emails and dates a million times.

    Only successful results are cached (a raised InvalidInput is not), and unhashable values skip the cache.
    """
    cached = lru_cache(maxsize=65_536)(fn)

    @wraps(fn)
    def wrapper(*args, **kwargs):
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
            raise InvalidInput("is required")
        return ""
    s = unicodedata.normalize("NFC", str(value)).strip()
    if not multiline and ("\n" in s or "\r" in s):
        raise InvalidInput("must be a single line")
    if _CONTROL.search(s):
        raise InvalidInput("contains control characters")
    if len(s) > max_length:
        raise InvalidInput(f"is too long ({len(s)} characters; at most {max_length})")
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
        raise InvalidInput(f"{s!r} is not a valid email address") from None
    return result.normalized.lower()


@_remembered
def iso_date(value, *, required: bool = True) -> date | None:
    """A calendar date written as YYYY-MM-DD (or a date/datetime from a spreadsheet cell)."""
    if _blank(value):
        if required:
            raise InvalidInput("is required (YYYY-MM-DD)")
        return None
    if isinstance(value, datetime):
        d = value.date()
    elif isinstance(value, date):
        d = value
    else:
        s = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            raise InvalidInput(f"{s[:40]!r} is not a date; write it as YYYY-MM-DD")
        try:
            d = date.fromisoformat(s)
        except ValueError:
            raise InvalidInput(f"{s!r} is not a real calendar date") from None
    if not EARLIEST_DATE <= d <= LATEST_DATE:
        raise InvalidInput(f"{d.isoformat()} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}")
    return d


@_remembered
def choice(value, enum_cls, *, default=None) -> str:
    if _blank(value):
        if default is not None:
            return default.value
        raise InvalidInput("is required")
    s = str(value).strip().lower()
    allowed = [m.value for m in enum_cls]
    if s not in allowed:
        raise InvalidInput(f"{str(value)[:40]!r} is not one of: {', '.join(allowed)}")
    return s


def hours(value, start: date | None, end: date | None) -> float:
    """Hours worked: a finite number above 0 and at most 24 for each day of the period."""
    if _blank(value):
        raise InvalidInput("is required")
    if isinstance(value, bool):
        raise InvalidInput("must be a number")
    try:
        h = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise InvalidInput(f"{str(value)[:40]!r} is not a number") from None
    if not math.isfinite(h):
        raise InvalidInput("must be a finite number")
    if h <= 0:
        raise InvalidInput("must be more than 0")
    if start and end and end >= start:
        days = (end - start).days + 1
        if h > 24 * days:
            raise InvalidInput(f"{h:g} hours do not fit in {days} day(s) (at most {24 * days})")
    return h


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
        c.add("teacher_email", f"no teacher with email {mail}")
    kind = c.check("kind", choice, raw.get("kind"), Kind)
    enterprise = c.check("enterprise", optional_text, raw.get("enterprise"))
    start = c.check("start_date", iso_date, raw.get("start_date"))
    end = c.check("end_date", iso_date, raw.get("end_date"))
    if start and end and end < start:
        c.add("end_date", "is before the start date")
    h = c.check("hours", hours, raw.get("hours"), start, end)
    status = c.check("status", choice, raw.get("status"), Status, default=default_status)
    if status and status not in allowed_statuses:  # Status members equal their string values
        c.add("status", f"{status} is not allowed here")
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


def certification(raw: dict, *, row: int | None = None, known_emails=None,
                  default_status=Status.submitted) -> CertificationInput:
    c = Collector(row)
    mail = c.check("teacher_email", email, raw.get("teacher_email"))
    if mail and known_emails is not None and mail not in known_emails:
        c.add("teacher_email", f"no teacher with email {mail}")
    name = c.check("name", text, raw.get("name"))
    issuer = c.check("issuer", text, raw.get("issuer"), required=False)
    level = c.check("level", optional_text, raw.get("level"), max_length=64)
    issued = c.check("issued_on", iso_date, raw.get("issued_on"))
    expires = c.check("expires_on", iso_date, raw.get("expires_on"), required=False)
    if issued and expires and expires < issued:
        c.add("expires_on", "is before the issue date")
    credential = c.check("credential_id", optional_text, raw.get("credential_id"))
    status = c.check("status", choice, raw.get("status"), Status, default=default_status)
    c.raise_if_any()
    return CertificationInput(mail, name, issuer or "", level, issued, expires, credential, status)


@dataclass(frozen=True)
class PersonInput:
    email: str
    name: str
    department: str | None
    role: str
    category: str
    hire_date: date | None


def person(raw: dict, *, row: int | None = None, hire_date_required: bool = True) -> PersonInput:
    c = Collector(row)
    mail = c.check("email", email, raw.get("email"))
    name = c.check("name", text, raw.get("name"))
    department = c.check("department", optional_text, raw.get("department"))
    role = c.check("role", choice, raw.get("role"), Role, default=Role.teacher)
    category = c.check("category", choice, raw.get("category"), Category, default=Category.professional)
    hire = c.check("hire_date", iso_date, raw.get("hire_date"), required=hire_date_required)
    c.raise_if_any()
    return PersonInput(mail, name, department, role, category, hire)


def note(value) -> str | None:
    return text(value, max_length=MAX_NOTE, required=False, multiline=True) or None


def password(value) -> str:
    if value is None or len(value) < 4:
        raise InvalidInput("must be at least 4 characters", field="password")
    if len(value) > 1024:
        raise InvalidInput("is too long", field="password")
    return value
