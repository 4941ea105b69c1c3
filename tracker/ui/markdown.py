"""Typed text inside Markdown: what a person wrote is shown as they wrote it, never as formatting or links.

Streamlit renders Markdown in ``st.markdown``, ``st.caption``, ``st.info``/``warning``/``error``/``success``,
``st.toast``, widget labels, help tooltips, expander and tab labels and radio options. Every value a person
typed (a name, an issuer, a note, a file name, a department) goes through :func:`literal` on its way into one
of those; a catalogue message that carries such values goes through :func:`literal_t`. Pure tables
(``st.dataframe``, ``st.data_editor``) and ``st.text``/``st.code`` show text as it is and need nothing.
See docs/security.md, "User text is shown literally".
"""

from __future__ import annotations

import re
from datetime import date
from numbers import Number

from tracker.i18n import t

# All ASCII punctuation (CommonMark lets a backslash escape each): links, images, emphasis, HTML, entities,
# Streamlit's :colour[...] and :material/...: directives, $LaTeX$, and the "://", "www." and "@" that start a
# bare autolink are all broken up this way.
_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def literal(text: object) -> str:
    """``text`` with every Markdown-active character backslash-escaped (one line: newlines become spaces).

    ``None`` and ``""`` give ``""``; anything else is shown through ``str()``.
    """
    if text is None or text == "":
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def literal_t(key: str, lang: str | None = None, /, **params) -> str:
    """The catalogue message ``key`` with every text parameter made :func:`literal` (numbers and dates, which
    nobody typed, stay as they are so ``{n:,}``-style formats keep working)."""
    return t(key, lang, **{k: v if isinstance(v, Number | date) else literal(v) for k, v in params.items()})
