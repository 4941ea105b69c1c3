"""Read and write OPML subscription lists (the usual way feed readers exchange sources)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

from feeds.errors import InvalidOPML
from tracker.i18n import Text

MAX_OPML_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class OpmlSource:
    """One feed in an OPML file: its address, title, the group (topic) it sits in, its language."""

    url: str
    title: str = ""
    topic: str | None = None
    language: str | None = None
    site_url: str | None = None


def parse_opml(data: bytes) -> list[OpmlSource]:
    """The feeds listed in an OPML document, in order; nested outlines give the topic.

    Raises:
        InvalidOPML: not readable as OPML, or no feed in it.
    """
    if len(data) > MAX_OPML_BYTES:
        raise InvalidOPML(Text("errors.opml.too_large"))
    parser = ET.XMLParser(target=_RefuseDoctype())
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        raise InvalidOPML(Text("errors.opml.invalid", detail=str(exc))) from exc
    body = root.find("body")
    if root.tag != "opml" or body is None:
        raise InvalidOPML(Text("errors.opml.not_opml"))
    sources: list[OpmlSource] = []

    def walk(outline: ET.Element, topic: str | None) -> None:
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        label = (outline.get("title") or outline.get("text") or "").strip()
        if url:
            sources.append(
                OpmlSource(url, label, topic, outline.get("language") or None, outline.get("htmlUrl") or None)
            )
        for child in outline.findall("outline"):
            walk(child, topic if url else (label or topic))

    for outline in body.findall("outline"):
        walk(outline, None)
    if not sources:
        raise InvalidOPML(Text("errors.opml.no_feeds"))
    return sources


class _RefuseDoctype(ET.TreeBuilder):
    """A tree builder that refuses any DOCTYPE the moment expat meets it, before its internal subset is read:
    entities can be declared only there, and a list of feeds needs none (issue 9)."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise InvalidOPML(Text("errors.opml.doctype"))


def build_opml(sources: Iterable[OpmlSource], *, title: str = "Cross-border e-commerce news") -> bytes:
    """An OPML 2.0 document with the sources grouped by topic."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(datetime.now(UTC), usegmt=True)
    body = ET.SubElement(root, "body")
    groups: dict[str | None, ET.Element] = {}
    for source in sources:
        parent = body
        if source.topic:
            if source.topic not in groups:
                groups[source.topic] = ET.SubElement(body, "outline", text=source.topic, title=source.topic)
            parent = groups[source.topic]
        attributes = {
            "type": "rss",
            "text": source.title or source.url,
            "title": source.title or source.url,
            "xmlUrl": source.url,
        }
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        if source.language:
            attributes["language"] = source.language
        ET.SubElement(parent, "outline", attributes)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"
