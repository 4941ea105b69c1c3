"""What will count, said before submitting, in Chromium in Chinese and English (issue 11, item 3).

On a fresh demo database the teacher fills in the issue's visit (no enterprise, no description, no evidence,
20 h in one day): before anything is pressed the form says 8 h will count and 12 h will not, and what is
missing; 30 h in the day are refused on the spot. She submits the 20 h anyway; her head's review card flags
the same. Screenshots: ``docs/screenshots/teacher-log-activity-{zh,en}.png`` (and ``teacher-log-activity.png``
for the README), ``head-review-flags-{zh,en}.png``.

Runs with the other browser tests (``TRACKER_TEST_BROWSER=1``); its server listens on a port of 8670-8679.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.browser.test_e2e import (
    CHROMIUM,
    LAUNCH_ARGS,
    PASSWORD,
    PROJECT_DIR,
    SCREENSHOTS,
    VIEWPORT,
    assert_no_exception,
    quiet_day,
    set_date,
    settle,
)
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

PORTS = range(8670, 8680)
TEACHER = "teacher@demo.example"
HEAD = "head@demo.example"


def _port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"no free port in {PORTS}")


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("counting")
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "TRACKER_DATA_DIR": str(folder),
    }
    subprocess.run([sys.executable, "-m", "tracker", "init", "--demo"], cwd=PROJECT_DIR, env=env, check=True,
                   capture_output=True, timeout=300)
    return folder / "tracker.db"


@pytest.fixture(scope="module")
def url(database) -> Iterator[str]:
    port = _port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{database}",
        "TRACKER_DATA_DIR": str(database.parent),
    }
    log = (database.parent / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{address}/_stcore/health", timeout=2).text == "ok":
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("streamlit did not start: " + (database.parent / "streamlit.log").read_text()[-3000:])
        time.sleep(0.3)
    yield address
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _sign_in(chromium, url: str, database: Path, email: str, lang: str, page_key: str):
    """A fresh browser signed in as ``email`` reading ``lang``, on the page ``page_key``."""
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE person SET language = ? WHERE email = ?", (lang, email))
    context = chromium.new_context(viewport=VIEWPORT, locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    page.set_default_timeout(120_000)  # generous: a loaded machine renders slowly
    page.goto(url)
    settle(page, t("sign_in.email", "zh"))  # the sign-in page opens in the default language
    page.get_by_role("textbox", name=t("sign_in.email", "zh")).fill(email)
    page.get_by_role("textbox", name=t("sign_in.password", "zh")).fill(PASSWORD)
    page.get_by_role("button", name=t("sign_in.submit", "zh"), exact=True).click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    settle(page)
    title = t(f"page.{page_key}", lang)
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and more.first.is_visible():  # Streamlit folds a long menu
        more.first.click()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)
    assert_no_exception(page, f"{page_key} ({lang})")
    return context, page


def _hours(page, lang: str, value: float) -> None:
    field = page.get_by_label(t("field.hours", lang), exact=True)
    field.fill(f"{value:g}")
    field.press("Enter")  # a number field sends its value on Enter or when the cursor leaves it
    settle(page)


def _stored(database: Path, day: date) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT a.kind, a.hours, a.status, a.enterprise_id FROM activity a JOIN person p "
            "ON p.id = a.person_id WHERE p.email = ? AND a.start_date = ?",
            (TEACHER, day.isoformat()),
        ).fetchall()


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), timeout=180_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_form_says_what_will_count_and_the_review_card_flags_it(chromium, url, database, lang):
    day = quiet_day(database, TEACHER)  # nothing else that day: the daily cap is this activity's alone
    context, page = _sign_in(chromium, url, database, TEACHER, lang, "log_activity")
    main = page.locator('[data-testid="stMain"]')
    try:
        set_date(page, t("field.start_date", lang), day)
        settle(page)
        set_date(page, t("field.end_date", lang), day)
        settle(page)
        # more than a day holds: refused on the spot, in the reader's language
        _hours(page, lang, 30)
        refused = main.locator('[data-testid="stAlertContentError"]')
        refused.filter(has_text=t("problem.hours_exceed", lang, hours=30, days=1, limit=24)).wait_for()
        assert t("counting.refused", lang) in refused.inner_text()
        # the visit: 20 h in one day, no enterprise, no description, no evidence
        _hours(page, lang, 20)
        lost = t("counting.over_daily_cap", lang, hours="20", days=1, per_day="20", cap="8", counted="8",
                 lost="12")
        warning = main.locator('[data-testid="stAlertContentWarning"]').filter(has_text=lost)
        warning.wait_for()
        for code in ("no_evidence", "no_description"):
            assert t(f"counting.{code}", lang) in warning.inner_text()
        assert t("counting.enterprise_missing", lang, kind=t("kind.visit", lang)) in warning.inner_text()
        success = main.locator('[data-testid="stAlertContentSuccess"]')
        assert t("counting.will_count", lang) in success.inner_text()
        assert t("counting.share", lang, norm="\0", hours="8").split("\0")[1] in success.inner_text()
        assert refused.count() == 0  # the refusal went when the hours were fixed
        assert _stored(database, day) == []  # all of this before anything was pressed
        assert_no_exception(page, "log activity, live check")
        page.locator("h1").first.click()  # the cursor leaves the hours: no focus ring in the picture
        settle(page)
        page.mouse.move(0, 0)
        _shoot(page, f"teacher-log-activity-{lang}.png")
        if lang == "zh":
            _shoot(page, "teacher-log-activity.png")  # the README's picture

        # she submits it anyway: allowed, stored as typed
        page.get_by_role("button", name=t("mine.submit", lang), exact=True).click()
        settle(page, t("mine.submitted", lang))
        assert _stored(database, day) == [("visit", 20.0, "submitted", None)]
    finally:
        context.close()

    # her head: the review card of that record flags the same
    context, page = _sign_in(chromium, url, database, HEAD, lang, "review")
    main = page.locator('[data-testid="stMain"]')
    try:
        page.get_by_label(t("dept.pick_record", lang), exact=True).click()
        page.get_by_role("option").filter(has_text=day.isoformat()).filter(has_text="陈思远").first.click()
        settle(page)
        warnings = main.locator('[data-testid="stAlertContentWarning"]')
        flags = warnings.filter(has_text=t("counting.flags", lang))
        flags.wait_for()
        text = flags.inner_text()
        assert lost in text and t("counting.no_evidence", lang) in text
        assert t("counting.enterprise_missing", lang, kind=t("kind.visit", lang)) in text
        assert_no_exception(page, "review card flags")
        page.mouse.move(0, 0)
        _shoot(page, f"head-review-flags-{lang}.png")
    finally:
        context.close()
