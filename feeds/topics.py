"""Topic tagging by keyword rules (pure: rules and text in, topic slugs out).

Rules ship in ``data/topics.toml``; administrators edit them on the News sources page and the
edited rules live in the ``news_topic`` table (see feeds.store.load_topic_rules).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import InvalidInput, Problem
from tracker.i18n import Text  # not tracker.validation: the parse workers stay light

# data/topics.toml, found without tracker.settings: the parse workers import this module, and pydantic
# would double their start-up time.
TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.toml"
_SLUG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True, slots=True)
class TopicRule:
    """One topic: a stable slug, its names in English and Chinese, and its keywords."""

    slug: str
    name_en: str
    name_zh: str
    keywords: tuple[str, ...]

    def name(self, language: str) -> str:
        """The topic's name in ``language`` ('zh' or 'en')."""
        return self.name_zh if language.startswith("zh") else self.name_en


class TopicMatcher:
    """Tags text with the topics whose keywords it contains.

    ASCII keywords match whole words, case-insensitively ("ads" does not match "roads", "9610"
    matches in "跨境电商9610出口"); a word is a run of Latin letters and digits, accented ones included,
    so "ce" is not a word of "ceñido". A keyword written all in capitals ("CE", "EPR", "VAT") is an
    abbreviation and matches only in capitals, so "CE" does not match the French "ce" (issue 11 item 10).
    Chinese keywords match anywhere, since Chinese is written without spaces. Text and keywords are
    NFKC-normalised first, so full-width "ＣＥ" or "９６１０" count too. ASCII matching is by token
    n-grams rather than one big regex: a set lookup per keyword instead of a scan per keyword (tagging
    was most of a refresh's time with the regex).
    """

    def __init__(self, rules: Sequence[TopicRule]) -> None:
        self.rules = tuple(rules)
        self._words: dict[str, set[str]] = {}  # normalised ASCII keyword -> topic slugs
        self._capitals: dict[str, set[str]] = {}  # an abbreviation as written -> topic slugs
        self._chinese: dict[str, set[str]] = {}  # lower-cased keyword -> topic slugs
        self._max_words = 1
        self._phrase_starts: set[str] = set()
        for rule in self.rules:
            for raw in rule.keywords:
                keyword = _normal(raw).strip()
                if keyword.isascii():
                    if _is_abbreviation(keyword):
                        self._capitals.setdefault(keyword, set()).add(rule.slug)
                        continue
                    tokens = _TOKEN.findall(keyword.lower())
                    if tokens:
                        self._words.setdefault(" ".join(tokens), set()).add(rule.slug)
                        self._max_words = max(self._max_words, len(tokens))
                        if len(tokens) > 1:
                            self._phrase_starts.add(tokens[0])
                elif keyword:
                    self._chinese.setdefault(keyword.lower(), set()).add(rule.slug)

    def tag(self, *texts: str) -> tuple[str, ...]:
        """Slugs of the topics found in ``texts``, in rule order."""
        original = _normal("\n".join(t for t in texts if t))
        text = original.lower()
        found: set[str] = set()
        if self._capitals:
            for token in self._capitals.keys() & set(_TOKEN_CASED.findall(original)):
                found |= self._capitals[token]
        tokens = _TOKEN.findall(text)
        for token in self._words.keys() & set(tokens):
            found |= self._words[token]
        if self._max_words > 1:
            for start, token in enumerate(tokens):
                if token in self._phrase_starts:
                    for n in range(2, self._max_words + 1):
                        slugs = self._words.get(" ".join(tokens[start : start + n]))
                        if slugs:
                            found |= slugs
        for keyword, slugs in self._chinese.items():
            if not slugs <= found and keyword in text:
                found |= slugs
        return tuple(rule.slug for rule in self.rules if rule.slug in found)


# A word: ASCII letters and digits plus the accented Latin letters (Latin-1 without × and ÷, Latin
# Extended-A/B, Latin Extended Additional), so an accent never splits a word into matchable pieces.
_LATIN = "0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_TOKEN = re.compile(f"[a-z{_LATIN}]+")
_TOKEN_CASED = re.compile(f"[A-Za-z{_LATIN}]+")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _is_abbreviation(keyword: str) -> bool:
    """One word in capitals (digits allowed), at least two letters: "CE", "EPR", "3PL", "IOSS"."""
    return (
        _TOKEN_CASED.fullmatch(keyword) is not None
        and keyword == keyword.upper()
        and sum(c.isalpha() for c in keyword) >= 2
    )


def load_rules_file(path: Path = TOPICS_FILE) -> list[TopicRule]:
    """Read topic rules from a TOML file (``[[topic]]`` tables)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        message = Text("problem.topic_file", path=str(path), detail=str(exc))
        raise InvalidInput(message, field="topics") from exc
    return validate_rules(
        TopicRule(
            slug=str(item.get("slug", "")),
            name_en=str(item.get("name_en", "")),
            name_zh=str(item.get("name_zh", "")),
            keywords=tuple(str(k) for k in item.get("keywords", [])),
        )
        for item in data.get("topic", [])
    )


def validate_rules(rules: Iterable[TopicRule]) -> list[TopicRule]:
    """Check slugs, names and keywords; raise InvalidInput listing every problem."""
    result: list[TopicRule] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for row, rule in enumerate(rules, start=1):
        keywords = tuple(dict.fromkeys(k.strip() for k in rule.keywords if k.strip()))
        if not _SLUG.match(rule.slug):
            problems.append(Problem("slug", Text("problem.topic_slug"), row))
        elif rule.slug in seen:
            problems.append(Problem("slug", Text("problem.topic_slug_twice", slug=rule.slug), row))
        seen.add(rule.slug)
        if not rule.name_en.strip() or not rule.name_zh.strip():
            problems.append(Problem("name", Text("problem.topic_names"), row))
        if not keywords:
            problems.append(Problem("keywords", Text("problem.topic_no_keyword"), row))
        if any(len(k) > 100 for k in keywords):
            problems.append(Problem("keywords", Text("problem.topic_keyword_long"), row))
        result.append(TopicRule(rule.slug, rule.name_en.strip(), rule.name_zh.strip(), keywords))
    if problems:
        raise InvalidInput(problems)
    return result
