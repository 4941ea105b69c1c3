"""My progress's action list in Chromium, in Chinese and in English (issue 11, items 2 and 5).

On a fresh demo database the head sends one of the demo teacher's submitted activities back on Review with a
note. The teacher signs in: My progress (her home page) lists the record sent back first, with the head's
note, as a link that opens My records; every card explains itself; the expired certificate is listed as
expired, apart from those expiring. The same in English. On a phone-wide window nothing runs off the side.
Screenshots: ``docs/screenshots/teacher-my-progress-{zh,en}.png`` and ``teacher-my-progress.png`` (README).

Runs with the other browser tests (``TRACKER_TEST_BROWSER=1``); its server listens on a port of 8660-8669.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pytest

from tests.browser import test_e2e as e2e
from tests.browser.test_e2e import CHROMIUM, PROJECT_DIR, SCREENSHOTS, assert_no_exception, settle
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

PORTS = range(8660, 8670)
NOTE = "请补充企业盖章的实践证明 / Please attach the stamped confirmation (browser test)"
SENT_BACK_DAYS = 25  # the demo teacher's enterprise visit submitted 25 days ago (tracker/demo.py)
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
    pytest.skip("every port in 8660-8669 is taken")


@pytest.fixture(scope="module")
def app_url(demo_database) -> Iterator[str]:
    port = _port()
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{demo_database}"}
    log_path = demo_database.parent / "streamlit-my-progress.log"
    e2e.SERVER_LOG = log_path
    log = log_path.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
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
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
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


def _status(database, day: date) -> tuple[str, str | None]:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT a.status, a.review_note FROM activity a JOIN person p ON p.id = a.person_id "
            "WHERE p.email = 'teacher@demo.example' AND a.start_date = ? AND a.kind = 'visit'",
            (day.isoformat(),),
        ).fetchone()


def _send_back(page, url: str, database, day: date, head_shot=None) -> None:
    """The head rejects the teacher's visit of ``day`` on Review with NOTE (in Chinese, the demo's
    language), then opens her picture on the Teacher page."""
    e2e.sign_in(page, url, "head@demo.example")
    e2e.open_page(page, "review")
    page.get_by_label(t("dept.pick_record", "zh"), exact=True).click()
    page.get_by_role("option").filter(has_text=day.isoformat()).filter(has_text="陈思远").first.click()
    settle(page)
    page.get_by_label(t("field.review_note", "zh"), exact=True).fill(NOTE)
    page.get_by_role("button", name=t("dept.reject", "zh"), exact=True).click()
    deadline = time.monotonic() + 30
    while _status(database, day)[0] == "submitted" and time.monotonic() < deadline:
        time.sleep(0.2)
    settle(page)
    assert _status(database, day) == ("rejected", NOTE)
    # the head's view of the teacher: the lapsed certificate is expired (days since), not "-40 days left"
    e2e.open_page(page, "teacher")
    page.get_by_label(t("common.teacher", "zh"), exact=True).click()
    page.get_by_role("option").filter(has_text="teacher@demo.example").first.click()
    page.locator("h3").filter(has_text="陈思远").first.wait_for()  # her picture, not the one picked first
    settle(page)
    page.get_by_text(t("progress.expired", "zh"), exact=True).first.wait_for()
    assert_no_exception(page, "head's view of the teacher")
    body = _main(page)
    assert t("progress.expired", "zh") in body and "6 × 22" in body
    if head_shot is not None:
        page.screenshot(path=str(head_shot))
    e2e.sign_out(page)


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _check_my_progress(page, lang: str) -> None:
    assert_no_exception(page, f"my progress ({lang})")
    body = _main(page)
    first = page.locator(".st-key-todo_0").first.inner_text()
    assert t("progress.todo", lang) in body
    assert ("已退回：" if lang == "zh" else "Sent back: ") in first, first
    assert t("kind.visit", lang) in first and NOTE in first
    link = t("progress.go.resubmit", lang, page=t("page.my_records", lang))
    assert page.locator('[data-testid="stPageLink"]').first.inner_text().strip().endswith(link)
    assert NOTE in body and "林海燕" in body  # the head's note, and who wrote it
    # each hour card explains itself: the rule with its conversion, the window, the reason
    assert (
        "6 个月 = 1056 小时（6 × 22 天 × 8 小时）"
        if lang == "zh"
        else "6 months = 1056 h (6 × 22 days × 8 h)"
    ) in body
    assert ("折合" if lang == "zh" else " of 132 days") in body
    # the demo teacher's lapsed certificate is listed as expired, not as expiring soon
    assert t("progress.expired", lang) in body
    expired_at, expiring_at = (
        body.index(t("progress.expired", lang)),
        body.index(t("progress.expiring", lang)),
    )
    assert expired_at < expiring_at and "-40" not in body[expiring_at:]


def _shoot(page, *names: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in names:
        page.screenshot(path=str(SCREENSHOTS / name))


def test_the_teacher_sees_the_record_the_head_sent_back_on_my_progress(
    page, app_url, demo_database, tmp_path
):
    page.set_default_timeout(90_000)  # the machine is shared
    day = date.today() - timedelta(days=SENT_BACK_DAYS)
    assert _status(demo_database, day)[0] == "submitted"
    _send_back(page, app_url, demo_database, day, head_shot=tmp_path / "head-teacher.png")

    # the teacher: My progress is her home page
    e2e.sign_in(page, app_url, "teacher@demo.example")
    page.locator("h1").filter(has_text=t("page.my_progress", "zh")).first.wait_for()
    settle(page)
    _check_my_progress(page, "zh")
    _shoot(page, "teacher-my-progress-zh.png", "teacher-my-progress.png")

    # the item is a link to the place to act: My records, where the record can be changed and resubmitted
    page.locator('[data-testid="stPageLink"]').first.click()
    page.locator("h1").filter(has_text=t("page.my_records", "zh")).first.wait_for()
    settle(page)
    assert_no_exception(page, "my records from the action list")
    assert NOTE in _main(page) or t("status.rejected", "zh") in _main(page)

    # English
    page.get_by_text(t("sidebar.language", "zh"), exact=True).first.wait_for()
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name="English").click()
    settle(page, t("sidebar.sign_out", "en"))
    links = page.locator('[data-testid="stSidebarNav"] a').all()
    links[e2e.menu(page).index(t("page.my_progress", "en"))].click()
    page.locator("h1").filter(has_text=t("page.my_progress", "en")).first.wait_for()
    settle(page)
    _check_my_progress(page, "en")
    _shoot(page, "teacher-my-progress-en.png")

    # a phone-wide window: the list and the cards stack in one column, nothing wider than the screen
    page.set_viewport_size({"width": 390, "height": 1600})
    settle(page)
    page.wait_for_timeout(500)
    first = page.locator('[data-testid="stPageLink"]').first
    box = first.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    wide = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"] *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert wide <= 392, wide
    page.screenshot(path=str(tmp_path / "phone-en.png"))  # looked at by hand; not one of the README's
