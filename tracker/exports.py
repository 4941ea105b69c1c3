"""Spreadsheet files (CSV, Excel) from tables: every cell a person typed stays data, never a formula.

One cell function, :func:`export_cell`, decides how a value is written; both writers use it. Text that a
spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return;
OWASP's list, plus their full-width forms) is neutralised:

- CSV: prefixed with an apostrophe (the only portable way: Excel, LibreOffice and WPS show the rest as text);
- Excel: written as a text cell with Excel's "quote prefix" flag, so the cell shows exactly what was typed and
  stays text when someone edits it. openpyxl would otherwise store a string starting with ``=`` as a formula.

Excel files also get what a reader expects (issue 11): a bold, frozen header row with filters, columns wide
enough for their text, dates and times as real dates. See docs/security.md, "Exports".
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas only for the writers' type: the command line's CSV uses export_cell without it
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# characters XML 1.0 cannot carry: openpyxl raises on them, which would make one odd description fail a report
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_WIDTH_SAMPLE = 2000  # rows looked at to size a column: enough to see long values, fast on big teams
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would treat ``value`` (text) as a formula or a command."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def export_cell(value: object, *, for_csv: bool = False) -> object:
    """The value as a spreadsheet cell: ``None`` for blanks, dates as ``date``/``datetime``, numbers as they
    are, text without XML-illegal characters and (in CSV) formula-like text prefixed with ``'``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):  # also pandas' Timestamp; NaT is the one that is not equal to itself
        if value != value:
            return None
        plain = datetime.combine(value.date(), value.time())  # a Timestamp's date, not a Timestamp
        return plain.date() if type(value) is not datetime and plain.time() == datetime.min.time() else plain
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("\ufffd", value)
        if for_csv and is_formula_like(value):
            return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel opens Chinese text correctly; dates as ``YYYY-MM-DD``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([export_cell(str(c), for_csv=True) for c in frame.columns])
    for row in frame.itertuples(index=False):
        writer.writerow(["" if (v := export_cell(x, for_csv=True)) is None else _csv_text(v) for x in row])
    return out.getvalue().encode("utf-8-sig")


def _csv_text(value: object) -> object:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per frame (openpyxl's streaming mode, so large teams stay fast)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title=sheet_title(title))
        _write_sheet(sheet, frame)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_sheet(sheet, frame: pd.DataFrame) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = [str(c) for c in frame.columns]
    # a streaming sheet writes its layout before the first row: widths and the frozen header come first
    for index, width in enumerate(_widths(frame), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, top = Font(bold=True), Alignment(vertical="top")
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=_text_cell_value(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in frame.itertuples(index=False):
        cells = []
        for raw in row:
            value = export_cell(raw)
            cell = WriteOnlyCell(sheet)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # never "f": text that looks like a formula stays text
                if is_formula_like(value):
                    cell.quotePrefix = True  # Excel keeps it text when someone edits the cell
            else:
                cell.value = value
                if isinstance(value, datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
            cell.alignment = top
            cells.append(cell)
        sheet.append(cells)
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"


def _text_cell_value(text: str) -> str:
    return _XML_ILLEGAL.sub("\ufffd", text)


def _widths(frame: pd.DataFrame) -> list[float]:
    widths = []
    for position, name in enumerate(frame.columns):
        values = frame.iloc[:_WIDTH_SAMPLE, position]
        longest = max([display_width(str(name)) + 3] + [display_width(_shown(v)) for v in values])
        widths.append(float(min(_MAX_WIDTH, max(_MIN_WIDTH, longest + 2))))
    return widths


def _shown(value: object) -> str:
    value = export_cell(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return "0000-00-00 00:00"
    if isinstance(value, date):
        return "0000-00-00"
    return str(value)


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: Chinese (wide) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def sheet_title(title: str) -> str:
    """A valid Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"
