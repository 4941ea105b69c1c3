"""tracker.exports: one cell function for CSV and Excel (formula-like text stays text), and Excel files that
read well: widths, a frozen header with filters, dates as dates (issues 9.5 and 11.9)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tracker.exports import FORMULA_START, export_cell, sheet_title, to_csv, to_xlsx

DANGEROUS = ["=1+1", "+1 555", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")',
             "=cmd|' /C calc'!A0", "＝1+1"]


def _frame():
    return pd.DataFrame({
        "名称 name": ["跨境电商B2B数据运营", "plain", *DANGEROUS],
        "hours": [16.0, None] + [1.5] * len(DANGEROUS),
        "start": [date(2025, 3, 3), None] + [date(2024, 1, 5)] * len(DANGEROUS),
        "reviewed at": [datetime(2025, 3, 10, 17, 0), None] + [None] * len(DANGEROUS),
    })


def test_cells_starting_a_formula_are_neutralised_in_csv():
    rows = list(csv.reader(io.StringIO(to_csv(_frame()).decode("utf-8-sig"))))
    names = [r[0] for r in rows[1:]]
    assert names[:2] == ["跨境电商B2B数据运营", "plain"]
    assert names[2:] == ["'" + d for d in DANGEROUS]
    assert rows[1][1:] == ["16.0", "2025-03-03", "2025-03-10 17:00"] and rows[2][1:] == ["", "", ""]


def test_excel_keeps_the_typed_text_exactly_and_never_a_formula():
    sheet = load_workbook(io.BytesIO(to_xlsx({"Records": _frame()}))).active
    cells = {c.value: c for c in sheet["A"][1:]}
    missing = [text for text in DANGEROUS if text not in cells]
    assert missing in ([], ["\r=1"]), missing  # XML reads a lone CR back as LF; all else is exact
    assert not [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert all(c.quotePrefix for c in sheet["A"][1:] if str(c.value).startswith(tuple(FORMULA_START)))
    assert not cells["plain"].quotePrefix


def test_excel_layout_header_frozen_filtered_widths_and_dates():
    sheet = load_workbook(io.BytesIO(to_xlsx({"Records": _frame()}))).active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:D{len(_frame()) + 1}"
    assert [c.value for c in sheet[1]] == ["名称 name", "hours", "start", "reviewed at"]
    assert all(c.font.bold for c in sheet[1])
    widths = {k: v.width for k, v in sheet.column_dimensions.items()}
    assert widths["A"] >= len("跨境电商B2B数据运营") + 9  # Chinese characters count double
    assert 8 <= widths["B"] < widths["A"] and widths["A"] <= 60
    start, reviewed = sheet["C2"], sheet["D2"]
    assert start.is_date and start.value == datetime(2025, 3, 3) and start.number_format == "yyyy-mm-dd"
    assert reviewed.is_date and reviewed.value == datetime(2025, 3, 10, 17, 0)
    assert reviewed.number_format == "yyyy-mm-dd hh:mm"
    assert sheet["B2"].value == 16.0 and sheet["B3"].value is None


def test_text_excel_cannot_hold_is_replaced_not_fatal():
    frame = pd.DataFrame({"note": ["bell\x07 and nul\x00"]})
    sheet = load_workbook(io.BytesIO(to_xlsx({"x": frame}))).active
    assert sheet["A2"].value == "bell\ufffd and nul\ufffd"


@given(st.text(max_size=40))
def test_no_cell_ever_starts_a_formula_in_csv(text):
    value = export_cell(text, for_csv=True)
    assert not str(value).startswith(FORMULA_START) or str(value).startswith("'")


@pytest.mark.parametrize(("title", "expected"), [("a/b:c?", "a b c "), ("", "Sheet"), ("x" * 40, "x" * 31)])
def test_sheet_titles(title, expected):
    assert sheet_title(title) == expected
