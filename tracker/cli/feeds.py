"""`tracker feeds ...` (sources, OPML, refresh) and `tracker news list`."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from tracker.cli.common import err_console, handle_errors, print_json, print_table
from tracker.i18n import Text


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    feeds_app = typer.Typer(
        rich_markup_mode=None,
        help="Industry-news sources: add, remove, list, OPML, refresh.",
        no_args_is_help=True,
    )
    feeds_app.command("add")(feeds_add)
    feeds_app.command("remove")(feeds_remove)
    feeds_app.command("list")(feeds_list)
    feeds_app.command("import-opml")(feeds_import_opml)
    feeds_app.command("export-opml")(feeds_export_opml)
    feeds_app.command("refresh")(feeds_refresh)
    app.add_typer(feeds_app, name="feeds")
    news_app = typer.Typer(
        rich_markup_mode=None, help="Read the aggregated industry news.", no_args_is_help=True
    )
    news_app.command("list")(news_list)
    app.add_typer(news_app, name="news")


@handle_errors
def feeds_add(
    url: str = typer.Argument(..., help="The feed's address (RSS or Atom), http:// or https://."),
    title: str | None = typer.Option(None, "--title", help="A title to show until the feed provides one."),
    topic: str | None = typer.Option(None, "--topic", help="The group it belongs to (as in OPML)."),
) -> None:
    """Add a news source; the next refresh fetches it."""
    from tracker.auth import Actor
    from tracker.services.news import add_source

    stored = add_source(Actor.system(), url=url, title=title, topic=topic).url
    typer.echo(f"Added {stored}; the next refresh will fetch it.")


@handle_errors
def feeds_remove(
    url: str = typer.Argument(..., help="The address exactly as `tracker feeds list` shows it."),
) -> None:
    """Remove a news source with its entries (bookmarked items are kept)."""
    from tracker.auth import Actor
    from tracker.services.news import remove_source

    remove_source(Actor.system(), url=url)
    typer.echo(f"Removed {url}.")


@handle_errors
def feeds_list(
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
) -> None:
    """List the sources with their health: last status, last error, next check."""
    from feeds.store import list_feeds
    from tracker.db import session_scope

    with session_scope() as session:
        rows = [
            {
                "url": f.url,
                "title": f.title,
                "topic": f.topic,
                "active": f.active,
                "last_status": f.last_status,
                "last_error": f.last_error,
                "last_checked_at": f.last_checked_at,
                "next_check_at": f.next_check_at,
                "error_count": f.error_count,
                "deactivated_reason": f.deactivated_reason,
            }
            for f in list_feeds(session)
        ]
    if format is OutputFormat.json:
        print_json(rows)
    elif not rows:
        typer.echo("No news sources yet: add one with `tracker feeds add URL` or run `tracker init`.")
    else:
        print_table(
            rows,
            ["title", "url", "active", "last_status", "last_error", "next_check_at"],
            title="News sources",
        )


@handle_errors
def feeds_import_opml(file: Path = typer.Argument(..., help="An OPML file of feeds.")) -> None:
    """Add every feed listed in an OPML file (feeds already present are left as they are)."""
    from tracker.auth import Actor
    from tracker.services.news import import_opml

    data = _read_file(file)
    added, existing = import_opml(Actor.system(), data=data)
    typer.echo(f"Added {added} sources; {existing} were already there.")


@handle_errors
def feeds_export_opml(
    file: Path = typer.Argument(..., help="Where to write the OPML file ('-' for standard output)."),
) -> None:
    """Write every active source to an OPML file, grouped by topic."""
    from tracker.auth import Actor
    from tracker.services.news import export_opml

    data = export_opml(Actor.system())
    if str(file) == "-":
        sys.stdout.write(data.decode("utf-8"))
        return
    try:
        file.write_bytes(data)
    except OSError as exc:
        from tracker.errors import TrackerError

        raise TrackerError(Text("problem.cannot_write", path=str(file), detail=exc.strerror)) from exc
    typer.echo(f"Wrote {file}.")


@handle_errors
def feeds_refresh(
    all_: bool = typer.Option(False, "--all", help="Refresh every active source, not only those due."),
    json_: bool = typer.Option(False, "--json", help="Print one JSON object with every feed's outcome."),
) -> None:
    """Fetch the sources that are due.

    Exits 0 even when some sources fail; their errors are listed and stored.
    """
    from feeds.refresh import refresh_due_feeds

    progress = _TerminalProgress() if sys.stderr.isatty() else None
    try:
        report = refresh_due_feeds(all_active=all_, progress=progress.update if progress else None)
    finally:
        if progress:
            progress.stop()
    if json_:
        print_json(report.as_json())
        return
    for outcome in report.outcomes:
        if outcome.status == "error":
            typer.echo(f"{outcome.url}: {outcome.error}")
    typer.echo(
        f"Checked {len(report.outcomes)} sources: {report.count('ok')} updated, "
        f"{report.count('not_modified')} unchanged, {report.count('error')} failed; "
        f"{report.new_entries} new entries."
    )


@handle_errors
def news_list(
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table or json."),
    topic: str | None = typer.Option(None, "--topic", help="A topic slug, e.g. customs_tax."),
    search: str | None = typer.Option(None, "--search", help="Words to look for in titles and summaries."),
    since: str | None = typer.Option(
        None, "--since", help="Only items published on or after this date (YYYY-MM-DD)."
    ),
    limit: int = typer.Option(
        50, "--limit", min=0, help="At most this many items; 0 for every matching item."
    ),
    offset: int = typer.Option(
        0, "--offset", min=0, help="Skip this many of the newest matching items first (to page on)."
    ),
) -> None:
    """List news items, newest first, a page at a time (--limit and --offset)."""
    from tracker.auth import Actor
    from tracker.errors import InvalidInput
    from tracker.services.news import MAX_PAGE, NewsQuery, count_news, list_news, topic_rules

    since_date = None
    if since:
        try:
            since_date = date.fromisoformat(since)
        except ValueError:
            message = Text("problem.cli_not_date", value=since, form="YYYY-MM-DD")
            raise InvalidInput(message, field="--since") from None
    if topic:
        slugs = [r.slug for r in topic_rules()]
        if topic not in slugs:
            message = Text("problem.unknown_topic", topic=topic, values=", ".join(slugs))
            raise InvalidInput(message, field="--topic")
    actor = Actor.system()
    query = NewsQuery(topic=topic, search=search, since=since_date)
    total = count_news(actor, query=query)
    wanted = max(0, total - offset) if limit == 0 else min(limit, max(0, total - offset))
    rows = []
    # the service hands out at most MAX_PAGE items a call; ask page by page until `wanted` are in
    while len(rows) < wanted:
        size = min(MAX_PAGE, wanted - len(rows))
        page = list_news(actor, query=replace(query, limit=size, offset=offset + len(rows)))
        if not page:
            break  # items were removed since the count (retention, a source removed)
        rows.extend(page)
    items = [
        {
            "title": r.title,
            "link": r.link,
            "feed_url": r.sources[0].url if r.sources else None,
            "sources": [s.url for s in r.sources],
            "published": r.published,
            "summary_html": r.summary_html,
            "topics": list(r.topics),
            "sample": r.sample,
        }
        for r in rows
    ]
    if format is OutputFormat.json:
        print_json(items)
    elif not items:
        if total and offset >= total:
            typer.echo(f"No items past --offset {offset}: {total} match.")
        else:
            typer.echo("No news items match (has `tracker feeds refresh` run?).")
    else:
        print_table(
            [
                {
                    **i,
                    "published": i["published"].strftime("%Y-%m-%d %H:%M"),
                    "topics": ", ".join(i["topics"]),
                }
                for i in items
            ],
            ["published", "title", "topics", "link"],
            title="News",
        )
        shown_to = offset + len(items)
        more = f"; the next page: --offset {shown_to}" if shown_to < total else ""
        typer.echo(f"Items {offset + 1}-{shown_to} of {total}{more}.")


def _read_file(file: Path) -> bytes:
    from tracker.errors import TrackerError

    try:
        return file.read_bytes()
    except OSError as exc:
        raise TrackerError(Text("problem.cannot_read", path=str(file), detail=exc.strerror)) from exc


class _TerminalProgress:
    """A rich progress bar on stderr, fed by refresh_due_feeds' progress callback."""

    def __init__(self) -> None:
        from rich.progress import Progress

        self._progress = Progress(console=err_console._real(), transient=True)
        self._task = None
        self._progress.start()

    def update(self, done: int, total: int, outcome) -> None:
        if self._task is None:
            self._task = self._progress.add_task("Refreshing news sources", total=total)
        self._progress.update(self._task, completed=done, description=f"Refreshing: {outcome.url[:60]}")

    def stop(self) -> None:
        self._progress.stop()
