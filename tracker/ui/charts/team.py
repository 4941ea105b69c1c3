"""Plotly figures for the Team page, and the matrix as a table with the words for each reason: data in,
figure or table out (no Streamlit, no database). A click on either names a teacher: ``person_from_table``,
``person_from_chart``."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from tracker.i18n import t
from tracker.norms.packs import ComplianceStatus, label_in
from tracker.ui.charts.labels import plot_label
from tracker.ui.progress_text import num
from tracker.ui.widgets import STATUS_COLOURS

STATUS_ORDER = [s.value for s in ComplianceStatus]
_ROW_PX = 26  # height of one teacher's row in the matrix
_LABEL_CHARS = 30  # a norm's heading wraps after about this many Latin letters


def norm_label(row, lang: str | None) -> str:
    """A norm's label in ``lang`` as stored (plain text: escape it with ``plot_label`` for a figure)."""
    from tracker.i18n import current_language

    return label_in(lang or current_language(), row.label, row.label_zh) or row.norm


def teacher_label(name: object, email: object) -> str:
    """How a teacher is named on the matrix chart's rows: the name and the local part of the email, which
    tells two people of the same name apart (plain text)."""
    return f"{name} · {str(email).split('@')[0]}"


def _text(value: object) -> str:
    """A date or figure of the matrix as text; missing values (None, NaN, NaT) as nothing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return num(value) if isinstance(value, int | float) else str(value)


def progress_text(row, lang: str | None = None) -> str:
    """'498.5 / 1056 hours' or '0 / 1 certificates' for one matrix row."""
    return t(
        "team_matrix.progress",
        lang,
        achieved=num(row.achieved),
        required=num(row.required),
        unit=t(f"unit.{row.unit}", lang),
    )


def reason_text(row, lang: str | None = None) -> str:
    """Why one matrix row has its status and what is due by when, in a few words (plain text).

    The reason is the teacher's own card's (``services.progress.Standing``, in the row's ``reason`` column);
    submitted work still waiting for review is added at the end.
    """
    unit = "count" if row.unit == "count" else "hours"
    reason = getattr(row, "reason", None)
    text = ""
    if isinstance(reason, str):
        key = f"team_matrix.why.{unit}.{reason}"
        if unit == "hours" and reason == "met" and _text(row.complete_by):
            key += ".fixed"  # a calendar year or cycle: met until the period ends
        nxt = row.next_status if isinstance(row.next_status, str) else ComplianceStatus.at_risk.value
        text = t(
            key,
            lang,
            gap=_text(row.gap),
            needed=_text(row.needed),
            act_by=_text(row.act_by),
            complete_by=_text(row.complete_by),
            changes_on=_text(row.changes_on),
            next=t(f"compliance.{nxt}", lang),
        )
        if text == key:  # a reason this table has no words for: the figures column says enough
            text = ""
    pending = row.pending_hours
    if isinstance(pending, int | float) and not pd.isna(pending) and pending > 0:
        text += t(f"team_matrix.pending.{unit}", lang, pending=num(pending))
    return text.strip()


def reasons_table(matrix: pd.DataFrame, *, lang: str | None = None):
    """The matrix as a table a person reads top down: one line per teacher and norm in the matrix's order
    (worst first), the status coloured, the figures and the reason as text (a pandas Styler).

    ``matrix`` has the columns of ``tracker.services.team.MATRIX_COLUMNS``.
    """
    col = {c: t(f"team_matrix.col.{c}", lang) for c in ("status", "norm", "teacher", "progress", "reason")}
    # the norm before the teacher: with row selection on, Streamlit 1.67 left a long label in the third
    # column unwrapped (cut off); in the second it wraps
    lines = [
        (t(f"compliance.{r.status}", lang), norm_label(r, lang), r.name, progress_text(r, lang),
         reason_text(r, lang))
        for r in matrix.itertuples()
    ]
    frame = pd.DataFrame(lines, columns=list(col.values()))
    colours = [STATUS_COLOURS.get(s, "inherit") for s in matrix["status"]]

    def paint(column: pd.Series) -> list[str]:
        return [f"color: {c}; font-weight: 600" for c in colours]

    return frame.style.apply(paint, subset=[col["status"]])


def person_from_table(selection, person_ids) -> int | None:
    """The teacher whose line was clicked in ``reasons_table`` (a row or a cell), given the table's
    ``person_ids`` in its order; None when nothing is selected."""
    rows = list(selection.get("rows", ())) + [cell[0] for cell in selection.get("cells", ())]
    ids = list(person_ids)
    return next((int(ids[i]) for i in rows if 0 <= i < len(ids)), None)


def person_from_chart(selection) -> int | None:
    """The teacher whose cell was clicked in ``status_matrix`` (its click layer carries the person's id)."""
    for point in selection.get("points", ()):
        data = point.get("customdata")
        if isinstance(data, list | tuple) and data:
            return int(data[0])
    return None


def _wrap(text: str, width: int) -> list[str]:
    """A long norm label on a few lines: at spaces, or every ``width`` characters in text without them."""
    if " " in text.strip():
        return textwrap.wrap(text, width) or [text]
    step = max(1, width * 2 // 3)  # a Chinese character is about twice as wide as a Latin letter
    return [text[i : i + step] for i in range(0, len(text), step)] or [text]


def status_matrix(matrix: pd.DataFrame, *, lang: str | None = None) -> go.Figure:
    """A teacher x norm heatmap coloured by status (met green … not met red), teachers in the matrix's order
    (worst first, on top), each cell showing its status and figures; hovering shows the reason, and a click
    on a cell selects that teacher (``person_from_chart``).

    ``matrix`` has the columns of ``tracker.services.team.MATRIX_COLUMNS``. A heatmap reports no clicks to
    Streamlit, so an invisible marker sits on every cell to carry them.
    """
    fig = go.Figure()
    if matrix.empty:
        return _empty(fig, t("dept.matrix_empty", lang=lang))
    # every typed text (names, emails, norm labels) is escaped once here; the figure adds only its own <br>
    labels = {r.norm: norm_label(r, lang) for r in matrix.drop_duplicates("norm").itertuples()}
    heading = {
        norm: "<br>".join(plot_label(p) for p in _wrap(label, _LABEL_CHARS)) for norm, label in labels.items()
    }
    frame = matrix.assign(
        column=matrix["norm"].map(heading),
        row=[plot_label(teacher_label(n, e)) for n, e in zip(matrix["name"], matrix["teacher"], strict=True)],
        code=matrix["status"].map({s: i for i, s in enumerate(STATUS_ORDER)}),
    )
    frame["cell"] = [
        f"{t('compliance.' + r.status, lang=lang)} · {num(r.achieved)}/{num(r.required)}"
        for r in frame.itertuples()
    ]
    frame["hover"] = [
        f"{plot_label(r.name)}<br>{plot_label(labels[r.norm])}<br>{t('compliance.' + r.status, lang=lang)}: "
        f"{plot_label(progress_text(r, lang))}"
        + (f"<br>{plot_label(why)}" if (why := reason_text(r, lang)) else "")
        for r in frame.itertuples()
    ]
    rows = list(dict.fromkeys(frame["row"]))
    columns = [heading[n] for n in sorted(heading)]  # norms in one fixed order, whoever comes first
    code = frame.pivot_table(index="row", columns="column", values="code", aggfunc="max").reindex(
        index=rows, columns=columns
    )
    text = frame.pivot_table(index="row", columns="column", values="cell", aggfunc="first").reindex(
        index=rows, columns=columns
    )
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
            text=text.fillna("").to_numpy(),
            texttemplate="%{text}",
            hoverinfo="skip",  # the click layer below answers hovers, with the reason
            xgap=2,
            ygap=2,
            colorbar={
                "tickvals": list(range(n)),
                "ticktext": [t(f"compliance.{s}", lang=lang) for s in STATUS_ORDER],
                "title": "",
            },
        )
    )
    fig.add_trace(
        go.Scatter(
            x=frame["column"],
            y=frame["row"],
            mode="markers",
            marker={"size": 16, "opacity": 0},
            customdata=[[int(p), h] for p, h in zip(frame["person_id"], frame["hover"], strict=True)],
            hovertemplate="%{customdata[1]}<extra></extra>",
            showlegend=False,
        )
    )
    lines = max((c.count("<br>") + 1 for c in columns), default=1)
    fig.update_yaxes(autorange="reversed", automargin=True, fixedrange=True)
    fig.update_xaxes(side="top", automargin=True, fixedrange=True)
    fig.update_layout(
        height=max(260, 60 + 18 * lines + _ROW_PX * len(rows)),
        margin={"l": 10, "r": 10, "t": 20 + 18 * lines, "b": 10},
        hovermode="closest",
        hoverdistance=-1,  # anywhere in a cell is nearest to that cell's marker
        plot_bgcolor="rgba(0,0,0,0)",
    )
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
