"""Admin rough edges (issue 11 item 8), in a real browser, in Chinese and in English: merging enterprises asks
first, does not offer the kept one among its duplicates and survives a second click on Merge; deactivating a
norm pack asks first and the last active pack is refused; the audit log names the merge, shows it field by
field and in the institution's time zone (Asia/Shanghai).

Each language gets a fresh ``tracker init --demo`` database and its own server on a port in 8700-8709.
Screenshots go to docs/screenshots/admin-{merge-confirm,pack-deactivate,audit-log}-<lang>.png."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.browser import test_e2e as e2e
from tests.browser.test_e2e import CHROMIUM, PROJECT_DIR, SCREENSHOTS, assert_no_exception, settle
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser
browser = e2e.browser
page = e2e.page

PORTS = range(8700, 8710)  # this test's share of the machine
KEEP = "示例跨境电商产业园 (Demo)"  # demo enterprises, as the demo names them
DUPLICATE = "示例跨境电商科技有限公司 (Demo)"
ZONE = "Asia/Shanghai"  # the default institution time zone


def _port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail("no free port in 8700-8709")


@pytest.fixture(params=["zh", "en"])
def served(request, tmp_path):
    """(language, url, database): a fresh demo database served by ``streamlit run`` for one language."""
    database = tmp_path / "tracker.db"
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{database}", "TRACKER_TIMEZONE": ZONE}
    subprocess.run([sys.executable, "-m", "tracker", "init", "--demo"], cwd=PROJECT_DIR, env=env, check=True,
                   capture_output=True, timeout=300)
    port = _port()
    e2e.SERVER_LOG = tmp_path / "streamlit.log"
    log = e2e.SERVER_LOG.open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("streamlit did not start: " + e2e.SERVER_LOG.read_text()[-3000:])
        time.sleep(0.3)
    yield request.param, url, database
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


def _shoot(page, what: str, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"admin-{what}-{lang}.png"))


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _open(page, slug: str, lang: str) -> None:
    title = t(f"page.{slug}", lang)
    links = page.locator('[data-testid="stSidebarNav"] a').all()
    links[e2e.menu(page).index(title)].click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)
    assert_no_exception(page, f"{slug} ({lang})")


def _pick(page, label: str, option_text: str) -> None:
    """Choose the option holding ``option_text`` in the select box (or multiselect) labelled ``label``."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option").filter(has_text=option_text).first.click()
    page.keyboard.press("Escape")
    settle(page)


def _options(page, label: str) -> list[str]:
    """The options a select box (or multiselect) offers, read from its open list."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option").first.wait_for()
    texts = [o.inner_text() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    settle(page)
    return texts


def _cells(grid) -> list[str]:
    """A data frame's header and cells, row by row (the grid's accessible copy of what it paints)."""
    return [c.text_content() for c in grid.locator('[role="columnheader"], [role="gridcell"]').all()]


def _rows(database: Path, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, args).fetchall()


def _enterprises(database: Path) -> set[str]:
    return {name for (name,) in _rows(database, "SELECT name FROM enterprise")}


def _active_packs(database: Path) -> list[str]:
    return [d for (d,) in _rows(database, "SELECT effective_from FROM norm_pack WHERE active ORDER BY 1")]


def _merge(page, database: Path, lang: str) -> None:
    _open(page, "enterprises", lang)
    page.get_by_role("tab", name=t("admin.enterprises.merge", lang)).click()
    keep_label, duplicates_label = t("admin.enterprises.keep", lang), t("admin.enterprises.duplicates", lang)
    _pick(page, keep_label, KEEP)
    offered = _options(page, duplicates_label)
    assert any(DUPLICATE in o for o in offered), offered
    assert not any(KEEP in o for o in offered), f"the kept one is offered as its own duplicate: {offered}"
    _pick(page, duplicates_label, DUPLICATE)

    merge = page.get_by_role("button", name=t("admin.enterprises.merge", lang), exact=True)
    # the button is enabled by the rerun the choice starts; on a loaded machine that rerun can lose the choice
    # (seen once in CI: the button stayed disabled), so choose again until it is enabled
    for _ in range(5):
        deadline = time.monotonic() + 10
        while not merge.is_enabled() and time.monotonic() < deadline:
            page.wait_for_timeout(200)
        if merge.is_enabled():
            break
        _pick(page, duplicates_label, DUPLICATE)
    merge.click()
    confirm = page.get_by_role("button", name=t("admin.enterprises.merge_confirm", lang), exact=True)
    confirm.wait_for()
    settle(page)
    question = page.locator('[data-testid="stAlert"]').filter(has_text=KEEP).first.inner_text()
    assert DUPLICATE in question and page.get_by_role("button", name=t("common.cancel", lang)).count() == 1
    assert {KEEP, DUPLICATE} <= _enterprises(database), "merged before the admin confirmed"
    _shoot(page, "merge-confirm", lang)

    confirm.click()
    settle(page, t("admin.enterprises.merged", lang, n=1, moved=0, name="")[:6])
    assert_no_exception(page, f"merge ({lang})")
    assert DUPLICATE not in _enterprises(database) and KEEP in _enterprises(database)
    assert t("admin.enterprises.merged", lang, n=1, moved=85, name=KEEP) in _main(page)

    # Merge again, with nothing chosen: the button is off, and even a forced click crashes nothing
    merge = page.get_by_role("button", name=t("admin.enterprises.merge", lang), exact=True)
    assert merge.is_disabled()
    merge.click(force=True)
    settle(page)
    assert_no_exception(page, f"merge clicked again ({lang})")
    assert not any(DUPLICATE in o for o in _options(page, keep_label)), "the merged duplicate is still listed"


def _deactivate(page, database: Path, lang: str, version: str, outcome: str) -> None:
    """Choose the pack version, click Deactivate, check it is only asked, then confirm and wait for
    ``outcome``."""
    choose = t("admin.packs.choose", lang)
    _pick(page, choose, f"cn-national-baseline · {version}")
    before = _active_packs(database)
    page.get_by_role("button", name=t("admin.packs.deactivate", lang), exact=True).click()
    confirm = page.get_by_role("button", name=t("admin.packs.deactivate_confirm", lang), exact=True)
    confirm.wait_for()
    settle(page)
    question = t("admin.packs.deactivate_question", lang, name="cn-national-baseline")
    assert question in _main(page)
    assert _active_packs(database) == before, "deactivated before the admin confirmed"
    confirm.click()
    settle(page, outcome)
    assert_no_exception(page, f"deactivate pack {version} ({lang})")


def _packs(page, database: Path, lang: str) -> None:
    _open(page, "norm_packs", lang)
    # the demo loads two versions of the national baseline, both active
    assert _active_packs(database) == ["2016-05-11", "2026-12-01"]
    deactivated = t("admin.packs.deactivated", lang, name="cn-national-baseline")
    _deactivate(page, database, lang, "2026-12-01", deactivated)
    assert deactivated in _main(page)
    assert _active_packs(database) == ["2016-05-11"]

    refusal = t("problem.last_active_pack", lang)
    _deactivate(page, database, lang, "2016-05-11", refusal[:12])  # the last active pack: refused
    assert refusal in _main(page)
    assert deactivated not in _main(page)
    assert _active_packs(database) == ["2016-05-11"], "the last active pack was deactivated"
    _shoot(page, "pack-deactivate", lang)


def _audit(page, database: Path, lang: str) -> None:
    _open(page, "audit_log", lang)
    assert t("admin.audit.zone", lang, zone=ZONE) in _main(page)
    _pick(page, t("admin.audit.action", lang), t("admin.audit.action_merge", lang))
    ((at,),) = _rows(database, "SELECT at FROM audit_event WHERE action = 'merge'")
    moment = datetime.fromisoformat(at)
    local = _local(moment)
    # the entry offered for details: local time, action, record type and the kept one's name (not "企业 12")
    merge, enterprise = t("admin.audit.action_merge", lang), t("admin.audit.entity_enterprise", lang)
    want = " · ".join([local, merge, enterprise, KEEP])
    offered = _options(page, t("admin.audit.details", lang))
    assert offered == [want], (want, offered)
    entries, change = [_cells(g) for g in page.locator('[data-testid="stDataFrame"]').all()]
    assert KEEP in entries and f"{local}:" in " ".join(entries), entries  # named, in local time
    # field by field: the duplicate folded in, by name, and how many records moved; no raw JSON
    rows = dict(zip(change[3::3], zip(change[4::3], change[5::3], strict=True), strict=True))
    assert rows[t("field.duplicates", lang)] == (DUPLICATE, ""), rows
    assert rows[t("field.moved", lang)] == ("", "85"), rows
    assert not any("{" in cell for cell in entries + change), (entries, change)
    _shoot(page, "audit-log", lang)


def _local(moment: datetime) -> str:
    """The stored UTC moment as the institution reads it (what the page should show), to the minute."""
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M")


def test_admin_rough_edges_are_smoothed(page, served):
    lang, url, database = served
    page.set_default_timeout(120_000)  # the machine is shared
    e2e.sign_in(page, url, "admin@demo.example")
    if lang == "en":
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="English").click()
        settle(page, t("sidebar.sign_out", "en"))
    _merge(page, database, lang)
    _packs(page, database, lang)
    _audit(page, database, lang)
