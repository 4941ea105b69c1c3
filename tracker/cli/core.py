"""Core commands: init, import, user, backup."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path

import typer

from tracker.cli.common import fail, handle_errors, progress


class ImportKind(str, Enum):
    teachers = "teachers"
    activities = "activities"
    certifications = "certifications"
    outputs = "outputs"


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("import")(import_)
    user_app = typer.Typer(rich_markup_mode=None, help="Manage sign-in accounts.", no_args_is_help=True)
    user_app.command("add")(user_add)
    user_app.command("set-password")(user_set_password)
    app.add_typer(user_app, name="user")
    app.command("backup")(backup)


@handle_errors
def init(
    demo: bool = typer.Option(
        False, "--demo", help="Also load the fictional demo college and its demo accounts."
    ),
) -> None:
    """Create the database or upgrade it to the newest schema; load the shipped norm packs and news sources."""
    from tracker.setup import initialise

    report = initialise(demo=demo)
    typer.echo(report)


@handle_errors
def import_(
    kind: ImportKind = typer.Argument(
        ..., help="What the file holds: teachers, activities, certifications or outputs."
    ),
    file: Path = typer.Argument(..., help="A .csv (UTF-8, BOM accepted) or .xlsx file, header row first."),
) -> None:
    """Import a CSV or XLSX file, all or nothing: one bad row imports nothing and every bad row is listed."""
    from tracker.auth import Actor
    from tracker.db import get_engine
    from tracker.importing import import_file

    result = import_file(
        get_engine(),
        kind.value,
        file,
        progress=lambda rows, total: progress(rows, total, f"Importing {kind.value}"),
        actor=Actor.system(),
    )
    typer.echo(result.summary())


def _read_password(password_stdin: bool, email: str) -> str:
    from tracker import validation

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(f"Password for {email}", hide_input=True, confirmation_prompt=True)
    return validation.password(password)


@handle_errors
def user_add(
    email: str = typer.Argument(..., help="The person's email (their sign-in name)."),
    role: str = typer.Option(..., "--role", help="teacher, head or admin."),
    name: str | None = typer.Option(None, "--name", help="Full name (defaults to the part before @)."),
    department: str | None = typer.Option(None, "--department", help="Department name (created if new)."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Add a person who can sign in (or give an existing person a role and password)."""
    from tracker.auth import Actor
    from tracker.services.people import ensure_account

    password = _read_password(password_stdin, email)
    person = ensure_account(Actor.system(), email=email, role=role, name=name, department=department,
                            password=password)
    typer.echo(f"{person.email} can now sign in as {person.role}.")


@handle_errors
def user_set_password(
    email: str = typer.Argument(..., help="The person's email."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Set a new password for a person."""
    from tracker.auth import Actor
    from tracker.services.people import set_password_by_email

    password = _read_password(password_stdin, email)
    set_password_by_email(Actor.system(), email=email, password=password)
    typer.echo(f"Password changed for {email.strip().lower()}.")


@handle_errors
def backup(
    path: Path = typer.Argument(..., help="Where to write the copy (a new file)."),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
) -> None:
    """Copy a SQLite database consistently while the app is in use (SQLite's online backup API)."""
    from tracker.backup import backup_database

    if path.exists() and not force:
        fail(f"{path} exists; choose a new file or pass --force")
    result = backup_database(path)
    typer.echo(result)
