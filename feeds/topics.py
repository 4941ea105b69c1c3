"""Topic tagging by keyword rules (pure: rules and text in, topic slugs out).

Rules ship in ``data/topics.toml``; administrators edit them on the News sources page and the
edited rules live in the ``news_topic`` table (see feeds.store.load_topic_rules).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import InvalidInput, Problem

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
    matches in "跨境电商9610出口"); Chinese keywords match anywhere, since Chinese is written without
    spaces. ASCII matching is by token n-grams rather than one big regex: a set lookup per keyword
    instead of a scan per keyword (tagging was most of a refresh's time with the regex).
    """

    def __init__(self, rules: Sequence[TopicRule]) -> None:
        self.rules = tuple(rules)
        self._words: dict[str, set[str]] = {}  # normalised ASCII keyword -> topic slugs
        self._chinese: dict[str, set[str]] = {}  # lower-cased keyword -> topic slugs
        self._max_words = 1
        self._phrase_starts: set[str] = set()
        for rule in self.rules:
            for keyword in rule.keywords:
                if keyword.isascii():
                    tokens = _TOKEN.findall(keyword.lower())
                    if tokens:
                        self._words.setdefault(" ".join(tokens), set()).add(rule.slug)
                        self._max_words = max(self._max_words, len(tokens))
                        if len(tokens) > 1:
                            self._phrase_starts.add(tokens[0])
                elif keyword.strip():
                    self._chinese.setdefault(keyword.strip().lower(), set()).add(rule.slug)

    def tag(self, *texts: str) -> tuple[str, ...]:
        """Slugs of the topics found in ``texts``, in rule order."""
        text = "\n".join(t for t in texts if t).lower()
        found: set[str] = set()
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


_TOKEN = re.compile(r"[a-z0-9]+")


def load_rules_file(path: Path = TOPICS_FILE) -> list[TopicRule]:
    """Read topic rules from a TOML file (``[[topic]]`` tables)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"the topic rules file {path} cannot be read: {exc}", field="topics") from exc
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
            problems.append(Problem("slug", "use lower-case letters, digits and _ (up to 40)", row))
        elif rule.slug in seen:
            problems.append(Problem("slug", f"'{rule.slug}' is used twice", row))
        seen.add(rule.slug)
        if not rule.name_en.strip() or not rule.name_zh.strip():
            problems.append(Problem("name", "give the topic a name in English and in Chinese", row))
        if not keywords:
            problems.append(Problem("keywords", "give at least one keyword", row))
        if any(len(k) > 100 for k in keywords):
            problems.append(Problem("keywords", "keep each keyword under 100 characters", row))
        result.append(TopicRule(rule.slug, rule.name_en.strip(), rule.name_zh.strip(), keywords))
    if problems:
        raise InvalidInput(problems)
    return result
