"""Pure decisions: dedupe keys, the next-check schedule, topic tagging."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.dedupe import canonical_link, entry_key, story_key
from feeds.parse import ParsedEntry
from feeds.schedule import MAX_WAIT, next_check, parse_max_age, parse_retry_after
from feeds.topics import TopicMatcher, TopicRule, load_rules_file, validate_rules
from tracker.errors import InvalidInput


def entry(guid=None, link=None, title="t", summary=""):
    return ParsedEntry(guid=guid, link=link, title=title, summary_html=summary, published=None)


# --- dedupe ---------------------------------------------------------------------------------------


def test_canonical_link_strips_tracking_and_normalises():
    assert (
        canonical_link(
            "HTTPS://News.Example.com:443/a/b/?id=7&utm_source=x&utm_medium=rss&fbclid=1&spm=a2#top"
        )
        == "https://news.example.com/a/b?id=7"
    )
    assert canonical_link("http://example.com") == "http://example.com/"
    assert canonical_link("http://example.com:8080/x") == "http://example.com:8080/x"


def test_entry_key_prefers_guid_then_link_then_content_hash():
    assert entry_key(entry(guid="g", link="https://e.com/1")) == "guid:g"
    assert entry_key(entry(link="https://e.com/1")) == "link:https://e.com/1"
    no_id = entry(title="Same", summary="<p>body</p>")
    assert entry_key(no_id) == entry_key(entry(title="Same", summary="<p>body</p>"))
    assert entry_key(no_id) != entry_key(entry(title="Same", summary="<p>other</p>"))


def test_story_key_joins_links_that_differ_only_by_tracking():
    a = entry(guid="feed-a-1", link="https://e.com/story?utm_source=a")
    b = entry(guid="feed-b-99", link="https://e.com/story/?utm_campaign=b&utm_medium=rss")
    assert story_key(a, feed_url="https://a.com/rss") == story_key(b, feed_url="https://b.com/rss")


def test_entries_without_links_are_stories_of_their_own_feed():
    e = entry(title="x", summary="y")
    assert story_key(e, feed_url="https://a.com/rss") != story_key(e, feed_url="https://b.com/rss")


def test_very_long_keys_are_bounded():
    e = entry(link="https://e.com/" + "x" * 3000)
    assert len(story_key(e, feed_url="f")) <= 600


_tracking = st.dictionaries(
    st.sampled_from(["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "utm_term"]),
    st.text("abc123", min_size=1, max_size=5),
)
_path = st.lists(st.text("abcxyz019-", min_size=1, max_size=6), max_size=3).map("/".join)


@given(
    path=_path,
    tracking=_tracking,
    query=st.dictionaries(st.text("pqr", min_size=1, max_size=3), st.text("123", max_size=3)),
)
def test_canonical_link_ignores_any_tracking_parameters_and_is_idempotent(path, tracking, query):
    from urllib.parse import urlencode

    base = f"https://e.com/{path}"
    plain = base + ("?" + urlencode(query) if query else "")
    tracked = base + "?" + urlencode({**query, **tracking}) if (query or tracking) else base
    assert canonical_link(tracked) == canonical_link(plain)
    assert canonical_link(canonical_link(plain)) == canonical_link(plain)


# --- schedule -------------------------------------------------------------------------------------

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("errors", "expected"),
    [(0, HOUR), (1, HOUR), (2, 2 * HOUR), (3, 4 * HOUR), (5, 16 * HOUR), (6, MAX_WAIT), (40, MAX_WAIT)],
)
def test_back_off_doubles_per_consecutive_error_up_to_a_day(errors, expected):
    assert next_check(now=NOW, interval=HOUR, consecutive_errors=errors) == NOW + expected


def test_cache_control_max_age_stretches_the_interval_but_not_past_a_day():
    assert next_check(now=NOW, interval=HOUR, max_age=3 * HOUR) == NOW + 3 * HOUR
    assert next_check(now=NOW, interval=HOUR, max_age=timedelta(minutes=5)) == NOW + HOUR
    assert next_check(now=NOW, interval=HOUR, max_age=timedelta(days=30)) == NOW + MAX_WAIT


def test_retry_after_is_honoured_over_back_off():
    assert next_check(now=NOW, interval=HOUR, consecutive_errors=1, retry_after=5 * HOUR) == NOW + 5 * HOUR


def test_header_parsing():
    assert parse_max_age("public, max-age=7200") == timedelta(seconds=7200)
    assert parse_max_age("no-cache") is None
    assert parse_retry_after("120", now=NOW) == timedelta(seconds=120)
    assert parse_retry_after("Wed, 25 Nov 2026 14:00:00 GMT", now=NOW) == 2 * HOUR
    assert parse_retry_after("soon", now=NOW) is None


# --- topics ---------------------------------------------------------------------------------------


def test_shipped_topic_rules_load_and_cover_the_six_topics():
    rules = load_rules_file()
    assert {r.slug for r in rules} == {
        "marketplaces",
        "logistics",
        "customs_tax",
        "payments_fx",
        "marketing",
        "compliance",
        "policy",
        "vocational_education",
    }
    assert all(r.name_zh and r.name_en for r in rules)


def test_tagging_matches_english_words_and_chinese_anywhere():
    matcher = TopicMatcher(load_rules_file())
    assert matcher.tag("Amazon raises FBA fees", "") == ("marketplaces", "logistics")
    assert matcher.tag("海关总署发布跨境电商出口退税新政策", "") == ("customs_tax", "policy")
    assert matcher.tag("New roads open downtown", "") == ()  # "ads" is not a word in "roads"
    assert "payments_fx" in matcher.tag("Title", "<p>The yuan weakened against the dollar</p>")


def test_invalid_rules_are_reported_together():
    with pytest.raises(InvalidInput) as info:
        validate_rules(
            [
                TopicRule("Bad Slug", "", "名", ()),
                TopicRule("ok", "Ok", "好", ("x",)),
                TopicRule("ok", "A", "B", ("y",)),
            ]
        )
    fields = [p.field for p in info.value.problems]
    assert fields == ["slug", "name", "keywords", "slug"]


def _naive_tag(rules, text):
    """Oracle: normalise text and ASCII keywords to space-separated lower-case tokens and look for
    the keyword as a whole-token substring; Chinese keywords as plain substrings."""
    import re

    lowered = text.lower()
    normal = " " + " ".join(re.findall(r"[a-z0-9]+", lowered)) + " "
    found = []
    for rule in rules:
        for k in rule.keywords:
            if k.isascii():
                tokens = re.findall(r"[a-z0-9]+", k.lower())
                hit = bool(tokens) and (" " + " ".join(tokens) + " ") in normal
            else:
                hit = k.lower() in lowered
            if hit:
                found.append(rule.slug)
                break
    return tuple(found)


_words = st.sampled_from(
    [
        "amazon",
        "Last",
        "mile",
        "last-mile",
        "roads",
        "ads",
        "FBA",
        "海关",
        "关税",
        "跨境",
        "9610",
        "tiktok",
        "shop",
        "de",
        "minimis",
        "x",
        "payment",
        "payments",
        "cross",
        "border",
        "HS",
        "code",
        ",",
        ".",
        "电商",
        "TikTok Shop",
    ]
)


@given(
    st.lists(_words, max_size=30),
    st.lists(st.sampled_from([" ", "", "-", "\n", "：", "/"]), min_size=30, max_size=30),
)
def test_matcher_agrees_with_a_naive_oracle(words, separators):
    rules = load_rules_file()
    text = "".join(w + s for w, s in zip(words, separators, strict=False))
    assert TopicMatcher(rules).tag(text) == _naive_tag(rules, text)
