"""Paging through all the news (service and `tracker news list`), the demo's sample items, and what the
News page says about them and about when the sources were last checked (issue 11 item 10)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit as st
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

import feeds.background
from feeds.models import Feed, FeedEntry, NewsItem, NewsItemTopic
from tracker.auth import Actor
from tracker.demo import SAMPLE_FEED_URL, SAMPLE_STORY_PREFIX
from tracker.i18n import t
from tracker.services import news
from tracker.services.news import MAX_PAGE, NewsQuery
from tracker.setup import initialise

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
NEWS = str(ROOT / "tracker/ui/pages/news.py")
MANY = MAX_PAGE + 50
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def many_items(engine):
    """MANY items on one feed, one a minute; every third is about customs."""
    with Session(engine) as s:
        feed = Feed(url="https://many.example.com/rss", title="Many")
        s.add(feed)
        s.flush()
        rows = [
            {
                "story_key": f"k{n}",
                "title": f"Item {n:03d}" + (" customs" if n % 3 == 0 else ""),
                "summary_html": "",
                "published_at": T0 + timedelta(minutes=n),
                "first_seen_at": T0,
            }
            for n in range(MANY)
        ]
        s.connection().execute(sa.insert(NewsItem), rows)
        ids = dict(s.exec(select(NewsItem.story_key, NewsItem.id)).all())
        s.connection().execute(
            sa.insert(FeedEntry),
            [{"feed_id": feed.id, "entry_key": key, "item_id": ids[key], "seen_at": T0} for key in ids],
        )
        s.connection().execute(
            sa.insert(NewsItemTopic),
            [{"item_id": ids[f"k{n}"], "topic": "customs_tax"} for n in range(0, MANY, 3)],
        )
        s.commit()
    return MANY


def test_offset_pages_through_every_item_once_newest_first(many_items):
    system = Actor.system()
    seen = []
    for offset in range(0, many_items, 70):
        seen += [r.title for r in news.list_news(system, query=NewsQuery(limit=70, offset=offset))]
    assert len(seen) == len(set(seen)) == many_items
    assert seen[0].startswith(f"Item {many_items - 1:03d}") and seen[-1].startswith("Item 000")


def test_count_follows_the_filters_not_the_page(many_items):
    system = Actor.system()
    assert news.count_news(system) == many_items
    customs = NewsQuery(topic="customs_tax", limit=5, offset=10)
    assert news.count_news(system, query=customs) == len(range(0, many_items, 3))
    assert news.count_news(system, query=NewsQuery(search="item 00")) == 10


def test_cli_limit_zero_lists_everything_past_the_service_page(cli, many_items):
    result = cli("news", "list", "--format", "json", "--limit", "0")
    assert result.exit_code == 0, result
    titles = [n["title"] for n in json.loads(result.stdout)]
    assert len(titles) == len(set(titles)) == many_items > MAX_PAGE


def test_cli_offset_takes_the_next_page(cli, many_items):
    first = json.loads(cli("news", "list", "--format", "json", "--limit", "20").stdout)
    second = json.loads(cli("news", "list", "--format", "json", "--limit", "20", "--offset", "20").stdout)
    tail = json.loads(cli("news", "list", "--format", "json", "--offset", str(many_items - 7)).stdout)
    assert len(first) == len(second) == 20 and not {n["title"] for n in first} & {n["title"] for n in second}
    assert second[0]["title"].startswith(f"Item {many_items - 21:03d}")
    assert [n["title"] for n in tail][-1].startswith("Item 000") and len(tail) == 7
    customs = cli("news", "list", "--format", "json", "--topic", "customs_tax", "--limit", "0")
    filtered = json.loads(customs.stdout)
    assert len(filtered) == len(range(0, many_items, 3))


def test_cli_table_says_where_the_next_page_starts(cli, many_items):
    result = cli("news", "list", "--limit", "10", "--offset", "30")
    assert result.exit_code == 0, result
    assert f"Items 31-40 of {many_items}; the next page: --offset 40." in result.stdout
    last = cli("news", "list", "--offset", str(many_items - 3))
    assert f"Items {many_items - 2}-{many_items} of {many_items}." in last.stdout
    beyond = cli("news", "list", "--offset", str(many_items + 5))
    assert beyond.exit_code == 0 and f"{many_items} match" in beyond.stdout


def test_cli_refuses_a_negative_offset(cli):
    result = cli("news", "list", "--offset", "-1")
    assert result.exit_code != 0


# --- sample items: the demo only -------------------------------------------------------------------


def test_demo_database_has_sample_items_marked_as_samples(engine):
    initialise(demo=True, engine=engine)
    with Session(engine) as s:
        items = s.exec(select(NewsItem)).all()
        feed = s.exec(select(Feed).where(Feed.url == SAMPLE_FEED_URL)).one()
    assert 3 <= len(items) <= 10
    assert all(i.story_key.startswith(SAMPLE_STORY_PREFIX) for i in items)
    assert all("示例" in i.title or "Sample" in i.title for i in items)
    assert all("not real news" in i.summary_html for i in items)
    assert not feed.active  # never fetched, not counted as a source that failed
    rows = news.list_news(Actor.system())
    assert rows and all(r.sample for r in rows) and all(r.topics for r in rows)
    assert news.health_summary().active == news.health_summary().never_checked  # the curated ones only


def test_a_real_database_never_gets_sample_items(engine):
    initialise(engine=engine)
    initialise(engine=engine)  # upgrading again adds nothing either
    with Session(engine) as s:
        assert s.exec(select(sa.func.count()).select_from(NewsItem)).one() == 0
        assert s.exec(select(Feed).where(Feed.url == SAMPLE_FEED_URL)).first() is None
    assert news.list_news(Actor.system()) == []


def test_real_items_are_not_samples(engine, many_items):
    assert not any(r.sample for r in news.list_news(Actor.system()))


# --- the News page ---------------------------------------------------------------------------------


@pytest.fixture
def page_world(engine, factory, monkeypatch):
    monkeypatch.setattr(feeds.background, "ensure_background_refresh", lambda *a, **k: None)
    st.cache_data.clear()
    checked = datetime(2026, 5, 4, 2, 30, tzinfo=UTC)  # 10:30 in Asia/Shanghai
    with Session(engine, expire_on_commit=False) as s:
        teacher = factory.make_person(s, name="Li Teacher")
        feed = Feed(
            url="https://news.example.com/rss",
            title="Example Trade News",
            last_status="ok",
            last_checked_at=checked,
            next_check_at=checked + timedelta(hours=1),
        )
        s.add(feed)
        s.flush()
        for key, title in [(f"{SAMPLE_STORY_PREFIX}1", "【示例】GPSR sample"), ("link:real", "A real story")]:
            item = NewsItem(story_key=key, title=title, published_at=datetime.now(UTC))
            s.add(item)
            s.flush()
            s.add(FeedEntry(feed_id=feed.id, entry_key=key, item_id=item.id))
        s.commit()
        actor = Actor.of(teacher)
    yield actor
    st.cache_data.clear()


def open_news(actor: Actor, lang: str, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["actor"] = actor
    at.session_state["lang"] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(NEWS).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_refresh_button_says_when_the_sources_were_last_checked(page_world, lang):
    at = open_news(page_world, lang)
    captions = [c.value for c in at.caption]
    assert t("news.checked_at", lang, when="2026-05-04 10:30 (Asia/Shanghai)") in captions
    assert t("news.showing", lang, shown=2, total=2) in captions


def test_nothing_due_says_when_they_were_checked_and_when_next(page_world):
    result = {"failed": False, "checked": 0, "ok": 0, "unchanged": 0, "errors": [], "new": 0}
    at = open_news(page_world, "en", news_refresh_result=result)
    assert any(
        "last checked 2026-05-04 10:30 (Asia/Shanghai)" in i.value and "11:30" in i.value for i in at.info
    ), [i.value for i in at.info]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_items_carry_a_badge_and_the_page_says_what_they_are(page_world, lang):
    at = open_news(page_world, lang)
    body = html_of(at)
    assert body.count(f">{t('news.sample_badge', lang)}</span>") == 1  # the sample only, not the real story
    assert any(t("news.sample_notice", lang) == i.value for i in at.info)


def test_no_sample_notice_without_sample_items(engine, page_world):
    with Session(engine) as s:
        s.connection().execute(sa.delete(NewsItem).where(NewsItem.story_key.startswith(SAMPLE_STORY_PREFIX)))
        s.commit()
    at = open_news(page_world, "en")
    assert not any(t("news.sample_notice", "en") == i.value for i in at.info)
    assert ">Sample</span>" not in html_of(at)
