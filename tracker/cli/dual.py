"""`tracker dual-qualified`: each professional teacher's dual-qualified (双师型) level on a date (issue 12)."""

from __future__ import annotations

import typer

from tracker.cli.common import handle_errors
from tracker.cli.norms import Format, _date, _emit, _scope, _session

COLUMNS = [
    "teacher",
    "name",
    "department",
    "level",
    "recognised_level",
    "recognised_until",
    "next_level",
    "missing",
    "practice_hours",
    "practise_before_post",
]
SUMMARY_COLUMNS = [
    "department",
    "teachers",
    "meets_junior",
    "meets_intermediate",
    "meets_senior",
    "eligible",
    "share_eligible",
    "recognised",
    "share_recognised",
    "target",
    "target_met_recognised",
    "target_met_eligible",
]


def register(app: typer.Typer) -> None:
    app.command("dual-qualified")(dual_qualified)


@handle_errors
def dual_qualified(
    as_of: str = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD); default today."),
    department: str = typer.Option(None, "--department", help="Only this department (its name)."),
    teacher: str = typer.Option(None, "--teacher", help="Only this teacher (their email)."),
    format: Format = typer.Option(Format.table, "--format", help="table, json or csv."),
    summary: bool = typer.Option(
        False, "--summary", help="Per department and institution: levels, recognised, shares vs the target."
    ),
) -> None:
    """Dual-qualified levels: the highest level met, the committee's recognised level, what the next needs."""
    from tracker.norms.levels import describe_group
    from tracker.norms.levels_db import evaluate_dual_qualified, standard_on, summarise_levels

    day = _date(as_of)
    with _session() as session:
        department_id, person_ids = _scope(session, department, teacher)
        standard = standard_on(session, day)
        rows = evaluate_dual_qualified(session, as_of=day, department_id=department_id, person_ids=person_ids)
    if summary:
        target = standard.target_share if standard else 0.5
        out = [
            {
                "department": "(institution)" if s.institution else (s.department or "—"),
                "teachers": s.teachers,
                **{f"meets_{k}": v for k, v in s.meets.items()},
                "eligible": s.eligible,
                "share_eligible": round(s.share_eligible, 4),
                "recognised": s.recognised,
                "share_recognised": round(s.share_recognised, 4),
                "target": s.target,
                "target_met_recognised": s.target_met_recognised,
                "target_met_eligible": s.target_met_eligible,
            }
            for s in summarise_levels(rows, target)
        ]
        if format is Format.table:
            out = [
                {**r, **{k: f"{r[k]:.1%}" for k in ("share_eligible", "share_recognised", "target")}} for r in out
            ]
        _emit(out, format, SUMMARY_COLUMNS, title=f"Dual-qualified teachers on {day} (target: more than half)")
        return
    out = [
        {
            "teacher": r.teacher,
            "name": r.name,
            "department": r.department,
            "level": r.level,
            "levels_met": list(r.levels_met),
            "recognised_level": r.recognised_level,
            "recognised_until": r.recognised_until,
            "next_level": r.next_level,
            "missing": [describe_group(g, "en") for g in r.missing],
            "practice_hours": r.practice_hours,
            "practise_before_post": r.practise_before_post,
        }
        for r in rows
    ]
    if format is not Format.json:
        out = [{**r, "missing": " | ".join(r["missing"])} for r in out]
    _emit(out, format, COLUMNS, title=f"Dual-qualified levels on {day}")
