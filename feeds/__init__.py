"""Industry-news aggregator: fetch -> parse -> sanitise -> store, for the News page and `tracker feeds`.

The public surface is small: ``load_curated_sources`` (called by ``tracker init``),
``refresh_due_feeds`` (the CLI, the page's refresh button and the background refresher) and the
``FeedError`` tree; the pages' and commands' use cases live in ``tracker.services.news``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from feeds.errors import FeedError
from tracker.settings import DATA_DIR

if TYPE_CHECKING:
    from sqlmodel import Session

    from feeds.refresh import FeedOutcome, RefreshReport, refresh_due_feeds

__all__ = ["FeedError", "FeedOutcome", "RefreshReport", "load_curated_sources", "refresh_due_feeds"]

CURATED_OPML = DATA_DIR / "feeds.opml"

# The fetch/parse stack (httpx, feedparser) loads on first use, so `tracker compliance` and the other commands
# that never touch feeds don't pay for it at start-up.
_LAZY = {"FeedOutcome": "feeds.refresh", "RefreshReport": "feeds.refresh", "refresh_due_feeds": "feeds.refresh"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'feeds' has no attribute {name!r}")


def load_curated_sources(session: Session, path: Path = CURATED_OPML) -> int:
    """Add the curated sources of ``data/feeds.opml`` that are not stored yet; return how many.

    Idempotent: running it again adds nothing, and a source an administrator switched off stays off
    (one they removed comes back).
    """
    from feeds.opml import parse_opml
    from feeds.store import add_sources

    added, _existing = add_sources(session, parse_opml(path.read_bytes()), curated=True)
    return added
