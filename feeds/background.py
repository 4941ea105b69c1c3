"""Refreshes that run beside the web app: the page's "refresh now" job and the periodic refresher.

A refresh takes seconds to minutes (sources time out after 20 s), so it never runs inside a page's
script: it runs in a daemon thread and the page polls the job's progress. One job at a time per
process; asking for another while one runs returns the running one.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine

from feeds.refresh import FeedOutcome, RefreshReport, refresh_due_feeds

log = logging.getLogger(__name__)

BACKGROUND_EVERY_SECONDS = 300


@dataclass
class RefreshJob:
    """A refresh running in a background thread. Read its fields from any thread."""

    all_active: bool
    done: int = 0
    total: int | None = None
    last_url: str | None = None
    report: RefreshReport | None = None
    failed: bool = False
    started_at: float = 0.0

    def __post_init__(self) -> None:
        self._finished = threading.Event()

    @property
    def running(self) -> bool:
        return not self._finished.is_set()

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ends (for the background loop and tests)."""
        return self._finished.wait(timeout)

    def _progress(self, done: int, total: int, outcome: FeedOutcome) -> None:
        self.done, self.total, self.last_url = done, total, outcome.url

    def _run(self, engine: Engine | None) -> None:
        try:
            self.report = refresh_due_feeds(engine, all_active=self.all_active, progress=self._progress)
        except Exception:  # the page shows "the refresh failed"; the details go to the log
            log.exception("news refresh failed")
            self.failed = True
        finally:
            self._finished.set()


_LOCK = threading.Lock()
_CURRENT: RefreshJob | None = None
_BACKGROUND: threading.Thread | None = None


def start_refresh(engine: Engine | None = None, *, all_active: bool = False) -> RefreshJob:
    """Start a refresh in a daemon thread, or return the one already running."""
    global _CURRENT
    with _LOCK:
        if _CURRENT is not None and _CURRENT.running:
            return _CURRENT
        job = RefreshJob(all_active=all_active, started_at=time.time())
        threading.Thread(target=job._run, args=(engine,), name="news-refresh", daemon=True).start()
        _CURRENT = job
        return job


def current_refresh() -> RefreshJob | None:
    """The latest refresh job of this process (running or finished), if any."""
    return _CURRENT


def ensure_background_refresh(every_seconds: float = BACKGROUND_EVERY_SECONDS) -> None:
    """Start, once per process, a daemon thread that refreshes due feeds every ``every_seconds``.

    Only feeds whose next check has come are fetched, so each keeps its own interval and back-off;
    the loop itself is cheap when nothing is due. The engine is looked up on every round
    (tracker.db.get_engine), so the thread follows the configured database.
    """
    global _BACKGROUND
    from tracker.settings import get_settings

    if not get_settings().feeds_background:
        return
    with _LOCK:
        if _BACKGROUND is not None and _BACKGROUND.is_alive():
            return
        _BACKGROUND = threading.Thread(
            target=_background_loop, args=(every_seconds,), name="news-background-refresh", daemon=True
        )
        _BACKGROUND.start()


def _background_loop(every_seconds: float) -> None:
    while True:
        try:
            start_refresh().wait()
        except Exception:  # keep the loop alive whatever one round does
            log.exception("background news refresh failed")
        time.sleep(every_seconds)
