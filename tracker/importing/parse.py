"""Parsing an import file: the header, then every row validated through ``tracker.validation``.

Pure: no database. Every problem is collected with its line number in the file.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker import validation
from tracker.errors import InvalidInput, Problem
from tracker.i18n import Text
from tracker.importing.read import _blank_cell, _blank_row, _header_key, _table, _Unreadable

KINDS = ("teachers", "activities", "certifications", "outputs")

# A file this wrong (a wrong export, a shifted column) is fixed from its first problems, not a full list.
MAX_PROBLEMS = 1000

Progress = Callable[[Iterable, int | None], Iterable]


@dataclass(frozen=True)
class _Columns:
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return self.required + self.optional


COLUMNS = {
    "teachers": _Columns(
        ("email", "name", "hire_date"), ("department", "role", "category", "title_rank", "industry_years")
    ),
    "activities": _Columns(
        ("teacher_email", "kind", "start_date", "end_date", "hours"), ("enterprise", "status", "description")
    ),
    "certifications": _Columns(
        ("teacher_email", "name", "issued_on"),
        ("issuer", "expires_on", "status", "type", "level", "credential_id"),
    ),
    "outputs": _Columns(("teacher_email", "kind", "title", "date"), ("status",)),
}

# Cells of an existing teacher that, left blank, keep what the database already holds (cell -> person column).
_KEEP_WHEN_BLANK = {
    "department": "department_id",
    "role": "role",
    "category": "category",
    "title_rank": "title_rank",
    "industry_years": "industry_years",
}


@dataclass
class ParsedImport:
    """A validated file: ``rows[i]`` came from line ``lines[i]``; ``problems`` lists everything wrong.

    ``blank_cells[i]`` (teachers only) names the optional cells left blank on that row.
    """

    kind: str
    filename: str
    rows: list[Any] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank_cells: list[frozenset[str]] = field(default_factory=list)
    duplicates_in_file: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_file(
    kind: str,
    source: Path | bytes,
    filename: str | None = None,
    *,
    known_emails: Collection[str] | None = None,
    progress: Progress | None = None,
    importer: str | None = None,
) -> ParsedImport:
    """Read and validate a whole file without touching the database.

    Args:
        kind: ``teachers``, ``activities`` or ``certifications``.
        source: the file's path, or its bytes (an upload).
        filename: the name shown in messages (defaults to the path's name).
        known_emails: when given, activities and certifications must name one of these teachers.
        progress: ``progress(records, total)`` wraps the record iterator (a progress bar on a terminal).
        importer: the email of the person importing; their own rows may not be imported as verified.

    Returns:
        The clean rows with their line numbers, and every problem found (an unreadable file gives just one).
    """
    if kind not in COLUMNS:
        raise InvalidInput(validation.problem("not_one_of", "kind", value=kind, allowed=", ".join(KINDS)))
    name = filename or (source.name if isinstance(source, Path) else "upload")
    parsed = ParsedImport(kind, name)
    try:
        records, total = _table(source)
        if progress is not None:
            records = iter(progress(records, total))
        _parse_records(parsed, records, known_emails, importer)
    except _Unreadable as exc:
        parsed.rows.clear()
        parsed.lines.clear()
        parsed.blank_cells.clear()
        parsed.problems[:] = [Problem("file", exc.args[0])]
    except OSError as exc:
        detail = exc.strerror or str(exc)
        parsed.problems[:] = [validation.problem("import_cannot_read", "file", name=name, detail=detail)]
    return parsed


def _read_header(parsed: ParsedImport, records: Iterator[tuple[int, list]]) -> tuple[int, list[str]] | None:
    columns = COLUMNS[parsed.kind]
    for line, cells in records:
        if all(_blank_cell(c) for c in cells):
            continue
        header = [_header_key(c) for c in cells]
        while header and not header[-1]:
            header.pop()  # trailing empty header cells (spreadsheets often have them)
        present = [h for h in header if h]
        if len(present) == 1 and (";" in present[0] or "\t" in present[0]):
            code = "import_semicolons" if ";" in present[0] else "import_tabs"
            parsed.problems.append(validation.problem(code, "header", line))
            return None
        problems = []
        missing = [c for c in columns.required if c not in present]
        if missing:
            problems.append(Text("problem.import_missing_columns", columns=", ".join(missing)))
        unknown = [h for h in present if h not in columns.all]
        if unknown:
            problems.append(Text("problem.import_unknown_columns", columns=", ".join(unknown)))
        twice = sorted({h for h in present if present.count(h) > 1})
        if twice:
            problems.append(Text("problem.import_columns_twice", columns=", ".join(twice)))
        if "" in header:
            problems.append(Text("problem.import_unnamed_column", number=header.index("") + 1))
        if problems:
            required, optional = ", ".join(columns.required), ", ".join(columns.optional)
            parsed.problems.extend(
                validation.problem("import_header", "header", line, problem=p, required=required,
                                   optional=optional)
                for p in problems
            )
            return None
        return line, header
    parsed.problems.append(validation.problem("import_no_header", "file"))
    return None


def _parse_records(
    parsed: ParsedImport, records: Iterator[tuple[int, list]], known_emails, importer: str | None = None
) -> None:
    found = _read_header(parsed, records)
    if found is None:
        return
    header_line, header = found
    width = len(header)
    kind = parsed.kind
    rows, lines, problems, blanks = parsed.rows, parsed.lines, parsed.problems, parsed.blank_cells
    activity, certification, person = validation.activity, validation.certification, validation.person
    output = validation.output
    seen_teachers: dict[str, tuple[int, Any]] = {}
    for line, cells in records:
        if len(problems) >= MAX_PROBLEMS:
            count = f"{len(problems):,}"
            problems.append(validation.problem("import_stopped", "file", line=line, count=count))
            break
        if len(cells) > width:
            extra = cells[width:]
            if any(not _blank_cell(c) for c in extra):
                problems.append(
                    validation.problem("import_too_many_cells", "cells", line, values=len(cells), width=width)
                )
                continue
            cells = cells[:width]
        if _blank_row(cells):
            continue
        raw = dict(zip(header, cells, strict=False))  # a short row's missing cells are blank
        try:
            if kind == "activities":
                clean = activity(raw, row=line, known_emails=known_emails)
            elif kind == "certifications":
                clean = certification(raw, row=line, known_emails=known_emails)
            elif kind == "outputs":
                clean = output(raw, row=line, known_emails=known_emails)
            else:
                clean = person(raw, row=line)
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        if kind != "teachers" and importer is not None and _self_verified(clean, importer):
            problems.append(validation.problem("own_verified", "status", line))
            continue
        if kind == "teachers":
            earlier = seen_teachers.get(clean.email)
            if earlier is not None:
                if earlier[1] != clean:
                    problems.append(
                        validation.problem("import_teacher_twice", "email", line, email=clean.email,
                                           earlier=earlier[0])
                    )
                else:
                    parsed.duplicates_in_file += 1
                continue
            seen_teachers[clean.email] = (line, clean)
            blanks.append(frozenset(c for c in _KEEP_WHEN_BLANK if _blank_cell(raw.get(c))))
        rows.append(clean)
        lines.append(line)
    if not rows and not problems:
        problems.append(validation.problem("import_no_rows", "file", header_line))


def _self_verified(row, importer: str) -> bool:
    """Nobody verifies their own records, an import included (issue 9)."""
    return row.status == "verified" and row.teacher_email == importer.strip().lower()
