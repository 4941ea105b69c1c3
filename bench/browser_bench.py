"""The dashboard as a person meets it, in Chromium (issue 14): the first page after the server starts, then every
page of a head of a 200-teacher department on the 1M-activity college.

- First page: ``streamlit run`` is started, ``/_stcore/health`` polled until it answers; from that moment to the
  sign-in form drawn and the script run finished in a fresh Chromium page. Goal: 1.5 s. A trivial one-line app
  served and opened the same way, in the same run, is reported beside it (the floor Streamlit itself sets).
- Every page: after signing in, a click on each sidebar link until the page's title is drawn and the run is over
  (a cold ``st.cache_data``: the server is fresh and each page is opened once per run). Goal: under 1 s each.

Needs Debian's /usr/bin/chromium and Python Playwright (never ``playwright install``); skipped otherwise.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Result

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "bench-password-1"
FIRST_PAGE_GOAL = 1.5
PAGE_GOAL = 1.0
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(script: str, env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str, float]:
    """Start ``streamlit run script``; return the process, its URL and the moment its health check said ok."""
    import httpx

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=PROJECT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                return server, url, time.perf_counter()
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")
        time.sleep(0.02)


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def _first_page(browser, script: str, env: dict[str, str], log: Path, selector: str) -> float:
    """Seconds from the server's first healthy answer to ``selector`` drawn and the run over."""
    server, url, healthy = _serve(script, env, log)
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(url)
        page.locator(selector).first.wait_for(timeout=60_000)
        page.wait_for_selector(READY, timeout=60_000)
        seconds = time.perf_counter() - healthy
        context.close()
        return seconds
    finally:
        _stop(server)


def _set_password(database: Path, email: str) -> None:
    from tracker.auth import hash_password

    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE person SET password_hash = ? WHERE email = ?", (hash_password(PASSWORD), email))


def _sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    page.locator('input[type="password"]').wait_for(timeout=60_000)
    page.locator(
        '[data-testid="stForm"] input[type="text"], [data-testid="stForm"] input:not([type])'
    ).first.fill(email)
    page.locator('input[type="password"]').fill(PASSWORD)
    page.locator('[data-testid="stForm"] button').last.click()
    page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=60_000)
    page.wait_for_selector(READY)


def _page_times(browser, url: str, email: str) -> dict[str, float]:
    """Seconds for each sidebar page of ``email``: click to title drawn and the run over."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    _sign_in(page, url, email)
    times: dict[str, float] = {}
    count = page.locator('[data-testid="stSidebarNav"] a').count()
    for i in range(count):
        link = page.locator('[data-testid="stSidebarNav"] a').nth(i)
        title = link.inner_text().strip().splitlines()[-1].strip()
        start = time.perf_counter()
        link.click()
        page.locator("h1").filter(has_text=title).first.wait_for()
        page.wait_for_selector(READY)
        times[title] = time.perf_counter() - start
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(
                f"{title}: {page.locator('[data-testid=stException]').first.inner_text()[:300]}"
            )
    context.close()
    return times


def run(quick: bool) -> list[Result]:
    if not CHROMIUM.exists():
        print("browser_bench: /usr/bin/chromium missing; skipped", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    from bench.pages_bench import prepare

    runs = 2 if quick else 5
    url, _actors = prepare(quick)
    database = Path(url.removeprefix("sqlite:///"))
    _set_password(database, "head@bench.example")
    with tempfile.TemporaryDirectory(prefix="browser-bench-") as tmp:
        folder = Path(tmp)
        trivial = folder / "trivial_app.py"
        trivial.write_text("import streamlit as st\nst.title('Trivial')\nst.write('one line')\n")
        env = {
            **os.environ,
            "TRACKER_DATABASE_URL": url,
            "TRACKER_FEEDS_BACKGROUND": "0",
            "PYTHONPATH": str(PROJECT),
        }
        firsts, trivials = [], []
        pages: dict[str, list[float]] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
            try:
                for _ in range(runs):  # interleaved, so a busy moment hits both
                    trivials.append(_first_page(browser, str(trivial), env, folder / "trivial.log", "h1"))
                    firsts.append(
                        _first_page(
                            browser, "streamlit_app.py", env, folder / "app.log", 'input[type="password"]'
                        )
                    )
                server, app_url, _ = _serve("streamlit_app.py", env, folder / "pages.log")
                try:
                    for _ in range(max(1, runs // 2)):
                        for title, seconds in _page_times(browser, app_url, "head@bench.example").items():
                            pages.setdefault(title, []).append(seconds)
                finally:
                    _stop(server)
            finally:
                browser.close()
    size = "quick data set" if quick else "200-teacher department, 1M activities"
    results = [
        Result(
            "dashboard: first page after the server is up (Chromium)",
            statistics.median(firsts),
            runs,
            f"budget {FIRST_PAGE_GOAL:g} s",
            FIRST_PAGE_GOAL,
            1.0,
            f"health ok -> sign-in form drawn; a trivial one-line app served the same way: "
            f"{statistics.median(trivials):.2f} s",
        )
    ]
    for title, times in pages.items():
        results.append(
            Result(
                f"dashboard, head: {title} (Chromium)",
                statistics.median(times),
                len(times),
                f"budget {PAGE_GOAL:g} s",
                PAGE_GOAL,
                1.0,
                f"sidebar click -> title drawn, run over; {size}",
            )
        )
    return results


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(f"{r.name:60s} {r.seconds_median * 1000:8.1f} ms  {r.notes}")
