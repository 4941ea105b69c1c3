"""Dual-qualified (双师型) levels: recognition packs (TOML, layered and versioned like norm packs) and the pure
evaluator (issue 12). No database here.

A level is met when **every** group of its criteria has **at least one** criterion met; each level stands
alone and a teacher's level is the highest one met. Criteria, evaluated as of a date D on verified records:

- ``practice_hours`` (``hours``, ``years``): practice hours in the rolling window (D − years, D], counted exactly
  like ``enterprise_practice_5y`` (the 第六条 kinds, even spread, 8 h daily cap, rounded to 2 decimals);
- ``industry_years`` (``years``): the person's industry years ≥ years;
- ``certificate`` (``types``, ``level``): a certificate of one of the types with level ≥ level, valid on D
  (issued on or before D; no expiry, or expiring on or after D);
- ``title_rank`` (``rank``): the person's teacher-series title ≥ rank;
- ``outputs`` (``kinds``, ``count``, ``years``): at least ``count`` outputs of those kinds dated in (D − years, D].
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from tracker.errors import InvalidInput, Problem
from tracker.models import CertificateLevel, CertificateType, DualLevel, OutputKind, TitleRank
from tracker.norms.engine import NANO, SeriesKey, SparseDays, _positions
from tracker.norms.packs import CATEGORIES, COUNTING_KINDS, LAYERS, years_before
from tracker.validation import problem

LEVELS = tuple(m.value for m in DualLevel)  # lowest first
NONE = "none"
TITLE_RANKS = tuple(m.value for m in TitleRank)  # lowest first
CERT_LEVELS = tuple(m.value for m in CertificateLevel)
CRITERIA = ("practice_hours", "industry_years", "certificate", "title_rank", "outputs")
_NEVER = np.iinfo(np.int64).max // 4
DEFAULT_TARGET_SHARE = 0.5
DISPLAY_SERIES: SeriesKey = (tuple(sorted(COUNTING_KINDS)), 8.0, ())  # the hours shown next to each teacher  # 2019 plan: dual-qualified teachers more than half of professional-course teachers


# --- pack format --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """One criterion with its parameters (see the module docstring)."""

    type: str
    hours: float = 0.0
    years: float = 0.0
    types: tuple[str, ...] = ()
    level: str = ""
    rank: str = ""
    kinds: tuple[str, ...] = ()
    count: int = 0
    daily_cap_hours: float = 8.0

    @property
    def series(self) -> SeriesKey:
        """The daily practice series this criterion counts (kinds and cap; the same as the 5-year norm's by
        default). The query layer adds the 5-year norm's confirmation rule (issue 13) when it reads it."""
        return (tuple(sorted(self.kinds or COUNTING_KINDS)), float(self.daily_cap_hours), ())


@dataclass(frozen=True)
class Group:
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class LevelRule:
    key: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Standard:
    """The layered recognition rules in force on a date."""

    levels: tuple[LevelRule, ...]  # lowest first
    categories: tuple[str, ...] = ("professional",)
    target_share: float = DEFAULT_TARGET_SHARE
    sources: tuple[str, ...] = ()
    citation: str = ""

    def level(self, key: str) -> LevelRule | None:
        return next((lv for lv in self.levels if lv.key == key), None)


@dataclass(frozen=True)
class RecognitionPackDefinition:
    name: str
    layer: str
    title: str
    citation: str
    effective_from: date
    header: dict[str, Any] = field(default_factory=dict)
    levels: tuple[dict[str, Any], ...] = ()
    title_zh: str = ""
    checksum: str = ""


_PARAMS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "practice_hours": {"hours": (int, float), "years": int, "kinds": list, "daily_cap_hours": (int, float)},
    "industry_years": {"years": (int, float)},
    "certificate": {"types": list, "level": str},
    "title_rank": {"rank": str},
    "outputs": {"kinds": list, "count": int, "years": int},
}
_REQUIRED = {
    "practice_hours": ("hours", "years"),
    "industry_years": ("years",),
    "certificate": ("types", "level"),
    "title_rank": ("rank",),
    "outputs": ("kinds", "count", "years"),
}


def parse_recognition_pack(text: str) -> RecognitionPackDefinition:
    """Parse and check a recognition pack; every problem is listed at once.

    Raises:
        InvalidInput: bad TOML, unknown fields or values, criteria missing parameters.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(problem("bad_toml", "pack", detail=str(exc))) from None
    header = data.get("pack")
    if not isinstance(header, dict):
        raise InvalidInput(problem("recognition_pack_table", "pack"))
    problems: list[Problem] = []
    for extra in sorted(set(data) - {"pack", "level"}):
        problems.append(problem("pack_unknown_section", extra, what="level"))
    known = {"name", "layer", "title", "title_zh", "citation", "effective_from", "categories", "target_share"}
    for name in sorted(set(header) - known):
        problems.append(problem("pack_unknown_field", f"pack.{name}"))
    for name in ("name", "layer", "effective_from"):
        if name not in header:
            problems.append(problem("required", f"pack.{name}"))
    if "layer" in header and header["layer"] not in LAYERS:
        problems.append(problem("pack_one_of", "pack.layer", values=", ".join(LAYERS)))
    if "effective_from" in header and not isinstance(header["effective_from"], date):
        problems.append(problem("pack_date_like", "pack.effective_from", example="2022-10-01"))
    categories = header.get("categories")
    if categories is not None and (
        not isinstance(categories, list) or not categories or any(c not in CATEGORIES for c in categories)
    ):
        problems.append(problem("pack_some_of", "pack.categories", values=", ".join(CATEGORIES)))
    share = header.get("target_share")
    if share is not None and (isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 1):
        problems.append(problem("pack_share", "pack.target_share"))
    levels = data.get("level", [])
    if not isinstance(levels, list):
        problems.append(problem("pack_write_as_table", "level", what="level"))
        levels = []
    for i, level in enumerate(levels, start=1):
        _check_level(f"level[{i}]", level, problems)
    if problems:
        raise InvalidInput(problems)
    return RecognitionPackDefinition(
        name=str(header["name"]).strip(),
        layer=header["layer"],
        title=header.get("title", header["name"]),
        title_zh=header.get("title_zh", ""),
        citation=header.get("citation", ""),
        effective_from=header["effective_from"],
        header={k: header[k] for k in ("categories", "target_share") if k in header},
        levels=tuple(levels),
        checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _check_level(where: str, level: Any, problems: list[Problem]) -> None:
    if not isinstance(level, dict):
        problems.append(problem("pack_not_table", where))
        return
    for name in sorted(set(level) - {"key", "group", "enabled"}):
        problems.append(problem("pack_unknown_field", f"{where}.{name}"))
    if level.get("key") not in LEVELS:
        problems.append(problem("pack_one_of", f"{where}.key", values=", ".join(LEVELS)))
    if level.get("enabled", True) is False:
        return
    groups = level.get("group")
    if not isinstance(groups, list) or not groups:
        problems.append(problem("pack_level_needs_group", f"{where}.group"))
        return
    for g, group in enumerate(groups, start=1):
        here = f"{where}.group[{g}]"
        criteria = group.get("criterion") if isinstance(group, dict) else None
        if not isinstance(criteria, list) or not criteria:
            problems.append(problem("pack_group_needs_criterion", here))
            continue
        for name in sorted(set(group) - {"criterion", "label", "label_zh"}):
            problems.append(problem("pack_unknown_field", f"{here}.{name}"))
        for c, criterion in enumerate(criteria, start=1):
            _check_criterion(f"{here}.criterion[{c}]", criterion, problems)


def _check_criterion(where: str, entry: Any, problems: list[Problem]) -> None:
    kind = entry.get("type") if isinstance(entry, dict) else None
    if kind not in CRITERIA:
        problems.append(problem("pack_one_of", f"{where}.type", values=", ".join(CRITERIA)))
        return
    params = _PARAMS[kind]
    for name, value in entry.items():
        if name == "type":
            continue
        expected = params.get(name)
        if expected is None:
            problems.append(problem("pack_unknown_field", f"{where}.{name}"))
        elif isinstance(value, bool) or not isinstance(value, expected):
            problems.append(problem("pack_wrong_type", f"{where}.{name}"))
    for name in _REQUIRED[kind]:
        if name not in entry:
            problems.append(problem("required", f"{where}.{name}"))
    allowed = {
        ("certificate", "types"): [t.value for t in CertificateType],
        ("certificate", "level"): list(CERT_LEVELS),
        ("title_rank", "rank"): list(TITLE_RANKS),
        ("outputs", "kinds"): [k.value for k in OutputKind],
        ("practice_hours", "kinds"): list(COUNTING_KINDS) + ["training_base", "other"],
    }
    for (k, name), values in allowed.items():
        if k == kind and name in entry:
            given = entry[name] if isinstance(entry[name], list) else [entry[name]]
            if not given or any(v not in values for v in given):
                problems.append(problem("pack_some_of", f"{where}.{name}", values=", ".join(values)))
    for name in ("hours", "years", "count"):
        value = entry.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
            problems.append(problem("pack_negative", f"{where}.{name}"))
    if kind in ("practice_hours", "outputs") and isinstance(entry.get("years"), int) and entry["years"] < 1:
        problems.append(problem("pack_at_least_one", f"{where}.years"))


def _criterion(entry: dict) -> Criterion:
    values = {k: (tuple(v) if isinstance(v, list) else v) for k, v in entry.items()}
    for name in ("hours", "years", "daily_cap_hours"):
        if name in values:
            values[name] = float(values[name])
    return Criterion(**values)


def layer_recognition(packs: Sequence[RecognitionPackDefinition], as_of: date) -> Standard | None:
    """The standard in force on ``as_of``: for each pack name its newest version effective by then, applied
    national → provincial → institutional; a later layer replaces a level it names (``enabled = false``
    removes it) and may change ``categories`` and ``target_share``. None when no pack is in force."""
    newest: dict[str, RecognitionPackDefinition] = {}
    for pack in packs:
        if pack.effective_from <= as_of:
            held = newest.get(pack.name)
            if held is None or pack.effective_from > held.effective_from:
                newest[pack.name] = pack
    if not newest:
        return None
    ordered = sorted(newest.values(), key=lambda p: (LAYERS.index(p.layer), p.effective_from, p.name))
    levels: dict[str, LevelRule | None] = {}
    categories: tuple[str, ...] = ("professional",)
    target = DEFAULT_TARGET_SHARE
    citation = ""
    for pack in ordered:
        categories = tuple(pack.header.get("categories", categories))
        target = float(pack.header.get("target_share", target))
        citation = pack.citation or citation
        for entry in pack.levels:
            if entry.get("enabled", True) is False:
                levels[entry["key"]] = None
                continue
            groups = tuple(Group(tuple(_criterion(c) for c in g["criterion"])) for g in entry["group"])
            levels[entry["key"]] = LevelRule(entry["key"], groups)
    return Standard(
        levels=tuple(levels[k] for k in LEVELS if levels.get(k) is not None),
        categories=categories,
        target_share=target,
        sources=tuple(f"{p.name} {p.effective_from.isoformat()}" for p in ordered),
        citation=citation,
    )


# --- evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A teacher as the level rules see them (plain data from the query layer)."""

    person_id: int
    email: str
    name: str
    department: str | None
    category: str
    hire_date: date | None
    title_rank: str = "none"
    industry_years: float = 0.0


@dataclass(frozen=True)
class Certificates:
    """Verified certificates as parallel arrays (dates as ordinals; no expiry = far future)."""

    person_id: np.ndarray
    type: np.ndarray  # str values
    level: np.ndarray  # index in CERT_LEVELS, -1 for none
    issued: np.ndarray
    expires: np.ndarray

    @classmethod
    def from_records(cls, records: Sequence[tuple]) -> Certificates:
        """From ``(person_id, type, level or None, issued_on, expires_on or None)`` tuples."""
        return cls(
            np.array([r[0] for r in records], dtype=np.int64),
            np.array([r[1] for r in records], dtype=object),
            np.array([CERT_LEVELS.index(r[2]) if r[2] in CERT_LEVELS else -1 for r in records], dtype=np.int64),
            np.array([r[3].toordinal() for r in records], dtype=np.int64),
            np.array([_NEVER if r[4] is None else r[4].toordinal() for r in records], dtype=np.int64),
        )


@dataclass(frozen=True)
class Outputs:
    """Verified outputs as parallel arrays (dates as ordinals)."""

    person_id: np.ndarray
    kind: np.ndarray  # str values
    day: np.ndarray

    @classmethod
    def from_records(cls, records: Sequence[tuple]) -> Outputs:
        """From ``(person_id, kind, dated_on)`` tuples."""
        return cls(
            np.array([r[0] for r in records], dtype=np.int64),
            np.array([r[1] for r in records], dtype=object),
            np.array([r[2].toordinal() for r in records], dtype=np.int64),
        )


@dataclass(frozen=True)
class Gap:
    """A criterion of a group not met, with what the teacher has now (hours, years, count, rank or level)."""

    criterion: Criterion
    have: float | str


@dataclass(frozen=True)
class LevelRow:
    """One teacher's dual-qualified standing on one date.

    ``level`` is the highest level met (``none``); ``levels_met`` every level met on its own; ``missing`` the
    groups of ``next_level`` not met yet, each a tuple of its criteria (meeting any one closes the group).
    """

    person_id: int
    teacher: str
    name: str
    department: str | None
    level: str
    levels_met: tuple[str, ...]
    recognised_level: str
    recognised_until: date | None
    next_level: str | None
    missing: tuple[tuple[Gap, ...], ...]
    practice_hours: float  # in the widest practice window of the rules, for display
    practise_before_post: bool = False


def _rank(values: Sequence[str], order: Sequence[str]) -> np.ndarray:
    index = {v: i for i, v in enumerate(order)}
    return np.array([index.get(v, 0) for v in values], dtype=np.int64)


class _Facts:
    """Per-teacher arrays each criterion reads, computed once per evaluation."""

    def __init__(self, teachers, practice, certificates, outputs, as_of):
        self.n = len(teachers)
        self.teachers = teachers
        self.practice = practice
        self.certs = certificates
        self.outputs = outputs
        self.a = as_of.toordinal()
        self.as_of = as_of
        self.industry = np.round(np.array([t.industry_years for t in teachers], dtype=np.float64), 2)
        self.rank = _rank([t.title_rank for t in teachers], TITLE_RANKS)
        self._cache: dict = {}
        self.cert_pos = _positions(teachers, certificates.person_id)
        self.out_pos = _positions(teachers, outputs.person_id)

    def hours(self, series: SeriesKey, years: float) -> np.ndarray:
        key = ("hours", series, years)
        if key not in self._cache:
            days = self.practice.get(series, SparseDays.empty())
            after = years_before(self.as_of, int(years)).toordinal()
            pos = _positions(self.teachers, days.person_id)
            keep = (pos >= 0) & (days.day > after) & (days.day <= self.a)
            nano = np.bincount(pos[keep], weights=days.nano[keep], minlength=self.n)
            self._cache[key] = np.round(nano / NANO, 2)
        return self._cache[key]

    def best_certificate(self, types: tuple[str, ...]) -> np.ndarray:
        """Highest level index (-1: none) among valid verified certificates of these types."""
        key = ("cert", types)
        if key not in self._cache:
            c = self.certs
            ok = (
                (self.cert_pos >= 0)
                & np.isin(c.type, list(types))
                & (c.issued <= self.a)
                & (c.expires >= self.a)
                & (c.level >= 0)
            )
            best = np.full(self.n, -1, dtype=np.int64)
            np.maximum.at(best, self.cert_pos[ok], c.level[ok])
            self._cache[key] = best
        return self._cache[key]

    def output_count(self, kinds: tuple[str, ...], years: float) -> np.ndarray:
        key = ("out", kinds, years)
        if key not in self._cache:
            o = self.outputs
            after = years_before(self.as_of, int(years)).toordinal()
            ok = (self.out_pos >= 0) & np.isin(o.kind, list(kinds)) & (o.day > after) & (o.day <= self.a)
            self._cache[key] = np.bincount(self.out_pos[ok], minlength=self.n)
        return self._cache[key]

    def check(self, c: Criterion) -> tuple[np.ndarray, np.ndarray]:
        """(met per teacher, what each has)."""
        if c.type == "practice_hours":
            have = self.hours(c.series, c.years)
            return have >= round(c.hours, 2), have
        if c.type == "industry_years":
            return self.industry >= round(c.years, 2), self.industry
        if c.type == "certificate":
            best = self.best_certificate(c.types)
            return best >= CERT_LEVELS.index(c.level), best
        if c.type == "title_rank":
            return self.rank >= TITLE_RANKS.index(c.rank), self.rank
        count = self.output_count(c.kinds, c.years)
        return count >= c.count, count


def _have_value(c: Criterion, have) -> float | str:
    if c.type == "certificate":
        return NONE if have < 0 else CERT_LEVELS[int(have)]
    if c.type == "title_rank":
        return TITLE_RANKS[int(have)]
    if c.type == "outputs":
        return int(have)
    return float(have)


def evaluate_levels(
    standard: Standard,
    teachers: Sequence[Profile],
    practice: Mapping[SeriesKey, SparseDays],
    certificates: Certificates,
    outputs: Outputs,
    as_of: date,
    *,
    recognised: Mapping[int, tuple[str, date]] | None = None,
    flagged: frozenset[int] = frozenset(),
) -> list[LevelRow]:
    """Every teacher's level as of ``as_of`` (teachers already chosen by the caller: employed, in scope).

    ``practice`` holds the counted (verified, capped) daily series each practice criterion names;
    ``certificates`` and ``outputs`` only verified records; ``recognised`` the committee's level valid on the
    date, by person; ``flagged`` the teachers to flag 先实践再上岗.
    """
    facts = _Facts(teachers, practice, certificates, outputs, as_of)
    n = len(teachers)
    checked: dict[Criterion, tuple[np.ndarray, np.ndarray]] = {}

    def check(c: Criterion):
        if c not in checked:
            checked[c] = facts.check(c)
        return checked[c]

    met_by_level = {}
    for rule in standard.levels:
        met = np.ones(n, dtype=bool)
        for group in rule.groups:
            any_met = np.zeros(n, dtype=bool)
            for c in group.criteria:
                any_met |= check(c)[0]
            met &= any_met
        met_by_level[rule.key] = met
    widest = max(
        (c.years for rule in standard.levels for g in rule.groups for c in g.criteria if c.type == "practice_hours"),
        default=5.0,
    )
    display_hours = facts.hours(DISPLAY_SERIES, widest)
    recognised = recognised or {}
    keys = [rule.key for rule in standard.levels]
    rows = []
    for i, t in enumerate(teachers):
        met = tuple(k for k in keys if met_by_level[k][i])
        level = met[-1] if met else NONE
        position = LEVELS.index(level) if level != NONE else -1
        following = [k for k in keys if LEVELS.index(k) > position]
        next_level = following[0] if following else None
        missing: list[tuple[Gap, ...]] = []
        if next_level is not None:
            for group in standard.level(next_level).groups:
                results = [check(c) for c in group.criteria]
                if not any(r[0][i] for r in results):
                    missing.append(
                        tuple(Gap(c, _have_value(c, r[1][i])) for c, r in zip(group.criteria, results, strict=True))
                    )
        held = recognised.get(t.person_id)
        rows.append(
            LevelRow(
                person_id=t.person_id,
                teacher=t.email,
                name=t.name,
                department=t.department,
                level=level,
                levels_met=met,
                recognised_level=held[0] if held else NONE,
                recognised_until=held[1] if held else None,
                next_level=next_level,
                missing=tuple(missing),
                practice_hours=float(display_hours[i]),
                practise_before_post=t.person_id in flagged,
            )
        )
    return rows


# --- words -------------------------------------------------------------------------------------------------


def describe_gap(gap: Gap, lang: str | None = None) -> str:
    """One criterion in words a teacher understands, with what they have now."""
    from tracker.i18n import t

    c = gap.criterion
    sep = t("dual.list_sep", lang=lang)
    if c.type == "practice_hours":
        return t("dual.criterion.practice_hours", lang=lang, hours=c.hours, years=int(c.years), have=gap.have)
    if c.type == "industry_years":
        return t("dual.criterion.industry_years", lang=lang, years=c.years, have=gap.have)
    if c.type == "certificate":
        types = sep.join(t(f"certificate_type.{x}", lang=lang) for x in c.types)
        return t("dual.criterion.certificate", lang=lang, types=types, level=t(f"certificate_level.{c.level}", lang=lang))
    if c.type == "title_rank":
        return t(
            "dual.criterion.title_rank",
            lang=lang,
            rank=t(f"title_rank.{c.rank}", lang=lang),
            have=t(f"title_rank.{gap.have}", lang=lang),
        )
    kinds = sep.join(t(f"output_kind.{k}", lang=lang) for k in c.kinds)
    return t("dual.criterion.outputs", lang=lang, count=c.count, kinds=kinds, years=int(c.years), have=gap.have)


def describe_group(group: Sequence[Gap], lang: str | None = None) -> str:
    """A missing group in words: its criteria joined by "or" (any one of them closes it)."""
    from tracker.i18n import t

    return t("dual.or", lang=lang).join(describe_gap(g, lang) for g in group)
