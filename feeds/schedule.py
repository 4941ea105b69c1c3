"""When to check a feed next (a pure decider: data in, datetime out).

Each feed has an interval (60 minutes by default). A server's Cache-Control max-age stretches it
(never past a day); after an error the wait doubles per consecutive error, up to a day; a
Retry-After from the server is honoured (also capped at a day). No feed is ever dropped silently:
the worst case is one check a day.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

MAX_WAIT = timedelta(days=1)


def next_check(
    *,
    now: datetime,
    interval: timedelta,
    consecutive_errors: int = 0,
    max_age: timedelta | None = None,
    retry_after: timedelta | None = None,
) -> datetime:
    """The next time a feed should be fetched.

    Args:
        now: when this check finished.
        interval: the feed's normal interval.
        consecutive_errors: errors in a row including this check (0 after a success).
        max_age: the response's Cache-Control max-age, if any.
        retry_after: the response's Retry-After, if any.
    """
    wait = interval
    if consecutive_errors > 0:
        wait = interval * (2 ** min(consecutive_errors - 1, 16))
    if max_age is not None and consecutive_errors == 0:
        wait = max(wait, max_age)
    if retry_after is not None:
        wait = max(wait, retry_after)
    return now + min(wait, MAX_WAIT)


_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


def parse_max_age(cache_control: str | None) -> timedelta | None:
    """max-age from a Cache-Control header value (``no-store``/``no-cache`` mean none)."""
    if not cache_control:
        return None
    match = _MAX_AGE.search(cache_control)
    return timedelta(seconds=int(match.group(1))) if match else None


def parse_retry_after(value: str | None, *, now: datetime) -> timedelta | None:
    """Retry-After as delay-seconds or an HTTP date, relative to ``now`` (aware UTC)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when - now, timedelta(0))
