"""The prolog reader against expat, the XML tokenizer Python ships: where the root element starts."""

import pyexpat

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.prolog import PrologRefused, read_prolog


def expat_root(data: bytes) -> int:
    """The byte offset expat reports for the root element's start tag."""
    parser = pyexpat.ParserCreate()
    found: list[int] = []

    def start(name, attrs):
        found.append(parser.CurrentByteIndex)
        raise StopIteration

    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except StopIteration:
        pass
    return found[0]


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cn")), max_size=20)  # XML Char
_comment = _text.filter(lambda t: "--" not in t and not t.endswith("-")).map(lambda t: f"<!--{t}-->")
_pi = st.tuples(st.sampled_from(["xml-stylesheet", "pi", "php"]), _text.filter(lambda t: "?>" not in t)).map(
    lambda p: f"<?{p[0]} {p[1]}?>"
)
_space = st.sampled_from(["", " ", "\n", "\r\n\t"])
_misc = st.lists(st.one_of(_comment, _pi, _space), max_size=4).map("".join)
_literal = _text.filter(lambda t: '"' not in t).map(lambda t: f'"{t}"')
_doctype = st.one_of(
    st.just(""),
    st.just("<!DOCTYPE rss>"),
    _literal.map(lambda s: f"<!DOCTYPE rss SYSTEM {s}>"),
    st.tuples(st.from_regex(r'"[A-Za-z0-9 \-/.:]{0,20}"', fullmatch=True), _literal).map(
        lambda p: f"<!DOCTYPE rss PUBLIC {p[0]} {p[1]}>"
    ),
)


@given(st.booleans(), _misc, _doctype, _misc, st.sampled_from(["rss", "feed", "rdf:RDF", "_x"]))
def test_the_root_is_where_expat_finds_it(declared, before, doctype, after, root):
    prolog = ('<?xml version="1.0" encoding="utf-8"?>' if declared else "") + before + doctype + after
    data = (prolog + f"<{root} a='[ ]>'><!-- <!DOCTYPE --><![CDATA[<!ENTITY]]></{root}>").encode()
    found = read_prolog(data)
    assert found.root == expat_root(data) == len(prolog.encode())
    assert (found.doctype or b"").decode() == doctype


@pytest.mark.parametrize(
    "prolog,reason",
    [
        ('<!DOCTYPE rss [ <!ENTITY a "x"> ]>', "internal_subset"),
        ("<!DOCTYPE rss[]>", "internal_subset"),
        ('<!DOCTYPE rss SYSTEM "x.dtd" [ ]>', "internal_subset"),
        ('<!doctype rss [ <!entity a "x"> ]>', "internal_subset"),
        ('<!DOC<!ENTITY z "">TYPE rss [ <!EN<!ENTITY z "">TITY a "AAAA"> ]>', "malformed"),
        ('<!ENTITY a "x">', "malformed"),
        ("<![CDATA[ x ]]>", "malformed"),
        ("<!-- never closed <rss>", "malformed"),
        ("<?pi never closed <rss>", "malformed"),
        ("<!DOCTYPE rss SYSTEM>", "malformed"),
        ('<!DOCTYPE rss "x">', "malformed"),
        ("<!DOCTYPE rss><!DOCTYPE rss>", "malformed"),
        ("<频道>", "malformed"),  # feedparser would read past a root it cannot see, into the body
        ("<1rss>", "malformed"),
    ],
)
def test_refused_prologs(prolog, reason):
    with pytest.raises(PrologRefused) as refused:
        read_prolog((prolog + "<rss></rss>").encode())
    assert refused.value.reason == reason


@pytest.mark.parametrize("data", [b"", b"   ", b"just text", b'{"json": 1}', b"<!-- only a comment -->"])
def test_no_element_at_all(data):
    with pytest.raises(PrologRefused) as refused:
        read_prolog(data)
    assert refused.value.reason == "no_root"


def test_html_doctype_in_any_case_is_a_doctype():
    data = b'<!doctype html PUBLIC "-//W3C//DTD HTML 4.01//EN"><html></html>'
    assert read_prolog(data).root == data.index(b"<html>")
