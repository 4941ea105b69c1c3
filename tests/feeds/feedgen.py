"""Build small RSS and Atom documents for tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape


@dataclass
class Item:
    title: str
    link: str | None = None
    guid: str | None = None
    description: str = ""
    published: datetime | None = None


def rss(
    items: list[Item],
    *,
    title: str = "Test feed",
    link: str = "https://example.com/",
    encoding: str = "utf-8",
    prolog: bool = True,
) -> bytes:
    parts = []
    for item in items:
        fields = [f"<title>{escape(item.title)}</title>"]
        if item.link:
            fields.append(f"<link>{escape(item.link)}</link>")
        if item.guid:
            fields.append(f'<guid isPermaLink="false">{escape(item.guid)}</guid>')
        if item.description:
            fields.append(f"<description>{escape(item.description)}</description>")
        if item.published:
            fields.append(
                f"<pubDate>{format_datetime(item.published.astimezone(UTC), usegmt=True)}</pubDate>"
            )
        parts.append("<item>" + "".join(fields) + "</item>")
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n' if prolog else ""
    text = (
        f'{head}<rss version="2.0"><channel><title>{escape(title)}</title><link>{escape(link)}</link>'
        f"<description>d</description>{''.join(parts)}</channel></rss>"
    )
    return text.encode(encoding)


def numbered(
    count: int,
    *,
    prefix: str = "https://news.example.com/story",
    start: datetime | None = None,
    words: str = "Amazon sellers face new customs rules",
) -> list[Item]:
    start = start or datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return [
        Item(
            title=f"Story {n}: {words}",
            link=f"{prefix}/{n}",
            guid=f"{prefix}/{n}#guid",
            description=f"<p>Paragraph {n} about <b>cross-border</b> trade and logistics.</p>" * 3,
            published=start - timedelta(minutes=n),
        )
        for n in range(count)
    ]
