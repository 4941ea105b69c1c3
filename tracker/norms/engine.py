"""The pure compliance engine: norms + people + activities + certificates as plain arrays -> rows.

No database here (issue 3, "exact semantics"). Hours of an activity are spread evenly over its calendar days,
each teacher's days are capped (8 hours), only days on or before as-of count, and every comparison is made on
values rounded to 2 decimals. Everything is vectorised with NumPy over a (teacher x day) grid of the window,
so one call evaluates a whole institution.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from tracker.norms.packs import ComplianceStatus, Labelled, Norm, years_before

MET, ON_TRACK, AT_RISK, NOT_MET = (s.value for s in ComplianceStatus)
_STATUS_ORDER = (MET, ON_TRACK, AT_RISK, NOT_MET)
_STATUS_NAMES = np.array(_STATUS_ORDER)
_MET, _ON_TRACK, _AT_RISK, _NOT_MET = range(4)
_NEVER = np.iinfo(np.int64).max // 4  # "no date": ordinal far beyond any real one
NANO = 1e9  # daily series hold whole nano-hours


@dataclass(frozen=True)
class Teacher:
    """Who a norm may apply to (plain data loaded by the query layer)."""

    person_id: int
    email: str
    name: str
    department: str | None
    category: str
    hire_date: date | None


@dataclass(frozen=True)
class ActivityArrays:
    """Activities as parallel arrays; dates are proleptic ordinals (``date.toordinal()``), end inclusive."""

    person_id: np.ndarray
    start: np.ndarray
    end: np.ndarray
    hours: np.ndarray
    kind: np.ndarray  # str values
    verified: np.ndarray  # bool: verified (counts) vs submitted (pending)
    # bool: the host enterprise confirmed it (``hours`` are then the confirmed hours); None: none was
    confirmed: np.ndarray | None = None

    @classmethod
    def empty(cls) -> ActivityArrays:
        i = np.zeros(0, dtype=np.int64)
        return cls(i, i, i, np.zeros(0), np.zeros(0, dtype=object), np.zeros(0, dtype=bool))

    def confirmed_mask(self) -> np.ndarray:
        return np.zeros(len(self.kind), dtype=bool) if self.confirmed is None else self.confirmed

    @classmethod
    def from_records(cls, records: Sequence[tuple]) -> ActivityArrays:
        """From ``(person_id, start, end, hours, kind, status[, confirmed_hours])`` tuples; statuses other
        than verified and submitted are dropped here, because they never count and are never pending. A
        confirmed_hours that is not None replaces the hours (the enterprise's confirmation)."""
        keep = [r for r in records if r[5] in ("verified", "submitted")]
        if not keep:
            return cls.empty()
        confirmed = [len(r) > 6 and r[6] is not None for r in keep]
        return cls(
            person_id=np.array([r[0] for r in keep], dtype=np.int64),
            start=np.array([r[1].toordinal() for r in keep], dtype=np.int64),
            end=np.array([r[2].toordinal() for r in keep], dtype=np.int64),
            hours=np.array([r[6] if c else r[3] for r, c in zip(keep, confirmed, strict=True)], dtype=np.float64),
            kind=np.array([r[4] for r in keep], dtype=object),
            verified=np.array([r[5] == "verified" for r in keep], dtype=bool),
            confirmed=np.array(confirmed, dtype=bool),
        )


@dataclass(frozen=True)
class CertificateRecord:
    person_id: int
    issued_on: date
    expires_on: date | None
    status: str


@dataclass(frozen=True)
class ComplianceRow(Labelled):
    """One teacher against one norm on one as-of date.

    ``achieved`` and ``required`` are hours rounded to 2 decimals, or a count; ``pending_hours`` is submitted,
    not yet verified work in the same window (a count of certificates for the certificate norm); ``gap`` is
    what is still missing; ``change_date`` is, for rolling norms, the first date the status changes if nothing
    new is added (hours ageing out), and for certificates the expiry that ends compliance.
    """

    person_id: int
    teacher: str
    name: str
    department: str | None
    norm: str
    label: str
    label_zh: str
    required: float
    achieved: float
    unit: str
    status: str
    pending_hours: float
    gap: float
    change_date: date | None
    source: str
    next_status: str | None = None  # status from change_date on (certificates: from the day after expiry)
    window_start: date | None = None  # first day counted (hour norms)
    window_end: date | None = None  # last day of a fixed window (calendar year, cycle); None when rolling
    hours_per_day: float = 8.0  # the norm's conversion, so every figure can be shown as days and months
    days_per_month: float = 22.0

    def as_days_months(self, hours: float) -> tuple[float, float]:
        """Hours as (days, months) with the conversion of the norm behind this row."""
        from tracker.norms.packs import hours_as_days_months

        return hours_as_days_months(
            hours, hours_per_day=self.hours_per_day, days_per_month=self.days_per_month
        )


def evaluate(
    norms: Sequence[Norm],
    teachers: Sequence[Teacher],
    activities: ActivityArrays | None,
    certificates: Sequence[CertificateRecord],
    as_of: date,
    *,
    daily: Mapping[SeriesKey, DailyHours] | None = None,
) -> list[ComplianceRow]:
    """Evaluate every norm for every teacher it applies to, as of ``as_of``.

    Hours come from ``daily`` (materialised series, by ``series_key``) when it has the norm's series, else
    they are spread from ``activities``. Teachers hired after ``as_of`` and teachers outside a norm's
    categories get no row for it. Rows come grouped by teacher (in the order given), norms in the given order.
    """
    employed = [t for t in teachers if t.hire_date is None or t.hire_date <= as_of]
    a = as_of.toordinal()
    # hour norms counting the same series for the same categories share one grid (a chunk of teachers at a
    # time, so the grid stays small and cache-friendly); it spans the widest window among them
    groups: dict[tuple[SeriesKey, tuple[str, ...]], list[Norm]] = {}
    for norm in norms:
        if norm.rule != "valid_certificates":
            groups.setdefault((series_key(norm), tuple(sorted(norm.categories))), []).append(norm)
    results: dict[str, dict[int, ComplianceRow]] = {}
    for (key, categories), group in groups.items():
        applies = [t for t in employed if t.category in categories]
        if not applies:
            continue
        first = min(_window(n, as_of) + 1 for n in group)
        series = (daily or {}).get(key)
        if series is None:
            series = spread_daily(activities or ActivityArrays.empty(), key, first, a)
        counted = series.counted
        pos = _positions(applies, counted.person_id)
        keep = np.flatnonzero((pos >= 0) & (counted.day >= first) & (counted.day <= a))
        keep = keep[np.argsort(pos[keep], kind="stable")]  # by teacher, so each chunk is one slice
        pos, day, nano = pos[keep], counted.day[keep], counted.nano[keep]
        waiting = {n.key: _window_sums(applies, series.pending, _window(n, as_of), a) for n in group}
        for norm in group:
            results[norm.key] = {}
        for lo in range(0, len(applies), _TEACHERS_PER_CHUNK):
            chunk = applies[lo : lo + _TEACHERS_PER_CHUNK]
            i, j = np.searchsorted(pos, [lo, lo + len(chunk)])
            prefix = _prefix(len(chunk), pos[i:j] - lo, day[i:j], nano[i:j], first, a)
            for norm in group:
                pending = waiting[norm.key][lo : lo + len(chunk)]
                rows = _evaluate_hours(norm, chunk, prefix, first, pending, as_of)
                results[norm.key].update((r.person_id, r) for r in rows)
    for norm in norms:
        if norm.rule == "valid_certificates":
            applies = [t for t in employed if t.category in norm.categories]
            results[norm.key] = {
                r.person_id: r for r in _evaluate_certificates(norm, applies, certificates, as_of)
            }
    per_norm = [results.get(norm.key, {}) for norm in norms]
    out: list[ComplianceRow] = []
    for t in employed:
        for rows_by_person in per_norm:
            row = rows_by_person.get(t.person_id)
            if row is not None:
                out.append(row)
    return out


# --- hour norms ---------------------------------------------------------------------------------------------


def _positions(teachers: Sequence[Teacher], person_ids: np.ndarray) -> np.ndarray:
    """Row index in ``teachers`` for each entry's person (-1 when the person is not evaluated)."""
    ids = np.array([t.person_id for t in teachers], dtype=np.int64)
    if not len(person_ids) or not len(ids):
        return np.full(len(person_ids), -1, dtype=np.int64)
    top = int(max(ids.max(), person_ids.max())) + 1
    if top <= 50 * (len(ids) + len(person_ids)):  # ids are dense: a lookup table beats a search
        table = np.full(top, -1, dtype=np.int64)
        table[ids] = np.arange(len(ids))
        return table[np.maximum(person_ids, 0)]
    order = np.argsort(ids)
    sorted_ids = ids[order]
    at = np.clip(np.searchsorted(sorted_ids, person_ids), 0, len(ids) - 1)
    return np.where(sorted_ids[at] == person_ids, order[at], -1)


def daily_grid(
    n: int,
    pos: np.ndarray,
    start: np.ndarray,
    end: np.ndarray,
    hours: np.ndarray,
    first: int,
    last: int,
    cap: float | None,
) -> np.ndarray:
    """Each teacher's hours per day over days ``first..last`` (ordinals, inclusive), shape (n, days).

    Each activity adds ``hours / its calendar days`` to each of its days; days outside ``first..last`` are not
    on the grid (an activity straddling an edge counts in part). With ``cap`` the day's total is capped.
    """
    width = last - first + 1
    if width <= 0 or n == 0:
        return np.zeros((n, max(width, 0)))
    rate = hours / (end - start + 1)
    s = np.maximum(start, first) - first
    e = np.minimum(end, last) - first
    keep = (s <= e) & (pos >= 0)
    rate, s, e, row = rate[keep], s[keep], e[keep], pos[keep]
    # a difference array: +rate on the first day, -rate the day after the last, then a running sum
    stride = width + 1
    size = n * stride
    diff = np.bincount(row * stride + s, weights=rate, minlength=size).astype(np.float64, copy=False)
    diff -= np.bincount(row * stride + e + 1, weights=rate, minlength=size)
    daily = diff.reshape(n, stride)[:, :width]
    np.cumsum(daily, axis=1, out=daily)
    # clip at 0 too: the running sum leaves -1e-16 residues where an activity ends
    np.clip(daily, 0.0, np.inf if cap is None else cap, out=daily)
    return daily


# (kinds counted, daily cap, kinds counted only when the host enterprise confirmed them)
SeriesKey = tuple[tuple[str, ...], float, tuple[str, ...]]


def series_key(norm: Norm) -> SeriesKey:
    """Norms that count the same kinds under the same daily cap and confirmation rule share one series."""
    return (tuple(sorted(norm.kinds)), float(norm.daily_cap_hours), tuple(sorted(norm.confirmed_kinds)))


@dataclass(frozen=True)
class SparseDays:
    """Nano-hours per (teacher, day), only days with hours, each (teacher, day) once; parallel int64s."""

    person_id: np.ndarray
    day: np.ndarray
    nano: np.ndarray

    @classmethod
    def empty(cls) -> SparseDays:
        i = np.zeros(0, dtype=np.int64)
        return cls(i, i, i)

    @classmethod
    def from_grid(cls, grid: np.ndarray, people: np.ndarray, first: int) -> SparseDays:
        nano = np.rint(grid * NANO).astype(np.int64)
        row, col = np.nonzero(nano)
        return cls(people[row], first + col, nano[row, col])

    @classmethod
    def concat(cls, parts: Sequence[SparseDays]) -> SparseDays:
        if not parts:
            return cls.empty()
        return cls(
            *(np.concatenate(x) for x in zip(*((p.person_id, p.day, p.nano) for p in parts), strict=True))
        )


@dataclass(frozen=True)
class DailyHours:
    """One (kinds, cap) series: ``counted`` verified hours per teacher and day after the daily cap, and
    ``pending`` submitted hours (spread, not capped).

    Whole nano-hours (int64): sums over any window are then exact and identical whichever path built the
    series (so a rounding tie cannot come out differently), while 1e-9 h stays far below the reported
    0.01 h. This is what the write-time hook materialises and what the engine evaluates.
    """

    counted: SparseDays
    pending: SparseDays

    @classmethod
    def empty(cls) -> DailyHours:
        return cls(SparseDays.empty(), SparseDays.empty())


_CELLS_PER_CHUNK = 4_000_000  # about 32 MB of float64 per grid
_TEACHERS_PER_CHUNK = 512


def spread_daily(
    acts: ActivityArrays, key: SeriesKey, first: int | None = None, last: int | None = None
) -> DailyHours:
    """Spread the activities of ``key``'s kinds over their days (between ``first`` and ``last`` when given):
    verified hours capped per teacher and day, submitted hours kept apart as pending. Activities of the
    key's confirmed-only kinds that the enterprise has not confirmed count as pending even when verified."""
    kinds, cap, confirmed_only = key
    mine = np.isin(acts.kind, list(kinds)) if len(acts.kind) else np.zeros(0, dtype=bool)
    if not mine.any():
        return DailyHours.empty()
    counts = acts.verified
    if confirmed_only:
        counts = counts & ~(np.isin(acts.kind, list(confirmed_only)) & ~acts.confirmed_mask())
    pid, start, end, hours, verified = (
        acts.person_id[mine],
        acts.start[mine],
        acts.end[mine],
        acts.hours[mine],
        counts[mine],
    )
    first = int(start.min()) if first is None else first
    last = int(end.max()) if last is None else last
    if last < first:
        return DailyHours.empty()
    people = np.unique(pid)
    pos = np.searchsorted(people, pid)
    width = last - first + 1
    step = max(1, _CELLS_PER_CHUNK // width)
    counted, pending = [], []
    for lo in range(0, len(people), step):
        hi = min(lo + step, len(people))
        sel = (pos >= lo) & (pos < hi)
        v, p = sel & verified, sel & ~verified
        grid = daily_grid(hi - lo, pos[v] - lo, start[v], end[v], hours[v], first, last, cap)
        counted.append(SparseDays.from_grid(grid, people[lo:hi], first))
        if p.any():
            grid = daily_grid(hi - lo, pos[p] - lo, start[p], end[p], hours[p], first, last, None)
            pending.append(SparseDays.from_grid(grid, people[lo:hi], first))
    return DailyHours(SparseDays.concat(counted), SparseDays.concat(pending))


def _window_sums(teachers: Sequence[Teacher], days: SparseDays, after: int, last: int) -> np.ndarray:
    """Hours per teacher over the days after ``after`` up to ``last``."""
    pos = _positions(teachers, days.person_id)
    keep = (pos >= 0) & (days.day > after) & (days.day <= last)
    return np.bincount(pos[keep], weights=days.nano[keep], minlength=len(teachers)) / NANO


def _prefix(
    n: int, pos: np.ndarray, day: np.ndarray, counted: np.ndarray, first: int, last: int
) -> np.ndarray:
    """``P[i, k]``: teacher i's counted nano-hours on the first k days from ``first``; a window of days
    (a, b] is ``P[i, b-first+1] - P[i, a-first+1]``. Entries must lie within ``first..last``."""
    prefix = np.zeros((n, last - first + 2), dtype=np.int64)
    prefix[pos, day - first + 1] = counted
    np.cumsum(prefix, axis=1, out=prefix)
    return prefix


def _r2(x: np.ndarray | float) -> np.ndarray:
    return np.round(x, 2)


def _window(norm: Norm, as_of: date) -> int:
    """The day before the norm's window (exclusive start), as an ordinal."""
    return norm.window_on(as_of)[0].toordinal() - 1


def _evaluate_hours(
    norm: Norm,
    teachers: Sequence[Teacher],
    prefix: np.ndarray,
    first: int,
    pending_by: np.ndarray,
    as_of: date,
) -> list[ComplianceRow]:
    """One hour norm over a prefix grid that starts at ``first`` and ends at as-of."""
    n = len(teachers)
    a = as_of.toordinal()
    window_start = _window(norm, as_of)
    achieved = (prefix[:, -1] - prefix[:, window_start + 1 - first]) / NANO
    pending = pending_by
    req = round(norm.required, 2)
    hire = np.array([t.hire_date.toordinal() if t.hire_date else -_NEVER for t in teachers], dtype=np.int64)
    got = _r2(achieved)
    if norm.is_rolling:
        ahead = _RollingOutlook(prefix, first, a, norm.window_years, norm.outlook_days, hire, req)
        status = ahead.status_at(0)
        change, then = ahead.first_change(status)
    else:  # a fixed window (a calendar year, or a cycle): on pace until its last day, then not met
        last = norm.window_on(as_of)[1].toordinal()
        since = np.maximum(window_start + 1, hire)
        on_pace = got >= _r2(req * (a - since + 1) / (last - since + 1))
        behind = np.where(on_pace, _ON_TRACK, _AT_RISK) if a < last else np.full(n, _NOT_MET)
        status = np.where(got >= req, _MET, behind)
        change = np.full(n, _NEVER, dtype=np.int64)
        then = np.full(n, -1, dtype=np.int64)

    w_first, w_last = norm.window_on(as_of)
    gap = np.maximum(0.0, _r2(req - got)).tolist()
    names = _STATUS_NAMES[status].tolist()
    pending_r = _r2(pending).tolist()
    achieved_r = got.tolist()
    changes = [None if c >= _NEVER else date.fromordinal(c) for c in change.tolist()]
    next_names = [None if s < 0 else _STATUS_ORDER[s] for s in then.tolist()]
    source = norm.source
    return [
        ComplianceRow(
            person_id=t.person_id,
            teacher=t.email,
            name=t.name,
            department=t.department,
            norm=norm.key,
            label=norm.label,
            label_zh=norm.label_zh,
            required=req,
            achieved=achieved_r[i],
            unit="hours",
            status=names[i],
            pending_hours=pending_r[i],
            gap=gap[i],
            change_date=changes[i],
            source=source,
            next_status=next_names[i],
            window_start=w_first,
            window_end=w_last,
            hours_per_day=norm.hours_per_day,
            days_per_month=norm.days_per_month,
        )
        for i, t in enumerate(teachers)
    ]


@lru_cache(maxsize=16)
def _window_starts(as_of: int, years: int, outlook: int) -> np.ndarray:
    """The window start (exclusive) for each date from as-of on, until the window has left as-of behind,
    then ``outlook + 1`` more (past that point every total is 0). Read-only; shared by every chunk."""
    starts = []
    day = date.fromordinal(as_of)
    k = 0
    while True:
        ws = years_before(day + timedelta(days=k), years).toordinal()
        starts.append(ws)
        if ws >= as_of and k > outlook:
            break
        k += 1
    starts.extend([starts[-1] + i for i in range(1, outlook + 2)])
    out = np.array(starts, dtype=np.int64)
    out.flags.writeable = False
    return out


class _RollingOutlook:
    """The rolling total on later dates when nothing new is added: the window moves on, days age out.

    ``total(k)`` is each teacher's total on as-of + k days (counting only days up to as-of). Each status
    ingredient flips at most once as k grows (the total only falls; the share of the window already served
    only rises), so the first status change is at one of those flip dates: found by binary search, not by
    walking every day.
    """

    def __init__(self, prefix, first, as_of, years, outlook, hire, required):
        self.prefix, self.first, self.a, self.H = prefix, first, as_of, outlook
        self.hire, self.req = hire, required
        self.n = prefix.shape[0]
        self.starts = _window_starts(as_of, years, outlook)
        self.horizon = len(self.starts) - outlook - 1  # k in [0, horizon] may be asked with +outlook
        self.rows = np.arange(self.n)

    def total(self, k) -> np.ndarray:
        k = np.broadcast_to(np.asarray(k, dtype=np.int64), (self.n,))
        ws = self.starts[k]
        col = np.clip(ws - self.first + 1, 0, self.prefix.shape[1] - 1)
        return np.where(ws >= self.a, 0.0, (self.prefix[:, -1] - self.prefix[self.rows, col]) / NANO)

    def status_at(self, k) -> np.ndarray:
        k = np.broadcast_to(np.asarray(k, dtype=np.int64), (self.n,))
        got = _r2(self.total(k))
        ahead = _r2(self.total(k + self.H))
        ws = self.starts[k]
        day = self.a + k
        is_open = self.hire > ws
        on_pace = got >= _r2(self.req * (day - self.hire + 1) / (day - ws))
        return np.where(
            got >= self.req,
            np.where(ahead >= self.req, _MET, _AT_RISK),
            np.where(is_open, np.where(on_pace, _ON_TRACK, _AT_RISK), _NOT_MET),
        )

    def _first_true(self, predicate, lo, hi) -> np.ndarray:
        """Smallest k in [lo, hi] where a monotone (false..true) predicate holds; hi when none before it."""
        lo = np.broadcast_to(np.asarray(lo, dtype=np.int64), (self.n,)).copy()
        hi = np.broadcast_to(np.asarray(hi, dtype=np.int64), (self.n,)).copy()
        while np.any(lo < hi):
            mid = (lo + hi) // 2
            hit = predicate(mid)
            hi = np.where(hit, mid, hi)
            lo = np.where(hit, lo, mid + 1)
        return lo

    def first_change(self, status_now: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The first later date with another status than ``status_now`` (or ``_NEVER``), and that status."""
        horizon = self.horizon
        # below the requirement: the total (rounded) falls short; monotone in k
        short = self._first_true(lambda k: _r2(self.total(k)) < self.req, 1, horizon)
        # the probation period closes: the window start passes the hire date
        closes = np.minimum(np.searchsorted(self.starts[: horizon + 1], self.hire, side="left"), horizon)
        closes = np.maximum(closes, 1)

        def behind(k):
            ws = self.starts[k]
            day = self.a + k
            frac = (day - self.hire + 1) / (day - ws)
            return (k >= closes) | (_r2(self.total(k)) < _r2(self.req * frac))

        falls_behind = self._first_true(behind, 1, closes)
        candidates = np.stack([short - self.H, short, closes, falls_behind])
        candidates = np.where(candidates >= 1, candidates, horizon)
        candidates = np.minimum(candidates, horizon)
        best = np.full(self.n, _NEVER, dtype=np.int64)
        then = np.full(self.n, -1, dtype=np.int64)
        for k in candidates:
            status = self.status_at(k)
            earlier = (status != status_now) & (k < best)
            best = np.where(earlier, k, best)
            then = np.where(earlier, status, then)
        return np.where(best >= _NEVER, _NEVER, self.a + best), then


# --- certificates -------------------------------------------------------------------------------------------


def _evaluate_certificates(
    norm: Norm, teachers: Sequence[Teacher], certificates: Sequence[CertificateRecord], as_of: date
) -> list[ComplianceRow]:
    ahead = as_of + timedelta(days=norm.outlook_days)
    valid: dict[int, list[date | None]] = {}
    pending: dict[int, int] = {}
    for c in certificates:
        if c.issued_on > as_of or (c.expires_on is not None and c.expires_on < as_of):
            continue
        if c.status == "verified":
            valid.setdefault(c.person_id, []).append(c.expires_on)
        elif c.status == "submitted":
            pending[c.person_id] = pending.get(c.person_id, 0) + 1
    required = int(round(norm.required))
    source = norm.source
    rows = []
    for t in teachers:
        # latest expiry first; a certificate that never expires counts as date.max
        expiries = sorted((date.max if e is None else e for e in valid.get(t.person_id, ())), reverse=True)
        now = len(expiries)
        still_later = now >= required and (required == 0 or expiries[required - 1] >= ahead)
        status = MET if still_later else AT_RISK if now >= required else NOT_MET
        # compliance ends after the required-th latest expiry (never, if enough certificates never expire)
        ends = expiries[required - 1] if 0 < required <= now else None
        ends = None if ends == date.max else ends
        rows.append(
            ComplianceRow(
                person_id=t.person_id,
                teacher=t.email,
                name=t.name,
                department=t.department,
                norm=norm.key,
                label=norm.label,
                label_zh=norm.label_zh,
                required=float(required),
                achieved=float(now),
                unit="count",
                status=status,
                pending_hours=float(pending.get(t.person_id, 0)),
                gap=float(max(0, required - now)),
                change_date=ends,
                source=source,
                next_status=NOT_MET if ends is not None else None,
            )
        )
    return rows


# --- 先实践再上岗 (practise before taking up the post) ----------------------------------------------------


def needs_practice_before_post(
    *,
    category: str,
    hire_date: date | None,
    industry_years: float,
    first_practice_day: date | None,
) -> bool:
    """教师〔2016〕3号 第四条: new teachers without enterprise experience practise before taking up the post.

    True for a professional teacher hired on or after 2016-05-11 with no industry years and no verified
    enterprise practice (the 第六条 kinds) starting before the hire date. ``first_practice_day`` is the start
    of their earliest such activity (None: none). A flag to show, not a compliance status.
    """
    from tracker.norms.packs import PRACTICE_BEFORE_POST_SINCE

    if category != "professional" or hire_date is None or hire_date < PRACTICE_BEFORE_POST_SINCE:
        return False
    if industry_years > 0:
        return False
    return first_practice_day is None or first_practice_day >= hire_date
