"""Hostile feed documents (issue 9): no DTD, in any encoding or disguise, makes the parser expand an entity;
comments and CDATA that merely mention a DOCTYPE are read as they are; a body never names a local file."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds.errors import InvalidOPML, NotAFeed, UnsafeFeed
from feeds.opml import parse_opml
from feeds.parse import parse_feed, safe_document
from tests.feeds.hostile import EXPANDED, cases

URL = "https://evil.example/feed.xml"


def texts(feed):
    return [feed.title] + [entry.title + entry.summary_html for entry in feed.entries]


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_no_entity_a_feed_declares_is_ever_expanded(case):
    """Fails before issue 9 for split_declarations, every UTF-16/UTF-32 form, the HTTP-charset UTF-16 body,
    UTF-7 and EBCDIC (the old regex pass looked at the undecoded bytes): the entity was expanded."""
    if case.refused:
        with pytest.raises(UnsafeFeed) as refused:
            parse_feed(case.body, url=URL, headers=case.headers)
        assert refused.value.kind == "unsafe_xml" and refused.value.url == URL
        assert "not read" in str(refused.value)
    else:
        feed = parse_feed(case.body, url=URL, headers=case.headers)
        assert [e.title for e in feed.entries] == ["Bomb"]
        assert not any(EXPANDED in text for text in texts(feed))


def test_a_dtd_with_an_internal_subset_is_named_in_the_message():
    case = next(c for c in cases() if c.name == "dtd_utf-16-le_bom")
    with pytest.raises(
        UnsafeFeed, match=r"https://evil\.example/feed\.xml declares its own XML entities \(a DTD\)"
    ):
        parse_feed(case.body, url=URL, headers=case.headers)


def test_split_declarations_are_broken_markup_not_a_rebuilt_doctype():
    case = next(c for c in cases() if c.name == "split_declarations")
    with pytest.raises(UnsafeFeed, match="broken markup before its first element"):
        parse_feed(case.body, url=URL, headers=case.headers)


# After feedparser's own test wellformed/rss/item_description_not_a_doctype2.xml: a DOCTYPE mentioned in a
# comment or a CDATA section is text, not a declaration.
NOT_A_DOCTYPE = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- Test: this feed's description mentions <!DOCTYPE and is still one feed -->
<rss version="2.0">
<channel>
<title>Not a doctype</title>
<!-- a <!DOCTYPE rss [ <!ENTITY a "b"> ]> in a comment is not a declaration -->
<item>
<title>CDATA</title>
<link>https://e.example/1</link>
<description><![CDATA[ <p>Write <code>&lt;!DOCTYPE html&gt;</code> first.</p> <!DOCTYPE ]]></description>
</item>
<item><title>After</title><link>https://e.example/2</link><description>still here</description></item>
</channel>
</rss>"""


def test_a_doctype_mentioned_in_a_comment_or_cdata_does_not_break_the_feed():
    """Fails before issue 9: the regex cut from the <!DOCTYPE in the first comment to the next '>', the end of
    that comment, so the rest of the document became a comment and the feed had no entries."""
    feed = parse_feed(NOT_A_DOCTYPE, url=URL)
    assert feed.title == "Not a doctype"
    assert [e.title for e in feed.entries] == ["CDATA", "After"]
    assert "<code>&lt;!DOCTYPE html&gt;</code>" in feed.entries[0].summary_html
    assert feed.entries[1].summary_html == "still here"


def test_feedparsers_own_not_a_doctype_case_reads_its_cdata():
    body = b"""<!--
Description: item description is not a DOCTYPE (but HTML parser thinks it is)
-->
<rss>
<item>
<title>t</title>
<description><![CDATA[ <!DOCTYPE ]]></description>
</item>
</rss>"""
    assert [e.title for e in parse_feed(body, url=URL).entries] == ["t"]


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
        '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n',
        '<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n',
        "<?xml-stylesheet type='text/xsl' href='rss.xsl'?>\n<!-- generated -->\n",
    ],
    ids=["netscape_rss_091", "external_dtd_only", "stylesheet_and_comment"],
)
def test_a_doctype_without_declarations_is_dropped_and_the_feed_read(prolog):
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        + prolog
        + '<rss version="0.91"><channel><title>Old</title>'
        "<item><title>x</title><link>https://e.example/x</link></item></channel></rss>"
    ).encode()
    feed = parse_feed(body, url=URL)
    assert feed.title == "Old" and [e.title for e in feed.entries] == ["x"]
    assert "root:" not in feed.title


def test_white_space_and_a_servers_warning_before_the_feed_are_skipped():
    body = (
        b"\n\n  PHP Notice: undefined index\n<?xml version='1.0'?>"
        b"<rss version='2.0'><channel><title>T</title></channel></rss>"
    )
    assert parse_feed(body, url=URL).title == "T"


def test_a_body_that_names_a_local_file_is_not_read_from_disk(tmp_path):
    """Fails before issue 9: feedparser.parse(bytes) first tries open(bytes), so a server answering with a
    path made the refresh read that file from this machine's disk (a path to /dev/zero would read forever)."""
    secret = tmp_path / "secret.xml"
    secret.write_bytes(
        b'<rss version="2.0"><channel><title>SECRET FROM DISK</title>'
        b"<item><title>s</title><link>https://e.example/s</link></item></channel></rss>"
    )
    with pytest.raises(NotAFeed):
        parse_feed(str(secret).encode(), url=URL)


@pytest.mark.parametrize(
    "encoding,bom",
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
     ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)],
)  # fmt: skip
def test_feeds_in_unicode_encodings_with_a_bom_still_parse(encoding, bom):
    body = bom + (
        f'<?xml version="1.0" encoding="{encoding[:6]}"?>\n'
        '<rss version="2.0"><channel><title>跨境电商</title>'
        "<item><title>海关新规</title><link>https://e.example/1</link></item></channel></rss>"
    ).encode(encoding)
    feed = parse_feed(body, url=URL)
    assert feed.title == "跨境电商" and [e.title for e in feed.entries] == ["海关新规"]


# Whatever the bytes, feedparser is handed a document whose prolog is one XML declaration, so it is told of
# no entity (its replace_doctype finds no DOCTYPE and no ENTITY before the first element).
_PIECES = st.sampled_from(
    ["<!DOCTYPE", "<!doctype", "<!ENTITY", "<!EN", "TITY", "<!DOC", "TYPE", " rss", " a", ' "AAAA"', "'x'",
     "[", "]", ">", "]>", "<!--", "-->", "<?xml version='1.0'?>", "<?", "?>", "<![CDATA[", "]]>", "\n", " ",
     "%p;", "SYSTEM", "PUBLIC", '"file:///etc/passwd"', "<rss>", "<channel>", "<item>", "&a;", "<", "!", "x"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.sampled_from(["utf-8", "utf-16", "utf-32", "gb18030"]))
def test_whatever_the_bytes_feedparser_is_told_of_no_entity(pieces, encoding):
    from feedparser.sanitizer import replace_doctype

    body = "".join(pieces).encode(encoding)
    try:
        document, headers = safe_document(body, {"content-type": "application/xml"}, url=URL)
    except NotAFeed:  # UnsafeFeed included
        return
    assert headers["content-type"] == "application/xml; charset=utf-8"
    _version, _data, entities = replace_doctype(document)
    assert entities == {}
    head = document[: document.index(b"<", 1)]
    assert head == b"<?xml version='1.0' encoding='utf-8'?>\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_opml_file_that_declares_a_dtd_is_refused(encoding):
    """Fails before issue 9 for UTF-16: the regex pass looked for <!DOCTYPE in the undecoded bytes, and
    expat expanded the entity into every address."""
    opml = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<!DOCTYPE opml [\n<!ENTITY a "{"A" * 1000}">\n]>\n'
        '<opml version="2.0"><body><outline text="x" xmlUrl="https://e.example/&a;"/></body></opml>'
    ).encode(encoding)
    with pytest.raises(InvalidOPML, match="declares a DTD"):
        parse_opml(opml)
