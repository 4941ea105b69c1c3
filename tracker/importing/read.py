"""Reading an import file: CSV (UTF-8, BOM accepted) or XLSX (first sheet) as numbered lines of cells.

No validation and no database here: the lines go to ``parse``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from tracker.i18n import Text


class _Unreadable(Exception):
    """The file as a whole cannot be read; the message is for a teacher."""


_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted (password-protected) .xlsx


def _head(source: Path | bytes, size: int = 8192) -> bytes:
    if isinstance(source, bytes | bytearray):
        return bytes(source[:size])
    with open(source, "rb") as f:
        return f.read(size)


def _open_binary(source: Path | bytes) -> io.BufferedIOBase:
    if isinstance(source, bytes | bytearray):
        return io.BytesIO(source)
    return open(source, "rb")


def _count_lines(source: Path | bytes) -> int:
    """Newlines in the file: the progress bar's total (cheap next to parsing)."""
    if isinstance(source, bytes | bytearray):
        return source.count(b"\n") or 1
    count = 0
    with open(source, "rb") as f:
        while chunk := f.read(1 << 20):
            count += chunk.count(b"\n")
    return count or 1


def _not_utf8_message(sample: bytes) -> Text:
    try:
        sample.decode("gb18030")
    except UnicodeDecodeError:
        return Text("problem.import_not_utf8")
    return Text("problem.import_gbk")


def _csv_lines(source: Path | bytes) -> Iterator[tuple[int, list]]:
    """(line number where the record starts, cells) for every record of a UTF-8 CSV (BOM or not)."""
    raw = _open_binary(source)
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise _Unreadable(_not_utf8_message(exc.object[max(0, exc.start - 64) : exc.start + 64])) from None
    except csv.Error as exc:
        raise _Unreadable(Text("problem.import_broken_csv", line=reader.line_num, detail=str(exc))) from None
    finally:
        text.close()


def _xlsx_lines(source: Path | bytes) -> tuple[Iterator[tuple[int, list]], int | None]:
    """(row number, cells) for the first worksheet, and the sheet's stated row count."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes | bytearray) else source,
            read_only=True,
            data_only=True,
        )
    except Exception:  # openpyxl raises many kinds for damaged files; any of them means "cannot read"
        raise _Unreadable(Text("problem.import_bad_xlsx")) from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row
    # Some writers store a wrong sheet size; without this, read-only mode would silently stop early.
    sheet.reset_dimensions()

    def rows() -> Iterator[tuple[int, list]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            workbook.close()

    return rows(), total


def _table(source: Path | bytes) -> tuple[Iterator[tuple[int, list]], int | None]:
    """Sniff the content (not the name) and return its records and an estimate of their number."""
    head = _head(source)
    if head.startswith(_ZIP):
        return _xlsx_lines(source)
    if head.startswith(_OLE2):
        raise _Unreadable(Text("problem.import_xls"))
    if b"\x00" in head or head.startswith(b"%PDF"):
        raise _Unreadable(Text("problem.import_not_table"))
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _Unreadable(Text("problem.import_empty"))
    return _csv_lines(source), _count_lines(source)


def _header_key(cell) -> str:
    return str(cell or "").strip().lstrip("\ufeff").strip().lower().replace(" ", "_").replace("-", "_")


def _blank_cell(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _blank_row(cells: list) -> bool:
    try:
        return not "".join(cells).strip()  # CSV: all strings, checked in one C call
    except TypeError:  # spreadsheet cells: numbers, dates, None
        return all(_blank_cell(c) for c in cells)
