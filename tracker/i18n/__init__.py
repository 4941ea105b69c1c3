"""One message catalogue for every visible string, English and Simplified Chinese.

Each area keeps its strings in ``tracker/i18n/messages/<area>.py`` as ``MESSAGES = {key: {"en": ..., "zh": ...}}``;
this module merges them. ``t(key, **fmt)`` looks a key up in the current language.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import lru_cache

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"  # most users read Chinese first


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    from tracker.i18n import messages

    merged: dict[str, dict[str, str]] = {}
    for info in pkgutil.iter_modules(messages.__path__):
        module = importlib.import_module(f"{messages.__name__}.{info.name}")
        for key, texts in getattr(module, "MESSAGES", {}).items():
            if key in merged and merged[key] != texts:
                raise RuntimeError(f"message key {key!r} is defined twice differently ({info.name})")
            merged[key] = texts
    return merged


# The reader's language comes from whoever is showing the text: the dashboard registers a provider that reads
# the browser session; the CLI and pure code get the default. Core never imports the UI (issue 10).
_language_provider: Callable[[], str | None] | None = None


def set_language_provider(provider: Callable[[], str | None] | None) -> None:
    """Register the function that tells the current reader's language (the dashboard does this once)."""
    global _language_provider
    _language_provider = provider


def current_language() -> str:
    lang = None
    if _language_provider is not None:
        try:
            lang = _language_provider()
        except Exception:  # outside a Streamlit run (a thread of its own, tests of pure code)
            lang = None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = None, **fmt) -> str:
    """The text for ``key`` in ``lang`` (default: the session's language), formatted with ``fmt``."""
    texts = catalogue().get(key)
    if texts is None:
        return key  # a missing key shows itself rather than crash; a test checks none is missing
    text = texts.get(lang or current_language()) or texts.get("en") or key
    return text.format(**fmt) if fmt else text
