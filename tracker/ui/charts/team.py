"""Plotly figures for the Team page: data in, figure out (no Streamlit, no database)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from tracker.i18n import t
from tracker.norms.packs import ComplianceStatus, label_in
from tracker.ui.charts.labels import plot_label
from tracker.ui.widgets import STATUS_COLOURS

STATUS_ORDER = [s.value for s in ComplianceStatus]
_ROW_PX = 22  # height of one teacher's row in the matrix


def norm_label(row, lang: str | None) -> str:
    """A norm's label in ``lang`` as stored (plain text: escape it with ``plot_label`` for a figure)."""
    from tracker.i18n import current_language

    return label_in(lang or current_language(), row.label, row.label_zh) or row.norm


def status_matrix(matrix: pd.DataFrame, *, lang: str | None = None) -> go.Figure:
    """A teacher x norm heatmap coloured by status (met green … not met red), figures in the hover text.

    ``matrix`` has the columns of ``tracker.services.team.MATRIX_COLUMNS``.
    """
    fig = go.Figure()
    if matrix.empty:
        return _empty(fig, t("dept.matrix_empty", lang=lang))
    # every typed text (names, emails, norm labels) is escaped once here; the figure adds only its own <br>
    frame = matrix.assign(
        column=[plot_label(norm_label(r, lang)) for r in matrix.itertuples()],
        row=[plot_label(f"{n} · {str(e).split('@')[0]}") for n, e in zip(matrix["name"], matrix["teacher"],
                                                                           strict=True)],
        code=matrix["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}),
    )
    frame["hover"] = [
        f"{plot_label(r.name)}<br>{r.column}<br>{t('compliance.' + r.status, lang=lang)}: "
        f"{r.achieved:g} / {r.required:g} {t('unit.' + r.unit, lang=lang)}"
        + (f"<br>{t('dept.pending', lang=lang)}: {r.pending_hours:g}" if r.pending_hours else "")
        for r in frame.itertuples()
    ]
    rows = list(dict.fromkeys(frame["row"]))
    columns = list(dict.fromkeys(frame["column"]))
    code = frame.pivot_table(index="row", columns="column", values="code", aggfunc="max").reindex(
        index=rows, columns=columns
    )
    hover = frame.pivot_table(index="row", columns="column", values="hover", aggfunc="first").reindex(
        index=rows, columns=columns
    )
    text = code.map(lambda c: "" if pd.isna(c) else t(f"compliance.{STATUS_ORDER[int(c)]}", lang=lang))
    n = len(STATUS_ORDER)
    # a stepped colour scale: each status code gets one flat band of its colour
    scale = []
    for i, status in enumerate(STATUS_ORDER):
        scale += [[i / n, STATUS_COLOURS[status]], [(i + 1) / n, STATUS_COLOURS[status]]]
    fig.add_trace(
        go.Heatmap(
            z=code.to_numpy(dtype=float),
            x=columns,
            y=rows,
            zmin=-0.5,
            zmax=n - 0.5,
            colorscale=scale,
            text=text.to_numpy(),
            texttemplate="%{text}",
            customdata=hover.to_numpy(),
            hovertemplate="%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
            colorbar={
                "tickvals": list(range(n)),
                "ticktext": [t(f"compliance.{s}", lang=lang) for s in STATUS_ORDER],
                "title": "",
            },
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    fig.update_layout(height=max(260, 120 + _ROW_PX * len(rows)), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def department_matrix(summary: pd.DataFrame, *, lang: str | None = None) -> go.Figure:
    """A department x norm heatmap of the share of teachers meeting each norm (red 0 % … green 100 %).

    ``summary`` has the columns of ``tracker.services.team.department_summary``.
    """
    fig = go.Figure()
    if summary.empty:
        return _empty(fig, t("dept.matrix_empty", lang=lang))
    frame = summary.assign(
        column=[plot_label(norm_label(r, lang)) for r in summary.itertuples()],
        department=[plot_label(d) for d in summary["department"]],
    )
    rows = sorted(set(frame["department"]))
    columns = list(dict.fromkeys(frame["column"]))
    share = frame.pivot_table(
        index="department", columns="column", values="share_met", aggfunc="first"
    ).reindex(index=rows, columns=columns)
    counts = frame.assign(text=[f"{m} / {n}" for m, n in zip(frame["met"], frame["teachers"], strict=True)])
    detail = counts.pivot_table(index="department", columns="column", values="text", aggfunc="first").reindex(
        index=rows, columns=columns
    )
    fig.add_trace(
        go.Heatmap(
            z=share.to_numpy(dtype=float),
            x=columns,
            y=rows,
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorscale=[
                [0, STATUS_COLOURS["not_met"]],
                [0.5, STATUS_COLOURS["at_risk"]],
                [1, STATUS_COLOURS["met"]],
            ],
            texttemplate="%{z:.0%}",
            customdata=detail.to_numpy(),
            hovertemplate="%{y}<br>%{x}<br>%{z:.0%} (%{customdata})<extra></extra>",
            colorbar={"tickformat": ".0%", "title": ""},
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top")
    fig.update_layout(height=max(260, 120 + 28 * len(rows)), margin={"l": 10, "r": 10, "t": 40, "b": 10})
    return fig


def hours_per_month(frame: pd.DataFrame, *, lang: str | None = None) -> go.Figure:
    """Verified hours per month (columns ``month``, ``hours``) as bars."""
    fig = go.Figure(
        go.Bar(
            x=frame["month"],
            y=frame["hours"],
            marker_color="#1565c0",
            hovertemplate="%{x|%Y-%m}: %{y:,.1f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=t("dept.chart_month", lang=lang),
        yaxis_title=t("unit.hours", lang=lang),
        height=320,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def hours_by_kind(frame: pd.DataFrame, *, lang: str | None = None) -> go.Figure:
    """Verified hours per kind of practice (columns ``kind``, ``hours``) as a donut."""
    fig = go.Figure()
    if frame.empty:
        return _empty(fig, t("dept.chart_kind", lang=lang))
    fig.add_trace(
        go.Pie(
            labels=[t(f"kind.{k}", lang=lang) for k in frame["kind"]],
            values=frame["hours"],
            hole=0.45,
            sort=False,
            textposition="inside",
            insidetextorientation="horizontal",
            hovertemplate="%{label}: %{value:,.1f}<extra></extra>",
        )
    )
    fig.update_layout(
        title=t("dept.chart_kind", lang=lang), height=320, margin={"l": 10, "r": 10, "t": 50, "b": 10}
    )
    return fig


def hours_by_enterprise(frame: pd.DataFrame, *, lang: str | None = None) -> go.Figure:
    """Verified hours per enterprise (columns ``enterprise``, ``hours``), largest on top."""
    fig = go.Figure()
    if frame.empty:
        return _empty(fig, t("dept.chart_enterprise", lang=lang))
    names = [plot_label(n) if isinstance(n, str) else t("dept.no_enterprise", lang=lang)
             for n in frame["enterprise"]]
    fig.add_trace(
        go.Bar(
            x=frame["hours"],
            y=names,
            orientation="h",
            marker_color="#00897b",
            hovertemplate="%{y}: %{x:,.1f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_layout(
        title=t("dept.chart_enterprise", lang=lang),
        xaxis_title=t("unit.hours", lang=lang),
        height=max(320, 60 + 24 * len(names)),
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    return fig


def _empty(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=title,
        height=200,
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": t("common.nothing_yet"), "showarrow": False, "font": {"size": 14}}],
    )
    return fig
