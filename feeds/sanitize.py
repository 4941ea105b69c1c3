"""Sanitise HTML from feeds before it is stored; the News page renders only this output."""

from __future__ import annotations

import html
import re

import nh3

# A strict allowlist for news summaries: text structure and links only. No images either: a remote
# image in a summary tells the publisher who read the item and when.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "i", "li",
        "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table", "tbody", "td",
        "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"colspan"}, "th": {"colspan"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped with their content (the rest of the disallowed tags lose the tag and keep the text).
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "noscript",
        "template",
        "svg",
        "math",
        "select",
        "textarea",
        "button",
    }
)


def sanitize_html(fragment: str, *, base_url: str | None = None) -> str:
    """Return ``fragment`` reduced to the allowlist: no scripts, styles, frames, forms or event
    handlers; links only to http(s)/mailto with ``rel="noopener noreferrer"``.

    Relative links are made absolute against ``base_url`` (the entry's or feed's address), or
    dropped when there is none: a relative link would otherwise point into this application.
    """
    if not fragment:
        return ""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
    ).strip()


def text_to_html(text: str) -> str:
    """Escape plain text for display as HTML, keeping paragraph breaks."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (for titles, search and the CLI)."""
    return " ".join(html.unescape(nh3.clean(fragment or "", tags=set())).split())


_TAG = re.compile(r"<[^>]*>")


def sanitized_text(fragment: str) -> str:
    """Plain text of HTML that sanitize_html already produced (well-formed, so a regex suffices;
    several times faster than parsing it again, and it runs for every stored entry)."""
    return html.unescape(_TAG.sub(" ", fragment or ""))
