"""Parsing bytes into entries: charsets, hostile declarations, broken feeds, pages that are not feeds."""

from datetime import UTC, datetime

import pytest

from feeds.errors import NotAFeed, UnsafeFeed
from feeds.parse import parse_feed
from tests.feeds.feedgen import Item, rss

URL = "https://news.example.cn/feed.xml"
CHINESE = "跨境电商海关新规：9610 出口退税"
TRADITIONAL = "跨境電商海關新規：出口退稅"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_simplified_chinese_charset_from_the_xml_prolog(encoding):
    body = rss([Item(CHINESE, "https://news.example.cn/1")], encoding=encoding)
    assert parse_feed(body, url=URL).entries[0].title == CHINESE


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
def test_charset_from_the_content_type_header(encoding):
    title = TRADITIONAL if encoding == "big5" else CHINESE
    body = rss([Item(title, "https://news.example.cn/1")], encoding=encoding, prolog=False)
    feed = parse_feed(body, url=URL, headers={"Content-Type": f"application/rss+xml; charset={encoding}"})
    assert feed.entries[0].title == title


def test_big5_from_the_xml_prolog():
    body = rss([Item(TRADITIONAL, "https://news.example.tw/1")], encoding="big5")
    assert parse_feed(body, url=URL).entries[0].title == TRADITIONAL


def test_gb18030_characters_outside_gbk():
    title = "海关 𠀀 新规"  # U+20000 exists only in GB18030
    body = rss([Item(title, "https://news.example.cn/1")], encoding="gb18030")
    assert parse_feed(body, url=URL).entries[0].title == title


def test_internal_entity_bomb_is_refused_before_parsing():
    # ~130 KB: one 10 KB internal entity referenced 100 times in each of 220 entries. The document is
    # also malformed (&nbsp; is not an XML entity), which sends feedparser to its lenient parser; that
    # parser expands the entity (12 s and 220 MB of summaries when nothing stopped it).
    entity = "A" * 10_000
    refs = "&big;" * 100
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "' + entity + '">\n]>\n'
        '<rss version="2.0"><channel><title>t &nbsp; broken</title>'
        + "".join(f"<item><title>x{n}</title><description>{refs}</description></item>" for n in range(220))
        + "</channel></rss>"
    ).encode()
    assert 120_000 < len(body) < 140_000
    with pytest.raises(UnsafeFeed, match="declares its own XML entities"):
        parse_feed(body, url=URL)


def test_malformed_but_recoverable_feed_is_accepted():
    body = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken & co</title>'
        b"<item><title>First <b>unclosed</title><link>https://e.com/1</link></item>"
        b"<item><title>Second</title><link>https://e.com/2</link></item>"
    )  # unescaped &, unclosed tags, no closing channel/rss
    feed = parse_feed(body, url=URL)
    assert [e.link for e in feed.entries] == ["https://e.com/1", "https://e.com/2"]
    assert feed.bozo_message


@pytest.mark.parametrize(
    "body",
    [
        b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><p>Our shop</p></body></html>",
        b"",
        b'{"not": "xml"}',
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
    ],
)
def test_a_page_that_is_not_a_feed_is_an_error(body):
    with pytest.raises(NotAFeed, match="did not return a news feed"):
        parse_feed(body, url=URL, headers={"content-type": "text/html"})


def test_relative_links_become_absolute():
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>/</link>'
        b"<item><title>a</title><link>/news/1.html</link>"
        b'<description>&lt;a href="../img/2.html"&gt;more&lt;/a&gt;</description></item></channel></rss>'
    )
    feed = parse_feed(body, url="https://news.example.cn/rss/all.xml")
    entry = feed.entries[0]
    assert entry.link == "https://news.example.cn/news/1.html"
    assert 'href="https://news.example.cn/img/2.html"' in entry.summary_html
    assert feed.site_url == "https://news.example.cn/"


def test_atom_with_plain_text_summary_is_escaped_and_dated():
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id><updated>2026-11-20T10:00:00Z</updated>
<entry><title>Tariffs &amp; you</title><id>urn:e1</id><link href="https://e.com/a"/>
<updated>2026-11-20T10:00:00+08:00</updated>
<summary type="text">1 &lt; 2 &lt;script&gt;</summary></entry></feed>"""
    entry = parse_feed(body, url=URL).entries[0]
    assert entry.title == "Tariffs & you"
    assert entry.guid == "urn:e1"
    assert entry.summary_html == "<p>1 &lt; 2 &lt;script&gt;</p>"
    assert entry.published == datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_entry_without_title_gets_one_from_its_summary():
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><description>Only a body here</description>'
        b"</item></channel></rss>"
    )
    assert parse_feed(body, url=URL).entries[0].title == "Only a body here"
