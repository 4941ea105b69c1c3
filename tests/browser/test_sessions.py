"""Staying signed in (issue 11.1, 9.8) in a real browser: Debian's chromium driven by Playwright.

``streamlit run app.py`` (the router plus the sign-in cookie routes) serves a small database with a teacher and
an admin. A reload keeps the session and the page, a second tab is signed in, the cookie is HttpOnly and
SameSite=Strict, and sign-out or a new password ends the session in every tab. Skipped like test_e2e.py when
chromium is missing, unless TRACKER_TEST_BROWSER=1.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tracker.i18n import t

CHROMIUM = Path("/usr/bin/chromium")
PROJECT_DIR = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_DIR / "docs" / "screenshots"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
LANG = "zh"
PASSWORD = "a long enough password"
TEACHER, ADMIN = "teacher@college.example", "admin@college.example"
PORTS = range(8620, 8630)  # this test's own ports (other browser tests use others)

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (CI sets TRACKER_TEST_BROWSER=1)",
                allow_module_level=True)

pytestmark = pytest.mark.browser


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("sessions")
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
           "TRACKER_DATA_DIR": str(folder), "TRACKER_FEEDS_BACKGROUND": "0"}
    tracker = [sys.executable, "-m", "tracker"]
    subprocess.run([*tracker, "init"], cwd=PROJECT_DIR, env=env, check=True, capture_output=True, timeout=300)
    for email, role in ((TEACHER, "teacher"), (ADMIN, "admin")):
        subprocess.run([*tracker, "user", "add", email, "--role", role, "--password-stdin"], cwd=PROJECT_DIR,
                       env=env, input=PASSWORD + "\n", text=True, check=True, capture_output=True, timeout=120)
    return env


@pytest.fixture(scope="module")
def app_url(env) -> Iterator[str]:
    port = _free_port()
    log_path = Path(env["TRACKER_DATA_DIR"]) / "streamlit.log"
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


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.set_default_timeout(30_000)
    yield context
    context.close()


def settle(page, text: str | None = None) -> None:
    if text is not None:
        page.get_by_text(text, exact=False).first.wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(300)


def no_exception(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()


def sign_in(page, url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(url)
    settle(page, t("sign_in.email", LANG))
    page.get_by_role("textbox", name=t("sign_in.email", LANG)).fill(email)
    page.get_by_role("textbox", name=t("sign_in.password", LANG)).fill(password)
    page.get_by_role("button", name=t("sign_in.submit", LANG), exact=True).click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    settle(page)
    no_exception(page)


def wait_for_cookie(context) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        cookies = [c for c in context.cookies() if c["name"] == "tracker_session"]
        if cookies:
            return cookies[0]
        time.sleep(0.2)
    pytest.fail("the sign-in cookie was never set")


def open_page(page, slug: str) -> None:
    title = t(f"page.{slug}", LANG)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)


def is_signed_in(page) -> bool:
    """After a reload or a click: the sidebar menu (signed in) or the sign-in form (signed out)."""
    page.locator(f'[data-testid="stSidebarNav"], input[aria-label="{t("sign_in.email", LANG)}"]').first.wait_for()
    settle(page)
    return page.locator('[data-testid="stSidebarNav"]').count() > 0


def test_reload_keeps_the_session_and_the_page(context, app_url):
    page = context.new_page()
    sign_in(page, app_url, TEACHER)
    cookie = wait_for_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert "tracker_session" not in page.evaluate("document.cookie")  # no script on the page can read it
    open_page(page, "my_records")
    page.reload()
    assert is_signed_in(page)
    page.locator("h1").filter(has_text=t("page.my_records", LANG)).first.wait_for()
    assert "Page not found" not in page.locator('[data-testid="stApp"]').inner_text()
    assert page.url.rstrip("/").endswith("/my_records")
    no_exception(page)


def test_a_second_tab_is_signed_in(context, app_url):
    first = context.new_page()
    sign_in(first, app_url, TEACHER)
    wait_for_cookie(context)
    second = context.new_page()
    second.goto(f"{app_url}/certificates")
    assert is_signed_in(second)
    second.locator("h1").filter(has_text=t("page.certificates", LANG)).first.wait_for()
    no_exception(second)


def test_sign_out_ends_the_session_in_every_tab(context, app_url):
    first = context.new_page()
    sign_in(first, app_url, TEACHER)
    wait_for_cookie(context)
    second = context.new_page()
    second.goto(f"{app_url}/my_records")
    assert is_signed_in(second)

    first.get_by_role("button", name=t("sidebar.sign_out", LANG)).click()
    settle(first, t("sign_in.email", LANG))
    # the other tab is signed out on its next click, and a reload finds no session either
    second.locator('[data-testid="stSidebarNav"] a').filter(has_text=t("page.certificates", LANG)).first.click()
    assert not is_signed_in(second)
    second.reload()
    assert not is_signed_in(second)
    third = context.new_page()
    third.goto(app_url)
    assert not is_signed_in(third)


def test_a_new_password_ends_the_session_in_every_tab(context, app_url, env):
    tabs = [context.new_page(), context.new_page()]
    sign_in(tabs[0], app_url, TEACHER)
    wait_for_cookie(context)
    tabs[1].goto(f"{app_url}/my_records")
    assert is_signed_in(tabs[1])

    set_password(env, "a different long password")
    try:
        tabs[1].locator('[data-testid="stSidebarNav"] a').filter(has_text=t("page.certificates", LANG)).first.click()
        assert not is_signed_in(tabs[1])  # the next click
        assert t("sign_in.ended", LANG) in tabs[1].locator('[data-testid="stMain"]').inner_text()
        tabs[0].reload()
        assert not is_signed_in(tabs[0])  # the cookie no longer signs anyone in
        sign_in(tabs[0], app_url, TEACHER, "a different long password")
    finally:
        set_password(env, PASSWORD)


def set_password(env: dict, password: str) -> None:
    """What an admin does with ``tracker user set-password`` (the People page's reset calls the same rule)."""
    subprocess.run([sys.executable, "-m", "tracker", "user", "set-password", TEACHER, "--password-stdin"],
                   cwd=PROJECT_DIR, env=env, input=password + "\n", text=True, check=True, capture_output=True,
                   timeout=120)


def test_the_sign_in_page_offers_both_languages(context, app_url):
    page = context.new_page()
    page.goto(app_url)
    settle(page, t("sign_in.email", "zh"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "sign-in-zh.png"))
    page.locator('[data-testid="stButtonGroup"]').get_by_text("English", exact=True).click()
    settle(page, "Password")
    assert page.get_by_role("textbox", name="Email").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "sign-in-en.png"))
