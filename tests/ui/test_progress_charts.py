"""The progress figures are pure: hand-made overviews in, figures with the right bars and window out."""

from __future__ import annotations

from datetime import date

from tracker.services.progress import NormCard, TeacherOverview
from tracker.ui.charts.progress import (
    IN_WINDOW,
    OUTSIDE_WINDOW,
    months_between,
    norm_progress,
    practice_timeline,
)


def overview(monthly, *, as_of=date(2025, 6, 30), window_start=date(2020, 7, 1)):
    return TeacherOverview(1, "唐老师", "t@example.edu", "跨境电商", as_of, window_start, 5, monthly=monthly)


def test_months_between_crosses_year_ends():
    assert months_between(date(2024, 11, 20), date(2025, 2, 1)) == [
        date(2024, 11, 1),
        date(2024, 12, 1),
        date(2025, 1, 1),
        date(2025, 2, 1),
    ]


def test_timeline_shows_every_month_and_shades_the_window():
    fig = practice_timeline(overview([(date(2019, 5, 1), 8.0), (date(2024, 3, 1), 40.0)]), lang="en")
    bar = fig.data[0]
    assert bar.x[0] == "2019-05-01" and bar.x[-1] == "2025-06-01"
    assert len(bar.x) == 12 * 6 + 2  # May 2019 .. June 2025, empty months as 0
    assert dict(zip(bar.x, bar.y, strict=True))["2024-03-01"] == 40
    assert sum(bar.y) == 48
    colours = dict(zip(bar.x, bar.marker.color, strict=True))
    assert colours["2019-05-01"] == OUTSIDE_WINDOW and colours["2020-07-01"] == IN_WINDOW
    [window] = fig.layout.shapes
    assert (window.x0, window.x1) == ("2020-07-01", "2025-06-30")
    assert fig.layout.annotations[0].text == "5-year window"


def test_timeline_labels_follow_the_language():
    fig = practice_timeline(overview([]), lang="zh")
    assert fig.layout.annotations[0].text == "5 年统计周期"
    assert fig.layout.yaxis.title.text == "小时"


def test_norm_progress_bars_are_shares_coloured_by_status_with_pending_stacked():
    cards = [
        NormCard("five", "Five years", "五年", 1056, 528, "hours", "at_risk", 211.2, 528, None, "pack"),
        NormCard("cert", "Certificate", "证书", 1, 1, "count", "met", 0, 0, date(2026, 1, 1), "pack"),
    ]
    fig = norm_progress(cards, lang="zh")
    done, waiting = fig.data
    assert list(done.y) == ["五年", "证书"]
    assert list(done.x) == [50.0, 100.0]
    assert list(waiting.x) == [20.0, 0.0]  # never beyond 100 %
    assert done.marker.color[0] == "#ef6c00" and done.marker.color[1] == "#2e7d32"
