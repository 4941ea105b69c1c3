"""The paths that matter most, in a real browser (issue 4): Debian's chromium driven by Playwright.

A fresh demo database (``tracker init --demo``) is served by ``streamlit run`` on a free port. The teacher
signs in, logs an activity with an evidence PDF and submits it; the head of her department verifies it on
Review; the teacher's My progress then shows the new verified hours. Every page of every role opens without an
exception box, and screenshots of the main pages are saved to ``docs/screenshots/`` for the README.

Skipped when /usr/bin/chromium is missing, unless TRACKER_TEST_BROWSER=1 (CI), where a missing browser fails.
Never run ``playwright install``: it downloads a browser, which this machine cannot."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from tracker.i18n import t

CHROMIUM = Path("/usr/bin/chromium")
PROJECT_DIR = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_DIR / "docs" / "screenshots"
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
VIEWPORT = {
    "width": 1400,
    "height": 2200,
}  # tall: Streamlit scrolls an inner container, full_page sees no more
PASSWORD = "demo"
LANG = "zh"  # the demo accounts read Chinese first, as most users do
E2E_HOURS = 6
E2E_DESCRIPTION = "E2E 浏览器测试：企业走访"
SERVER_LOG: Path | None = None  # set by the app_url fixture

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip(
        "needs Debian's chromium at /usr/bin/chromium (CI sets TRACKER_TEST_BROWSER=1)",
        allow_module_level=True,
    )

pytestmark = pytest.mark.browser

# The pages each role's menu holds (tracker/ui/navigation.py); a page missing from a menu fails the test.
ROLE_PAGES = {
    "teacher": [
        "my_progress",
        "log_activity",
        "my_records",
        "placements",
        "certificates",
        "my_outputs",
        "my_dual_path",
        "news",
    ],
    "head": [
        "my_progress",
        "log_activity",
        "my_records",
        "placements",
        "certificates",
        "my_outputs",
        "my_dual_path",
        "team",
        "review",
        "team_plans",
        "teacher",
        "reports",
        "news",
    ],
    "admin": [
        "team",
        "review",
        "team_plans",
        "teacher",
        "reports",
        "people",
        "departments",
        "enterprises",
        "norm_packs",
        "recognition",
        "audit_log",
        "news",
        "news_sources",
    ],
}
# Main pages shown in the README (role, page).
# My progress, Log activity and Team are shot by their own browser tests, in a state worth showing (an action
# list, a form's findings, a matrix worst first): test_my_progress_browser, test_counting_browser, test_team_browser
SCREENSHOT_PAGES = {
    ("teacher", "my_records"),
    ("teacher", "certificates"),
    ("head", "review"),
    ("head", "teacher"),
    ("head", "reports"),
    ("admin", "people"),
    ("admin", "norm_packs"),
    ("admin", "audit_log"),
    ("admin", "news"),
    ("admin", "news_sources"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
    }
    subprocess.run(
        [sys.executable, "-m", "tracker", "init", "--demo"],
        cwd=PROJECT_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / "tracker.db"


@pytest.fixture(scope="module")
def app_url(demo_database) -> Iterator[str]:
    """``streamlit run`` on a free port against the demo database; stopped after the module's tests."""
    global SERVER_LOG
    port = _free_port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{demo_database}",
    }
    SERVER_LOG = demo_database.parent / "streamlit.log"
    log = SERVER_LOG.open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",  # the router plus the sign-in cookie routes
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
            pytest.fail(
                "streamlit did not start: " + (demo_database.parent / "streamlit.log").read_text()[-3000:]
            )
        time.sleep(0.3)
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


# --- driving Streamlit --------------------------------------------------------------------------------------


def settle(page, text: str | None = None) -> None:
    """Wait until the script run is over (and ``text`` is on the page: right after a click the state can still
    read notRunning), then let the front end paint."""
    if text is not None:
        page.get_by_text(text, exact=False).first.wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)


def assert_no_exception(page, where: str) -> None:
    """No exception box (its details are redacted in the browser by .streamlit/config.toml; the server log
    has them)."""
    boxes = page.locator('[data-testid="stException"]')
    if boxes.count():
        log = SERVER_LOG.read_text()[-4000:] if SERVER_LOG else ""
        pytest.fail(f"{where}: {boxes.first.inner_text()[:500]}\n--- streamlit log ---\n{log}")


def sign_in(page, url: str, email: str) -> None:
    page.goto(url)
    settle(page, t("sign_in.email", LANG))
    page.get_by_role("textbox", name=t("sign_in.email", LANG)).fill(email)
    page.get_by_role("textbox", name=t("sign_in.password", LANG)).fill(PASSWORD)
    page.get_by_role("button", name=t("sign_in.submit", LANG), exact=True).click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    settle(page)
    assert_no_exception(page, f"{email} after sign-in")


def menu(page) -> list[str]:
    """The page titles in the sidebar, in order (a link's last line; the first is its icon's name)."""
    return [
        link.inner_text().strip().splitlines()[-1].strip()
        for link in page.locator('[data-testid="stSidebarNav"] a').all()
    ]


def open_page(page, slug: str) -> None:
    """Click the page's sidebar link (a client-side switch: the signed-in session is kept) and wait for its
    title."""
    title = t(f"page.{slug}", LANG)
    links = page.locator('[data-testid="stSidebarNav"] a').all()
    titles = menu(page)  # a link's text starts with its icon's name, so match the title line exactly
    links[titles.index(title)].click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)


def sign_out(page) -> None:
    page.get_by_role("button", name=t("sidebar.sign_out", LANG)).click()
    settle(page, t("sign_in.email", LANG))


def progress_hours(page) -> list[float]:
    """The achieved figures of the hour cards on My progress, in card order."""
    pattern = re.escape(t("mine.achieved", LANG, achieved="\0", required="\0", unit=t("unit.hours", LANG)))
    pattern = pattern.replace("\\\x00", "([0-9.,]+)").replace("\x00", "([0-9.,]+)")
    # the cards may still be on their way right after signing in (the sign-in hands over to a reloaded page)
    page.locator('[data-testid="stProgress"]').first.wait_for()
    settle(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    return [float(a.replace(",", "")) for a, _ in re.findall(pattern, text)]


def quiet_day(database: Path, email: str) -> date:
    """A recent day this year on which the teacher recorded nothing (so the daily cap hides no new hours)."""
    with sqlite3.connect(database) as conn:
        busy = {
            date.fromisoformat(start) + timedelta(days=k)
            for start, end in conn.execute(
                "SELECT a.start_date, a.end_date FROM activity a JOIN person p ON p.id = a.person_id "
                "WHERE p.email = ?",
                (email,),
            )
            for k in range((date.fromisoformat(end) - date.fromisoformat(start)).days + 1)
        }
    day = date.today() - timedelta(days=1)
    while day in busy:
        day -= timedelta(days=1)
    assert day.year == date.today().year or date.today().month == 1, "no quiet day this year in the demo data"
    return day


def wait_for_review(database: Path, timeout: float = 30) -> tuple[str, str | None]:
    """The E2E activity's status and reviewer once it is no longer waiting for review."""
    deadline = time.monotonic() + timeout
    while True:
        with sqlite3.connect(database) as conn:
            status, reviewer = conn.execute(
                "SELECT a.status, p.email FROM activity a LEFT JOIN person p ON p.id = a.reviewer_id "
                "WHERE a.description = ?",
                (E2E_DESCRIPTION,),
            ).fetchone()
        if status != "submitted" or time.monotonic() > deadline:
            return status, reviewer
        time.sleep(0.2)


def set_date(page, label: str, day: date) -> None:
    field = page.get_by_label(label, exact=True)
    field.click()
    field.press("Control+a")
    field.type(day.strftime("%Y/%m/%d"))
    field.press("Enter")
    page.keyboard.press("Escape")


def shoot(page, role: str, slug: str) -> None:
    if (role, slug) in SCREENSHOT_PAGES:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{role}-{slug.replace('_', '-')}.png"))


# --- the tests ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["teacher", "head", "admin"])
def test_every_page_of_each_role_opens_without_an_exception(page, app_url, role):
    sign_in(page, app_url, f"{role}@demo.example")
    assert menu(page) == [t(f"page.{slug}", LANG) for slug in ROLE_PAGES[role]]
    for slug in ROLE_PAGES[role]:
        open_page(page, slug)
        assert_no_exception(page, f"{role} / {slug}")
        shoot(page, role, slug)


def test_teacher_logs_activity_head_verifies_progress_reflects_it(page, app_url, demo_database, tmp_path):
    day = quiet_day(demo_database, "teacher@demo.example")
    proof = tmp_path / "走访证明.pdf"
    proof.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

    # the teacher: note where she stands, then log and submit an activity with evidence
    sign_in(page, app_url, "teacher@demo.example")
    before = progress_hours(page)
    assert before, "My progress shows no hour cards"
    open_page(page, "log_activity")
    page.get_by_label(t("mine.enterprise_new", LANG), exact=True).fill("示例E2E测试企业")
    set_date(page, t("field.start_date", LANG), day)
    set_date(page, t("field.end_date", LANG), day)
    page.get_by_label(t("field.hours", LANG), exact=True).fill(str(E2E_HOURS))
    page.get_by_label(t("field.description", LANG), exact=True).fill(E2E_DESCRIPTION)
    page.get_by_label(t("field.hours", LANG), exact=True).click()  # the description is committed on blur
    settle(page)
    # the form is live (each change reruns the page): an upload that lands during a rerun can be dropped, as
    # seen once in CI on a loaded machine, so offer the file again until the uploader shows it
    for _ in range(3):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(proof))
        try:
            page.get_by_text(proof.name).wait_for(timeout=15_000)
            break
        except Exception:
            settle(page)
    page.get_by_text(proof.name).wait_for()
    settle(page)
    page.get_by_role("button", name=t("mine.submit", LANG)).click()
    settle(page, t("mine.submitted", LANG))
    assert_no_exception(page, "log activity")
    with sqlite3.connect(demo_database) as conn:
        stored = conn.execute(
            "SELECT a.status, a.hours, a.start_date, e.filename FROM activity a JOIN evidence e "
            "ON e.activity_id = a.id WHERE a.description = ?",
            (E2E_DESCRIPTION,),
        ).fetchall()
    assert stored == [("submitted", float(E2E_HOURS), day.isoformat(), proof.name)]
    sign_out(page)

    # the head of her department: verify it on Review
    sign_in(page, app_url, "head@demo.example")
    open_page(page, "review")
    page.get_by_label(t("dept.pick_record", LANG), exact=True).click()
    page.get_by_role("option").filter(has_text=day.isoformat()).filter(has_text="陈思远").first.click()
    settle(page, proof.name)  # the record's evidence is listed with it
    page.get_by_label(t("field.review_note", LANG), exact=True).fill("E2E: 材料齐全")
    page.get_by_role("button", name=t("dept.verify", LANG), exact=True).click()
    status, reviewer = wait_for_review(demo_database)  # the toast saying so is gone after a few seconds
    settle(page)
    assert_no_exception(page, "review")
    assert (status, reviewer) == ("verified", "head@demo.example")
    sign_out(page)

    # the teacher again: My progress counts the verified hours
    sign_in(page, app_url, "teacher@demo.example")
    after = progress_hours(page)
    assert after[0] == pytest.approx(before[0] + E2E_HOURS), (before, after)
