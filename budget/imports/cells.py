"""Reading a workbook file, bounded and strict: its sheets' rows as the text of each cell.

The file is refused whole, with a clear message, when it is not a workbook (an old .xls
or a password-protected file is a compound document, not a zip), when it or its
expansion is too big (a zip bomb), when a sheet has too many rows, merged cells or
formulas (the file must hold values a person can see), or when a sheet or a required
column is missing. python-calamine (Rust) reads the values; the zip's own XML is read
only to find formulas and to bound the expansion.

Amounts are read exactly: a number cell holds an IEEE double (that is what Excel and
LibreOffice store and write into the file), and every amount with at most 15
significant digits (under ten trillion baht, to the satang) is recovered exactly from
its double by the shortest decimal that rounds to it (`repr`), as the spreadsheet shows
it. An amount with more than two decimals is refused later, never rounded.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

from python_calamine import CalamineError, CalamineWorkbook

from budget.domain.fiscal import BE_OFFSET
from budget.imports.choices import label_to_code
from budget.imports.sheets import SHEETS, Column, Sheet

EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of the serial dates of Excel's 1900 system
MAX_FILE_BYTES = 8 * 1024 * 1024  # an LAO's year is well under 1 MB
MAX_EXPANDED_BYTES = 300 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_ROWS = 50_000  # data rows of one sheet
NEUTRALISED = re.compile(r"^'(?=[=+\-@\t\r])")  # the guard the download puts before =+-@
_BE_TEXT = re.compile(r"(?<!\d)2[4-9]\d\d(?!\d)")
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "p": "http://schemas.openxmlformats.org/package/2006/relationships",
}


class FileRefused(Exception):  # noqa: N818 - a file-level refusal, with its words
    def __init__(self, code: str, th: str, en: str) -> None:
        super().__init__(en)
        self.code = code
        self.th = th
        self.en = en


@dataclass(frozen=True, slots=True)
class Row:
    """A sheet's row: its number as the spreadsheet shows it, each column's cell text."""

    number: int
    cells: dict[str, str]


@dataclass(slots=True)
class Workbook:
    rows: dict[str, list[Row]] = field(default_factory=dict)  # by the sheet's key
    be_dates: int = 0  # date cells written in B.E. (year 25xx) and read as such
    ignored_columns: list[str] = field(default_factory=list)


def read_workbook(data: bytes) -> Workbook:
    """Every sheet of the layout, its rows as text (see the module's docstring)."""
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused(
            "file_too_large",
            f"ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // 1024 // 1024} MB",
            f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB",
        )
    archive = _archive(data)
    formulas = _sheets_with_formulas(archive)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as error:
        raise _not_a_workbook() from error
    found = Workbook()
    for sheet in SHEETS:
        if sheet.read_only:
            continue
        name = _sheet_name(book.sheet_names, sheet)
        if name is None:  # a sheet a later layout added, absent from an older file
            found.rows[sheet.key] = []
            continue
        if name in formulas:
            raise FileRefused(
                "formulas_in_file",
                f"แผ่น {name} มีสูตรคำนวณ: กรุณาวางเป็นค่า (Paste Special > Values) แล้วนำเข้าอีกครั้ง",
                f"Sheet {name} holds formulas: paste them as values, then import again",
            )
        found.rows[sheet.key] = _rows(book.get_sheet_by_name(name), sheet, found)
    return found


def _not_a_workbook() -> FileRefused:
    return FileRefused(
        "not_a_workbook",
        "ไฟล์นี้ไม่ใช่สมุดงาน Excel (.xlsx) หรือไฟล์เสียหาย",
        "This is not an Excel workbook (.xlsx), or the file is damaged",
    )


def _archive(data: bytes) -> zipfile.ZipFile:
    if data[:4] == b"\xd0\xcf\x11\xe0":  # a compound document: .xls, or encrypted .xlsx
        raise FileRefused(
            "protected_or_old_workbook",
            "ไฟล์มีรหัสผ่านหรือเป็นไฟล์ .xls รุ่นเก่า: กรุณาเอารหัสผ่านออกและบันทึกเป็น .xlsx",
            "The file has a password or is an old .xls: remove the password, save as .xlsx",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_a_workbook() from None
    expanded = sum(member.file_size for member in members)
    if len(members) > MAX_MEMBERS or expanded > MAX_EXPANDED_BYTES:
        raise FileRefused(
            "file_expands_too_much",
            "ไฟล์ขยายตัวใหญ่เกินกว่าที่สมุดงานปกติจะเป็น",
            "The file expands far beyond what a workbook holds",
        )
    return archive


def _sheets_with_formulas(archive: zipfile.ZipFile) -> set[str]:
    """The names of the sheets whose XML holds a formula (`<f>`)."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        raise _not_a_workbook() from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("p:Relationship", _NS)}
    found = set()
    for sheet in book.findall("m:sheets/m:sheet", _NS):
        target = targets.get(sheet.get(f"{{{_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        if _FORMULA.search(xml):
            found.add(sheet.get("name", ""))
    return found


def _sheet_name(names: list[str], sheet: Sheet) -> str | None:
    """The file's name of `sheet`; None for an optional sheet the file lacks."""
    for name in names:
        if name.strip().casefold() in {sheet.th.casefold(), sheet.en.casefold(), sheet.key}:
            return name
    if sheet.optional:
        return None
    raise FileRefused(
        "sheet_missing",
        f"ไม่พบแผ่น {sheet.th} ({sheet.en}): ใช้แบบฟอร์มที่ดาวน์โหลดจากระบบ",
        f"The sheet {sheet.en} ({sheet.th}) is missing: use the workbook the system gives",
    )


def _rows(source: Any, sheet: Sheet, found: Workbook) -> list[Row]:
    if source.merged_cell_ranges:
        raise FileRefused(
            "merged_cells",
            f"แผ่น {sheet.th} มีการผสานเซลล์: กรุณายกเลิกการผสานเซลล์แล้วนำเข้าอีกครั้ง",
            f"Sheet {sheet.en} has merged cells: unmerge them, then import again",
        )
    rows = iter(source.iter_rows())
    header = next(rows, None)
    if header is None:
        raise _missing_column(sheet, sheet.columns[0])
    keys = _columns(header, sheet, found)
    read: list[Row] = []
    for number, values in enumerate(rows, start=2):
        cells = {
            key: _text(value, sheet.by_key[key], found)
            for key, value in zip(keys, values, strict=False)
            if key
        }
        if not any(cells.values()):
            continue
        if len(read) >= MAX_ROWS:
            raise FileRefused(
                "too_many_rows",
                f"แผ่น {sheet.th} มีเกิน {MAX_ROWS:,} แถว",
                f"Sheet {sheet.en} has more than {MAX_ROWS:,} rows",
            )
        read.append(Row(number, cells))
    return read


def _columns(header: list[Any], sheet: Sheet, found: Workbook) -> list[str]:
    """Each header cell's column key ("" for a column the layout does not know)."""
    names = {}
    for column in sheet.columns:
        for name in (column.header, column.th, column.en, column.key):
            names[_fold(name)] = column.key
    keys = [names.get(_fold(str(cell or "")), "") for cell in header]
    for cell, key in zip(header, keys, strict=True):
        if not key and str(cell or "").strip():
            found.ignored_columns.append(f"{sheet.th}: {cell}")
    for column in sheet.columns:
        if column.required and column.key not in keys:
            raise _missing_column(sheet, column)
    return keys


def _missing_column(sheet: Sheet, column: Column) -> FileRefused:
    return FileRefused(
        "column_missing",
        f"แผ่น {sheet.th} ไม่มีคอลัมน์ {column.th}",
        f"Sheet {sheet.en} has no column {column.en}",
    )


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text(value: Any, column: Column, found: Workbook) -> str:
    """A cell as text its column's reader takes (see the module's docstring)."""
    if type(value) is str:  # the commonest: text as typed
        return _typed_text(value, column, found)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, int | float) and column.kind == "date" and 0 < value < 2_958_466:
        value = EXCEL_EPOCH + timedelta(days=int(value))  # a date cell without a date format
    if isinstance(value, date):
        if value.year > 2400:  # a B.E. year typed into a date cell
            found.be_dates += 1
            try:
                value = value.replace(year=value.year - BE_OFFSET)
            except ValueError:  # 29 February of a B.E. year: the date reader says why
                return f"{value.day}/{value.month}/{value.year}"
        return str(value.isoformat())
    if isinstance(value, float):
        if column.kind == "amount":
            return str(Decimal(repr(value)))
        return str(int(value)) if value.is_integer() else repr(value)
    return _typed_text(str(value), column, found)


def _typed_text(value: str, column: Column, found: Workbook) -> str:
    text = value.strip()
    if text[:1] == "'":
        text = NEUTRALISED.sub("", text)
    if column.kind == "choice":
        return label_to_code(column, text)
    if column.kind == "date" and _BE_TEXT.search(text):
        found.be_dates += 1  # read as B.E. by the date reader
    return text
