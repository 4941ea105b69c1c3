"""Refreshing 100 loopback feeds x 50 entries, compared in the same run with lemon24's `reader`.

Measured: ``feeds.refresh_due_feeds(all_active=True)`` into a fresh migrated SQLite database
(fetch with 16 threads, parse in a process pool, store), first refresh and an unchanged refresh
(every feed answers 304 to the conditional GET). Peer: ``reader.update_feeds(workers=8)`` on the
same server, same feeds, its own fresh SQLite database. Goals (issue 5): first refresh at most
0.7x reader's time, unchanged refresh at most 1.0x.

The server is a threaded http.server on 127.0.0.1 with keep-alive and ETag support, so both
clients pay the same (small) network cost and the comparison is about the clients.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

from bench.common import Result

FEEDS = 100
ENTRIES = 50


def feed_body(n: int, entries: int = ENTRIES) -> bytes:
    """An RSS 2.0 feed with realistic entry sizes (~1 KB summaries with some markup)."""
    start = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    items = []
    for e in range(entries):
        summary = (
            f"<p>Report {n}-{e}: <b>Amazon</b> and Temu sellers adjust to new "
            f"<a href='/rules/{e}'>customs</a> "
            "rules on low-value parcels; freight forwarders expect longer clearance times at major ports, "
            "while payment providers cut cross-border fees for small merchants.</p>"
        ) * 2
        items.append(
            f"<item><title>Feed {n} story {e}: marketplace and logistics update</title>"
            f"<link>https://bench.example.com/{n}/story/{e}?utm_source=rss</link>"
            f"<guid isPermaLink='false'>bench-{n}-{e}</guid>"
            f"<pubDate>{format_datetime(start - timedelta(minutes=e), usegmt=True)}</pubDate>"
            f"<description>{escape(summary)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench feed {n}</title>'
        f"<link>https://bench.example.com/{n}/</link><description>d</description>{''.join(items)}</channel></rss>"
    ).encode()


class _Server:
    """100 feeds on loopback; answers 304 when If-None-Match matches the feed's ETag."""

    def __init__(self, feeds: int, entries: int) -> None:
        bodies = {f"/feed/{n}": feed_body(n, entries) for n in range(feeds)}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                body = bodies.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = f'"{self.path}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # http.server's default of 5 drops concurrent connects (1 s SYN retry)
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.urls = [f"http://127.0.0.1:{self.httpd.server_port}/feed/{n}" for n in range(feeds)]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def _ours(folder: Path, urls: list[str], run: str) -> tuple[Callable[[], object], Callable[[], object]]:
    """(first refresh, unchanged refresh) on a fresh migrated database."""
    from sqlmodel import Session

    from feeds.refresh import refresh_due_feeds
    from feeds.store import add_feed
    from tracker.db import make_engine, upgrade_database

    engine = make_engine(f"sqlite:///{folder / f'ours-{run}.db'}")
    upgrade_database(engine)
    with Session(engine) as session:
        for url in urls:
            add_feed(session, url=url)
        session.commit()

    def refresh():
        report = refresh_due_feeds(engine, all_active=True)
        assert report.count("error") == 0, [o.error for o in report.outcomes if o.error][:3]
        return report

    return refresh, refresh


def _reader(folder: Path, urls: list[str], run: str) -> tuple[Callable[[], object], Callable[[], object]]:
    from reader import make_reader

    instance = make_reader(str(folder / f"reader-{run}.sqlite"))
    for url in urls:
        instance.add_feed(url)

    def refresh():
        instance.update_feeds(workers=8, scheduled=False)

    return refresh, refresh


def _once(make, folder: Path, urls: list[str], tag: str) -> tuple[float, float, object]:
    """Seconds of the first and of the unchanged refresh on a fresh database, and the first's result."""
    first, again = make(folder, urls, tag)
    start = time.perf_counter()
    result = first()
    first_seconds = time.perf_counter() - start
    start = time.perf_counter()
    again()
    return first_seconds, time.perf_counter() - start, result


READER_SCRIPT = """
import sys
from reader import make_reader
reader = make_reader(sys.argv[1])
reader.update_feeds(workers=8, scheduled=False)
"""


def _opml(urls: list[str]) -> str:
    outlines = "".join(f'<outline type="rss" text="bench {n}" xmlUrl="{u}"/>' for n, u in enumerate(urls))
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}</body></opml>'


def _whole_processes(folder: Path, urls: list[str], runs: int) -> dict[str, tuple[list, list]]:
    """First and unchanged refresh as cron runs them: ``tracker feeds refresh`` in its own process, and reader in
    its own process (its database prepared beforehand, so both only refresh), interleaved run by run."""
    import sys

    from bench.common import run_process
    from tracker.db import make_engine, upgrade_database

    project = str(Path(__file__).resolve().parent.parent)
    opml = folder / "bench.opml"
    opml.write_text(_opml(urls))
    measured: dict[str, tuple[list, list]] = {"reader": ([], []), "ours": ([], [])}
    for run in range(runs):
        # ours: a migrated database holding only the 100 bench feeds (no shipped curated sources)
        url = f"sqlite:///{folder / f'whole-ours-{run}.db'}"
        engine = make_engine(url)
        upgrade_database(engine)
        engine.dispose()
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "PYTHONPATH": project,
            "TRACKER_FEEDS_ALLOW_PRIVATE": "1",
        }
        tracker = [sys.executable, "-m", "tracker"]
        run_process([*tracker, "feeds", "import-opml", str(opml)], env)
        path = str(folder / f"whole-reader-{run}.sqlite")
        run_process(
            [
                sys.executable,
                "-c",
                "import sys; from reader import make_reader; r = make_reader(sys.argv[1]);"
                " [r.add_feed(u) for u in sys.argv[2:]]",
                path,
                *urls,
            ]
        )
        for attempt in (0, 1):  # the first refresh, then the unchanged one (every feed answers 304)
            measured["reader"][attempt].append(run_process([sys.executable, "-c", READER_SCRIPT, path]))
            measured["ours"][attempt].append(
                run_process([*tracker, "feeds", "refresh", "--all"], env, project)
            )
    return measured


def run(quick: bool) -> list[Result]:
    from tracker.settings import get_settings

    os.environ["TRACKER_FEEDS_ALLOW_PRIVATE"] = "1"  # the loopback server is, by design, private
    get_settings.cache_clear()
    runs = 1 if quick else 3
    server = _Server(FEEDS, ENTRIES)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            # warm-up: imports, the parse process pool, the server's threads (not measured)
            _once(_ours, folder, server.urls[:10], "warm")
            _once(_reader, folder, server.urls[:10], "warm")
            whole = _whole_processes(folder, server.urls, runs)
            times: dict[str, tuple[list[float], list[float]]] = {"reader": ([], []), "ours": ([], [])}
            for run in range(runs):  # interleaved, so a busy moment on a shared machine hits both
                for name, make in (("reader", _reader), ("ours", _ours)):
                    first, unchanged, result = _once(make, folder, server.urls, f"{name}-{run}")
                    times[name][0].append(first)
                    times[name][1].append(unchanged)
                    if name == "ours":
                        report = result
    finally:
        server.close()
    stored = report.new_entries
    reader_first, reader_unchanged = (statistics.median(t) for t in times["reader"])
    ours_first, ours_unchanged = (statistics.median(t) for t in times["ours"])
    import reader

    peer = f"reader {reader.__version__} update_feeds(workers=8, scheduled=False)"
    cores = os.cpu_count()

    def whole_result(attempt: int, label: str, goal: float) -> Result:
        ours = whole["ours"][attempt]
        theirs = whole["reader"][attempt]
        return Result(
            f"tracker feeds refresh --all, whole process: {label}",
            statistics.median(m.seconds for m in ours),
            runs,
            f"reader {reader.__version__} in its own process, update_feeds(workers=8)",
            statistics.median(m.seconds for m in theirs),
            goal,
            f"{FEEDS} feeds x {ENTRIES} entries; peak memory {max(m.peak_mb for m in ours):.0f} MB "
            f"(reader {max(m.peak_mb for m in theirs):.0f} MB); start-up included",
        )

    return [
        whole_result(0, "first refresh", 0.5),
        whole_result(1, "unchanged refresh (304)", 0.7),
        Result(
            f"feeds: first refresh, {FEEDS} loopback feeds x {ENTRIES} entries",
            ours_first,
            runs,
            peer,
            reader_first,
            0.7,
            f"{stored} entries stored; SQLite; {cores} cores",
        ),
        Result(
            f"feeds: unchanged refresh (304), {FEEDS} feeds",
            ours_unchanged,
            runs,
            peer,
            reader_unchanged,
            1.0,
            "conditional GET, nothing parsed",
        ),
    ]


if __name__ == "__main__":
    for result in run(quick="--quick" in os.sys.argv):
        print(result, f"ratio={result.ratio:.2f}")
