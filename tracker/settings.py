"""One settings object, read from ``TRACKER_*`` environment variables (and a ``.env`` file)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tracker.errors import ConfigError
from tracker.i18n import Text

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The shipped data (norm packs, curated feeds, topics) and the default SQLite database: one home for the path.
DATA_DIR = PROJECT_DIR / "data"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRACKER_", env_file=".env", extra="ignore")

    database_url: str = Field(default=f"sqlite:///{DATA_DIR / 'tracker.db'}")
    # evidence files one person may store, all records together (issue 9: no one fills the database alone)
    evidence_quota_mb: int = Field(default=200, ge=1)
    feeds_timeout: float = Field(default=20.0, gt=0, le=600)
    feeds_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    feeds_allow_private: bool = False
    feeds_retention_days: int = Field(default=180, ge=1)
    feeds_interval_minutes: int = Field(default=60, ge=1)
    # a feed is parsed in a worker process that may grow this much beyond its start-up size, for at most
    # this long; past either it is stopped and the feed fails (feeds/workers.py, issue 9)
    feeds_parse_memory_mb: int = Field(default=256, ge=16, le=65536)
    feeds_parse_timeout: float = Field(default=120.0, gt=0, le=3600)
    # the dashboard process refreshes due feeds in a background thread (turn off when cron/systemd does it)
    feeds_background: bool = True
    smtp_url: str | None = None
    mail_from: str = "tracker@localhost"
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    # the institution's time zone: every time a person reads (pages, exports, audit pack) is shown in it
    timezone: str = "Asia/Shanghai"
    # a signed-in browser is signed out after this long without a click (issue 9)
    session_idle_minutes: int = Field(default=120, ge=1, le=7 * 24 * 60)
    # signs enterprise confirmation links (tracker.tokens.server_secret: required with PostgreSQL)
    secret_key: SecretStr | None = None
    # how the printed and mailed confirmation links begin
    base_url: str = "http://localhost:8501"
    # the college's name on printed forms (blank: a line to fill in by hand)
    college_name: str = ""
    # days a confirmation link stays valid unless the issuer says otherwise
    confirmation_days: int = Field(default=30, ge=1, le=366)

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise ValueError("use sqlite:///path or postgresql+psycopg://user@host/db")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"not an IANA time zone: {value!r} (for example Asia/Shanghai)") from None
        return value

    @field_validator("base_url")
    @classmethod
    def _http_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (e.g. https://tracker.college.edu)")
        return value.rstrip("/")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process; raises ConfigError with one readable line when they are wrong."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "TRACKER_" + str(first["loc"][0]).upper() if first.get("loc") else "settings"
        raise ConfigError(Text("errors.config.bad_setting", name=name, detail=first["msg"])) from None
