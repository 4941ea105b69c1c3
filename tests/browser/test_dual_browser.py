"""Issue 12 in a real browser: the teacher's dual-qualified path and outputs, the head's Team share and levels,
the admin's recognition batch (a confirmation saved), each in Chinese and in English, on the demo college.
Screenshots go to docs/screenshots/dual-<role>-<page>-<lang>.png. Served on a port in 8650-8659."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.browser import test_e2e as e2e
from tests.browser.test_e2e import CHROMIUM, PROJECT_DIR, SCREENSHOTS, assert_no_exception, settle
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser
PORTS = range(8650, 8660)
PAGES = {
    "teacher": ["my_dual_path", "my_outputs"],
    "head": ["team", "my_dual_path"],
    "admin": ["recognition", "team"],
}
demo_database = e2e.demo_database
browser = e2e.browser
page = e2e.page


def _port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("every port in 8650-8659 is taken")


@pytest.fixture(scope="module")
def dual_url(demo_database) -> Iterator[str]:
    port = _port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{demo_database}",
        "TRACKER_DATA_DIR": str(demo_database.parent),
    }
    log_path = demo_database.parent / "streamlit-dual.log"
    e2e.SERVER_LOG = log_path
    log = log_path.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("streamlit did not start: " + log_path.read_text()[-3000:])
        time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _open(page, slug: str, lang: str) -> None:
    title = t(f"page.{slug}", lang)
    links = page.locator('[data-testid="stSidebarNav"] a').all()
    titles = e2e.menu(page)
    links[titles.index(title)].click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)
    assert_no_exception(page, f"{slug} ({lang})")


def _to_english(page) -> None:
    page.get_by_text(t("sidebar.language", "zh"), exact=True).first.wait_for()
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="English").click()
    settle(page, t("sidebar.sign_out", "en"))


def _shoot(page, role: str, slug: str, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"dual-{role}-{slug.replace('_', '-')}-{lang}.png"))


@pytest.mark.parametrize("role", ["teacher", "head", "admin"])
def test_new_pages_in_both_languages(page, dual_url, demo_database, role):
    page.set_default_timeout(120_000)  # the Team page evaluates the whole college; the machine is shared
    e2e.sign_in(page, dual_url, f"{role}@demo.example")
    for lang in ("zh", "en"):
        if lang == "en":
            _to_english(page)
        for slug in PAGES[role]:
            _open(page, slug, lang)
            body = page.locator('[data-testid="stMain"]').inner_text()
            if slug == "my_dual_path":
                assert t("dual.path.current", lang) in body
            if slug == "team":
                assert t("dual.team.title", lang) in body and t("dual.team.eligible_share", lang) in body
            if slug == "recognition":
                assert t("dual.batch.eligible", lang) in body
            _shoot(page, role, slug, lang)
    if role == "admin":  # the committee confirms the first eligible teacher (English now)
        _open(page, "recognition", "en")
        page.get_by_role("button", name=t("dual.batch.confirm", "en")).click()
        settle(page)
        with sqlite3.connect(demo_database) as db:
            notes = db.execute("SELECT count(*) FROM recognition WHERE confirmed = 1 AND note = ''").fetchone()[0]
        assert notes >= 1
