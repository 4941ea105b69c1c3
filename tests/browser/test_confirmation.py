"""Enterprise-confirmed practice in a real browser (issue 13): the whole chain, and refused links.

A teacher plans a placement, the head approves it, the teacher keeps the journal (22 hours) and has the
confirmation link mailed to the mentor (through a local SMTP server this test starts); a fresh browser context
with no sign-in opens the mailed link and confirms only 12 hours; the head sees claimed and confirmed side
by side and verifies; My progress then counts the 12 confirmed hours, not the 22 claimed. Reopening the link
shows it read-only; a tampered, an expired, a revoked and a guessed link each get one clear page that names
nothing.

Screenshots, each in Chinese and English, go to ``docs/screenshots/confirm-<step>-<lang>.png`` for
docs/enterprise-confirmation.md: the teacher's plan, the head's approval, the mentor's page, the read-only
page, a refused link, the head's claimed vs confirmed view.

The app and the SMTP server listen on ports from 8640-8649 (this test's range). Skipped without
/usr/bin/chromium unless TRACKER_TEST_BROWSER=1.
"""

from __future__ import annotations

import email
import json
import os
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

from tests.browser import test_e2e as e2e
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
from tracker.i18n import LANGUAGES, t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser

LANG = "zh"  # the steps are driven in Chinese; each screenshot is also taken in English
TEACHER, HEAD = "teacher@demo.example", "head@demo.example"
TEACHER_NAME = "陈思远"
ENTERPRISE = "示例确认测试企业"
MENTOR_EMAIL = "mentor@enterprise.example"
JOURNAL = (8, 8, 6)  # claimed: 22 hours over three quiet days
CONFIRMED_HOURS = 12
PORTS = range(8640, 8650)


def _ports(n: int) -> list[int]:
    free = []
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        free.append(port)
        if len(free) == n:
            return free
    pytest.skip(f"fewer than {n} free ports in 8640-8649")


def _env(folder: Path, url: str, smtp_port: int) -> dict:
    return {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.db'}",  # the signing key goes beside it
        "TRACKER_BASE_URL": url,
        "TRACKER_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "TRACKER_COLLEGE_NAME": "示例职业技术学院",
        "TRACKER_FEEDS_BACKGROUND": "0",
    }


class _Mailbox:
    """What the local SMTP server received."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, smtp_session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path, _Mailbox, dict]]:
    """A demo database served by ``streamlit run app.py``, mailing through a local SMTP server; yields
    (url, folder, mailbox, env)."""
    from aiosmtpd.controller import Controller

    folder = tmp_path_factory.mktemp("confirm")
    port, smtp_port = _ports(2)
    url = f"http://127.0.0.1:{port}"
    env = _env(folder, url, smtp_port)
    mailbox = _Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    subprocess.run([sys.executable, "-m", "tracker", "init", "--demo"], cwd=PROJECT_DIR, env=env, check=True,
                   capture_output=True, timeout=300)
    e2e.SERVER_LOG = folder / "streamlit.log"
    log = e2e.SERVER_LOG.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
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
            smtp.stop()
            pytest.fail("streamlit did not start: " + e2e.SERVER_LOG.read_text()[-3000:])
        time.sleep(0.3)
    yield url, folder, mailbox, env
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
    smtp.stop()


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
    page.set_default_timeout(60_000)  # the machine is shared
    return context, page


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tracker", *args], cwd=PROJECT_DIR, env=env,
                          capture_output=True, text=True, timeout=120)


def _quiet_period(database: Path, email_address: str, days: int) -> date:
    """The first of ``days`` consecutive recent days this year on which the teacher recorded nothing."""
    with sqlite3.connect(database) as conn:
        busy = {
            date.fromisoformat(start) + timedelta(days=k)
            for start, end in conn.execute(
                "SELECT a.start_date, a.end_date FROM activity a JOIN person p ON p.id = a.person_id "
                "WHERE p.email = ?", (email_address,))
            for k in range((date.fromisoformat(end) - date.fromisoformat(start)).days + 1)
        }
    first = date.today() - timedelta(days=days)
    while any(first + timedelta(days=k) in busy for k in range(days)):
        first -= timedelta(days=1)
    assert first.year == date.today().year or date.today().month == 1, "no quiet period this year"
    return first


def _hours(page) -> list[float]:
    """My progress's hour figures, once its cards are painted (the page draws its to-do list first)."""
    deadline = time.monotonic() + 60
    while not (figures := progress_hours(page)) and time.monotonic() < deadline:
        page.wait_for_timeout(500)
    assert figures, "My progress shows no hour cards"
    return figures


def _main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _shown(page, text: str) -> None:
    """Wait until ``text`` is visible on the page (a data grid's hidden copy of its cells does not count) and
    the script run is over."""
    page.get_by_text(text, exact=False).filter(visible=True).first.wait_for()
    settle(page)


def _shoot(page, step: str, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator('[data-testid="stToast"]').first.wait_for(state="detached", timeout=15_000)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / f"confirm-{step}-{lang}.png"), timeout=120_000)


def _switch_language(page, lang: str) -> None:
    """The sidebar's language switch (remembered for the person's next sign-in)."""
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
    page.get_by_role("option", name=LANGUAGES[lang]).click()
    settle(page, t("sidebar.sign_out", lang))


def _picker_says(page, key: str, lang: str) -> None:
    """The plan picker's chosen line ends with the catalogue text ``key`` (a plan status) in ``lang``. (While
    a run rewords it, Streamlit can show the old picker greyed beside the new one: wait for the run's end.)"""
    from playwright.sync_api import expect

    label, status = t("plans.pick", lang), t(key, lang)
    page.locator(f'input[aria-label="{label}"][value$="{status}"]').first.wait_for(timeout=60_000)
    settle(page)
    pickers = page.get_by_label(label, exact=True)
    expect(pickers).to_have_count(1, timeout=60_000)
    assert pickers.input_value().endswith(status), pickers.input_value()


def _shoot_both(page, step: str, expected: str, picker: str | None = None) -> None:
    """Screenshot in Chinese, then in English, then back to Chinese. ``expected``: a catalogue key the page
    must show in each language; ``picker``: a key the plan picker's chosen line must show in each language."""
    for lang in ("zh", "en"):
        if lang == "en":
            _switch_language(page, "en")
        _shown(page, t(expected, lang))
        assert_no_exception(page, f"{step} ({lang})")
        if picker is not None:  # reworded with the page (a keyed selectbox keeps its first wording otherwise)
            _picker_says(page, picker, lang)
        _shoot(page, step, lang)
    _switch_language(page, "zh")
    _shown(page, t(expected, "zh"))


def _mailed_link(mailbox: _Mailbox, base: str) -> tuple[str, str]:
    """The Chinese and English links of the one confirmation mail (to the mentor; it names teacher and
    enterprise)."""
    deadline = time.monotonic() + 30
    while not mailbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [m.rcpt_tos for m in mailbox.messages] == [[MENTOR_EMAIL]]
    message = email.message_from_bytes(mailbox.messages[0].content)
    body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
    assert TEACHER_NAME in body and ENTERPRISE in body
    links = [line.strip() for line in body.splitlines() if line.strip().startswith(f"{base}/?confirm=")]
    assert len(links) == 2 and links[1] == f"{links[0]}&lang=en", links
    return links[0], links[1]


def test_plan_approve_journal_mail_confirm_verify_counts_confirmed_hours(server, browser):
    url, folder, mailbox, env = server
    database = folder / "tracker.db"
    first = _quiet_period(database, TEACHER, len(JOURNAL))
    last = first + timedelta(days=len(JOURNAL) - 1)
    context, page = _context_page(browser)

    # the teacher: where she stands, then the application
    sign_in(page, url, TEACHER)
    before = _hours(page)
    open_page(page, "placements")
    page.get_by_text(t("plans.new", LANG)).first.click()
    page.get_by_label(t("mine.enterprise_new", LANG), exact=True).fill(ENTERPRISE)
    page.get_by_label(t("field.post", LANG), exact=True).fill("跨境店铺运营助理")
    page.get_by_label(t("field.tasks", LANG), exact=True).fill("店铺日常运营、选品分析、直播脚本")
    set_date(page, t("field.start_date", LANG), first)
    set_date(page, t("field.end_date", LANG), last)
    page.get_by_label(t("field.mentor_name", LANG), exact=True).fill("王经理")
    page.get_by_label(t("field.mentor_title", LANG), exact=True).fill("运营总监")
    page.get_by_label(t("field.mentor_email", LANG), exact=True).fill(MENTOR_EMAIL)
    page.get_by_role("button", name=t("plans.propose", LANG)).click()
    settle(page, t("plans.waiting", LANG))
    assert_no_exception(page, "propose plan")
    assert ENTERPRISE in _main_text(page)
    sign_out(page)

    # the head approves it
    sign_in(page, url, HEAD)
    open_page(page, "team_plans")
    settle(page, ENTERPRISE)
    assert t("plan_status.proposed", LANG) in _main_text(page)
    _shoot_both(page, "head-approval", "team_plans.approve", picker="plan_status.proposed")
    page.get_by_label(t("field.review_note", LANG), exact=True).fill("同意，请按周填写周志")
    page.get_by_role("button", name=t("team_plans.approve", LANG)).click()
    _picker_says(page, "plan_status.approved", LANG)  # the picker says what the plan is now
    settle(page)
    assert_no_exception(page, "approve plan")
    assert t("plans.issue_link", LANG) in _main_text(page)  # the head may ask the enterprise too
    sign_out(page)

    # the teacher keeps the journal, has the link mailed to the mentor and closes the plan with her summary
    sign_in(page, url, TEACHER)
    open_page(page, "placements")
    settle(page, t("plan_status.approved", LANG))
    for k, hours in enumerate(JOURNAL):
        set_date(page, t("field.day", LANG), first + timedelta(days=k))
        page.get_by_label(t("field.hours", LANG), exact=True).fill(str(hours))
        page.get_by_label(t("field.content", LANG), exact=True).fill(f"第{k + 1}天：店铺运营与选品")
        page.get_by_role("button", name=t("plans.add_entry", LANG)).last.click()
        settle(page, f"{k + 1} / ")
        assert_no_exception(page, f"journal {k}")
    page.get_by_text(t("plans.link_email", LANG), exact=True).click()
    page.get_by_role("button", name=t("plans.issue_link", LANG)).click()
    settle(page, t("plans.link_sent", LANG, email=MENTOR_EMAIL))
    assert_no_exception(page, "issue link")
    shown = page.locator('[data-testid="stCode"]').inner_text().strip()
    link, link_en = _mailed_link(mailbox, url)
    assert shown == link
    text = _main_text(page)
    assert str(sum(JOURNAL)) in text  # the claim follows the journal
    assert t("plans.open_links", LANG, n=1) in text  # and the plan counts the link just issued
    assert page.get_by_role("button", name=t("plans.revoke", LANG)).count() == 1
    _shoot_both(page, "teacher-plan", "plans.link_heading", picker="plan_status.approved")
    page.get_by_label(t("field.summary", LANG), exact=True).fill("熟悉了跨境店铺运营全流程。")
    page.get_by_role("button", name=t("plans.close", LANG)).click()
    settle(page, t("plan_status.closed", LANG))
    assert_no_exception(page, "close plan")
    sign_out(page)
    context.close()

    # the mentor: a fresh context, no sign-in; the Chinese page, then the English one, where she confirms
    mentor_zh, zh = _context_page(browser)
    zh.goto(link)
    zh.get_by_label(t("field.confirmed_hours", "zh"), exact=True).wait_for()
    settle(zh, t("confirm.title", "zh"))
    assert_no_exception(zh, "mentor page (zh)")
    text = _main_text(zh)
    assert ENTERPRISE in text and TEACHER_NAME in text and str(sum(JOURNAL)) in text
    assert t("field.confirmed_hours", "zh") in text and TEACHER not in text  # a name, never the email
    assert zh.locator('[data-testid="stSidebarNav"]').count() == 0  # no menu, no account
    _shoot(zh, "mentor", "zh")
    mentor_zh.close()
    mentor, en = _context_page(browser, locale="en-US")
    en.goto(link_en)
    en.get_by_label(t("field.confirmed_hours", "en"), exact=True).wait_for()
    settle(en, t("confirm.title", "en"))
    for key in ("field.confirmed_days", "field.confirmed_hours", "field.rating", "field.comment",
                "field.confirmed_by"):
        assert en.get_by_label(t(key, "en"), exact=True).count() == 1, key
    en.get_by_label(t("field.confirmed_days", "en"), exact=True).fill("2")
    en.get_by_label(t("field.confirmed_hours", "en"), exact=True).fill(str(CONFIRMED_HOURS))
    en.get_by_label(t("field.rating", "en"), exact=True).click()
    en.get_by_role("option", name=t("rating.good", "en")).click()
    en.get_by_label(t("field.comment", "en"), exact=True).fill("Reliable; two half days were spent off site.")
    en.get_by_label(t("field.comment", "en"), exact=True).blur()
    _shoot(en, "mentor", "en")
    en.get_by_role("button", name=t("confirm.button", "en"), exact=True).click()
    settle(en, t("confirm.done", "en"))
    assert_no_exception(en, "confirm")
    assert en.get_by_role("button", name=t("confirm.button", "en"), exact=True).count() == 0
    mentor.close()
    with sqlite3.connect(database) as conn:
        activity_id, status, claimed, confirmed, by = conn.execute(
            "SELECT a.id, a.status, a.hours, c.confirmed_hours, c.confirmed_by FROM activity a "
            "JOIN practice_confirmation c ON c.activity_id = a.id"
        ).fetchone()
    assert (status, claimed, confirmed, by) == ("submitted", sum(JOURNAL), CONFIRMED_HOURS, "王经理")

    # reopening the link, in either language: read-only, nothing to submit
    for lang, address in (("zh", link), ("en", link_en)):
        again, reopened = _context_page(browser)
        reopened.goto(address)
        settle(reopened, t("confirm.read_only", lang, date=date.today().isoformat())[:6])
        _shown(reopened, t("rating.good", lang))  # the confirmation's table
        assert_no_exception(reopened, f"read-only ({lang})")
        assert reopened.get_by_role("button", name=t("confirm.button", lang), exact=True).count() == 0
        assert reopened.get_by_label(t("field.confirmed_hours", lang), exact=True).count() == 0
        assert str(CONFIRMED_HOURS) in _main_text(reopened) and t("rating.good", lang) in _main_text(reopened)
        _shoot(reopened, "read-only", lang)
        again.close()

    # the head sees claimed and confirmed side by side and verifies
    context, page = _context_page(browser)
    sign_in(page, url, HEAD)
    open_page(page, "review")
    for lang in ("zh", "en"):
        if lang == "zh":
            page.get_by_label(t("dept.pick_record", lang), exact=True).click()
            page.get_by_role("option").filter(has_text=first.isoformat()).filter(
                has_text=TEACHER_NAME).first.click()
        else:  # not picked again: after the switch the picker, reworded, and the detail still name this record
            _switch_language(page, "en")
            picked = page.get_by_label(t("dept.pick_record", lang), exact=True).input_value()
            assert first.isoformat() in picked and TEACHER_NAME in picked, picked
        _shown(page, t("trust.enterprise_confirmed", lang))
        detail = _main_text(page).split(t("dept.one_record", lang), 1)[1]
        assert ENTERPRISE in detail and t("kind.post_practice", lang) in detail, detail
        claimed_at = detail.index(t("plans.claimed", lang))
        confirmed_at = detail.index(t("field.confirmed_hours", lang))
        assert detail[claimed_at:confirmed_at].split()[-1] == str(sum(JOURNAL)), detail
        confirmed = detail[confirmed_at:].split("\n")[1:3]
        assert confirmed == [str(CONFIRMED_HOURS), t("trust.enterprise_confirmed", lang)], detail
        assert_no_exception(page, f"review ({lang})")
        _shoot(page, "head-review", lang)
    page.get_by_role("button", name=t("dept.verify", "en"), exact=True).click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with sqlite3.connect(database) as conn:
            status = conn.execute("SELECT status FROM activity WHERE id = ?", (activity_id,)).fetchone()[0]
        if status == "verified":
            break
        time.sleep(0.2)
    assert status == "verified"
    settle(page)
    assert_no_exception(page, "verify")
    _switch_language(page, "zh")
    sign_out(page)

    # the compliance figure counts the confirmed hours, not the claim
    sign_in(page, url, TEACHER)
    after = _hours(page)
    assert after[0] == pytest.approx(before[0] + CONFIRMED_HOURS), (before, after)
    context.close()
    listed = json.loads(_cli(env, "activities", "list", "--teacher", TEACHER, "--format", "json").stdout)
    mine = next(r for r in listed if r["id"] == activity_id)
    assert (mine["trust"], mine["confirmed_hours"], mine["hours"]) == ("enterprise_confirmed", 12.0, 22.0)


def test_tampered_expired_revoked_and_guessed_links_get_a_clear_page_naming_nothing(server, browser):
    url, folder, _mailbox, env = server
    database = folder / "tracker.db"
    listed = json.loads(_cli(env, "activities", "list", "--teacher", TEACHER, "--format", "json").stdout)
    imported = next(r for r in listed
                    if r["enterprise"] and r["status"] == "verified" and not r["confirmed_hours"])
    issued = [_cli(env, "confirmation", "link", str(imported["id"]), "--days", "1") for _ in range(2)]
    assert all(r.returncode == 0 for r in issued), [r.stderr for r in issued]
    expired, revoked = (r.stdout.strip() for r in issued)
    with sqlite3.connect(database) as conn:  # the first one's day is over
        conn.execute("UPDATE confirmation_link SET expires_at = '2000-01-01 00:00:00.000000' WHERE id = "
                     "(SELECT min(id) FROM confirmation_link WHERE activity_id = ?)", (imported["id"],))
    done = _cli(env, "confirmation", "revoke", str(imported["id"]))
    assert done.returncode == 0 and done.stdout.startswith("1 "), done
    nonce, expires, signature = revoked.split("confirm=", 1)[1].split(".")
    tampered = f"{url}/?confirm={nonce}.{int(expires) + 86400 * 365}.{signature}"  # a year on, old signature
    guessed = f"{url}/?confirm={imported['id']}"  # a record's number is no key
    cases = [(tampered, "invalid"), (expired, "expired"), (revoked, "revoked"), (guessed, "invalid")]
    for lang in ("zh", "en"):
        for link, reason in cases:
            context, page = _context_page(browser)
            page.goto(link + ("&lang=en" if lang == "en" else ""))
            settle(page, t(f"confirm.refused.{reason}", lang))
            assert_no_exception(page, f"{reason} ({lang})")
            text = _main_text(page)
            assert t("confirm.refused_title", lang) in text
            assert TEACHER_NAME not in text and imported["enterprise"] not in text  # nothing about any record
            assert page.get_by_role("button", name=t("confirm.button", lang), exact=True).count() == 0
            assert page.locator('[data-testid="stSidebarNav"]').count() == 0
            if link == tampered:
                _shoot(page, "refused", lang)
            context.close()
    with sqlite3.connect(database) as conn:  # every refusal is audited, with its reason
        reasons = [json.loads(after)["reason"] for (after,) in conn.execute(
            "SELECT after FROM audit_event WHERE entity = 'confirmation_link' AND action = 'refuse'")]
    assert sorted(set(reasons)) == ["expired", "invalid", "revoked"] and len(reasons) >= len(cases) * 2
