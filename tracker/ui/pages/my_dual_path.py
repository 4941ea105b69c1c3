"""My dual-qualified path (issue 12): the level met now, the committee's recognition, and what the next
level still needs, each missing item with a link to act."""

from datetime import date

import streamlit as st

from tracker.i18n import current_language, t
from tracker.norms.packs import DAYS_PER_MONTH, HOURS_PER_DAY
from tracker.services.dual_qualified import my_dual_path
from tracker.ui.navigation import PAGES_DIR
from tracker.ui.session import require_actor
from tracker.ui.widgets import show_error

actor = require_actor()
lang = current_language()
st.title(t("page.my_dual_path"))
st.caption(t("dual.path.intro"))


@st.cache_data(ttl=60, show_spinner=False)
def path_for(actor, as_of: date, lang: str):
    return my_dual_path(actor, as_of=as_of, lang=lang)


try:
    path = path_for(actor, date.today(), lang)
except Exception as exc:
    show_error(exc)
    st.stop()

if not path.in_force:
    st.info(t("dual.path.no_pack"))
    st.stop()
if not path.applies:
    st.info(t("dual.path.not_professional"))
    st.stop()

row = path.row
c1, c2, c3 = st.columns(3)
c1.metric(t("dual.path.current"), t(f"dual.level.{row.level}"))
c2.metric(
    t("dual.path.recognised"),
    t(f"dual.level.{row.recognised_level}"),
    help=t("dual.path.recognised_until", date=row.recognised_until.isoformat()) if row.recognised_until else None,
)
c3.metric(t("dual.col.practice"), f"{row.practice_hours:g} {t('unit.hours')}")
st.caption(
    t(
        "dual.path.conversion",
        hours=row.practice_hours,
        days=path.practice_days,
        months=path.practice_months,
        dpm=DAYS_PER_MONTH,
        hpd=HOURS_PER_DAY,
    )
)
if row.practise_before_post:
    st.warning(t("dual.flag.practice_before_post"), icon=":material/flag:")

LINKS = {
    "practice_hours": ("log_activity.py", "dual.path.act.practice", ":material/add_task:"),
    "certificate": ("certificates.py", "dual.path.act.certificate", ":material/workspace_premium:"),
    "outputs": ("my_outputs.py", "dual.path.act.output", ":material/emoji_events:"),
}

if row.next_level is None:
    st.success(t("dual.path.top"), icon=":material/military_tech:")
else:
    st.subheader(t("dual.path.next", level=t(f"dual.level.{row.next_level}")))
    for n, group in enumerate(path.missing):
        with st.container(border=True):
            if len(group) > 1:
                st.caption(t("dual.one_of"))
            for item in group:
                st.markdown(f"- {item.text}")  # built from catalogue strings and numbers, not typed text
                link = LINKS.get(item.criterion)
                if link:
                    st.page_link(
                        str(PAGES_DIR / link[0]), label=t(link[1]), icon=link[2]
                    )
                else:
                    st.caption(t("dual.path.act.profile"))
