"""The HTML allowlist: what a news summary may contain when the page renders it."""

import pytest

from feeds.sanitize import html_to_text, sanitize_html, text_to_html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>a<script>alert(1)</script>b</p>", ["<script", "alert"]),
        ("<style>body{display:none}</style><p>x</p>", ["<style", "display"]),
        ('<iframe src="https://evil.example/"></iframe><p>x</p>', ["<iframe", "evil"]),
        ('<object data="x.swf"><param name="a"></object>', ["<object", "<param"]),
        ('<embed src="x.swf">', ["<embed"]),
        (
            '<form action="https://evil.example/"><input name="pw"><button>Go</button></form>',
            ["<form", "<input", "evil"],
        ),
        ('<p onclick="steal()" onmouseover="x()">hi</p>', ["onclick", "onmouseover", "steal"]),
        ('<img src="x" onerror="alert(1)">', ["onerror", "<img"]),
        ('<p style="position:fixed;top:0">overlay</p>', ["style", "position"]),
        ('<a href="javascript:alert(1)">click</a>', ["javascript"]),
        ('<a href="JaVaScRiPt:alert(1)">click</a>', ["javascript", "JaVaScRiPt"]),
        ('<a href="data:text/html,<script>1</script>">x</a>', ["data:"]),
        ('<svg onload="alert(1)"><circle/></svg>', ["<svg", "onload"]),
        ("<!-- a comment --><p>x</p>", ["comment"]),
    ],
)
def test_dangerous_markup_is_removed(dirty, forbidden):
    clean = sanitize_html(dirty)
    for fragment in forbidden:
        assert fragment.lower() not in clean.lower()


def test_allowed_markup_and_text_survive():
    clean = sanitize_html("<p>New <b>VAT</b> rules <em>from July</em>:</p><ul><li>IOSS</li></ul>")
    assert clean == "<p>New <b>VAT</b> rules <em>from July</em>:</p><ul><li>IOSS</li></ul>"


def test_links_get_rel_noopener_and_only_safe_schemes():
    clean = sanitize_html('<a href="https://ex.com/a" target="_blank">a</a> <a href="mailto:x@ex.com">m</a>')
    assert clean.count('rel="noopener noreferrer"') == 2
    assert 'href="https://ex.com/a"' in clean and 'href="mailto:x@ex.com"' in clean
    assert "target" not in clean


def test_relative_links_are_resolved_against_the_base_or_dropped():
    assert 'href="https://ex.com/news/2"' in sanitize_html(
        '<a href="/news/2">x</a>', base_url="https://ex.com/feed"
    )
    assert "href" not in sanitize_html('<a href="/news/2">x</a>')


def test_plain_text_is_escaped_with_paragraphs():
    assert text_to_html("a < b & c\n\nnext <script>") == "<p>a &lt; b &amp; c</p><p>next &lt;script&gt;</p>"


def test_html_to_text_drops_tags_and_unescapes():
    assert html_to_text("<p>Tom &amp; <b>Jerry</b></p>\n<p>again</p>") == "Tom & Jerry again"
