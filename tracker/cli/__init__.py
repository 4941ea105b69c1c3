"""The `tracker` command: everything an admin or a cron job does.

Each area registers its own commands: core (init, import, user, backup), norms (norms, compliance, reminders)
and feeds (feeds, news).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    rich_markup_mode=None,
    name="tracker",
    help="Teacher enterprise-practice tracker: database, imports, norms, compliance, reminders and news feeds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    from tracker.cli import core
    from tracker.cli import dual as dual_cli
    from tracker.cli import feeds as feeds_cli
    from tracker.cli import norms as norms_cli
    from tracker.cli import practice as practice_cli

    core.register(app)
    norms_cli.register(app)
    dual_cli.register(app)
    feeds_cli.register(app)
    practice_cli.register(app)


_register_all()


def main() -> None:
    from tracker.cli.common import err_console
    from tracker.errors import ConfigError

    try:
        app()
    except ConfigError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise SystemExit(1) from None
