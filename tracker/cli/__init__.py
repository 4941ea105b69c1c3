"""The `tracker` command: everything an admin or a cron job does.

Each area registers its own commands: core (init, import, user, backup), norms (norms, compliance, reminders)
and feeds (feeds, news).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="tracker",
    help="Teacher enterprise-practice tracker: database, imports, norms, compliance, reminders and news feeds.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    from tracker.cli import core

    core.register(app)
    try:
        from tracker.norms import cli as norms_cli
    except ImportError:  # pragma: no cover - while the area is being built
        norms_cli = None
    if norms_cli is not None and hasattr(norms_cli, "register"):
        norms_cli.register(app)
    try:
        from feeds import cli as feeds_cli
    except ImportError:  # pragma: no cover
        feeds_cli = None
    if feeds_cli is not None and hasattr(feeds_cli, "register"):
        feeds_cli.register(app)


_register_all()


def main() -> None:
    from tracker.cli.common import err_console
    from tracker.errors import ConfigError

    try:
        app()
    except ConfigError as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise SystemExit(1) from None
