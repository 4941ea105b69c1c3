"""Figures for a teacher's progress: hours per month with the rolling window marked, and progress per norm.

Pure builders: a ``TeacherOverview`` (or its cards) in, a ``go.Figure`` out; text comes from the catalogue.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from tracker.i18n import current_language, t
from tracker.ui.charts.labels import plot_label
from tracker.ui.widgets import STATUS_COLOURS

IN_WINDOW = "#1565c0"
OUTSIDE_WINDOW = "#b0bec5"
PENDING = "#ffb74d"


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from ``first``'s month to ``last``'s month, both included."""
    months, current, end = [], month_start(first), month_start(last)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def practice_timeline(overview, *, lang: str | None = None) -> go.Figure:
    """Counted practice hours per month, every month shown (empty ones as 0), the rolling window shaded.

    Months inside the window are blue, older months grey: what no longer counts is visible at a glance.
    """
    hours = {month_start(m): h for m, h in overview.monthly}
    first = min([overview.window_start, *hours]) if hours else overview.window_start
    months = [m for m in months_between(first, overview.as_of)]
    values = [round(hours.get(m, 0.0), 2) for m in months]
    window_month = month_start(overview.window_start)
    colours = [IN_WINDOW if m >= window_month else OUTSIDE_WINDOW for m in months]
    unit = t("unit.hours", lang=lang)
    fig = go.Figure(
        go.Bar(
            x=[m.isoformat() for m in months],
            y=values,
            marker_color=colours,
            xperiod="M1",
            xperiodalignment="middle",
            hovertemplate=f"%{{x|%Y-%m}}: %{{y:.1f}} {unit}<extra></extra>",
            name=t("mine.timeline", lang=lang),
        )
    )
    fig.add_vrect(
        x0=overview.window_start.isoformat(),
        x1=overview.as_of.isoformat(),
        fillcolor=IN_WINDOW,
        opacity=0.08,
        line_width=0,
        layer="below",
        annotation_text=t("mine.window", lang=lang, years=overview.window_years),
        annotation_position="top left",
    )
    fig.update_layout(
        height=300,
        margin=dict(l=10, r=10, t=30, b=10),
        showlegend=False,
        xaxis=dict(title=None, type="date"),
        yaxis=dict(title=unit, rangemode="tozero"),
        bargap=0.15,
    )
    return fig


def norm_progress(cards, *, lang: str | None = None) -> go.Figure:
    """One horizontal bar per norm: the share of the requirement achieved (coloured by status), with the
    share still waiting for review stacked after it."""
    labels = [plot_label(c.label_in(lang or current_language())) for c in cards]
    done = [round(100 * c.share, 1) for c in cards]
    waiting = [
        round(max(0.0, min(100.0 - d, 100 * c.pending / c.required if c.required else 0.0)), 1)
        for c, d in zip(cards, done, strict=True)
    ]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=done,
        orientation="h",
        marker_color=[STATUS_COLOURS.get(c.status, OUTSIDE_WINDOW) for c in cards],
        name=t("mine.share", lang=lang),
        customdata=[
            [c.achieved, c.required, t(f"unit.{c.unit}", lang=lang), t(f"compliance.{c.status}", lang=lang)]
            for c in cards
        ],
        hovertemplate="%{y}: %{customdata[0]:g} / %{customdata[1]:g} %{customdata[2]} (%{customdata[3]})"
        "<extra></extra>",
    )
    fig.add_bar(
        y=labels,
        x=waiting,
        orientation="h",
        marker_color=PENDING,
        name=t("mine.pending", lang=lang, value="").rstrip(":： "),
        hovertemplate="%{x:.0f}%<extra></extra>",
    )
    fig.update_layout(
        barmode="stack",
        height=80 + 40 * len(cards),
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(range=[0, 100], ticksuffix="%", title=None),
        yaxis=dict(autorange="reversed", title=None),
        legend=dict(orientation="h", y=-0.25),
    )
    return fig
