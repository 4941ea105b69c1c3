"""The refresh planner (feeds/plan.py): what a refresh stores, decided on plain data (no database)."""

from datetime import UTC, datetime, timedelta

from feeds.dedupe import KeyedEntry
from feeds.parse import ParsedEntry
from feeds.plan import plan_entries

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
KEEP_AFTER = NOW - timedelta(days=180)


def keyed(entry_key: str, story_key: str, *, published=NOW - timedelta(days=1), title="T", link=None,
          topics=()):
    entry = ParsedEntry(guid=entry_key, link=link, title=title, summary_html="<p>s</p>", published=published)
    return KeyedEntry(entry, entry_key, story_key, tuple(topics))


def test_only_entries_new_to_their_feed_are_stored():
    a, b = keyed("a", "story-a"), keyed("b", "story-b")
    plan = plan_entries([(1, [a, b]), (2, [a])], stored={(1, "a")}, now=NOW, keep_after=KEEP_AFTER)
    assert [(feed, k.entry_key) for feed, k in plan.fresh] == [(1, "b"), (2, "a")]
    assert plan.counts([1, 2, 3]) == {1: 1, 2: 1, 3: 0}
    assert list(plan.stories) == ["story-b", "story-a"]


def test_entries_older_than_retention_are_not_brought_back():
    old = keyed("old", "s-old", published=KEEP_AFTER - timedelta(seconds=1))
    edge = keyed("edge", "s-edge", published=KEEP_AFTER)
    plan = plan_entries([(1, [old, edge])], stored=set(), now=NOW, keep_after=KEEP_AFTER)
    assert [k.entry_key for _feed, k in plan.fresh] == ["edge"]


def test_a_future_or_missing_date_sorts_as_now():
    future = keyed("f", "s-f", published=NOW + timedelta(days=3))
    undated = keyed("u", "s-u", published=None)
    plan = plan_entries([(1, [future, undated])], stored=set(), now=NOW, keep_after=KEEP_AFTER)
    assert {key: s.row["published_at"] for key, s in plan.stories.items()} == {"s-f": NOW, "s-u": NOW}


def test_the_first_entry_of_a_story_makes_the_item_and_text_is_clipped_to_the_columns():
    long_link = "https://e.example/" + "p" * 3000
    first = keyed("a1", "same", title="x" * 600, link=long_link, topics=["customs_tax"])
    second = keyed("b1", "same", title="Other title")
    plan = plan_entries([(1, [first]), (2, [second])], stored=set(), now=NOW, keep_after=KEEP_AFTER)
    story = plan.stories["same"]
    assert (len(story.row["title"]), len(story.row["link"]), story.topics) == (500, 2000, ("customs_tax",))
    rows = plan.entry_rows({"same": 7}, NOW)
    assert [(r["feed_id"], r["entry_key"], r["item_id"]) for r in rows] == [(1, "a1", 7), (2, "b1", 7)]
