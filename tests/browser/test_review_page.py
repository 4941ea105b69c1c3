"""The Review page in Chromium, in Chinese and in English (issue 9 items 3, 4, 6; issue 11 item 6).

On a fresh demo database a teacher of the head's department has submitted an activity with a photo and a
scanned PDF. The head opens it: both are previewed inline (the stored previews: the photo scaled down, the
PDF's first page); Verify says what was verified and opens the next record, not the first; a tick in the
table and "Verify selected" ask for confirmation with the count before anything is verified. Screenshots go to
``docs/screenshots/head-review-*.png``.

Runs with the other browser tests (``TRACKER_TEST_BROWSER=1``); its server listens on a port of 8630-8639.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
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
    settle,
)
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

PORTS = range(8630, 8640)
HEAD = "head@demo.example"
DESCRIPTION = "浏览器测试：走访照片与合同扫描件"

# Run in a separate process against the demo database: the teacher logs the activity through the service,
# so the files are checked and previewed exactly as an upload from the form is.
_SUBMIT = r"""
import io, sys
from datetime import date, timedelta
from PIL import Image, ImageDraw
from sqlmodel import select
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.models import Person
from tracker.services import activities
from tracker.services.evidence import Upload

def picture(size, colour, text):
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for k in range(0, size[0], 80):
        draw.line([(k, 0), (size[0] - k, size[1])], fill="white", width=6)
    draw.rectangle([40, 40, size[0] - 40, 200], fill="white")
    draw.text((80, 90), text, fill="black", font_size=72)
    return image

photo = io.BytesIO(); picture((3200, 2400), "#2e7d32", "Site visit 2026").save(photo, "JPEG", quality=90)
scan = io.BytesIO(); picture((1240, 1754), "#1565c0", "Contract p.1").save(scan, "PDF", resolution=150)
with session_scope() as session:
    teacher = Actor.of(session.exec(select(Person).where(Person.email == "teacher@demo.example")).one())
day = date.today() - timedelta(days=int(sys.argv[1]))
activities.create_activity(
    teacher,
    {"kind": "visit", "enterprise": "示例浏览器测试企业", "start_date": day, "end_date": day, "hours": 7.5,
     "description": sys.argv[2]},
    submit=True,
    evidence=[Upload("走访照片.jpg", photo.getvalue()), Upload("合同扫描件.pdf", scan.getvalue())],
)
"""


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
def review_database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "TRACKER_DATA_DIR": str(folder),
    }
    run = {"cwd": PROJECT_DIR, "env": env, "check": True, "capture_output": True, "timeout": 300}
    subprocess.run([sys.executable, "-m", "tracker", "init", "--demo"], **run)
    subprocess.run([sys.executable, "-c", _SUBMIT, "3", DESCRIPTION], **run)
    return folder / "tracker.db"


@pytest.fixture(scope="module")
def review_url(review_database) -> Iterator[str]:
    port = _port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{review_database}",
        "TRACKER_DATA_DIR": str(review_database.parent),
    }
    log = (review_database.parent / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
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
            pytest.fail("streamlit did not start: " + (review_database.parent / "streamlit.log").read_text()[-3000:])
        time.sleep(0.3)
    yield url
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


def _status(database: Path, description: str) -> str:
    with sqlite3.connect(database) as conn:
        return conn.execute("SELECT status FROM activity WHERE description = ?", (description,)).fetchone()[0]


def _waiting(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        return conn.execute(
            "SELECT (SELECT count(*) FROM activity a JOIN person p ON p.id = a.person_id "
            "  WHERE a.status = 'submitted' AND p.email <> ?)"
            " + (SELECT count(*) FROM certification c JOIN person p ON p.id = c.person_id "
            "  WHERE c.status = 'submitted' AND p.email <> ?)",
            (HEAD, HEAD),
        ).fetchone()[0]


def _sign_in_as_head(chromium, url: str, database: Path, lang: str):
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE person SET language = ? WHERE email = ?", (lang, HEAD))
    context = chromium.new_context(viewport=VIEWPORT, locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    page.set_default_timeout(120_000)  # generous: a loaded CI machine renders charts slowly
    page.goto(url)
    settle(page, t("sign_in.email", "zh"))  # the sign-in page opens in the default language
    page.get_by_role("textbox", name=t("sign_in.email", "zh")).fill(HEAD)
    page.get_by_role("textbox", name=t("sign_in.password", "zh")).fill(PASSWORD)
    page.get_by_role("button", name=t("sign_in.submit", "zh"), exact=True).click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    settle(page)
    title = t("page.review", lang)
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count() and more.first.is_visible():  # Streamlit folds a long menu
        more.first.click()
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)
    assert_no_exception(page, f"review ({lang})")
    return context, page


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), timeout=180_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_review_previews_confirms_and_opens_the_next_record(chromium, review_url, review_database, lang):
    description = DESCRIPTION if lang == "zh" else DESCRIPTION + " (en)"
    if lang == "en":  # a fresh submission for the second language (the first was verified)
        env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{review_database}"}
        subprocess.run([sys.executable, "-c", _SUBMIT, "2", description], cwd=PROJECT_DIR, env=env,
                       check=True, capture_output=True, timeout=120)
    context, page = _sign_in_as_head(chromium, review_url, review_database, lang)
    try:
        main = page.locator('[data-testid="stMain"]')
        # open the record with the photo and the scan
        page.get_by_label(t("dept.pick_record", lang), exact=True).click()
        page.get_by_role("option").filter(has_text=t("kind.visit", lang)).filter(has_text="陈思远").last.click()
        settle(page, t("review.pdf_first_page", lang, name="合同扫描件.pdf"))
        assert main.locator('[data-testid="stImage"] img').count() == 2  # the photo and the PDF's first page
        for img in main.locator('[data-testid="stImage"] img').all():
            assert img.evaluate("i => i.complete && i.naturalWidth > 0 && i.naturalWidth <= 1000")
        assert "7.5" in main.inner_text() and "None" not in main.inner_text()
        _shoot(page, f"head-review-{lang}.png")
        if lang == "zh":
            _shoot(page, "head-review.png")  # the README's picture

        # verify it: a confirmation naming it, and the next record opens (not the first)
        options_before = page.get_by_label(t("dept.pick_record", lang), exact=True).input_value()
        page.get_by_role("button", name=t("dept.verify", lang), exact=True).click()
        settle(page, t("review.verified_named", lang, what="\0").split("\0")[0])
        assert _status(review_database, description) == "verified"
        assert_no_exception(page, "after verify")
        now_open = page.get_by_label(t("dept.pick_record", lang), exact=True).input_value()
        assert now_open != options_before
        _shoot(page, f"head-review-verified-{lang}.png")

        # tick the first row and ask to verify it: a dialog with the count comes first
        waiting = _waiting(review_database)
        grid = main.locator('[data-testid="stDataFrame"]').first
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 37, box["y"] + 35 + 17)  # the first row's tick box (header 35 px)
        settle(page)
        button = page.get_by_role("button", name=t("dept.verify_selected", lang, n=1))
        button.wait_for()
        button.click()
        dialog = page.locator('[role="dialog"]')
        dialog.wait_for()
        assert t("review.bulk_confirm_title", lang, n=1) in dialog.inner_text()
        _shoot(page, f"head-review-bulk-{lang}.png")
        assert _waiting(review_database) == waiting  # nothing verified before the answer
        dialog.get_by_role("button", name=t("review.bulk_confirm_yes", lang, n=1)).click()
        settle(page, t("review.bulk_done", lang, n=1))
        assert _waiting(review_database) == waiting - 1
        assert_no_exception(page, "after bulk verify")
    finally:
        context.close()
