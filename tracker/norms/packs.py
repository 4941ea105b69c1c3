"""Norm packs: TOML files that state the rules, validated into plain dataclasses, then layered.

A pack has a name, a layer (national, provincial, institutional), the regulation it cites, an
``effective_from`` date and its norms. Packs are versioned by (name, effective_from): loading a later version
adds a row and never rewrites the old one, so an evaluation as of an earlier date still sees the old numbers
(issue 3, "Rule packs"). Everything here is pure: no database.
"""

from __future__ import annotations

import enum
import hashlib
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from tracker.errors import InvalidInput, Problem
from tracker.validation import problem

LAYERS = ("national", "provincial", "institutional")
RULES = ("rolling_hours", "calendar_year_hours", "valid_certificates")
WINDOWS = ("rolling", "fixed")
# The four forms of enterprise practice in 教师〔2016〕3号 第六条 (the 5-year norm counts these).
COUNTING_KINDS = ("visit", "training", "post_practice", "rnd_project")
# Training at a training base (实训基地实训) counts toward the 2019 plan's yearly month only (issue 12).
ALL_KINDS = (*COUNTING_KINDS, "training_base", "other")
# with the pack option require_enterprise_confirmation, these kinds count only once the enterprise confirmed
CONFIRMED_KINDS = ("post_practice", "rnd_project")
CATEGORIES = ("professional", "general", "staff")
# Conversion defaults (1 month = 22 working days, 1 day = 8 hours); a pack may set its own per norm.
DAYS_PER_MONTH = 22.0
HOURS_PER_DAY = 8.0
# 先实践再上岗 (教师〔2016〕3号 第四条) applies to teachers hired from the provisions' effective date on.
PRACTICE_BEFORE_POST_SINCE = date(2016, 5, 11)


class ComplianceStatus(enum.StrEnum):
    """Where a teacher stands on a norm, best first (the order every chart and list uses), with its colour."""

    met = "met"
    on_track = "on_track"
    at_risk = "at_risk"
    not_met = "not_met"

    @property
    def colour(self) -> str:
        """Its colour in charts and the printed audit pack."""
        colours = {"met": "#2e7d32", "on_track": "#1565c0", "at_risk": "#ef6c00", "not_met": "#c62828"}
        return colours[self.value]

    @property
    def badge(self) -> str:
        """Its colour as a Streamlit badge colour name."""
        return {"met": "green", "on_track": "blue", "at_risk": "orange", "not_met": "red"}[self.value]


def label_in(language: str | None, label: str | None, label_zh: str | None) -> str:
    """A norm's label in the reader's language: the Chinese one for a Chinese reader when the pack has one."""
    if language == "zh" and isinstance(label_zh, str) and label_zh:
        return label_zh
    return label or ""


class Labelled:
    """For anything that carries a norm's ``label`` and ``label_zh`` (the norm, a compliance row, a card)."""

    __slots__ = ()

    def label_in(self, language: str | None) -> str:
        return label_in(language, self.label, self.label_zh)


def rolling_window_start(as_of: date, years: int) -> date:
    """First day of the rolling window of ``years`` ending on ``as_of``: (as_of - years, as_of]."""
    return years_before(as_of, years) + timedelta(days=1)


def years_before(day: date, years: int) -> date:
    """``day`` minus whole years, keeping month and day; 29 February becomes 28 February."""
    return add_years(day, -years)


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years (negative: minus), keeping month and day; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def hours_as_days_months(
    hours: float, *, hours_per_day: float = HOURS_PER_DAY, days_per_month: float = DAYS_PER_MONTH
) -> tuple[float, float]:
    """Hours expressed as (working days, months), each rounded to 2 decimals (176 h -> (22.0, 1.0))."""
    days = hours / hours_per_day
    return round(days, 2), round(days / days_per_month, 2)


@dataclass(frozen=True)
class Norm(Labelled):
    """One active rule after layering; ``sources`` names every pack that set or changed it."""

    key: str
    rule: str
    label: str
    label_zh: str
    required: float
    unit: str  # "hours" | "count"
    window_years: int = 5
    categories: tuple[str, ...] = ("professional",)
    kinds: tuple[str, ...] = COUNTING_KINDS
    daily_cap_hours: float = 8.0
    outlook_days: int = 90
    citation: str = ""
    enabled: bool = True
    sources: tuple[str, ...] = ()
    window: str = "rolling"  # rolling_hours: "rolling", or "fixed" cycles of window_years from cycle_start
    cycle_start: date | None = None
    days_per_month: float = DAYS_PER_MONTH
    hours_per_day: float = HOURS_PER_DAY

    def as_days_months(self, hours: float) -> tuple[float, float]:
        """Hours as (days, months) with this norm's conversion."""
        return hours_as_days_months(
            hours, hours_per_day=self.hours_per_day, days_per_month=self.days_per_month
        )

    def window_on(self, as_of: date) -> tuple[date, date | None]:
        """The window counted on ``as_of``: its first day, and the last day of a fixed window (None for a
        rolling one, which has no end: it moves with as-of). Days from the first day up to as-of count.

        - rolling (default): ``as_of − window_years < d ≤ as_of`` (29 February → 28 February);
        - fixed: the cycle ``[cycle_start + k·years, cycle_start + (k+1)·years)`` holding as-of (k may be
          negative), so totals reset when a new cycle starts;
        - calendar_year_hours: the fixed 1-year cycle from 1 January.
        """
        if self.rule == "calendar_year_hours":
            return date(as_of.year, 1, 1), date(as_of.year, 12, 31)
        if self.window == "fixed":
            anchor = self.cycle_start or date(as_of.year, 1, 1)
            years = self.window_years
            k = (as_of.year - anchor.year) // years + 1
            while add_years(anchor, k * years) > as_of:
                k -= 1
            start = add_years(anchor, k * years)
            return start, add_years(anchor, (k + 1) * years) - timedelta(days=1)
        return rolling_window_start(as_of, self.window_years), None

    @property
    def is_rolling(self) -> bool:
        return self.rule == "rolling_hours" and self.window == "rolling"
    confirmed_kinds: tuple[str, ...] = ()  # kinds counted only when the host enterprise confirmed them

    @property
    def source(self) -> str:
        """The packs behind this norm and the regulation it cites, on one line."""
        chain = " → ".join(self.sources)
        return f"{chain}: {self.citation}" if self.citation else chain


@dataclass(frozen=True)
class PackDefinition:
    """A parsed pack file: the header plus the norm entries exactly as written (partial for overrides)."""

    name: str
    layer: str
    title: str
    citation: str
    effective_from: date
    norms: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    title_zh: str = ""
    checksum: str = ""
    # None: the pack leaves it to the layers below; True/False: it switches it on or off
    require_enterprise_confirmation: bool | None = None


_PACK_FIELDS = {
    "name": str,
    "layer": str,
    "title": str,
    "title_zh": str,
    "citation": str,
    "effective_from": date,
    "require_enterprise_confirmation": bool,
}
_NORM_FIELDS: dict[str, type | tuple[type, ...]] = {
    "key": str,
    "rule": str,
    "label": str,
    "label_zh": str,
    "required": (int, float),
    "window_years": int,
    "categories": list,
    "kinds": list,
    "daily_cap_hours": (int, float),
    "outlook_days": int,
    "citation": str,
    "enabled": bool,
    "window": str,
    "cycle_start": date,
    "days_per_month": (int, float),
    "hours_per_day": (int, float),
}


def parse_pack(text: str) -> PackDefinition:
    """Parse and check one pack's TOML text.

    Raises:
        InvalidInput: listing every problem (bad TOML, missing or unknown fields, wrong types, bad values).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(problem("bad_toml", "pack", detail=str(exc))) from None
    problems: list[Problem] = []
    header = data.get("pack")
    if not isinstance(header, dict):
        raise InvalidInput(problem("pack_table", "pack"))
    for extra in sorted(set(data) - {"pack", "norm"}):
        problems.append(problem("pack_unknown_section", extra, what="norm"))
    _check_fields("pack", header, _PACK_FIELDS, problems)
    for required in ("name", "layer", "effective_from"):
        if required not in header:
            problems.append(problem("required", f"pack.{required}"))
    if header.get("layer") is not None and header.get("layer") not in LAYERS:
        problems.append(problem("pack_one_of", "pack.layer", values=", ".join(LAYERS)))
    if isinstance(header.get("effective_from"), date) and not _is_plain_date(header["effective_from"]):
        problems.append(problem("pack_date_like", "pack.effective_from", example="2019-10-01"))
    entries = data.get("norm", [])
    if not isinstance(entries, list):
        problems.append(problem("pack_write_as_table", "norm", what="norm"))
        entries = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"norm[{i}]"
        if not isinstance(entry, dict):
            problems.append(problem("pack_not_table", where))
            continue
        _check_fields(where, entry, _NORM_FIELDS, problems)
        key = entry.get("key")
        if not isinstance(key, str) or not key.strip():
            problems.append(problem("required", f"{where}.key"))
        elif key in seen:
            problems.append(problem("pack_key_twice", f"{where}.key", key=key))
        else:
            seen.add(key)
        _check_norm_values(where, entry, problems)
    if problems:
        raise InvalidInput(problems)
    return PackDefinition(
        name=header["name"].strip(),
        layer=header["layer"],
        title=header.get("title", header["name"]),
        title_zh=header.get("title_zh", ""),
        citation=header.get("citation", ""),
        effective_from=header["effective_from"],
        norms=tuple(dict(e) for e in entries),
        checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        require_enterprise_confirmation=header.get("require_enterprise_confirmation"),
    )


def _is_plain_date(value: object) -> bool:
    from datetime import datetime

    return isinstance(value, date) and not isinstance(value, datetime)


def _check_fields(where: str, table: dict, fields: dict, problems: list[Problem]) -> None:
    for name, value in table.items():
        expected = fields.get(name)
        if expected is None:
            problems.append(problem("pack_unknown_field", f"{where}.{name}"))
        elif isinstance(value, bool) and expected is not bool and bool not in _as_tuple(expected):
            problems.append(problem("pack_wrong_type", f"{where}.{name}"))
        elif not isinstance(value, expected):
            problems.append(problem("pack_wrong_type", f"{where}.{name}"))


def _as_tuple(expected: type | tuple[type, ...]) -> tuple[type, ...]:
    return expected if isinstance(expected, tuple) else (expected,)


def _check_norm_values(where: str, entry: dict, problems: list[Problem]) -> None:
    rule = entry.get("rule")
    if rule is not None and rule not in RULES:
        problems.append(problem("pack_one_of", f"{where}.rule", values=", ".join(RULES)))
    required = entry.get("required")
    if isinstance(required, int | float) and not isinstance(required, bool) and not 0 <= required <= 100_000:
        problems.append(problem("pack_between", f"{where}.required", low=0, high=100000))
    years = entry.get("window_years")
    if isinstance(years, int) and not isinstance(years, bool) and not 1 <= years <= 20:
        problems.append(problem("pack_between", f"{where}.window_years", low=1, high=20))
    cap = entry.get("daily_cap_hours")
    if isinstance(cap, int | float) and not isinstance(cap, bool) and not 0 < cap <= 24:
        problems.append(problem("pack_above_zero", f"{where}.daily_cap_hours", top=24))
    outlook = entry.get("outlook_days")
    if isinstance(outlook, int) and not isinstance(outlook, bool) and not 0 <= outlook <= 366:
        problems.append(problem("pack_between", f"{where}.outlook_days", low=0, high=366))
    window = entry.get("window")
    if window is not None and window not in WINDOWS:
        problems.append(problem("pack_one_of", f"{where}.window", values=", ".join(WINDOWS)))
    if window == "fixed" and "cycle_start" not in entry:
        problems.append(problem("pack_cycle_start_needed", f"{where}.cycle_start"))
    if "cycle_start" in entry and not _is_plain_date(entry["cycle_start"]):
        problems.append(problem("pack_date_like", f"{where}.cycle_start", example="2021-01-01"))
    for name, top in (("days_per_month", 31), ("hours_per_day", 24)):
        value = entry.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and not 0 < value <= top:
            problems.append(problem("pack_above_zero", f"{where}.{name}", top=top))
    for name, allowed in (("kinds", ALL_KINDS), ("categories", CATEGORIES)):
        values = entry.get(name)
        if isinstance(values, list):
            bad = [v for v in values if v not in allowed]
            if bad or not values:
                problems.append(problem("pack_some_of", f"{where}.{name}", values=", ".join(allowed)))


def layer_packs(packs: list[PackDefinition], as_of: date) -> list[Norm]:
    """The norms in force on ``as_of``: for each pack name its newest version effective by then, applied
    national → provincial → institutional (then by date), a later layer changing numbers, adding norms or
    switching them off (``enabled = false``). Disabled norms are left out of the result.

    Raises:
        InvalidInput: a pack adds a new norm without saying its rule.
    """
    newest: dict[str, PackDefinition] = {}
    for pack in packs:
        if pack.effective_from <= as_of:
            held = newest.get(pack.name)
            if held is None or pack.effective_from > held.effective_from:
                newest[pack.name] = pack
    ordered = sorted(newest.values(), key=lambda p: (LAYERS.index(p.layer), p.effective_from, p.name))
    norms: dict[str, Norm] = {}
    confirmation = False
    for pack in ordered:
        if pack.require_enterprise_confirmation is not None:
            confirmation = pack.require_enterprise_confirmation
        for entry in pack.norms:
            key = entry["key"]
            label = f"{pack.name} {pack.effective_from.isoformat()}"
            changes = {k: (tuple(v) if isinstance(v, list) else v) for k, v in entry.items() if k != "key"}
            if "required" in changes:
                changes["required"] = float(changes["required"])
            for name in ("daily_cap_hours", "days_per_month", "hours_per_day"):
                if name in changes:
                    changes[name] = float(changes[name])
            if key in norms:
                current = norms[key]
                if "rule" in changes and changes["rule"] != current.rule:
                    changes["unit"] = _unit(changes["rule"])
                norms[key] = replace(current, **changes, sources=(*current.sources, label))
            elif changes.get("enabled", True) is False:
                # switching off a norm no lower layer has (any more) changes nothing: an institution that
                # switched off the national certificate norm keeps loading after the baseline dropped it
                continue
            else:
                rule = changes.get("rule")
                if rule is None or "required" not in changes:
                    raise InvalidInput(problem("norm_incomplete", "norm", pack=pack.name, key=key))
                changes.setdefault("label", key)
                changes.setdefault("citation", pack.citation)
                changes.setdefault("label_zh", changes["label"])
                norms[key] = Norm(key=key, unit=_unit(rule), sources=(label,), **changes)
    if confirmation:
        norms = {
            k: n
            if n.rule == "valid_certificates"
            else replace(n, confirmed_kinds=tuple(x for x in n.kinds if x in CONFIRMED_KINDS))
            for k, n in norms.items()
        }
    return [n for n in norms.values() if n.enabled]


def _unit(rule: str) -> str:
    return "count" if rule == "valid_certificates" else "hours"
