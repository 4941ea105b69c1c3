"""Times as people read them: stored in UTC, shown in the institution's time zone (``TRACKER_TIMEZONE``).

One home for the conversion, so the audit log, the review pages, exports and the audit pack agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def institution_zone() -> ZoneInfo:
    """The configured time zone (default Asia/Shanghai)."""
    from tracker.settings import get_settings

    return _zone(get_settings().timezone)


def zone_name() -> str:
    return institution_zone().key


def local(moment: datetime) -> datetime:
    """``moment`` (aware, or naive UTC as SQLite returns it) in the institution's time zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(institution_zone())


def local_naive(moment: datetime | None) -> datetime | None:
    """``moment`` as a local wall-clock time without zone, for spreadsheets (Excel has no zones)."""
    return None if moment is None else local(moment).replace(tzinfo=None, microsecond=0)


def format_moment(moment: datetime | None, *, seconds: bool = False) -> str:
    """``YYYY-MM-DD HH:MM`` (``:SS`` with ``seconds``) in the institution's time zone; ``""`` for None."""
    if moment is None:
        return ""
    return local(moment).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def start_of_local_day(day: date) -> datetime:
    """The UTC instant at which ``day`` begins in the institution's time zone (for date-range filters)."""
    return datetime.combine(day, time.min, tzinfo=institution_zone()).astimezone(UTC)
