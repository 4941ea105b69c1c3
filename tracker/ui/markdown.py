"""Typed text inside Markdown: what a person wrote is shown as they wrote it, never as formatting or links."""

from __future__ import annotations

import re

# CommonMark's escapable ASCII punctuation, plus ":" which starts Streamlit's :colour[...] and :material/...:
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'&])")


def literal(text: str | None) -> str:
    """``text`` with every Markdown-active character backslash-escaped (one line: newlines become spaces)."""
    if not text:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
