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
    return _lookup(key, lang, fmt)


def _lookup(key: str, lang: str | None, fmt: dict) -> str:
    texts = catalogue().get(key)
    if texts is None:
        return key  # a missing key shows itself rather than crash; a test checks none is missing
    text = texts.get(lang or current_language()) or texts.get("en") or key
    return text.format(**fmt) if fmt else text


class Text(str):
    """A catalogue message that remembers its key, for errors and problems (issue 11).

    It reads as its English text (``str()``, logs, the command line, tests); whoever shows it to a person
    calls ``in_language`` so the reader sees it in their own language, wherever and whenever it was raised.
    Parameters that are themselves ``Text`` (a record's label) follow the same language.
    """

    key: str
    params: dict

    def __new__(cls, key: str, /, **params) -> Text:
        self = super().__new__(cls, _render(key, "en", params))
        self.key = key
        self.params = params
        return self

    def __reduce__(self):  # cached page data and worker processes pickle it; keep the key
        return (_text, (self.key, self.params))

    def in_language(self, lang: str | None = None) -> str:
        return _render(self.key, lang, self.params)


def _text(key: str, params: dict) -> Text:
    return Text(key, **params)


def _render(key: str, lang: str | None, params: dict) -> str:
    lang = lang or current_language()
    return _lookup(key, lang, {name: in_language(value, lang) for name, value in params.items()})


def in_language(value, lang: str | None = None):
    """``value`` in the reader's language when it is catalogue ``Text``; anything else unchanged."""
    return value.in_language(lang) if isinstance(value, Text) else value


_KEY_MARK = "\x1f"  # between the English text and the key it came from


def stored(value: str) -> str:
    """``value`` as kept in a database column (a feed's last error): its English text, readable as it is, then
    the key and parameters so ``from_stored`` can show it in any language."""
    if not isinstance(value, Text):
        return value
    import json

    return f"{value}{_KEY_MARK}{json.dumps(_plain(value), ensure_ascii=False, default=str)}"


def from_stored(value: str | None):
    """The inverse of ``stored``: ``Text`` again, or the plain text of older rows (and of cut-off ones)."""
    if not value or _KEY_MARK not in value:
        return value
    import json

    english, _, data = value.rpartition(_KEY_MARK)
    try:
        return _from_plain(json.loads(data))
    except (ValueError, KeyError, TypeError, AttributeError):
        return english


def _plain(value):
    if isinstance(value, Text):
        return {"key": value.key, "params": {name: _plain(v) for name, v in value.params.items()}}
    return value


def _from_plain(data: dict) -> Text:
    params = {name: _from_plain(v) if isinstance(v, dict) and "key" in v else v
              for name, v in data["params"].items()}
    return Text(data["key"], **params)
