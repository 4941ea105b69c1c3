"""The pure compliance engine: norms + people + activities + certificates as plain arrays -> rows.

No database here (issue 3, "exact semantics"). Hours of an activity are spread evenly over its calendar days,
each teacher's days are capped (8 hours), only days on or before as-of count, and every comparison is made on
values rounded to 2 decimals. Everything is vectorised with NumPy over a (teacher x day) grid of the window,
so one call evaluates a whole institution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from tracker.norms.packs import Norm

MET, ON_TRACK, AT_RISK, NOT_MET = "met", "on_track", "at_risk", "not_met"
_STATUS_NAMES = np.array([MET, ON_TRACK, AT_RISK, NOT_MET])
_MET, _ON_TRACK, _AT_RISK, _NOT_MET = range(4)
_NEVER = np.iinfo(np.int64).max // 4  # "no date": ordinal far beyond any real one


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

    @classmethod
    def empty(cls) -> ActivityArrays:
        i = np.zeros(0, dtype=np.int64)
        return cls(i, i, i, np.zeros(0), np.zeros(0, dtype=object), np.zeros(0, dtype=bool))

    @classmethod
    def from_records(cls, records: Sequence[tuple]) -> ActivityArrays:
        """From ``(person_id, start, end, hours, kind, status)`` tuples; statuses other than verified and
        submitted are dropped here, because they never count and are never pending."""
        keep = [r for r in records if r[5] in ("verified", "submitted")]
        if not keep:
            return cls.empty()
        return cls(
            person_id=np.array([r[0] for r in keep], dtype=np.int64),
            start=np.array([r[1].toordinal() for r in keep], dtype=np.int64),
            end=np.array([r[2].toordinal() for r in keep], dtype=np.int64),
            hours=np.array([r[3] for r in keep], dtype=np.float64),
            kind=np.array([r[4] for r in keep], dtype=object),
            verified=np.array([r[5] == "verified" for r in keep], dtype=bool),
        )


@dataclass(frozen=True)
class CertificateRecord:
    person_id: int
    issued_on: date
    expires_on: date | None
    status: str


@dataclass(frozen=True)
class ComplianceRow:
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


def years_before(day: date, years: int) -> date:
    """``day`` minus whole years, keeping month and day; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def evaluate(
    norms: Sequence[Norm],
    teachers: Sequence[Teacher],
    activities: ActivityArrays,
    certificates: Sequence[CertificateRecord],
    as_of: date,
) -> list[ComplianceRow]:
    """Evaluate every norm for every teacher it applies to, as of ``as_of``.

    Teachers hired after ``as_of`` and teachers outside a norm's categories get no row for it. Rows come
    grouped by teacher (in the order given), norms in the given order.
    """
    employed = [t for t in teachers if t.hire_date is None or t.hire_date <= as_of]
    per_norm: list[dict[int, ComplianceRow]] = []
    for norm in norms:
        applies = [t for t in employed if t.category in norm.categories]
        if not applies:
            per_norm.append({})
            continue
        if norm.rule == "valid_certificates":
            rows = _evaluate_certificates(norm, applies, certificates, as_of)
        else:
            rows = _evaluate_hours(norm, applies, activities, as_of)
        per_norm.append({r.person_id: r for r in rows})
    out: list[ComplianceRow] = []
    for t in employed:
        for rows_by_person in per_norm:
            row = rows_by_person.get(t.person_id)
            if row is not None:
                out.append(row)
    return out


# --- hour norms ---------------------------------------------------------------------------------------------


def _positions(teachers: Sequence[Teacher], person_ids: np.ndarray) -> np.ndarray:
    """Row index in ``teachers`` for each activity's person (-1 when the person is not evaluated)."""
    ids = np.array([t.person_id for t in teachers], dtype=np.int64)
    order = np.argsort(ids)
    sorted_ids = ids[order]
    at = np.searchsorted(sorted_ids, person_ids)
    at = np.clip(at, 0, len(ids) - 1)
    found = sorted_ids[at] == person_ids
    return np.where(found, order[at], -1)


def capped_daily_prefix(
    n: int, pos: np.ndarray, start: np.ndarray, end: np.ndarray, hours: np.ndarray, first: int, last: int,
    cap: float,
) -> np.ndarray:
    """Prefix sums of each teacher's capped daily hours over days ``first..last`` (ordinals, inclusive).

    ``P[i, k]`` is the sum of teacher i's capped hours on the first k days, so a window of days (a, b] is
    ``P[i, b-first+1] - P[i, a-first+1]``. Each activity adds ``hours / its days`` to each of its days; days
    outside ``first..last`` are simply not on the grid (an activity straddling the edge counts in part).
    """
    width = last - first + 1
    prefix = np.zeros((n, width + 1), dtype=np.float64)
    if width <= 0 or n == 0:
        return prefix
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
    np.clip(daily, 0.0, cap, out=daily)
    np.cumsum(daily, axis=1, out=prefix[:, 1:])
    return prefix


def _r2(x: np.ndarray | float) -> np.ndarray:
    return np.round(x, 2)


def _evaluate_hours(
    norm: Norm, teachers: Sequence[Teacher], acts: ActivityArrays, as_of: date
) -> list[ComplianceRow]:
    n = len(teachers)
    a = as_of.toordinal()
    rolling = norm.rule == "rolling_hours"
    if rolling:
        window_start = years_before(as_of, norm.window_years).toordinal()  # exclusive
    else:
        window_start = date(as_of.year, 1, 1).toordinal() - 1
    first = window_start + 1

    counted_kind = np.isin(acts.kind, list(norm.kinds)) if len(acts.kind) else np.zeros(0, dtype=bool)
    pos = _positions(teachers, acts.person_id) if len(acts.person_id) else np.zeros(0, dtype=np.int64)
    v = counted_kind & acts.verified
    prefix = capped_daily_prefix(
        n, pos[v], acts.start[v], acts.end[v], acts.hours[v], first, a, norm.daily_cap_hours
    )
    achieved = prefix[:, -1]  # total from ``first`` to as-of

    # pending: submitted work spread over the window's days, not capped (it is not counted yet)
    p = counted_kind & ~acts.verified
    pending = _spread_in_window(n, pos[p], acts.start[p], acts.end[p], acts.hours[p], first, a)

    req = round(norm.required, 2)
    hire = np.array([t.hire_date.toordinal() if t.hire_date else -_NEVER for t in teachers], dtype=np.int64)
    got = _r2(achieved)
    if rolling:
        ahead = _RollingOutlook(prefix, first, a, norm.window_years, norm.outlook_days, hire, req)
        status = ahead.status_at(0)
        change = ahead.first_change(status)
    else:
        dec31 = date(as_of.year, 12, 31).toordinal()
        since = np.maximum(first, hire)
        on_pace = got >= _r2(req * (a - since + 1) / (dec31 - since + 1))
        behind = np.where(on_pace, _ON_TRACK, _AT_RISK) if a < dec31 else np.full(n, _NOT_MET)
        status = np.where(got >= req, _MET, behind)
        change = np.full(n, _NEVER, dtype=np.int64)

    gap = np.maximum(0.0, _r2(req - got))
    names = _STATUS_NAMES[status]
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
            achieved=float(got[i]),
            unit="hours",
            status=str(names[i]),
            pending_hours=float(_r2(pending[i])),
            gap=float(gap[i]),
            change_date=None if change[i] >= _NEVER else date.fromordinal(int(change[i])),
            source=norm.source,
        )
        for i, t in enumerate(teachers)
    ]


def _spread_in_window(n, pos, start, end, hours, first, last) -> np.ndarray:
    days = np.minimum(end, last) - np.maximum(start, first) + 1
    keep = (days > 0) & (pos >= 0)
    share = hours[keep] * days[keep] / (end[keep] - start[keep] + 1)
    return np.bincount(pos[keep], weights=share, minlength=n).astype(np.float64, copy=False)


class _RollingOutlook:
    """The rolling total on later dates when nothing new is added: the window moves on, days age out.

    ``total(k)`` is each teacher's total on as-of + k days (counting only days up to as-of). Each status
    ingredient flips at most once as k grows (the total only falls; the share of the window already served
    only rises), so the first status change is at one of those flip dates: found by binary search, not by
    walking every day.
    """

    def __init__(self, prefix, first, as_of, years, outlook, hire, required):
        self.prefix, self.first, self.a, self.H, self.hire, self.req = prefix, first, as_of, outlook, hire, required
        self.n = prefix.shape[0]
        # the window start (exclusive) for every date from as-of on, until the window has left as-of behind
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
        self.starts = np.array(starts, dtype=np.int64)
        self.horizon = len(starts) - outlook - 1  # k in [0, horizon] may be asked with +outlook
        self.rows = np.arange(self.n)

    def total(self, k) -> np.ndarray:
        k = np.broadcast_to(np.asarray(k, dtype=np.int64), (self.n,))
        ws = self.starts[k]
        col = np.clip(ws - self.first + 1, 0, self.prefix.shape[1] - 1)
        return np.where(ws >= self.a, 0.0, self.prefix[:, -1] - self.prefix[self.rows, col])

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

    def first_change(self, status_now: np.ndarray) -> np.ndarray:
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
        for k in candidates:
            differs = self.status_at(k) != status_now
            best = np.where(differs & (k < best), k, best)
        return np.where(best >= _NEVER, _NEVER, self.a + best)


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
    rows = []
    for t in teachers:
        expiries = valid.get(t.person_id, [])
        now = len(expiries)
        later = sum(1 for e in expiries if e is None or e >= ahead)
        status = MET if later >= required else AT_RISK if now >= required else NOT_MET
        # compliance ends after the required-th latest expiry (never, if enough certificates never expire)
        ordered = sorted(expiries, key=lambda e: date.max if e is None else e, reverse=True)
        ends = ordered[required - 1] if 0 < required <= now else None
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
                source=norm.source,
            )
        )
    return rows
