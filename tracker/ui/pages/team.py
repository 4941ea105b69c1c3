"""Team: KPIs, the teacher x norm matrix worst first (filterable) as a table with each reason and as a chart
coloured by status, a click on either opening that teacher; the dual-qualified levels, and hours charts."""

import streamlit as st

from tracker.i18n import current_language, t
from tracker.models import Role
from tracker.services.team import department_summary, filter_matrix
from tracker.ui import department as dept
from tracker.ui.charts import team as charts
from tracker.ui.navigation import PAGES_DIR
from tracker.ui.session import require_actor
from tracker.ui.widgets import show_error

ROW_PX = 66  # a line of the reasons table: two or three lines of text

actor = require_actor()
lang = current_language()
st.title(t("page.team"))

left, right = st.columns(2)
with left:
    as_of = dept.pick_as_of(key="team_as_of")
with right:
    department_id = dept.pick_department(actor, key="team_department")

try:
    view = dept.overview(actor, as_of, department_id)
    pending = dept.pending(actor, department_id)
except Exception as exc:  # e.g. a head without a department: one clear message, no traceback
    show_error(exc)
    st.stop()

k = view.kpis
share = "–" if k.share_meeting_all is None else f"{k.share_meeting_all:.0%}"
row1 = st.columns(4)
row1[0].metric(t("dept.kpi_head_count"), k.head_count)
row1[1].metric(
    t("dept.kpi_meeting_all"), share, help=t("dept.kpi_meeting_all_help", n=k.meeting_all, of=k.evaluated)
)
row1[2].metric(t("dept.kpi_at_risk"), k.at_risk, help=t("dept.kpi_at_risk_help"))
row1[3].metric(t("dept.kpi_not_met"), k.not_met)
row2 = st.columns(4)
for column, (days, count) in zip(row2, k.expiring, strict=False):  # 30, 60 and 90 days
    column.metric(t("dept.kpi_expiring", days=days), count)
row2[3].metric(t("dept.kpi_pending"), pending)

matrix = view.matrix
if department_id is None and actor.role == Role.admin:
    # thousands of teachers in one heatmap say little: compare departments, pick one to see its teachers
    st.subheader(t("dept.by_department"))
    st.caption(t("dept.by_department_help"))
    st.plotly_chart(
        charts.department_matrix(department_summary(matrix), lang=lang),
        key="team_departments",
        config={"displayModeBar": False},  # the toolbar would sit on the norms' headings
    )
else:
    st.subheader(t("dept.matrix"))
    f1, f2, f3 = st.columns(3)
    status_names = {s: t(f"compliance.{s}") for s in charts.STATUS_ORDER}
    statuses = f1.multiselect(
        t("field.status"),
        charts.STATUS_ORDER,
        format_func=status_names.get,
        key="team_status",
        placeholder=t("common.all"),
        select_all=False,  # Streamlit's "Select all" is English only; none chosen already means all
    )
    norm_names = {r.norm: charts.norm_label(r, lang) for r in matrix.drop_duplicates("norm").itertuples()}
    norms = f2.multiselect(
        t("dept.norm"),
        list(norm_names),
        format_func=norm_names.get,
        key="team_norm",
        placeholder=t("common.all"),
        select_all=False,
    )
    name = f3.text_input(t("dept.search_name"), key="team_name")
    shown = filter_matrix(matrix, statuses=statuses, norms=norms, name=name)  # keeps the worst-first order
    st.caption(
        t("dept.matrix_count", shown=shown["person_id"].nunique(), total=matrix["person_id"].nunique())
    )
    picked = None
    if not shown.empty:
        # the reason as text, one line per teacher and norm: what a head reads (and a phone shows) first
        st.markdown(f"**{t('team_matrix.list')}**")
        st.caption(t("team_matrix.list_help"))
        col = {c: t(f"team_matrix.col.{c}") for c in ("status", "teacher", "norm", "progress", "reason")}
        table = st.dataframe(
            charts.reasons_table(shown, lang=lang),
            key="team_reasons",
            on_select="rerun",
            selection_mode=["single-row", "single-cell"],
            hide_index=True,
            width="stretch",
            row_height=ROW_PX,  # taller than 4rem: Streamlit then wraps a cell's text instead of cutting it
            height=38 + ROW_PX * min(len(shown), 10),
            column_config={
                col["status"]: st.column_config.TextColumn(width=72),
                col["norm"]: st.column_config.TextColumn(width=250),
                col["teacher"]: st.column_config.TextColumn(width=110),
                col["progress"]: st.column_config.TextColumn(width=120),
                col["reason"]: st.column_config.TextColumn(width=360),
            },
        )
        picked = charts.person_from_table(table.selection, shown["person_id"])
        st.caption(t("team_matrix.chart_help"))
    chart = st.plotly_chart(
        charts.status_matrix(shown, lang=lang),
        key="team_matrix",
        on_select="rerun",
        selection_mode="points",
        config={"displayModeBar": False},  # the toolbar would sit on the norms' headings
    )
    picked = picked or charts.person_from_chart(chart.selection)
    if picked is not None:
        # the Teacher page on this teacher, department and date: the keys its own pickers read
        st.session_state["teacher_pick"] = picked
        st.session_state["teacher_as_of"] = as_of
        if actor.role == Role.admin:
            st.session_state["teacher_department"] = department_id
        st.switch_page(PAGES_DIR / "teacher.py")

st.subheader(t("dual.team.title"))
try:
    levels = dept.dual_levels(actor, as_of, department_id)
except Exception as exc:
    show_error(exc)
    levels = None
if levels is not None and levels.whole is None:
    st.caption(t("dual.team.none"))
elif levels is not None:
    whole = levels.whole
    d1, d2, d3 = st.columns(3)
    share_help = t("dual.team.share_help", target=levels.target)
    d1.metric(
        t("dual.team.recognised_share"), f"{whole.share_recognised:.0%}", help=share_help,
        delta=f"{whole.share_recognised - levels.target:+.0%}", delta_color="normal",
    )
    d2.metric(
        t("dual.team.eligible_share"), f"{whole.share_eligible:.0%}", help=share_help,
        delta=f"{whole.share_eligible - levels.target:+.0%}", delta_color="normal",
    )
    d3.metric(t("dual.team.flagged"), sum(1 for r in levels.rows if r.practise_before_post),
              help=t("dual.flag.practice_before_post"))
    st.dataframe(
        dept.levels_frame(levels.rows),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("dept.charts"))
summary = dept.hours(actor, as_of, department_id)
st.plotly_chart(charts.hours_per_month(summary.by_month, lang=lang), key="team_by_month")
c1, c2 = st.columns(2)
c1.plotly_chart(charts.hours_by_kind(summary.by_kind, lang=lang), key="team_by_kind")
c2.plotly_chart(charts.hours_by_enterprise(summary.by_enterprise, lang=lang), key="team_by_enterprise")
