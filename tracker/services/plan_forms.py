"""Printable paper for a placement (issue 13): the application form (申请表) and the appraisal form (考核表).

Self-contained HTML that prints on A4 (the browser's Print → PDF gives the PDF; no PDF library is needed for
this and none is added). Everything a person typed is escaped. The audit pack carries both forms of every plan.
"""

from __future__ import annotations

import html

from sqlmodel import Session, select

from tracker.auth import Actor
from tracker.db import session_scope
from tracker.i18n import t
from tracker.models import Person, PlacementPlan
from tracker.services import permissions
from tracker.services._acting import acting
from tracker.services.placements import PlanView, _load, _views

_CSS = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "SimSun", system-ui, sans-serif;
       margin: 2em; color: #111; font-size: 11pt; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 .2em; }
p.college { text-align: center; margin: 0 0 1em; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #333; padding: 5px 7px; text-align: left; vertical-align: top; }
th { width: 18%; background: #f3f3f3; font-weight: normal; white-space: nowrap; }
td.tall { height: 7em; } td.num { text-align: right; }
.signatures td { border: none; padding-top: 2.5em; width: 50%; }
@page { size: A4; margin: 18mm 15mm; }
@media print { body { margin: 0; } tr { break-inside: avoid; } }
"""


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _num(value) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


def _page(title: str, college: str, body: str, lang: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8"><title>{_e(title)}</title>
<style>{_CSS}</style></head><body>
<h1>{_e(title)}</h1>
<p class="college">{_e(t("form.college", lang=lang))}：{_e(college) or "&nbsp;" * 30}</p>
{body}
</body></html>
"""


def _rows(pairs: list[tuple[str, str]]) -> str:
    """``(label, cell html)`` pairs as table rows (labels are catalogue text, escaped here)."""
    return "".join(f"<tr><th>{_e(label)}</th><td>{cell}</td></tr>" for label, cell in pairs)


def _signatures(keys: list[str], lang: str) -> str:
    date_label = _e(t("form.date", lang=lang))
    cells = [f"<td>{_e(t(k, lang=lang))}：________________<br><br>{date_label}：________________</td>" for k in keys]
    pairs = ["<tr>" + "".join(cells[i : i + 2]) + "</tr>" for i in range(0, len(cells), 2)]
    return f'<table class="signatures">{"".join(pairs)}</table>'


def _plan_facts(plan: PlanView, lang: str) -> list[tuple[str, str]]:
    def tr(key: str) -> str:
        return t(key, lang=lang)

    return [
        (tr("confirm.teacher"), _e(plan.name)),
        (tr("form.department"), _e(plan.department)),
        (tr("field.enterprise"), _e(plan.enterprise)),
        (tr("field.kind"), _e(tr(f"kind.{plan.kind}"))),
        (tr("field.post"), _e(plan.post)),
        (tr("field.tasks"), _e(plan.tasks).replace("\n", "<br>")),
        (tr("confirm.period"), f"{_e(plan.start_date)} – {_e(plan.end_date)}"),
        (tr("field.planned_days"), _e(plan.planned_days)),
        (tr("field.release"), _e(tr(f"release.{plan.release}"))),
        (tr("field.mentor_name"), " · ".join(_e(x) for x in (plan.mentor_name, plan.mentor_title) if x)),
        (tr("field.mentor_phone"), " · ".join(_e(x) for x in (plan.mentor_phone, plan.mentor_email) if x)),
    ]


def application_form(plan: PlanView, *, college: str, lang: str) -> str:
    """The application (申请表) with the head's decision and signature lines."""
    decision = ""
    if plan.reviewed_at is not None:
        decision = f"{_e(t(f'plan_status.{plan.status}', lang=lang))} · {_e(plan.reviewer)} · " \
                   f"{_e(plan.reviewed_at.date())}<br>{_e(plan.review_note)}"
    body = "<table>" + _rows(
        [*_plan_facts(plan, lang), (t("form.approval", lang=lang), decision)]
    ) + "</table>" + _signatures(["form.sign_teacher", "form.sign_head", "form.sign_office"], lang)
    return _page(t("form.application", lang=lang), college, body, lang)


def appraisal_form(plan: PlanView, *, college: str, lang: str) -> str:
    """The appraisal (考核表): the plan, the journal totals, the enterprise's confirmation, the summary."""
    c = plan.confirmation
    totals = t("form.journal_totals", lang=lang, days=plan.days_logged, hours=_num(plan.hours_logged),
               planned=plan.planned_days)
    if c is None:
        confirmed = [(t("plans.link_heading", lang=lang), _e(t("form.not_confirmed", lang=lang)))]
    else:
        confirmed = [
            (t("field.confirmed_days", lang=lang), _e(c.confirmed_days)),
            (t("field.confirmed_hours", lang=lang), _e(_num(c.confirmed_hours))),
            (t("field.rating", lang=lang), _e(t(f"rating.{c.rating}", lang=lang))),
            (t("field.comment", lang=lang), _e(c.comment).replace("\n", "<br>")),
            (t("field.confirmed_by", lang=lang), f"{_e(c.confirmed_by)} · {_e(c.confirmed_at.date())}"),
        ]
    body = "<table>" + _rows(
        [
            *_plan_facts(plan, lang),
            (t("plans.journal", lang=lang), _e(totals)),
            (t("plans.claimed", lang=lang), _e(_num(plan.claimed_hours))),
            *confirmed,
            (t("field.trust", lang=lang), _e(t(f"trust.{plan.trust}", lang=lang))),
            (t("field.summary", lang=lang), _e(plan.summary).replace("\n", "<br>")),
        ]
    ) + "</table>" + _signatures(["form.sign_teacher", "form.sign_enterprise", "form.sign_head",
                                   "form.sign_office"], lang)
    return _page(t("form.appraisal", lang=lang), college, body, lang)


def _college() -> str:
    from tracker.settings import get_settings

    return get_settings().college_name


def forms_for_person(session: Session, person_id: int, *, lang: str) -> dict[str, str]:
    """``{path in the audit pack: html}``: both forms of every plan of a person (the caller checked access)."""
    plans = session.exec(
        select(PlacementPlan).where(PlacementPlan.person_id == person_id).order_by(PlacementPlan.id)
    ).all()
    college = _college()
    out = {}
    for plan in _views(session, list(plans)):
        out[f"forms/plan-{plan.id}-application.html"] = application_form(plan, college=college, lang=lang)
        out[f"forms/plan-{plan.id}-appraisal.html"] = appraisal_form(plan, college=college, lang=lang)
    return out


@acting
def placement_forms(actor: Actor, *, plan_id: int, lang: str = "zh") -> dict[str, str]:
    """``{"application": html, "appraisal": html}`` of one plan, for whoever may read its teacher."""
    with session_scope(read_only=True) as session:
        plan = _load(session, plan_id)
        owner = session.get(Person, plan.person_id)
        permissions.require(permissions.can_read_person(actor, owner.id, owner.department_id))
        view = _views(session, [plan])[0]
        college = _college()
        return {
            "application": application_form(view, college=college, lang=lang),
            "appraisal": appraisal_form(view, college=college, lang=lang),
        }
