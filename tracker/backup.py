"""Online backups of the SQLite database (PostgreSQL has pg_dump)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from tracker.errors import TrackerError
from tracker.i18n import Text
from tracker.settings import get_settings


def backup_database(path: Path, database_url: str | None = None) -> str:
    """Copy the live SQLite database to ``path`` page by page while writers keep working.

    SQLite's backup API gives a consistent snapshot; evidence files are stored in the database, so the copy
    carries them too. Returns a one-line report.
    """
    url = make_url(database_url or get_settings().database_url)
    if url.get_backend_name() != "sqlite":
        raise TrackerError(Text("errors.backup.postgres"))
    source_path = Path(url.database or "")
    if not source_path.is_file():
        raise TrackerError(Text("errors.backup.no_file", path=str(source_path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(tmp)
    try:
        source.backup(target, pages=4096)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise TrackerError(Text("errors.backup.integrity", check=check))
    finally:
        target.close()
        source.close()
    tmp.replace(path)  # only a complete, checked copy ever appears at PATH
    return f"Backed up {source_path} to {path} ({path.stat().st_size:,} bytes, integrity ok)."
