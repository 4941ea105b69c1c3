"""What every `tracker` command shares: one-line errors, output formats, progress on a terminal."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

import typer

from tracker.errors import InvalidInput, TrackerError


class _StderrConsole:
    """rich's Console on stderr, built on first use: importing rich costs every command start-up (issue 14)."""

    _console = None

    def _real(self):
        if _StderrConsole._console is None:
            from rich.console import Console

            _StderrConsole._console = Console(stderr=True, highlight=False, soft_wrap=True)
        return _StderrConsole._console

    def __getattr__(self, name: str):
        return getattr(self._real(), name)


err_console = _StderrConsole()


def fail(message: str, code: int = 1) -> None:
    """Print one clear line on stderr and stop with ``code``."""
    err_console.print(f"error: {message}", markup=False)
    raise typer.Exit(code)


def handle_errors(fn: Callable) -> Callable:
    """Turn TrackerError (and SQLAlchemy connection failures) into one line and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

        try:
            return fn(*args, **kwargs)
        except InvalidInput as exc:
            for problem in exc.problems:
                err_console.print(str(problem), markup=False)
            fail(f"{len(exc.problems)} problem(s); nothing was changed")
        except TrackerError as exc:
            fail(str(exc))
        except (OperationalError, ProgrammingError) as exc:
            detail = str(getattr(exc, "orig", exc)).splitlines()[0]
            if "no such table" in detail or ("relation" in detail and "does not exist" in detail):
                fail("the database has no tables yet; run `tracker init` first")
            fail(f"cannot use the database: {detail}")
        except DBAPIError as exc:  # e.g. a record changed by someone else at the same moment
            detail = str(getattr(exc, "orig", exc)).splitlines()[0]
            fail(f"the database refused the change, nothing was saved ({detail}); please try again")

    return wrapper


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_plain) + "\n")


def print_table(rows: list[dict], columns: list[str] | None = None, title: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    columns = columns or (list(rows[0]) if rows else [])
    table = Table(title=title)
    for c in columns:
        table.add_column(c)
    for r in rows:
        table.add_row(*("" if r.get(c) is None else str(_plain(r.get(c))) for c in columns))
    Console(highlight=False).print(table)


def progress(items: Iterable, total: int | None, label: str) -> Iterable:
    """A progress bar when stderr is a terminal; the items unchanged otherwise (cron, pipes, tests)."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(items, total=total, description=label, console=err_console._real())
