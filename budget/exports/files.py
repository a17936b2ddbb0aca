"""Tables written as files: CSV (UTF-8 with a byte order mark, so Excel opens Thai
text as Thai; one table) and XLSX (xlsxwriter: a sheet per table, Thai headers frozen,
amounts as numbers with two decimals, dates as dates).

Text never starts a formula: a cell beginning with =, +, -, @ (or a tab or carriage
return, which some spreadsheets strip before reading one) is written with a leading
apostrophe, as Excel shows text typed that way.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter

from budget.exports.tables import Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_LIMIT = 31  # Excel's


def safe_text(text: str) -> str:
    """Text that no spreadsheet reads as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_amount(sheet: Any, at: tuple[int, int], value: Decimal, number_format: Any) -> None:
    """An amount as a number cell. Excel holds every number as a double: a two-decimal
    amount of up to 15 significant digits shows exactly, and our import reads a cell back
    by its stored text, never through float. The one place an amount meets a float."""
    sheet.write_number(*at, float(value), number_format)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")  # with its offset: UTC as recorded
    if isinstance(value, Decimal | int | date):
        return str(
            value
        )  # a number or an ISO date: never a formula (a negative amount keeps its sign)
    return safe_text(str(value))


def to_csv(table: Table) -> bytes:
    """One table as CSV: a header row (Thai / English), then its rows."""
    output = io.StringIO()
    output.write(BOM)
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow([safe_text(header) for header in table.headers])
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row])
    return output.getvalue().encode("utf-8")


def new_workbook() -> tuple[io.BytesIO, xlsxwriter.Workbook]:
    """A workbook written in memory into the buffer returned beside it (its bytes once
    closed); a text is never taken for a formula (every workbook we write: exports,
    the import's template and reconciliation)."""
    output = io.BytesIO()
    return output, xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})


def to_xlsx(tables: list[Table], title: str) -> bytes:
    """The tables as a workbook, one sheet each (named in Thai), headers frozen."""
    output, book = new_workbook()
    header = book.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True})
    formats = {
        "amount": book.add_format({"num_format": "#,##0.00"}),
        "percent": book.add_format({"num_format": "0.00"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "datetime": book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"}),
    }
    book.set_properties({"title": safe_text(title)})
    for table in tables:
        sheet = book.add_worksheet(table.th[:SHEET_NAME_LIMIT])
        for index, text in enumerate(table.headers):
            sheet.write_string(0, index, safe_text(text), header)
            sheet.set_column(index, index, 18)
        sheet.set_row(0, 32)
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(table.rows, start=1):
            for index, (column, value) in enumerate(zip(table.columns, row, strict=True)):
                _cell(sheet, (number, index), column.kind, value, formats)
    book.close()
    return output.getvalue()


def _cell(sheet: Any, at: tuple[int, int], kind: str, value: Any, formats: dict[str, Any]) -> None:
    row, index = at
    if value is None or value == "":
        return
    if isinstance(value, datetime):
        moment = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
        sheet.write_datetime(row, index, moment, formats["datetime"])
    elif isinstance(value, date):
        sheet.write_datetime(row, index, value, formats["date"])
    elif isinstance(value, Decimal):
        write_amount(sheet, at, value, formats.get(kind, formats["amount"]))
    elif isinstance(value, int):
        sheet.write_number(row, index, value)
    else:
        sheet.write_string(row, index, safe_text(str(value)))
