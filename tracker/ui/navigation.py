"""Which pages each role sees. The menu only hides pages; the service layer enforces permissions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.auth import Actor
from tracker.models import Role

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    file: str  # module name in tracker/ui/pages
    title_key: str
    icon: str
    section_key: str
    roles: frozenset[str]
    default_for: frozenset[str] = frozenset()


ALL = frozenset(Role)
STAFF = frozenset({Role.head, Role.admin})
TEACHING = frozenset({Role.teacher, Role.head})

PAGES: list[PageSpec] = [
    PageSpec("my_progress", "page.my_progress", ":material/trending_up:", "nav.mine", TEACHING,
             frozenset({Role.teacher})),
    PageSpec("log_activity", "page.log_activity", ":material/add_task:", "nav.mine", TEACHING),
    PageSpec("my_records", "page.my_records", ":material/list_alt:", "nav.mine", TEACHING),
    PageSpec("placements", "page.placements", ":material/work_history:", "nav.mine", TEACHING),
    PageSpec("certificates", "page.certificates", ":material/workspace_premium:", "nav.mine", TEACHING),
    PageSpec("my_outputs", "page.my_outputs", ":material/emoji_events:", "nav.mine", TEACHING),
    PageSpec("my_dual_path", "page.my_dual_path", ":material/school:", "nav.mine", TEACHING),
    PageSpec("team", "page.team", ":material/groups:", "nav.department", STAFF,
             frozenset({Role.head, Role.admin})),
    PageSpec("review", "page.review", ":material/fact_check:", "nav.department", STAFF),
    PageSpec("team_plans", "page.team_plans", ":material/assignment_turned_in:", "nav.department", STAFF),
    PageSpec("teacher", "page.teacher", ":material/person_search:", "nav.department", STAFF),
    PageSpec("reports", "page.reports", ":material/summarize:", "nav.department", STAFF),
    PageSpec("people", "page.people", ":material/badge:", "nav.admin", frozenset({Role.admin})),
    PageSpec("departments", "page.departments", ":material/account_tree:", "nav.admin", frozenset({Role.admin})),
    PageSpec("enterprises", "page.enterprises", ":material/factory:", "nav.admin", frozenset({Role.admin})),
    PageSpec("norm_packs", "page.norm_packs", ":material/rule:", "nav.admin", frozenset({Role.admin})),
    PageSpec("recognition", "page.recognition", ":material/verified:", "nav.admin", frozenset({Role.admin})),
    PageSpec("audit_log", "page.audit_log", ":material/history:", "nav.admin", frozenset({Role.admin})),
    PageSpec("news", "page.news", ":material/newspaper:", "nav.news", ALL),
    PageSpec("news_sources", "page.news_sources", ":material/rss_feed:", "nav.news", frozenset({Role.admin})),
]


def specs_for(role: str) -> list[PageSpec]:
    """The pages a role sees, in menu order (pure; the router turns them into st.Page objects)."""
    return [p for p in PAGES if role in p.roles and (PAGES_DIR / f"{p.file}.py").exists()]


def page_path(spec: PageSpec) -> Path:
    return PAGES_DIR / f"{spec.file}.py"


def build_navigation(actor: Actor):
    """``{section title: [st.Page, ...]}`` for ``st.navigation``."""
    import streamlit as st

    from tracker.i18n import t

    sections: dict[str, list] = {}
    for spec in specs_for(actor.role):
        page = st.Page(
            page_path(spec),
            title=t(spec.title_key),
            icon=spec.icon,
            url_path=spec.file,
            default=actor.role in spec.default_for,
        )
        sections.setdefault(t(spec.section_key), []).append(page)
    return sections
