"""Practice commands: list activities with their trust level; issue and revoke enterprise confirmation links."""

from __future__ import annotations

from enum import Enum

import typer

from tracker.cli.common import handle_errors, print_json, print_table


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    activities_app = typer.Typer(help="Practice activities.", no_args_is_help=True)
    activities_app.command("list")(activities_list)
    app.add_typer(activities_app, name="activities")
    confirmation_app = typer.Typer(help="Enterprise confirmation links (issue 13).", no_args_is_help=True)
    confirmation_app.command("link")(confirmation_link)
    confirmation_app.command("revoke")(confirmation_revoke)
    app.add_typer(confirmation_app, name="confirmation")


@handle_errors
def activities_list(
    teacher: str = typer.Option(None, "--teacher", help="Only this teacher (their email)."),
    status: str = typer.Option(None, "--status", help="Only this status: draft, submitted, verified or rejected."),
    format: ListFormat = typer.Option(ListFormat.table, "--format", help="table or json."),
) -> None:
    """Every activity with its claimed hours, status, trust level and the hours the enterprise confirmed."""
    from dataclasses import asdict

    from tracker.services._acting import COMMAND_LINE
    from tracker.services.activities import list_practice

    rows = [asdict(r) for r in list_practice(COMMAND_LINE, teacher_email=teacher, status=status)]
    if format is ListFormat.json:
        print_json(rows)
    else:
        print_table(rows, ["id", "teacher", "kind", "enterprise", "start_date", "end_date", "hours", "status",
                           "trust", "confirmed_hours"])


@handle_errors
def confirmation_link(
    activity_id: int = typer.Argument(..., help="The activity's number (see `tracker activities list`)."),
    days: int = typer.Option(None, "--days", help="Days the link stays valid (default TRACKER_CONFIRMATION_DAYS, 30)."),
    email: bool = typer.Option(False, "--email", help="Also mail the link to the enterprise mentor (TRACKER_SMTP_URL)."),
    to: str = typer.Option(None, "--to", help="Mail it to this address instead of the plan's mentor."),
) -> None:
    """Print a new confirmation link for the host enterprise (and mail it with --email)."""
    from tracker.services._acting import COMMAND_LINE
    from tracker.services.confirmation import issue_confirmation_link

    link = issue_confirmation_link(COMMAND_LINE, activity_id=activity_id, days=days, email=email or bool(to), to=to)
    typer.echo(link.url)
    typer.echo(f"valid until {link.expires_at.isoformat(timespec='minutes')}", err=True)
    if link.sent_to:
        typer.echo(f"mailed to {link.sent_to}", err=True)


@handle_errors
def confirmation_revoke(
    activity_id: int = typer.Argument(..., help="The activity's number."),
) -> None:
    """End every open confirmation link of an activity."""
    from tracker.services._acting import COMMAND_LINE
    from tracker.services.confirmation import revoke_confirmation_links

    n = revoke_confirmation_links(COMMAND_LINE, activity_id=activity_id)
    typer.echo(f"{n} link(s) revoked.")
