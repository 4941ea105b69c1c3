"""Importing teachers, activities and certifications from CSV or XLSX files, all or nothing.

Two steps. ``parse_file`` is pure: it reads the file, checks the header and validates every row through
``tracker.validation`` (the one set of rules), collecting every problem with its line number in the file.
``import_file`` adds what needs the database (known teachers, duplicates already stored) and then writes
everything in one transaction, or nothing at all when any row has a problem.

Columns (header row first; names are case-insensitive; optional columns may be left out or left blank):

- teachers: ``email, name, hire_date`` and optional ``department, role, category, title_rank, industry_years``
- activities: ``teacher_email, kind, start_date, end_date, hours`` and optional
  ``enterprise, status, description``
- certifications: ``teacher_email, name, issued_on`` and optional
  ``issuer, expires_on, status, type, level, credential_id``
- outputs: ``teacher_email, kind, title, date`` and optional ``status``
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tracker import validation  # noqa: F401 - the rules every row is checked against (tests use it as the oracle)
from tracker.auth import Actor
from tracker.db import one_at_a_time, session_scope
from tracker.errors import InvalidInput
from tracker.importing.parse import COLUMNS, KINDS, MAX_PROBLEMS, ParsedImport, Progress, parse_file
from tracker.importing.write import (
    ImportResult,
    _audit,
    _emails_to_ids,
    _rebuild_practice,
    _write_activities,
    _write_certifications,
    _write_outputs,
    _write_teachers,
)

__all__ = ["COLUMNS", "KINDS", "MAX_PROBLEMS", "ImportResult", "ParsedImport", "import_file", "parse_file"]


def import_file(
    engine: Engine,
    kind: str,
    source: Path | bytes,
    *,
    filename: str | None = None,
    progress: Progress | None = None,
    actor: Actor | None = None,
) -> ImportResult:
    """Validate a whole file and write it in one transaction; any problem means nothing is written.

    Teachers are upserted by email (departments created by name; blank department/role/category cells keep an
    existing teacher's values). Activities and certifications must name teachers already in the database;
    unknown enterprises are created; rows identical to one already stored, or to an earlier row of the same
    file, are skipped and counted, so importing a file twice adds nothing the second time.

    Rows imported as ``verified`` name the importing person (``actor``) as their reviewer, and a person's own
    rows may not be imported as verified. The system actor (the command line, run by the server's operator)
    records the review time but no reviewer.

    Raises:
        InvalidInput: listing every problem as ``row N: column: message`` (N is the line in the file).
    """
    if kind not in COLUMNS:
        raise InvalidInput(validation.problem("not_one_of", "kind", value=kind, allowed=", ".join(KINDS)))
    known = None
    if kind != "teachers":
        with engine.connect() as conn:
            known = _emails_to_ids(conn)
    importer = actor.email if actor is not None and actor.person_id is not None else None
    parsed = parse_file(kind, source, filename, known_emails=known, progress=progress, importer=importer)
    if parsed.problems:
        raise InvalidInput(parsed.problems)
    reviewer_id = actor.person_id if importer is not None else None
    with session_scope(engine) as session:
        one_at_a_time(session, "import")  # duplicate checks must see an import running at the same moment
        conn = session.connection()
        if kind == "teachers":
            created, updated, skipped = _write_teachers(conn, parsed)
        elif kind == "activities":
            created, updated, skipped = _write_activities(conn, parsed, known, reviewer_id)
        elif kind == "outputs":
            created, updated, skipped = _write_outputs(conn, parsed, known, reviewer_id)
        else:
            created, updated, skipped = _write_certifications(conn, parsed, known, reviewer_id)
        skipped += parsed.duplicates_in_file
        result = ImportResult(kind, parsed.filename, created, updated, skipped)
        _audit(session, actor or Actor.system(), result)
        if kind == "activities" and created:
            _rebuild_practice(session, sorted({known[r.teacher_email] for r in parsed.rows}))
    return result
