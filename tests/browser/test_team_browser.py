"""The head's Team matrix in Chromium, in Chinese and in English (issue 11 item 7).

On a fresh demo database the head opens Team: the table lists the department worst first, as the service
orders it, with the status and the reason as text (not only on hover); the matrix chart has no toolbar over
the norms' headings; a click on a line of the table, and a click on a cell of the chart, each open that
teacher on the Teacher page, and going back to Team stays on Team. Screenshots go to
``docs/screenshots/head-team-<lang>.png`` and ``head-team.png`` (the README's, in Chinese).

Runs with the other browser tests (``TRACKER_TEST_BROWSER=1``); its server listens on a port of 8680-8689.
"""

from __future__ import annotations

import json
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

PORTS = range(8680, 8690)
HEAD = "head@demo.example"
ROW_PX = 66  # tracker/ui/pages/team.py: a line of the reasons table
HEADER_PX = 35

# What the page should show, from the service and the table builder themselves, run against the same
# database in a process of its own (the settings read the database address once).
_EXPECTED = r"""
import json, sys
from datetime import date
from sqlmodel import select
from tracker.auth import Actor
from tracker.db import session_scope
from tracker.models import Person
from tracker.services.team import team_overview
from tracker.ui.charts.team import reasons_table

with session_scope() as session:
    head = Actor.of(session.exec(select(Person).where(Person.email == sys.argv[1])).one())
matrix = team_overview(head, as_of=date.today()).matrix
table = reasons_table(matrix, lang=sys.argv[2]).data
print(json.dumps({"rows": table.values.tolist(), "names": list(matrix["name"])}, ensure_ascii=False))
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


def _env(database: Path) -> dict:
    return {
        **os.environ,
        "TRACKER_DATABASE_URL": f"sqlite:///{database}",
        "TRACKER_DATA_DIR": str(database.parent),
    }


@pytest.fixture(scope="module")
def team_database(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("team")
    database = folder / "tracker.db"
    subprocess.run([sys.executable, "-m", "tracker", "init", "--demo"], cwd=PROJECT_DIR, env=_env(database),
                   check=True, capture_output=True, timeout=300)
    return database


@pytest.fixture(scope="module")
def team_url(team_database) -> Iterator[str]:
    port = _port()
    log = (team_database.parent / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=PROJECT_DIR, env=_env(team_database), stdout=log, stderr=subprocess.STDOUT,
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
            log_text = (team_database.parent / "streamlit.log").read_text()
            pytest.fail("streamlit did not start: " + log_text[-3000:])
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


def _expected(database: Path, lang: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _EXPECTED, HEAD, lang], cwd=PROJECT_DIR, env=_env(database),
                         check=True, capture_output=True, text=True, timeout=120)
    return json.loads(out.stdout)


def _open_team(page, lang: str) -> None:
    title = t("page.team", lang)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()
    page.locator("h1").filter(has_text=title).first.wait_for()
    settle(page, t("team_matrix.list", lang))
    assert_no_exception(page, f"team ({lang})")


def _sign_in_as_head(chromium, url: str, database: Path, lang: str):
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE person SET language = ? WHERE email = ?", (lang, HEAD))
    context = chromium.new_context(viewport=VIEWPORT, locale="zh-CN" if lang == "zh" else "en-GB")
    page = context.new_page()
    page.set_default_timeout(120_000)  # generous: the machine is shared, the Team page evaluates a department
    page.goto(url)
    settle(page, t("sign_in.email", "zh"))  # the sign-in page opens in the default language
    page.get_by_role("textbox", name=t("sign_in.email", "zh")).fill(HEAD)
    page.get_by_role("textbox", name=t("sign_in.password", "zh")).fill(PASSWORD)
    page.get_by_role("button", name=t("sign_in.submit", "zh"), exact=True).click()
    page.locator('[data-testid="stSidebarNav"]').wait_for()
    settle(page)
    _open_team(page, lang)
    return context, page


def _table_lines(grid) -> list[str]:
    """The lines the grid has drawn, as its accessible table reads them (the canvas holds the pixels)."""
    rows = grid.locator("table tr").all()[1:]  # after the header
    return [row.inner_text().replace("\n", "").replace("\t", "") for row in rows]


def _on_teacher_page(page, lang: str, name: str) -> None:
    page.locator("h1").filter(has_text=t("page.teacher", lang)).first.wait_for()
    settle(page)
    assert_no_exception(page, f"teacher ({lang})")
    assert name in page.locator('[data-testid="stMain"] h3').first.inner_text()  # "name · department"


def _click(page, x: float, y: float, lang: str) -> None:
    """Point at a spot, then click it (the grid and the chart take a click only after the pointer has been
    over them); a click that does not open the Teacher page is tried again."""
    teacher = page.locator("h1").filter(has_text=t("page.teacher", lang)).first
    for _ in range(3):
        page.mouse.move(x, y)
        page.wait_for_timeout(300)
        page.mouse.click(x, y, delay=80)
        try:
            teacher.wait_for(timeout=30_000)
            return
        except Exception:  # playwright's TimeoutError: try once more
            continue
    pytest.fail("the click did not open the Teacher page")


def _click_chart_cell(page, chart, lang: str) -> None:
    """Click the chart's last cell (the best teacher's), on its invisible marker, once the figure has stopped
    moving (Streamlit sizes it after the first paint)."""
    point = chart.locator(".scatterlayer path.point").last
    point.wait_for(state="attached")
    spot, previous = point.bounding_box(), None
    while spot != previous:
        page.wait_for_timeout(500)
        previous, spot = spot, point.bounding_box()
    _click(page, spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2, lang)


def _shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), timeout=180_000)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_team_matrix_worst_first_reasons_shown_a_click_opens_the_teacher(
    chromium, team_url, team_database, lang
):
    expected = _expected(team_database, lang)
    context, page = _sign_in_as_head(chromium, team_url, team_database, lang)
    try:
        main = page.locator('[data-testid="stMain"]')
        assert t("team_matrix.list_help", lang) in main.inner_text()
        grid = main.locator('[data-testid="stDataFrame"]').first
        # worst first, as the service orders the department; status and reason written out on each line
        lines, shown = [], None
        for _ in range(30):  # the grid fills its accessible table a moment after it paints
            lines = _table_lines(grid)
            shown = ["".join(str(cell) for cell in row) for row in expected["rows"][: len(lines)]]
            if len(lines) >= 5 and lines == shown:
                break
            page.wait_for_timeout(500)
        assert len(lines) >= 5 and lines == shown
        worst = expected["rows"][0]
        assert worst[0] == t("compliance.not_met", lang) and worst[4], worst  # the demo has someone not met
        assert all(row[4] for row in expected["rows"] if row[0] != t("compliance.met", lang))

        chart = main.locator('[data-testid="stPlotlyChart"]').first
        chart.locator(".heatmaplayer").wait_for()
        assert chart.locator(".modebar-btn").count() == 0  # no toolbar over the norms' headings
        _shoot(page, f"head-team-{lang}.png")
        if lang == "zh":
            _shoot(page, "head-team.png")  # the README's picture

        # a click on a cell of the third line opens that line's teacher
        box = grid.bounding_box()
        _click(page, box["x"] + 140, box["y"] + HEADER_PX + 2 * ROW_PX + ROW_PX / 2, lang)
        _on_teacher_page(page, lang, expected["names"][2])

        # back on Team the old click opens nothing; a click on the chart's last cell opens its teacher
        _open_team(page, lang)
        page.wait_for_timeout(1500)
        settle(page)
        assert page.locator("h1").filter(has_text=t("page.team", lang)).count() == 1
        _click_chart_cell(page, main.locator('[data-testid="stPlotlyChart"]').first, lang)
        _on_teacher_page(page, lang, expected["names"][-1])
    finally:
        context.close()
