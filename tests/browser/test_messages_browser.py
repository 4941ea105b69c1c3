"""Errors in the reader's language, in a real browser (issue 11): the sign-in page's language switch, a
refused duplicate department (a demo department's bilingual name), an import file's problems.

Screenshots go to docs/screenshots/messages-<what>-<lang>.png. Served like test_e2e (a free port the system
picks), against a fresh demo database."""

from __future__ import annotations

import os

import pytest

from tests.browser import test_e2e as e2e
from tests.browser.test_e2e import CHROMIUM, SCREENSHOTS, assert_no_exception, settle
from tracker.i18n import t

if not CHROMIUM.exists() and os.environ.get("TRACKER_TEST_BROWSER") != "1":
    pytest.skip("needs Debian's chromium at /usr/bin/chromium", allow_module_level=True)

pytestmark = pytest.mark.browser
demo_database = e2e.demo_database
app_url = e2e.app_url
browser = e2e.browser
page = e2e.page

DEPARTMENT = "跨境电子商务系 (Cross-border E-commerce)"  # a demo department, as the demo names it
BROKEN_CSV = b"email,name,colour\nli.na@demo.example,Li Na,red\n"  # no hire_date, an unknown column


def _shoot(page, what: str, lang: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"messages-{what}-{lang}.png"))


def _main(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _open(page, slug: str, lang: str) -> None:
    title = t(f"page.{slug}", lang)
    links = page.locator('[data-testid="stSidebarNav"] a').all()
    links[e2e.menu(page).index(title)].click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page)
    assert_no_exception(page, f"{slug} ({lang})")


def test_the_sign_in_page_switches_language(page, app_url):
    page.goto(app_url)
    settle(page, t("sign_in.email", "zh"))
    for label in ("sign_in.email", "sign_in.password"):
        assert page.get_by_role("textbox", name=t(label, "zh")).count() == 1
    _shoot(page, "sign-in", "zh")
    page.get_by_text("English", exact=True).click()
    settle(page, t("sign_in.email", "en"))
    for label in ("sign_in.email", "sign_in.password"):
        assert page.get_by_role("textbox", name=t(label, "en")).count() == 1
    assert page.get_by_role("button", name=t("sign_in.submit", "en"), exact=True).count() == 1
    _shoot(page, "sign-in", "en")


def _add_department(page, name: str, lang: str) -> str:
    _open(page, "departments", lang)
    page.get_by_role("textbox", name=t("field.name", lang)).first.fill(name)
    page.get_by_role("button", name=t("admin.departments.add", lang)).click()
    settle(page, t("common.fix_these", lang))
    return _main(page)


def _import_broken_file(page, lang: str) -> str:
    _open(page, "people", lang)
    page.get_by_role("tab", name=t("admin.import.title", lang)).click()
    settle(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "teachers.csv", "mimeType": "text/csv", "buffer": BROKEN_CSV}]
    )
    settle(page, t("admin.import.has_problems", lang, n=2)[:8])
    return _main(page)


def test_errors_follow_the_readers_language(page, app_url):
    page.set_default_timeout(120_000)  # the machine is shared
    e2e.sign_in(page, app_url, "admin@demo.example")
    for lang in ("zh", "en"):
        if lang == "en":
            page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
            page.get_by_role("option", name="English").click()
            settle(page, t("sidebar.sign_out", "en"))
        taken = _add_department(page, DEPARTMENT, lang)
        assert t("problem.department_taken", lang, name=DEPARTMENT) in taken
        _shoot(page, "duplicate-department", lang)

        problems = _import_broken_file(page, lang)
        missing = t("problem.import_missing_columns", lang, columns="hire_date")
        unknown = t("problem.import_unknown_columns", lang, columns="colour")
        assert missing in problems and unknown in problems, problems
        other = "zh" if lang == "en" else "en"
        assert t("problem.import_missing_columns", other, columns="hire_date") not in problems
        _shoot(page, "import-problems", lang)
