"""`tracker norms`, `tracker compliance` and `tracker reminders`."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from tracker.cli.common import handle_errors
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import Text
from tracker.validation import problem


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    norms_app = typer.Typer(
        rich_markup_mode=None,
        help="Norm packs: the rules compliance is measured against.",
        no_args_is_help=True,
    )
    norms_app.command("list")(norms_list)
    norms_app.command("load")(norms_load)
    norms_app.command("show")(norms_show)
    norms_app.command("activate")(norms_activate)
    norms_app.command("deactivate")(norms_deactivate)
    norms_app.command("rebuild")(norms_rebuild)
    app.add_typer(norms_app, name="norms")
    app.command("compliance")(compliance)
    app.command("reminders")(reminders)


def _date(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(problem("cli_not_date", "--as-of", value=value, form="2024-06-30")) from None


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _emit(rows: list[dict], fmt: Format, columns: list[str], title: str | None = None) -> None:
    if fmt is Format.json:
        # one object per line: json's C encoder only runs without indent (indent=2 took 2 s on 15,000 rows)
        encode = json.JSONEncoder(ensure_ascii=False, default=_plain).encode
        lines = ",\n".join(encode(r) for r in rows)
        sys.stdout.write(f"[\n{lines}\n]\n" if rows else "[]\n")
    elif fmt is Format.csv:
        from tracker.exports import export_cell

        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        # names and departments are typed by people: text that would start a formula stays text
        writer.writerows({k: export_cell(_plain(v), for_csv=True) for k, v in r.items()} for r in rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for c in columns:
            table.add_column(c)
        for r in rows:
            table.add_row(*("" if r.get(c) is None else str(_plain(r.get(c))) for c in columns))
        console = Console(highlight=False)
        if not console.is_terminal:  # piped or captured: never cut columns to 80 characters
            console = Console(highlight=False, width=1000)
        console.print(table)


def _session():
    from tracker.db import session_scope

    return session_scope()


def _scope(session, department: str | None, teacher: str | None) -> tuple[int | None, list[int] | None]:
    """``--department NAME`` and ``--teacher EMAIL`` as (department id, [person id]); None where not given.

    Raises:
        NotFound: no department of that name, or nobody with that email.
    """
    import sqlalchemy as sa

    from tracker.models import Department, Person

    department_id = person_ids = None
    if department is not None:
        department_id = session.execute(
            sa.select(Department.id).where(Department.name == department.strip())
        ).scalar()
        if department_id is None:
            raise NotFound(Text("errors.cli.no_department", name=department))
    if teacher is not None:
        pid = session.execute(
            sa.select(Person.id).where(sa.func.lower(Person.email) == teacher.strip().lower())
        ).scalar()
        if pid is None:
            raise NotFound(Text("errors.cli.no_teacher", email=teacher))
        person_ids = [pid]
    return department_id, person_ids


@handle_errors
def norms_list() -> None:
    """Every stored pack version (id, layer, name, effective date, on/off, its norms)."""
    from tracker.norms import list_packs

    with _session() as session:
        packs = list_packs(session)
    if not packs:
        typer.echo("No norm packs are loaded; run `tracker init` or `tracker norms load FILE`.")
        return
    rows = [
        {
            "id": p.id,
            "layer": p.layer,
            "name": p.name,
            "effective_from": p.effective_from,
            "active": "yes" if p.active else "no",
            "norms": ", ".join(p.norms),
            "title": p.title_zh or p.title,
        }
        for p in packs
    ]
    _emit(rows, Format.table, list(rows[0]))


@handle_errors
def norms_load(file: Path = typer.Argument(..., help="A norm pack TOML file (see data/norms/).")) -> None:
    """Load a pack version; loading the same file again changes nothing."""
    from tracker.auth import Actor
    from tracker.norms import load_pack

    with _session() as session:
        info = load_pack(session, file, actor=Actor.system())
    typer.echo(
        f"Loaded '{info.name}' ({info.layer}, effective {info.effective_from}): {', '.join(info.norms)}"
    )


@handle_errors
def norms_show(
    as_of: str = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD); default today."),
    format: Format = typer.Option(Format.table, "--format"),
) -> None:
    """The norms in force on a date, after layering, with the packs and regulations behind them."""
    from tracker.norms import active_norms

    day = _date(as_of)
    with _session() as session:
        norms = active_norms(session, day)
    rows = [
        {
            "norm": n.key,
            "label": n.label_zh or n.label,
            "rule": n.rule,
            "required": n.required,
            "unit": n.unit,
            "window_years": n.window_years if n.rule == "rolling_hours" else None,
            "kinds": ", ".join(n.kinds) if n.unit == "hours" else None,
            "categories": ", ".join(n.categories),
            "sources": " → ".join(n.sources),
            "citation": n.citation,
        }
        for n in norms
    ]
    if not rows and format is Format.table:
        typer.echo(f"No norms are in force on {day}.")
        return
    _emit(rows, format, ["norm", "label", "required", "unit", "window_years", "sources", "citation"])


def _set_active(pack_id: int, active: bool) -> None:
    from tracker.auth import Actor
    from tracker.norms import set_pack_active

    with _session() as session:
        info = set_pack_active(session, pack_id, active, actor=Actor.system())
    typer.echo(f"'{info.name}' effective {info.effective_from} is now {'on' if info.active else 'off'}.")


@handle_errors
def norms_activate(pack_id: int = typer.Argument(..., help="The pack id from `tracker norms list`.")) -> None:
    """Switch a pack version on."""
    _set_active(pack_id, True)


@handle_errors
def norms_deactivate(
    pack_id: int = typer.Argument(..., help="The pack id from `tracker norms list`."),
) -> None:
    """Switch a pack version off (compliance ignores it on every date)."""
    _set_active(pack_id, False)


@handle_errors
def norms_rebuild() -> None:
    """Recompute every teacher's materialised daily practice hours (after editing the database by hand)."""
    from tracker.norms import rebuild_practice

    with _session() as session:
        rebuild_practice(session)
    typer.echo("Practice hours recomputed for everyone.")


COMPLIANCE_COLUMNS = [
    "teacher",
    "name",
    "department",
    "norm",
    "required",
    "achieved",
    "unit",
    "status",
    "pending_hours",
    "gap",
    "change_date",
]


@handle_errors
def compliance(
    as_of: str = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD); default today."),
    department: str = typer.Option(None, "--department", help="Only this department (its name)."),
    teacher: str = typer.Option(None, "--teacher", help="Only this teacher (their email)."),
    format: Format = typer.Option(Format.table, "--format", help="table, json or csv."),
    summary: bool = typer.Option(
        False, "--summary", help="Per department: head count and share meeting every norm."
    ),
) -> None:
    """Who meets which norm on a date: achieved, required, status, pending hours, gap, next change."""
    from tracker.norms import ComplianceRow, evaluate_compliance, summarise

    day = _date(as_of)
    with _session() as session:
        department_id, person_ids = _scope(session, department, teacher)
        rows = evaluate_compliance(session, as_of=day, department_id=department_id, person_ids=person_ids)
    if summary:
        out = [
            {**asdict(s), "department": s.department or "—", "share": round(s.share, 4)}
            for s in summarise(rows)
        ]
        columns = ["department", "head_count", "meeting_all", "share", "at_risk", "not_met"]
        if format is Format.table:
            out = [{**r, "share": f"{r['share']:.1%}"} for r in out]
        _emit(out, format, columns, title=f"Meeting every norm on {day}")
        return
    out = [vars(r) for r in rows]  # shallow: asdict() deep-copies and costs 0.1 s on 15,000 rows
    columns = COMPLIANCE_COLUMNS if format is Format.table else list(ComplianceRow.__dataclass_fields__)
    _emit(out, format, columns, title=f"Compliance on {day}")


@handle_errors
def reminders(
    within: int = typer.Option(30, "--within", min=0, max=366, help="Look this many days ahead."),
    ics: Path = typer.Option(None, "--ics", help="Also write the dates to this iCalendar (.ics) file."),
    send: bool = typer.Option(
        False, "--send", help="Mail them through TRACKER_SMTP_URL (default: print only)."
    ),
    as_of: str = typer.Option(None, "--as-of", help="Date (YYYY-MM-DD); default today."),
) -> None:
    """Certificates expiring and norms turning at risk, per teacher with the head in copy."""
    from tracker.norms.reminders import collect_reminders, send_reminders, to_ics
    from tracker.settings import get_settings

    day = _date(as_of)
    with _session() as session:
        found = collect_reminders(session, as_of=day, within=within)
    settings = get_settings()
    if ics is not None:
        try:
            ics.write_bytes(to_ics(found))
        except OSError as exc:
            raise InvalidInput(problem("cannot_write", "--ics", path=str(ics), detail=exc.strerror)) from None
        typer.echo(f"Wrote {sum(len(r.items) for r in found)} dates to {ics}.")
    if send:
        sent = send_reminders(found, settings.smtp_url, settings.mail_from)
        typer.echo(f"Sent {sent} reminder(s).")
        return
    if not found:
        typer.echo(f"Nothing due within {within} days of {day}.")
        return
    for reminder in found:
        typer.echo(_dry(reminder))
    typer.echo(f"{len(found)} reminder(s); dry run, nothing sent (use --send).")


def _dry(reminder) -> str:
    head = f"To: {reminder.teacher}\n" + (f"Cc: {', '.join(reminder.cc)}\n" if reminder.cc else "")
    return f"{head}Subject: {reminder.subject}\n\n{reminder.body}\n{'-' * 60}"
