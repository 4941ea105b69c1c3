"""What of one activity will count toward the norms in force, said before it is saved (issue 11, item 3).

Pure: the kind, dates, hours, enterprise, description and number of files of one activity, plus the norms in
force, give the hours each norm will count and the findings a person should see first: hours above a norm's
daily cap, a kind no norm counts, enterprise practice without an enterprise, no evidence. The rules are the
engine's (``engine.spread_daily``: hours spread evenly over the calendar days, each day capped, only days up
to as-of counted, some kinds only once the enterprise confirmed); this module says them for one activity.
What no norm allows at all (more than 24 hours a day, an end before the start) is refused by
``tracker.validation``, never here.

Each finding is a code with its parameters; its text comes from the catalogue (``counting.<code>``), so the
Log activity form and the head's review card word it the same way in the reader's language.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from tracker.i18n import current_language, t
from tracker.norms.packs import COUNTING_KINDS, Norm, label_in

# The four forms of enterprise practice (教师〔2016〕3号 第六条) happen in an enterprise, so they name it.
ENTERPRISE_KINDS = COUNTING_KINDS


class Weight(enum.StrEnum):
    """How much a finding matters, worst first: hours lost, a record a reviewer may send back, a note."""

    lost = "lost"  # some or all of the hours will not count
    check = "check"  # it counts, but the reviewer has little to verify it with
    note = "note"  # how and when it counts


_WEIGHTS = {
    "no_norm_applies": Weight.lost,
    "kind_not_counted": Weight.lost,
    "over_daily_cap": Weight.lost,
    "enterprise_missing": Weight.check,
    "no_evidence": Weight.check,
    "no_description": Weight.check,
    "kind_counts_partly": Weight.note,
    "needs_confirmation": Weight.note,
    "days_ahead": Weight.note,
}


def hours_text(value: float) -> str:
    """Hours as people write them: 24, 7.5, 1,056 (never 24.0)."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class NormName:
    """A norm as a finding names it, in both languages."""

    key: str
    label: str
    label_zh: str

    @classmethod
    def of(cls, norm: Norm) -> NormName:
        return cls(norm.key, norm.label, norm.label_zh)

    def label_in(self, language: str | None) -> str:
        return label_in(language, self.label, self.label_zh)


@dataclass(frozen=True)
class Finding:
    """One thing to know about an activity before it is saved or verified: ``code`` (its catalogue key is
    ``counting.<code>``), its parameters, and the norms it is about."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False, compare=True)
    norms: tuple[NormName, ...] = ()

    @property
    def weight(self) -> Weight:
        return _WEIGHTS[self.code]

    def text(self, lang: str | None = None) -> str:
        """The finding in ``lang`` (default: the reader's language)."""
        lang = lang or current_language()
        values: dict[str, object] = {}
        for name, value in self.params.items():
            if name == "kind":
                values[name] = t(f"kind.{value}", lang)
            elif name == "kinds":
                values[name] = t("counting.list_separator", lang).join(t(f"kind.{k}", lang) for k in value)
            elif name == "category":
                values[name] = t(f"category.{value}", lang)
            elif isinstance(value, float):
                values[name] = hours_text(value)
            else:
                values[name] = value
        values["norms"] = t("counting.list_separator", lang).join(
            t("counting.quoted", lang, text=n.label_in(lang)) for n in self.norms
        )
        return t(f"counting.{self.code}", lang, **values)


@dataclass(frozen=True)
class NormShare:
    """The hours one norm will count of this activity once it is verified (after the daily cap)."""

    norm: NormName
    hours: float


@dataclass(frozen=True)
class Counting:
    """What an activity will count for: ``shares`` per hour norm that counts its kind, and the findings,
    worst first."""

    hours: float
    shares: tuple[NormShare, ...]
    findings: tuple[Finding, ...]

    @property
    def counted_hours(self) -> float:
        """The most any norm counts (0 when no norm counts this activity)."""
        return max((s.hours for s in self.shares), default=0.0)

    def of_weight(self, weight: Weight) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.weight == weight)


def hour_norms(norms: Iterable[Norm], category: str | None = None) -> list[Norm]:
    """The norms that count hours (not certificates), for teachers of ``category`` (all when None)."""
    return [
        n
        for n in norms
        if n.rule != "valid_certificates" and (category is None or category in n.categories)
    ]


def count_activity(
    *,
    kind: str,
    start: date,
    end: date,
    hours: float,
    enterprise: str | None,
    norms: Iterable[Norm],
    as_of: date,
    category: str | None = None,
    description: str = "",
    evidence: int = 0,
    confirmed: bool = False,
) -> Counting:
    """What one activity of ``hours`` from ``start`` to ``end`` (both included) will count toward ``norms``
    (the norms in force on ``as_of``) for a teacher of ``category``, and what to know first.

    The hours are spread evenly over the calendar days and each day counts at most the norm's daily cap, as
    the compliance engine does; on its own days this activity is taken alone (another activity on the same
    days shares the cap). ``confirmed``: the host enterprise has confirmed it (pass its confirmed hours as
    ``hours``, which the engine counts instead of the claim). Dates and hours must already be valid
    (``tracker.validation.activity``).
    """
    days = (end - start).days + 1
    applicable = hour_norms(norms, category)
    counting = [n for n in applicable if kind in n.kinds]
    per_day = hours / days
    findings: list[Finding] = []
    if not applicable:
        findings.append(Finding("no_norm_applies", {"category": category or ""}))
    elif not counting:
        counted_kinds = tuple(dict.fromkeys(k for n in applicable for k in n.kinds))
        findings.append(Finding("kind_not_counted", {"kind": kind, "kinds": counted_kinds}))
    shares = tuple(
        NormShare(NormName.of(n), round(days * min(per_day, n.daily_cap_hours), 2)) for n in counting
    )
    # one finding per cap (norms with another cap show their own hours in ``shares``)
    for cap in sorted({n.daily_cap_hours for n in counting if per_day > n.daily_cap_hours}):
        counted = round(days * cap, 2)
        params = {"hours": float(hours), "days": days, "per_day": round(per_day, 2), "cap": float(cap),
                  "counted": counted, "lost": round(hours - counted, 2)}
        findings.append(Finding("over_daily_cap", params))
    if kind in ENTERPRISE_KINDS and not (enterprise or "").strip():
        findings.append(Finding("enterprise_missing", {"kind": kind}))
    if evidence <= 0:
        findings.append(Finding("no_evidence"))
    if not description.strip():
        findings.append(Finding("no_description"))
    if counting and len(counting) < len(applicable):
        partly = tuple(NormName.of(n) for n in counting)
        findings.append(Finding("kind_counts_partly", {"kind": kind}, partly))
    waiting = tuple(NormName.of(n) for n in counting if kind in n.confirmed_kinds)
    if waiting and not confirmed:
        findings.append(Finding("needs_confirmation", {"kind": kind}, waiting))
    ahead = min(days, (end - as_of).days)
    if counting and ahead > 0:
        findings.append(Finding("days_ahead", {"days": ahead, "total": days}))
    order = list(Weight)
    findings.sort(key=lambda f: order.index(f.weight))  # stable: the order above within a weight
    return Counting(hours=float(hours), shares=shares, findings=tuple(findings))
