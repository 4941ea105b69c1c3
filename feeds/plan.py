"""What a refresh stores, decided without the database (like reader's update ``Decider``).

``plan_entries`` takes the parsed entries of one or more feeds and what the database already holds (the
entry keys each feed has stored) and decides: which entries are new to their feed, which are too old to keep
(retention would only delete them again), the date each one sorts under (a clock in the future sorts as now),
and the news item each new story would create. ``feeds.store`` then writes the plan.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from feeds.dedupe import KeyedEntry

TITLE_MAX = 500  # the columns' lengths
LINK_MAX = 2000


@dataclass(frozen=True, slots=True)
class NewStory:
    """A news item a new entry would create, unless another feed has already brought the story."""

    row: dict  # the news_item columns
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntryPlan:
    """The outcome of ``plan_entries``: the entries to store, per feed, and the stories behind them."""

    fresh: list[tuple[int, KeyedEntry]] = field(default_factory=list)  # (feed id, entry), in feed order
    stories: dict[str, NewStory] = field(default_factory=dict)  # story key -> the item it would create

    def counts(self, feed_ids: Sequence[int]) -> dict[int, int]:
        """How many entries each feed gains (every feed named, 0 when none)."""
        counts = dict.fromkeys(feed_ids, 0)
        for feed_id, _keyed in self.fresh:
            counts[feed_id] += 1
        return counts

    def entry_rows(self, item_ids: dict[str, int], now: datetime) -> list[dict]:
        """The feed_entry rows, once every story has its item id."""
        return [
            {
                "feed_id": feed_id,
                "entry_key": keyed.entry_key,
                "item_id": item_ids[keyed.story_key],
                "link": clip(keyed.entry.link, LINK_MAX),
                "seen_at": now,
            }
            for feed_id, keyed in self.fresh
        ]


def clip(text: str | None, limit: int) -> str | None:
    return text[:limit] if text else None


def plan_entries(
    feeds: Sequence[tuple[int, Sequence[KeyedEntry]]],
    *,
    stored: Collection[tuple[int, str]],
    now: datetime,
    keep_after: datetime,
) -> EntryPlan:
    """Decide what to store of ``feeds`` (feed id, its keyed entries), given the (feed id, entry key)
    pairs already ``stored``. The first entry of a story decides the item's title, summary and date."""
    plan = EntryPlan()
    for feed_id, entries in feeds:
        for keyed in entries:
            if (feed_id, keyed.entry_key) in stored:
                continue
            published = min(keyed.entry.published or now, now)  # a clock in the future sorts as now
            if published < keep_after:
                continue
            plan.fresh.append((feed_id, keyed))
            if keyed.story_key not in plan.stories:
                entry = keyed.entry
                row = {
                    "story_key": keyed.story_key,
                    "title": entry.title[:TITLE_MAX],
                    "link": clip(entry.link, LINK_MAX),
                    "summary_html": entry.summary_html,
                    "published_at": published,
                    "first_seen_at": now,
                }
                plan.stories[keyed.story_key] = NewStory(row, keyed.topics)
    return plan
