"""Writer processes for the robustness tests: ``python -m tests.robustness.workers COMMAND ...``.

Each command writes through the product's own engine settings (``tracker.db.make_engine``) and exits 0 only
when every unit of work committed; any error is printed on stderr (the tests look for "database is locked")
and the exit status is 2."""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from datetime import date, timedelta

EVIDENCE_BYTES = 2048


def evidence_content(tag: str, n: int) -> bytes:
    """Deterministic, distinct bytes for record ``n`` of writer ``tag`` (so a copy can be checked exactly)."""
    seed = hashlib.sha256(f"{tag}:{n}".encode()).digest()
    return b"%PDF-1.4\n" + (seed * (EVIDENCE_BYTES // len(seed) + 1))[: EVIDENCE_BYTES - 9]


def save_activity_with_evidence(session, *, person_id: int, tag: str, n: int) -> None:
    """One unit of work as the dashboard does it: activity, evidence and audit event, all or nothing."""
    from tracker import audit
    from tracker.models import Activity, Evidence

    start = date(2024, 1, 1) + timedelta(days=n % 700)
    activity = Activity(
        person_id=person_id,
        kind="visit",
        start_date=start,
        end_date=start,
        hours=8.0,
        description=f"{tag}-{n}",
        status="submitted",
    )
    session.add(activity)
    session.flush()
    content = evidence_content(tag, n)
    session.add(
        Evidence(
            activity_id=activity.id,
            filename=f"{tag}-{n}.pdf",
            media_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            uploaded_by=person_id,
        )
    )
    audit.record(
        session,
        actor_id=person_id,
        actor=tag,
        action="create",
        entity="activity",
        entity_id=activity.id,
        after=activity,
    )


def write_activities(url: str, person_id: int, tag: str, count: int, until: str | None = None) -> int:
    """Save ``count`` activities (or until the file ``until`` exists, at most two minutes), one transaction
    each; return how many."""
    from pathlib import Path

    from tracker.db import make_engine, session_scope

    engine = make_engine(url)
    deadline = time.monotonic() + 120
    done = 0
    try:
        while done < count and not (until and (Path(until).exists() or time.monotonic() > deadline)):
            with session_scope(engine) as session:
                save_activity_with_evidence(session, person_id=person_id, tag=tag, n=done)
            done += 1
            # a line per commit lets a test know writing has begun (e.g. before it kills or backs up)
            print(done, flush=True)
    finally:
        engine.dispose()
    return done


def import_file(url: str, kind: str, path: str, pause_before_commit: float | None = None) -> None:
    """Import one file; with ``pause_before_commit``, once every row is written and just before the commit,
    print "inserted N" (the table's rows as the import's own transaction sees them) and pause there, so a test
    can kill the process at a known point whatever way the rows were written (executemany, COPY)."""
    from sqlalchemy import event, text
    from sqlmodel import Session

    from tracker.auth import Actor
    from tracker.db import make_engine
    from tracker.importing import import_file as run_import

    engine = make_engine(url)
    table = {"teachers": "person", "activities": "activity", "certifications": "certification"}[kind]
    if pause_before_commit:

        @event.listens_for(Session, "before_commit")
        def _announce(session):
            rows = session.connection().execute(text(f"SELECT count(*) FROM {table}")).scalar()
            print(f"inserted {rows}", flush=True)
            time.sleep(pause_before_commit)

    try:
        result = run_import(engine, kind, path, actor=Actor.system("worker"))
        print(result.summary(), flush=True)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.robustness.workers")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write", help="save activities with evidence, one transaction each")
    w.add_argument("url")
    w.add_argument("--person-id", type=int, required=True)
    w.add_argument("--tag", required=True)
    w.add_argument("--count", type=int, default=10**9)
    w.add_argument("--until", help="stop once this file exists (the test creates it when it is done)")
    i = sub.add_parser("import", help="import one file through tracker.importing")
    i.add_argument("url")
    i.add_argument("kind")
    i.add_argument("path")
    i.add_argument("--pause-before-commit", type=float)
    args = parser.parse_args(argv)
    try:
        if args.command == "write":
            write_activities(args.url, args.person_id, args.tag, args.count, args.until)
        else:
            import_file(args.url, args.kind, args.path, args.pause_before_commit)
    except Exception as exc:  # reported to the test, which fails on it
        print(f"worker error: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
