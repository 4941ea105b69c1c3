"""Signed confirmation tokens (issue 13): what an enterprise mentor's link carries instead of an account.

A token is ``<nonce>.<expires>.<signature>``: 16 random bytes (base64url), the expiry as Unix seconds, and
HMAC-SHA256 over both with the server secret (``TRACKER_SECRET_KEY``). The nonce, not a database id, finds the
link, and the database keeps only its SHA-256, so neither counting ids nor reading a copy of the database
yields a working link; without the secret no token can be made or altered. Pure functions except
``server_secret``, which reads the settings (and, for a SQLite install without a key, a generated key file).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import ConfigError
from tracker.i18n import Text

_CONTEXT = b"tracker.confirmation.v1|"  # domain separation: this key signs nothing else with these bytes
NONCE_BYTES = 16
KEY_FILE = "secret.key"
MIN_KEY_LENGTH = 32


class TokenError(ValueError):
    """A token that is malformed or whose signature does not match (tampered or made with another key)."""


@dataclass(frozen=True)
class Token:
    nonce: str
    expires: int  # Unix seconds

    @property
    def nonce_hash(self) -> str:
        return nonce_hash(self.nonce)

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.expires, UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def nonce_hash(nonce: str) -> str:
    """What the database stores for a link (the nonce itself is only ever in the URL)."""
    return hashlib.sha256(nonce.encode("ascii")).hexdigest()


def _signature(secret: bytes, nonce: str, expires: int) -> str:
    return _b64(hmac.new(secret, _CONTEXT + f"{nonce}|{expires}".encode("ascii"), hashlib.sha256).digest())


def new_token(secret: bytes, expires_at: datetime) -> tuple[str, Token]:
    """A fresh random token valid until ``expires_at``: ``(text for the URL, parsed token)``."""
    nonce = _b64(secrets.token_bytes(NONCE_BYTES))
    expires = int(expires_at.timestamp())
    return f"{nonce}.{expires}.{_signature(secret, nonce, expires)}", Token(nonce, expires)


def read_token(secret: bytes, text: str) -> Token:
    """The token ``text`` carries, once its signature checks out (compared in constant time).

    Raises:
        TokenError: malformed, or signed with another key, or changed in any character.
    """
    parts = (text or "").strip().split(".")
    if len(parts) != 3 or len(text) > 200:
        raise TokenError("malformed")
    nonce, expires_text, signature = parts
    try:
        if len(_unb64(nonce)) != NONCE_BYTES or not expires_text.isdigit():
            raise TokenError("malformed")
        expires = int(expires_text)
    except (ValueError, UnicodeError):
        raise TokenError("malformed") from None
    if not hmac.compare_digest(_signature(secret, nonce, expires).encode(), signature.encode("ascii", "replace")):
        raise TokenError("bad signature")
    return Token(nonce, expires)


def server_secret() -> bytes:
    """The key that signs confirmation links.

    ``TRACKER_SECRET_KEY`` when set. Without it, a SQLite install (one machine: development, a demo, a small
    college) generates one into ``secret.key`` beside the database file (mode 0600) on first use and keeps
    it; a PostgreSQL install (several processes or machines, which must share the key) refuses to run
    without it.

    Raises:
        ConfigError: no key with PostgreSQL, or a key shorter than 32 characters.
    """
    from sqlalchemy.engine import make_url

    from tracker.settings import get_settings

    settings = get_settings()
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value()
        if len(key) < MIN_KEY_LENGTH:
            raise ConfigError(Text("errors.secret.too_short", limit=MIN_KEY_LENGTH))
        return key.encode("utf-8")
    if make_url(settings.database_url).get_backend_name() != "sqlite":
        raise ConfigError(Text("errors.secret.needed"))
    path = Path(make_url(settings.database_url).database or ".").resolve().parent / KEY_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48).encode("ascii")
    try:  # O_EXCL: two processes starting at once both end up with the first one's key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key
