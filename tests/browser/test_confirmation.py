"""Enterprise-confirmed practice in a real browser (issue 13): the whole chain, and refused links.

A teacher plans a placement, the head approves it, the teacher keeps the journal (22 hours) and issues a
confirmation link; a fresh browser context with no sign-in opens the link and confirms only 12 hours; the head
verifies; My progress then counts the 12 confirmed hours, not the 22 claimed. Reopening the link shows it
read-only; a tampered, an expired and a revoked link each get a clear page. Screenshots of the mentor's page in
Chinese and English, and of the teacher's and head's pages, go to ``docs/screenshots/`` for
docs/enterprise-confirmation.md.

Served on a port from 8660-8669 (this area's range). Skipped without /usr/bin/chromium unless
TRACKER_TEST_BROWSER=1.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest

from tests.browser.test_e2e import (
    CHROMIUM,
    LAUNCH_ARGS,
    PROJECT_DIR,
    SCREENSHOTS,
    VIEWPORT,
    assert_no_exception,
    open_page,
    progress_hours,
    set_date,
    settle,
    sign_in,
    sign_out,
)
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

LANG = "zh"
TEACHER, HEAD = "teacher@demo.example", "head@demo.example"
ENTERPRISE = "示例确认测试企业"
JOURNAL = (8, 8, 6)  # claimed: 22 hours over three quiet days
CONFIRMED_HOURS = 12
PORTS = range(8660, 8670)


def _port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8660-8669")


def _env(folder: Path, url: str = "http://127.0.0.1") -> dict:
    return {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",
        "TRACKER_DATA_DIR": str(folder),
        "TRACKER_BASE_URL": url,
        "TRACKER_COLLEGE_NAME": "示例职业技术学院",
        "TRACKER_FEEDS_BACKGROUND": "0",
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A demo database served by ``streamlit run``; yields (url, folder)."""
    folder = tmp_path_factory.mktemp("confirm")
    port = _port()
    url = f"http://127.0.0.1:{port}"
    env = _env(folder, url)
    subprocess.run([sys.executable, "-m", "tracker", "init", "--demo"], cwd=PROJECT_DIR, env=env, check=True,
                   capture_output=True, timeout=300)
    log = (folder / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("streamlit did not start: " + (folder / "streamlit.log").read_text()[-3000:])
        time.sleep(0.3)
    yield url, folder
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


def _context_page(browser, locale="zh-CN"):
    context = browser.new_context(viewport=VIEWPORT, locale=locale)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def _cli(folder: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=PROJECT_DIR, env=_env(folder, url),
                          capture_output=True, text=True, timeout=120)


def _quiet_period(database: Path, email: str, days: int) -> date:
    """The first of ``days`` consecutive recent days this year on which the teacher recorded nothing."""
    with sqlite3.connect(database) as conn:
        busy = {
            date.fromisoformat(start) + timedelta(days=k)
            for start, end in conn.execute(
                "SELECT a.start_date, a.end_date FROM activity a JOIN person p ON p.id = a.person_id "
                "WHERE p.email = ?", (email,))
            for k in range((date.fromisoformat(end) - date.fromisoformat(start)).days + 1)
        }
    first = date.today() - timedelta(days=days)
    while any(first + timedelta(days=k) in busy for k in range(days)):
        first -= timedelta(days=1)
    assert first.year == date.today().year or date.today().month == 1, "no quiet period this year"
    return first


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def test_plan_journal_link_confirm_verify_counts_confirmed_hours(server, browser):
    url, folder = server
    database = folder / "tracker.db"
    first = _quiet_period(database, TEACHER, len(JOURNAL))
    last = first + timedelta(days=len(JOURNAL) - 1)
    context, page = _context_page(browser)

    # the teacher: where she stands, then the application
    sign_in(page, url, TEACHER)
    before = progress_hours(page)
    open_page(page, "placements")
    page.get_by_text(t("plans.new", LANG)).first.click()
    page.get_by_label(t("mine.enterprise_new", LANG), exact=True).fill(ENTERPRISE)
    page.get_by_label(t("field.post", LANG), exact=True).fill("跨境店铺运营助理")
    page.get_by_label(t("field.tasks", LANG), exact=True).fill("店铺日常运营、选品分析、直播脚本")
    set_date(page, t("field.start_date", LANG), first)
    set_date(page, t("field.end_date", LANG), last)
    page.get_by_label(t("field.mentor_name", LANG), exact=True).fill("王经理")
    page.get_by_label(t("field.mentor_title", LANG), exact=True).fill("运营总监")
    page.get_by_label(t("field.mentor_email", LANG), exact=True).fill("mentor@enterprise.example")
    page.get_by_role("button", name=t("plans.propose", LANG)).click()
    settle(page, t("plan_status.proposed", LANG))
    assert_no_exception(page, "propose plan")
    sign_out(page)

    # the head approves it
    sign_in(page, url, HEAD)
    open_page(page, "team_plans")
    settle(page, ENTERPRISE)
    page.get_by_label(t("field.review_note", LANG), exact=True).fill("同意，请按周填写周志")
    page.get_by_role("button", name=t("team_plans.approve", LANG)).click()
    settle(page, t("plan_status.approved", LANG))
    assert_no_exception(page, "approve plan")
    sign_out(page)

    # the teacher keeps the journal, issues the link and closes the plan with her summary
    sign_in(page, url, TEACHER)
    open_page(page, "placements")
    for k, hours in enumerate(JOURNAL):
        set_date(page, t("field.day", LANG), first + timedelta(days=k))
        page.get_by_label(t("field.hours", LANG), exact=True).fill(str(hours))
        page.get_by_label(t("field.content", LANG), exact=True).fill(f"第{k + 1}天：店铺运营与选品")
        page.get_by_role("button", name=t("plans.add_entry", LANG)).last.click()
        settle(page, f"{k + 1} / ")
        assert_no_exception(page, f"journal {k}")
    page.get_by_role("button", name=t("plans.issue_link", LANG)).click()
    settle(page, "?confirm=")
    link = page.locator('[data-testid="stCode"]').inner_text().strip()
    assert link.startswith(f"{url}/?confirm="), link
    _shoot(page, "teacher-placements")
    page.get_by_label(t("field.summary", LANG), exact=True).fill("熟悉了跨境店铺运营全流程。")
    page.get_by_role("button", name=t("plans.close", LANG)).click()
    settle(page, t("plan_status.closed", LANG))
    assert_no_exception(page, "close plan")
    sign_out(page)
    context.close()

    # the mentor: a fresh context, no sign-in; first the Chinese page, then the English one
    mentor_zh, zh = _context_page(browser)
    zh.goto(link)
    settle(zh, t("confirm.title", "zh"))
    text = _main_text(zh)
    assert ENTERPRISE in text and "22" in text and t("field.confirmed_hours", "zh") in text
    _shoot(zh, "enterprise-confirm-zh")
    mentor_zh.close()
    mentor, en = _context_page(browser, locale="en-US")
    en.goto(f"{link}&lang=en")
    settle(en, "Confirmed hours")
    for label in ("Confirmed hours", "Rating", "Comment"):
        assert en.get_by_label(label, exact=True).count() == 1, label
    en.get_by_label("Confirmed days", exact=True).fill("2")
    en.get_by_label("Confirmed hours", exact=True).fill(str(CONFIRMED_HOURS))
    en.get_by_label("Rating", exact=True).click()
    en.get_by_role("option", name="Good").click()
    en.get_by_label("Comment", exact=True).fill("Reliable; two and a half days on site.")
    _shoot(en, "enterprise-confirm-en")
    en.get_by_role("button", name="Confirm", exact=True).click()
    settle(en, t("confirm.done", "en"))
    assert_no_exception(en, "confirm")
    _shoot(en, "enterprise-confirm-done-en")
    mentor.close()
    with sqlite3.connect(database) as conn:
        activity_id, status, claimed, confirmed = conn.execute(
            "SELECT a.id, a.status, a.hours, c.confirmed_hours FROM activity a JOIN practice_confirmation c "
            "ON c.activity_id = a.id"
        ).fetchone()
    assert (status, claimed, confirmed) == ("submitted", sum(JOURNAL), CONFIRMED_HOURS)

    # reopening the link: read-only, in Chinese
    again, reopened = _context_page(browser)
    reopened.goto(link)
    settle(reopened, t("confirm.read_only", "zh", date=date.today().isoformat())[:6])
    assert reopened.get_by_role("button", name=t("confirm.button", "zh"), exact=True).count() == 0
    _shoot(reopened, "enterprise-confirm-read-only-zh")
    again.close()

    # the head sees claimed and confirmed side by side and verifies
    context, page = _context_page(browser)
    sign_in(page, url, HEAD)
    open_page(page, "review")
    page.get_by_label(t("dept.pick_record", LANG), exact=True).click()
    page.get_by_role("option").filter(has_text=first.isoformat()).filter(has_text="陈思远").first.click()
    settle(page, t("trust.enterprise_confirmed", LANG))
    _shoot(page, "head-review-confirmed")
    page.get_by_role("button", name=t("dept.verify", LANG), exact=True).click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(database) as conn:
            status = conn.execute("SELECT status FROM activity WHERE id = ?", (activity_id,)).fetchone()[0]
        if status == "verified":
            break
        time.sleep(0.2)
    assert status == "verified"
    sign_out(page)

    # the compliance figure counts the confirmed hours, not the claim
    sign_in(page, url, TEACHER)
    after = progress_hours(page)
    assert after[0] == pytest.approx(before[0] + CONFIRMED_HOURS), (before, after)
    context.close()
    listed = json.loads(_cli(folder, url, "activities", "list", "--teacher", TEACHER, "--format", "json").stdout)
    mine = next(r for r in listed if r["id"] == activity_id)
    assert (mine["trust"], mine["confirmed_hours"], mine["hours"]) == ("enterprise_confirmed", 12.0, 22.0)


def test_tampered_expired_and_revoked_links_get_a_clear_page(server, browser):
    url, folder = server
    database = folder / "tracker.db"
    listed = json.loads(_cli(folder, url, "activities", "list", "--teacher", TEACHER, "--format", "json").stdout)
    imported = next(r for r in listed if r["enterprise"] and r["status"] == "verified" and not r["confirmed_hours"])
    issued = [_cli(folder, url, "confirmation", "link", str(imported["id"]), "--days", "1") for _ in range(2)]
    assert all(r.returncode == 0 for r in issued), [r.stderr for r in issued]
    expired, revoked = (r.stdout.strip() for r in issued)
    with sqlite3.connect(database) as conn:  # the first one's day is over
        conn.execute("UPDATE confirmation_link SET expires_at = '2000-01-01 00:00:00.000000' WHERE id = "
                     "(SELECT min(id) FROM confirmation_link WHERE activity_id = ?)", (imported["id"],))
    done = _cli(folder, url, "confirmation", "revoke", str(imported["id"]))
    assert done.returncode == 0 and done.stdout.startswith("1 "), done
    nonce, expires, signature = revoked.split("confirm=", 1)[1].split(".")
    tampered = f"{url}/?confirm={nonce}.{int(expires) + 86400 * 365}.{signature}"
    cases = [(tampered, "invalid", "zh"), (expired, "expired", "zh"), (revoked, "revoked", "zh"),
             (tampered, "invalid", "en")]
    for link, reason, lang in cases:
        context, page = _context_page(browser)
        page.goto(link + ("&lang=en" if lang == "en" else ""))
        settle(page, t(f"confirm.refused.{reason}", lang))
        assert_no_exception(page, reason)
        text = _main_text(page)
        assert "陈思远" not in text and imported["enterprise"] not in text  # nothing about any record
        assert page.get_by_role("button", name=t("confirm.button", lang), exact=True).count() == 0
        if reason == "invalid":
            _shoot(page, f"enterprise-confirm-refused-{lang}")
        context.close()
