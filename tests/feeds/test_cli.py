"""`tracker feeds` and `tracker news` through the CLI, against a loopback server, on SQLite and PostgreSQL."""

import json

import pytest

from tests.feeds.feedgen import Item, numbered, rss


@pytest.fixture
def loopback(allow_private, httpserver):
    return httpserver


def test_add_list_refresh_and_news_list_json(cli, loopback):
    loopback.expect_request("/feed").respond_with_data(rss(numbered(3), title="Loopback Trade"))
    url = loopback.url_for("/feed")
    added = cli("feeds", "add", url, "--title", "Mine", "--topic", "Logistics")
    assert added.exit_code == 0, added
    assert "next refresh" in added.stdout

    listed = json.loads(cli("feeds", "list", "--format", "json").stdout)
    assert listed == [
        {**listed[0], "url": url, "title": "Mine", "last_status": None, "last_error": None, "active": True}
    ]

    result = cli("feeds", "refresh", "--json")
    assert result.exit_code == 0, result
    report = json.loads(result.stdout)
    assert report["feeds"] == [
        {"url": url, "status": "ok", "new_entries": 3, "error": None, "moved_to": None}
    ]

    news = json.loads(cli("news", "list", "--format", "json").stdout)
    assert [n["title"] for n in news] == [
        f"Story {n}: Amazon sellers face new customs rules" for n in range(3)
    ]
    first = news[0]
    assert first["feed_url"] == url and first["link"] == "https://news.example.com/story/0"
    assert first["topics"] == ["customs_tax", "logistics", "marketplaces"]
    assert first["summary_html"].startswith("<p>Paragraph 0")
    assert first["published"]


def test_refresh_exits_zero_when_a_source_fails_and_says_why(cli, loopback):
    loopback.expect_request("/ok").respond_with_data(rss(numbered(1)))
    loopback.expect_request("/broken").respond_with_data(
        "<html><body>shop</body></html>", content_type="text/html"
    )
    cli("feeds", "add", loopback.url_for("/ok"))
    cli("feeds", "add", loopback.url_for("/broken"))
    result = cli("feeds", "refresh")
    assert result.exit_code == 0, result
    assert "did not return a news feed" in result.stdout
    assert "1 updated, 0 unchanged, 1 failed" in result.stdout
    listed = {f["url"]: f for f in json.loads(cli("feeds", "list", "--format", "json").stdout)}
    assert listed[loopback.url_for("/broken")]["last_status"] == "error"
    assert "did not return a news feed" in listed[loopback.url_for("/broken")]["last_error"]


def test_second_refresh_is_not_modified_and_all_forces_it(cli, loopback):
    loopback.expect_request("/f", headers={"If-None-Match": '"e1"'}).respond_with_data("", status=304)
    loopback.expect_request("/f").respond_with_data(rss(numbered(2)), headers={"ETag": '"e1"'})
    cli("feeds", "add", loopback.url_for("/f"))
    cli("feeds", "refresh")
    assert json.loads(cli("feeds", "refresh", "--json").stdout)["feeds"] == []  # nothing due
    again = json.loads(cli("feeds", "refresh", "--all", "--json").stdout)
    assert [f["status"] for f in again["feeds"]] == ["not_modified"]


def test_news_list_filters(cli, loopback):
    items = [
        Item("海关总署发布跨境电商新规", "https://e.cn/1"),
        Item("PayPal cuts fees for sellers", "https://e.com/2"),
        Item("Container rates fall", "https://e.com/3"),
    ]
    loopback.expect_request("/f").respond_with_data(rss(items))
    cli("feeds", "add", loopback.url_for("/f"))
    cli("feeds", "refresh")

    def titles(*args):
        result = cli("news", "list", "--format", "json", *args)
        assert result.exit_code == 0, result
        return [n["title"] for n in json.loads(result.stdout)]

    assert titles("--topic", "customs_tax") == ["海关总署发布跨境电商新规"]
    assert titles("--search", "paypal") == ["PayPal cuts fees for sellers"]
    assert titles("--search", "跨境") == ["海关总署发布跨境电商新规"]
    assert len(titles("--limit", "2")) == 2
    assert titles("--since", "2999-01-01") == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("news", "list", "--since", "yesterday"), "not a date"),
        (("news", "list", "--topic", "gossip"), "unknown topic"),
        (("feeds", "add", "ftp://example.com/feed"), "is not a web address"),
        (("feeds", "remove", "https://nowhere.example.com/feed"), "no news source"),
        (("feeds", "import-opml", "/nonexistent/file.opml"), "cannot read"),
    ],
)
def test_bad_input_gets_one_clear_line_and_exit_1(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_literal_private_address_is_refused_right_away_when_the_guard_is_on(cli):
    result = cli("feeds", "add", "http://192.168.1.10/rss")
    assert result.exit_code == 1
    assert "private network" in result.stderr
    assert json.loads(cli("feeds", "list", "--format", "json").stdout) == []


def test_opml_import_export_round_trip(cli, tmp_path):
    source = tmp_path / "in.opml"
    source.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        '<outline text="Logistics"><outline type="rss" text="A" xmlUrl="https://a.example.com/rss"/></outline>'
        '<outline type="rss" text="B" xmlUrl="https://b.example.com/atom"/></body></opml>',
        encoding="utf-8",
    )
    assert "Added 2 sources; 0 were already there." in cli("feeds", "import-opml", source).stdout
    assert "Added 0 sources; 2 were already there." in cli("feeds", "import-opml", source).stdout
    out = tmp_path / "out.opml"
    assert cli("feeds", "export-opml", out).exit_code == 0
    from feeds.opml import parse_opml

    exported = parse_opml(out.read_bytes())
    assert {(s.url, s.title, s.topic) for s in exported} == {
        ("https://a.example.com/rss", "A", "Logistics"),
        ("https://b.example.com/atom", "B", None),
    }


def test_opml_with_a_bad_address_imports_nothing(cli, tmp_path):
    source = tmp_path / "bad.opml"
    source.write_text(
        '<opml version="2.0"><body><outline xmlUrl="https://ok.example.com/rss"/>'
        '<outline xmlUrl="javascript:alert(1)"/></body></opml>'
    )
    result = cli("feeds", "import-opml", source)
    assert result.exit_code == 1 and "is not a web address" in result.stderr
    assert json.loads(cli("feeds", "list", "--format", "json").stdout) == []


def test_remove_deletes_the_source_and_its_items(cli, loopback):
    loopback.expect_request("/f").respond_with_data(rss(numbered(2)))
    cli("feeds", "add", loopback.url_for("/f"))
    cli("feeds", "refresh")
    assert cli("feeds", "remove", loopback.url_for("/f")).exit_code == 0
    assert json.loads(cli("news", "list", "--format", "json").stdout) == []


def load_curated(engine) -> int:
    from sqlmodel import Session

    from feeds import load_curated_sources

    with Session(engine) as session:
        added = load_curated_sources(session)
        session.commit()
    return added


def test_curated_sources_load_once(cli, engine):
    assert load_curated(engine) >= 15
    feeds = json.loads(cli("feeds", "list", "--format", "json").stdout)
    assert any("36kr.com" in f["url"] for f in feeds) and any("wto.org" in f["url"] for f in feeds)
    assert load_curated(engine) == 0
    assert len(json.loads(cli("feeds", "list", "--format", "json").stdout)) == len(feeds)


def test_refresh_of_unreachable_curated_sources_says_so_plainly(cli, engine, monkeypatch):
    """This machine has no internet: every curated source fails with a plain reason; no news appears."""
    from tracker.settings import get_settings

    monkeypatch.setenv("TRACKER_FEEDS_TIMEOUT", "2")
    get_settings.cache_clear()
    load_curated(engine)
    report = json.loads(cli("feeds", "refresh", "--json").stdout)
    assert report["feeds"] and all(f["status"] == "error" for f in report["feeds"])
    assert all(
        any(
            phrase in f["error"]
            for phrase in ("could not be found", "could not be reached", "did not answer", "private network")
        )
        for f in report["feeds"]
    ), report["feeds"][:3]
    assert json.loads(cli("news", "list", "--format", "json").stdout) == []


def test_table_formats_for_people_at_a_terminal(cli, loopback):
    loopback.expect_request("/f").respond_with_data(
        rss([Item("Shopify adds tariff estimates", "https://e.com/1")])
    )
    assert "No news sources yet" in cli("feeds", "list").stdout
    assert "No news items match" in cli("news", "list").stdout
    cli("feeds", "add", loopback.url_for("/f"), "--title", "Loop")
    cli("feeds", "refresh")
    sources = cli("feeds", "list")
    assert sources.exit_code == 0 and "Loop" in sources.stdout and "ok" in sources.stdout
    items = cli("news", "list")
    assert items.exit_code == 0 and "Shopify" in items.stdout  # rich wraps long titles
