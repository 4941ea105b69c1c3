"""Hostile feed documents: DTDs and entity declarations in every disguise the parser might fall for.

Each case is an RSS document whose one item's description references ``&a;`` many times after the prolog
declares ``a`` as a long run of ``A`` (or whose prolog is otherwise hostile). A reader that expands the
entity shows the run in the item's summary; the sizes here keep that to a few MB, so the old code fails
these tests by showing the run instead of by exhausting the machine. ``big=True`` builds the sizes of the
report in issue 9 (600 KB of feed, hundreds of MB when expanded) for the refresh test, which only the new
code may run (about 700 KB each in UTF-8; expanded, 20 GB).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

EXPANDED = "A" * 200  # present in a title or summary only if an entity was expanded


@dataclass(frozen=True)
class Hostile:
    name: str
    body: bytes
    headers: dict[str, str]
    # True when the code before issue 9 expanded the entity for this body
    old_code_expanded: bool = False
    # refused as unsafe (a DTD in the prolog), rather than read with the declarations ignored
    refused: bool = True


def _rss(
    prolog: str,
    *,
    refs: int,
    declaration: str = '<?xml version="1.0" encoding="{enc}"?>\n',
    enc: str = "utf-8",
) -> str:
    # "&nbsp;" is not an XML entity: the strict parser gives up and feedparser's lenient parser, which
    # expands every entity it was told about without limit, reads the document.
    return (
        declaration.format(enc=enc)
        + prolog
        + '<rss version="2.0"><channel><title>Hostile &nbsp; feed</title><link>https://evil.example/</link>'
        + "<item><title>Bomb</title><link>https://evil.example/1</link><description>"
        + "&a;" * refs
        + "</description></item></channel></rss>"
    )


def _dtd(value_size: int) -> str:
    return '<!DOCTYPE rss [\n<!ENTITY a "' + "A" * value_size + '">\n]>\n'


def cases(*, big: bool = False) -> list[Hostile]:
    """Every hostile document, as served (bytes and response headers)."""
    size, refs = (100_000, 200_000) if big else (10_000, 50)
    dtd = _dtd(size)
    xml = {"content-type": "application/rss+xml"}
    out: list[Hostile] = []

    def add(
        name: str,
        body: bytes,
        headers: dict[str, str] | None = None,
        *,
        old: bool = False,
        refused: bool = True,
    ) -> None:
        out.append(Hostile(name, body, headers if headers is not None else xml, old, refused))

    add("dtd_utf8", _rss(dtd, refs=refs).encode())
    add("dtd_utf8_bom", codecs.BOM_UTF8 + _rss(dtd, refs=refs).encode())
    # issue 9: declarations split by other declarations; one pass that deletes <!ENTITY …> rebuilt the DOCTYPE
    split = '<!DOC<!ENTITY z "">TYPE rss [\n<!EN<!ENTITY z "">TITY a "' + "A" * size + '">\n]>\n'
    add("split_declarations", _rss(split, refs=refs).encode(), old=True)
    for enc, bom in (
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ):
        declared = enc[:6]  # utf-16 / utf-32
        add(f"dtd_{enc}_bom", bom + _rss(dtd, refs=refs, enc=declared).encode(enc), old=True)
        add(f"dtd_{enc}_no_bom", _rss(dtd, refs=refs, enc=declared).encode(enc), old=True)
    # UTF-16 with no BOM and no XML declaration: only the HTTP charset says how to read it
    add(
        "dtd_utf-16-le_by_http_charset",
        _rss(dtd, refs=refs, declaration="").encode("utf-16-le"),
        {"content-type": "application/xml; charset=utf-16le"},
        old=True,
    )
    # declared encodings that are not ASCII-compatible: <!DOCTYPE is not the bytes a regex looks for
    # (UTF-7 may write '<' and '!' as themselves; a hostile server writes them as +ADw- and +ACE-)
    utf7 = _rss(dtd, refs=refs, declaration="").replace("<", "+ADw-").replace("!", "+ACE-")
    add("dtd_utf7", b'<?xml version="1.0" encoding="utf-7"?>\n' + utf7.encode("ascii"), old=True)
    add("dtd_ebcdic_cp037", _rss(dtd, refs=refs, enc="cp037").encode("cp037"), old=True)
    # declared encodings that are ASCII-compatible, with Chinese text around the DTD
    chinese = "<!-- 跨境电商 -->\n"
    add("dtd_gb18030", _rss(chinese + dtd, refs=refs, enc="gb18030").encode("gb18030"))
    add("dtd_gbk", _rss(chinese + dtd, refs=refs, enc="gbk").encode("gbk"))
    add(
        "dtd_gbk_by_http_charset",
        _rss(chinese + dtd, refs=refs, declaration="").encode("gbk"),
        {"content-type": "text/xml; charset=gbk"},
    )
    # any letter case
    add(
        "doctype_lower_case",
        _rss('<!doctype rss [\n<!ENTITY a "' + "A" * size + '">\n]>\n', refs=refs).encode(),
    )
    add(
        "doctype_mixed_case",
        _rss('<!DocType rss [\n<!entity a "' + "A" * size + '">\n]>\n', refs=refs).encode(),
    )
    # parameter entities, external entities, external parameter entities
    add(
        "parameter_entity",
        _rss(
            "<!DOCTYPE rss [\n<!ENTITY % p \"<!ENTITY a '" + "A" * size + "'>\">\n%p;\n]>\n", refs=refs
        ).encode(),
    )
    add(
        "external_entity",
        _rss('<!DOCTYPE rss [\n<!ENTITY a SYSTEM "file:///etc/passwd">\n]>\n', refs=refs).encode(),
    )
    add(
        "external_parameter_entity",
        _rss(
            '<!DOCTYPE rss [\n<!ENTITY % e SYSTEM "http://127.0.0.1:9/evil.dtd">\n%e;\n]>\n', refs=refs
        ).encode(),
    )
    # a literal holding "]>" and ">" ends a DOCTYPE early for a reader that looks for the next "]>"
    add(
        "literal_with_brackets",
        _rss('<!DOCTYPE rss [\n<!ENTITY x "]>">\n<!ENTITY a "' + "A" * size + '">\n]>\n', refs=refs).encode(),
    )
    add("two_doctypes", _rss("<!DOCTYPE rss>\n" + dtd, refs=refs).encode())
    # declarations hidden where a line-by-line reader still finds them: in a comment, in a PI
    add("dtd_inside_a_comment", _rss("<!--\n" + dtd + "-->\n", refs=refs).encode(), refused=False)
    add(
        "dtd_inside_a_processing_instruction",
        _rss("<?junk\n" + dtd + "?>\n", refs=refs).encode(),
        refused=False,
    )
    # and declarations after the root element, where no DTD may be
    add(
        "dtd_after_the_root",
        _rss("", refs=refs).replace('<rss version="2.0">', '<rss version="2.0">\n' + dtd).encode(),
        refused=False,
    )
    return out
