"""Read an XML document's prolog by its grammar: where the root element starts, and any DOCTYPE before it.

XML allows only this before the root element (XML 1.0, production [22] ``prolog``): an XML declaration,
processing instructions, comments, white space and one DOCTYPE declaration. Entities can be declared only
inside a DOCTYPE's internal subset (``<!DOCTYPE rss [ … ]>``), so a reader that refuses internal subsets and
hands its parser nothing of the prolog but a fresh XML declaration leaves that parser no way to declare an
entity (issue 9). A regex pass that deletes declarations is not that: it can assemble a declaration out of
the pieces around the ones it deletes (``<!DOC<!ENTITY z "">TYPE``), and it cuts comments and CDATA
sections that merely mention ``<!DOCTYPE``.

This reader walks the prolog token by token and stops at the first start tag; everything after it (comments
and CDATA included) is never looked at. It is deliberately more lenient than expat, which refuses prologs
that feedparser's lenient parser reads (white space before the XML declaration, a server's warning text
before the feed); such text is skipped, since it can declare nothing and is cut away with the rest of the
prolog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.i18n import Text

# DOCTYPE name (ExternalID)? S? in any letter case (HTML pages write <!doctype html>). A literal may hold
# '>' and '[', which is why the declaration is read token by token rather than up to the next '>'.
_S = rb"[ \t\r\n]"
_LITERAL = rb"""(?:"[^"]*"|'[^']*')"""
_DOCTYPE = re.compile(
    rb"<!DOCTYPE" + _S + rb"+[^ \t\r\n\[>\"']+"
    rb"(?:"
    + _S
    + rb"+(?:SYSTEM"
    + _S
    + rb"+"
    + _LITERAL
    + rb"|PUBLIC"
    + _S
    + rb"+"
    + _LITERAL
    + rb"(?:"
    + _S
    + rb"+"
    + _LITERAL
    + rb")?))?"
    + _S
    + rb"*",
    re.IGNORECASE,
)
# The root element's name must start with an ASCII letter or '_' (rss, feed, rdf:RDF, opml): feedparser
# takes the first '<' followed by [A-Za-z0-9_] as the end of the prolog, and the two must agree.
_ROOT_START = re.compile(rb"<[A-Za-z_]")


class PrologRefused(ValueError):
    """The prolog declares a DTD's internal subset, is malformed, or no element follows it.

    ``reason`` is ``"internal_subset"``, ``"malformed"`` or ``"no_root"``.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Prolog:
    """Where the root element's start tag begins in the document, and the DOCTYPE skipped on the way."""

    root: int
    doctype: bytes | None = None


def read_prolog(data: bytes) -> Prolog:
    """Walk the prolog of ``data`` (an ASCII-compatible encoding: UTF-8) up to the root element.

    Raises:
        PrologRefused: a DOCTYPE with an internal subset (entity declarations; refused whatever it
            declares), markup that is not a declaration, PI, comment or DOCTYPE (``<!ENTITY`` outside a
            DOCTYPE, ``<!DOC<!ENTITY …``, CDATA), an unterminated token, a second DOCTYPE, or no element.
    """
    pos = 0
    doctype: bytes | None = None
    while True:
        pos = data.find(b"<", pos)  # white space, or text a broken server printed before the feed
        if pos < 0:
            raise PrologRefused("no_root", Text("errors.prolog.no_root"))
        if data.startswith(b"<?", pos):  # the XML declaration or a processing instruction
            pos = _past(data, b"?>", pos + 2, Text("errors.prolog.pi"))
        elif data.startswith(b"<!--", pos):
            pos = _past(data, b"-->", pos + 4, Text("errors.prolog.comment"))
        elif data[pos + 2 : pos + 9].upper() == b"DOCTYPE" and data.startswith(b"<!", pos):
            if doctype is not None:
                raise PrologRefused("malformed", Text("errors.prolog.second_doctype", pos=pos))
            end = _doctype_end(data, pos)
            doctype, pos = data[pos:end], end
        elif _ROOT_START.match(data, pos):
            return Prolog(pos, doctype)
        else:
            raise PrologRefused("malformed", Text("errors.prolog.before_root", pos=pos))


def _past(data: bytes, terminator: bytes, start: int, what: str) -> int:
    end = data.find(terminator, start)
    if end < 0:
        raise PrologRefused("malformed", Text("errors.prolog.unterminated", what=what))
    return end + len(terminator)


def _doctype_end(data: bytes, pos: int) -> int:
    match = _DOCTYPE.match(data, pos)
    after = data[match.end() : match.end() + 1] if match else b""
    if after == b"[":
        raise PrologRefused("internal_subset", Text("errors.prolog.internal_subset"))
    if after != b">":
        raise PrologRefused("malformed", Text("errors.prolog.bad_doctype", pos=pos))
    return match.end() + 1
