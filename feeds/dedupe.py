"""Decide when two entries are the same story (pure functions, no database).

Within one feed an entry is identified by its guid, else its link, else a hash of title and
summary. Across feeds, entries whose links agree once tracking parameters are removed are one
news item that lists every source.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from feeds.parse import ParsedEntry
from feeds.sanitize import sanitized_text

# Query parameters that identify a campaign or a click, not a page.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "_hs")
_TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "spm",
        "share_token",
        "ref_src",
        "cmpid",
        "mkt_tok",
    }
)


def canonical_link(url: str) -> str:
    """``url`` without tracking parameters or fragment, with a lower-case scheme and host,
    no default port and no trailing slash on the path (so equivalent links compare equal)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not name.lower().startswith(_TRACKING_PREFIXES) and name.lower() not in _TRACKING_NAMES
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def entry_key(entry: ParsedEntry) -> str:
    """The identity of ``entry`` within its feed: guid, else link, else a content hash."""
    if entry.guid:
        return "guid:" + entry.guid
    if entry.link:
        return "link:" + entry.link
    return "hash:" + entry.content_hash


def story_key(entry: ParsedEntry, *, feed_url: str) -> str:
    """The identity of the story across feeds: the canonical link; entries without a link are
    their own story (scoped to their feed, since nothing else could match them)."""
    if entry.link:
        return _bounded("link:" + canonical_link(entry.link))
    return _bounded(f"feed:{feed_url}#{entry_key(entry)}")


def _bounded(key: str, limit: int = 500) -> str:
    """Keys go in an indexed column; very long ones are replaced by a stable hash."""
    if len(key) <= limit:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


def bounded_entry_key(entry: ParsedEntry) -> str:
    """entry_key limited to the indexed column's width."""
    return _bounded(entry_key(entry))


@dataclass(frozen=True, slots=True)
class KeyedEntry:
    """An entry with its identities and topics worked out, ready for feeds.store.store_entries."""

    entry: ParsedEntry
    entry_key: str
    story_key: str
    topics: tuple[str, ...]


def key_entries(
    entries: Sequence[ParsedEntry], *, feed_url: str, tag: Callable[..., tuple[str, ...]]
) -> tuple[KeyedEntry, ...]:
    """Key and tag a feed's entries (the first of any repeated entry key wins).

    Pure and picklable, so a refresh runs it in the parse processes, off the storing thread.
    """
    keyed: dict[str, KeyedEntry] = {}
    for entry in entries:
        key = bounded_entry_key(entry)
        if key not in keyed:
            topics = tag(entry.title, sanitized_text(entry.summary_html))
            keyed[key] = KeyedEntry(entry, key, story_key(entry, feed_url=feed_url), topics)
    return tuple(keyed.values())
