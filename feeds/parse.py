"""Parse fetched bytes into frozen dataclasses (feedparser on bytes, never on a URL or a path)."""

from __future__ import annotations

import calendar
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.encodings import convert_to_utf8

from feeds.errors import NotAFeed, UnsafeFeed
from feeds.prolog import PrologRefused, read_prolog
from feeds.sanitize import html_to_text, sanitize_html, text_to_html
from tracker.i18n import Text

# What feedparser receives in place of the document's own prolog (see safe_document).
_DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"

SUMMARY_MAX_CHARS = 20_000
TITLE_MAX_CHARS = 500


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One entry of a feed, sanitised and ready to store."""

    guid: str | None
    link: str | None
    title: str
    summary_html: str
    published: datetime | None
    author: str | None = None

    @property
    def content_hash(self) -> str:
        """A hash of title and summary, the identity of an entry with neither guid nor link."""
        return hashlib.sha256(f"{self.title}\x00{self.summary_html}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its own title and site link, and its entries in document order."""

    title: str
    site_url: str | None
    entries: tuple[ParsedEntry, ...]
    bozo_message: str | None = None


def safe_document(body: bytes, headers: dict[str, str], *, url: str) -> tuple[bytes, dict[str, str]]:
    """The document feedparser may read: ``body`` in UTF-8 with its prolog replaced by an XML declaration.

    feedparser's lenient parser expands entities declared in a DOCTYPE without limit (130 KB of input
    became 1 GB; issue 9), and it looks for that DOCTYPE after decoding the body, so the defence works on
    the same decoded text: the body is decoded exactly as feedparser decodes it (BOM, UTF-16/32 and EBCDIC
    sniffing, the XML declaration, the Content-Type charset), its prolog is read by its grammar
    (feeds.prolog), and everything before the root element is replaced by a plain UTF-8 declaration. What
    feedparser then sees before the first element holds no DOCTYPE, so it declares no entity to either of
    its parsers, and its second decoding of these bytes is UTF-8 by every rule it has.

    Args:
        body: the response body as fetched.
        headers: the response headers, lower-case names.
        url: where the body came from, for the messages.

    Returns:
        The document and the headers to parse it with (the charset now utf-8).

    Raises:
        UnsafeFeed: a DOCTYPE with an internal subset, or markup before the root that is not XML.
        NotAFeed: no element at all (an empty body, JSON, an image).
    """
    decoding: dict[str, Any] = {}
    text = convert_to_utf8(headers, body, decoding)
    if not decoding.get("encoding"):  # feedparser could not decode it: it would parse the raw bytes
        raise _not_a_feed(url)
    try:
        prolog = read_prolog(text)
    except PrologRefused as exc:
        if exc.reason == "no_root":
            raise _not_a_feed(url) from exc
        if exc.reason == "internal_subset":
            message = Text("errors.feed.unsafe_dtd", url=url)
        else:
            message = Text("errors.feed.unsafe_markup", url=url, detail=exc.args[0])
        raise UnsafeFeed(message, url=url) from exc
    media = headers.get("content-type", "").partition(";")[0].strip() or "application/xml"
    return _DECLARATION + text[prolog.root :], {**headers, "content-type": f"{media}; charset=utf-8"}


def parse_feed(body: bytes, *, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse an RSS/Atom document.

    Args:
        body: the response body, still encoded; the charset comes from ``headers``'
            Content-Type or the XML prolog (GBK, GB18030 and Big5 included).
        url: the final address the body came from; relative links resolve against it.
        headers: the response headers (lower-case names), if any.

    Returns:
        A ParsedFeed. A malformed document is accepted when feedparser recovers entries from it.

    Raises:
        UnsafeFeed: the body declares a DTD's internal subset or has broken markup before its root.
        NotAFeed: the body is not a feed (typically an HTML page) or has nothing readable in it.
    """
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    response_headers["content-location"] = url
    document, response_headers = safe_document(body, response_headers, url=url)
    # Sanitising and link resolution happen once, in nh3 below; feedparser's own passes are slow.
    # A file object, never bytes: feedparser first tries to open() bytes as a local file name.
    result = feedparser.parse(
        io.BytesIO(document),
        response_headers=response_headers,
        resolve_relative_uris=False,
        sanitize_html=False,
    )
    entries = tuple(_entry(raw, url) for raw in result.entries)
    if not result.get("version") and not entries:
        raise _not_a_feed(url)
    feed = result.feed
    site = feed.get("link")
    return ParsedFeed(
        title=_clip(html_to_text(feed.get("title", "")), TITLE_MAX_CHARS) or _host(url),
        site_url=_absolute(site, url),
        entries=entries,
        bozo_message=str(result.get("bozo_exception")) if result.get("bozo") else None,
    )


def _not_a_feed(url: str) -> NotAFeed:
    return NotAFeed(Text("errors.feed.not_a_feed", url=url), url=url)


def _entry(raw: Any, feed_url: str) -> ParsedEntry:
    link = _absolute(raw.get("link"), feed_url)
    base = link or feed_url
    title = _clip(html_to_text(raw.get("title", "")), TITLE_MAX_CHARS)
    summary = _summary_html(raw, base)
    if not title:
        title = _clip(html_to_text(summary), 120) or "(untitled)"
    guid = raw.get("id") or None
    return ParsedEntry(
        guid=str(guid)[:1000] if guid else None,
        link=link,
        title=title,
        summary_html=summary,
        published=_date(raw.get("published_parsed") or raw.get("updated_parsed")),
        author=_clip(html_to_text(raw.get("author", "")), 200) or None,
    )


def _summary_html(raw: Any, base: str) -> str:
    detail = raw.get("summary_detail")
    value = raw.get("summary")
    if not value and raw.get("content"):
        detail = raw["content"][0]
        value = detail.get("value")
    if not value:
        return ""
    # Clip before sanitising: nh3 closes any tag the cut leaves open.
    value = value[:SUMMARY_MAX_CHARS]
    if detail is not None and detail.get("type") == "text/plain":
        return text_to_html(value)
    return sanitize_html(value, base_url=base)


def _absolute(link: str | None, base: str) -> str | None:
    if not link:
        return None
    resolved = urljoin(base, link.strip())
    return resolved if urlsplit(resolved).scheme in ("http", "https") else None


def _date(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
