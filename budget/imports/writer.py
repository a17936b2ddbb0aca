"""Writing the workbook of an LAO's year (xlsxwriter): a first sheet explaining each
sheet in Thai, then one sheet per part of the year with its header frozen, Thai headers
with English beside, the domain's choices offered from a list, and dates and amounts
checked by Excel's own data validation.

Text never starts a formula: a cell beginning with =, +, - or @ is written with a
leading apostrophe (as Excel shows text typed that way), which the import takes off.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from budget.exports.files import new_workbook, safe_text, write_amount
from budget.imports.choices import choice_labels
from budget.imports.reconciliation import Reconciliation
from budget.imports.sheets import EXPLAINED, FORMAT, SHEETS, Column, Sheet
from budget.imports.year import Rows

LIST_SHEET = "lists"
MAX_VALIDATED_ROW = 20_000
INTRODUCTION = (
    "สมุดงานนี้คือข้อมูลงบประมาณหนึ่งปีของ อปท. หนึ่งแห่ง ตามที่ระบบบันทึกไว้ "
    "แก้ไขหรือเพิ่มแถวแล้วนำเข้า (budget import หรือหน้านำเข้าข้อมูล) ระบบจะบันทึกเฉพาะสิ่งที่ใหม่หรือเปลี่ยนไป",
    "• วันที่: กรอกเป็นวันที่ของ Excel หรือข้อความ วว/ดด/ปปปป ได้ทั้ง พ.ศ. และ ค.ศ. (ปีที่เกิน 2400 ถือเป็น พ.ศ.)",
    "• จำนวนเงิน: ตัวเลขหรือข้อความ ทศนิยมไม่เกินสองตำแหน่ง ไม่ใช้สูตรคำนวณ",
    "• นำเข้าไฟล์เดิมซ้ำ: ไม่มีการบันทึกซ้ำ แก้จำนวนเงินการเบิกจ่าย = บันทึกการแก้ไข พร้อมเหตุผล (ถ้าไม่ระบุ ระบบใส่ให้)",
    "• แถวที่ลบออกจากไฟล์จะถูกรายงาน ไม่ถูกยกเลิก การยกเลิกต้องเพิ่มแถวในแผ่นกันเงินและปิดโครงการพร้อมเหตุผล",
    "• ไฟล์ที่มีแถวใดไม่ผ่านกฎ จะไม่ถูกบันทึกเลยทั้งไฟล์ และรายงานทุกแถวที่ไม่ผ่าน",
    "• ห้ามผสานเซลล์ ห้ามใช้สูตร ห้ามใส่รหัสผ่าน",
)


def write_workbook(rows: Rows) -> bytes:
    """The workbook of `rows` (budget.imports.year.year_rows), as XLSX bytes."""
    output, book = new_workbook()
    formats = _formats(book)
    _explain(book.add_worksheet(EXPLAINED), formats)
    lists = book.add_worksheet(LIST_SHEET)
    lists.hide()
    next_list = 0
    for sheet in SHEETS:
        sheet_rows = rows.get(sheet.key, [])
        worksheet = book.add_worksheet(sheet.title)
        _header(worksheet, sheet, formats)
        for number, row in enumerate(sheet_rows, start=1):
            for index, column in enumerate(sheet.columns):
                _cell(worksheet, (number, index), column, row.get(column.key), formats)
        if not sheet.read_only:
            next_list = _validation(worksheet, sheet, lists, next_list)
    book.set_properties({"title": f"budget workbook {FORMAT}", "comments": FORMAT})
    book.close()
    return output.getvalue()


def _formats(book: Any) -> dict[str, Any]:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True}),
        "amount": book.add_format({"num_format": "#,##0.00"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "bold": book.add_format({"bold": True}),
    }


def _explain(sheet: Worksheet, formats: dict[str, Any]) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 0, "คำอธิบายสมุดงาน", formats["title"])
    row = 2
    for line in INTRODUCTION:
        sheet.write_string(row, 0, line, formats["wrap"])
        row += 1
    row += 1
    sheet.write_string(row, 0, "แผ่นงาน / sheet", formats["bold"])
    sheet.write_string(row, 1, "เก็บอะไร", formats["bold"])
    for part in SHEETS:
        row += 1
        sheet.write_string(row, 0, f"{part.th} ({part.en})")
        sheet.write_string(row, 1, part.about, formats["wrap"])
    sheet.write_string(row + 2, 0, f"รูปแบบไฟล์ {FORMAT}")


def _header(sheet: Worksheet, part: Sheet, formats: dict[str, Any]) -> None:
    for index, column in enumerate(part.columns):
        sheet.write_string(0, index, column.header, formats["header"])
        sheet.set_column(index, index, column.width)
    sheet.set_row(0, 32)
    sheet.freeze_panes(1, 0)


def _cell(
    sheet: Worksheet, at: tuple[int, int], column: Column, value: Any, formats: dict[str, Any]
) -> None:
    row, index = at
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, index, "ใช่" if value else "")
    elif isinstance(value, Decimal):
        write_amount(sheet, at, value, formats["amount"])
    elif isinstance(value, date):
        sheet.write_datetime(row, index, value, formats["date"])
    elif isinstance(value, int):
        sheet.write_number(row, index, value)
    elif column.kind == "choice":
        sheet.write_string(row, index, choice_labels(column).get(str(value), str(value)))
    else:
        sheet.write_string(row, index, safe_text(str(value)))


def _validation(sheet: Worksheet, part: Sheet, lists: Worksheet, next_list: int) -> int:
    """Excel's checks on the data rows: choices from a list, dates, amounts, numbers."""
    last = MAX_VALIDATED_ROW
    for index, column in enumerate(part.columns):
        if column.kind == "choice":
            labels = list(choice_labels(column).values())
            for offset, label in enumerate(labels):
                lists.write_string(offset, next_list, label)
            letter = xlsxwriter.utility.xl_col_to_name(next_list)
            source = f"={LIST_SHEET}!${letter}$1:${letter}${len(labels)}"
            sheet.data_validation(1, index, last, index, {"validate": "list", "source": source})
            next_list += 1
        elif column.kind == "date":
            sheet.data_validation(
                1, index, last, index,
                {"validate": "date", "criteria": "between",
                 "minimum": date(1990, 1, 1), "maximum": date(2200, 12, 31),
                 "ignore_blank": True, "error_type": "warning"},
            )  # fmt: skip
        elif column.kind == "amount":
            sheet.data_validation(
                1, index, last, index,
                {"validate": "decimal", "criteria": "between", "minimum": 0,
                 "maximum": 1_000_000_000_000, "error_type": "warning"},
            )  # fmt: skip
        elif column.kind == "int":
            sheet.data_validation(
                1, index, last, index,
                {"validate": "integer", "criteria": ">=", "value": 0, "error_type": "warning"},
            )  # fmt: skip
    return next_list


def write_reconciliation(found: Reconciliation) -> bytes:
    """The reconciliation as a workbook to keep: the counts and totals, then every
    refused row and every disagreement."""
    output, book = new_workbook()
    formats = _formats(book)
    summary = book.add_worksheet("สรุปการนำเข้า")
    head = [
        ("ไฟล์ / file", found.file_name),
        ("SHA-256", found.sha256),
        ("รหัสการนำเข้า / import id", str(found.import_id)),
        ("อปท. / LAO", f"{found.lao_code} {found.lao_name}"),
        ("ปีงบประมาณ / fiscal year", str(found.fiscal_year)),
        ("บันทึกแล้ว / recorded", "ใช่" if found.recorded else "ไม่ (ไม่มีการบันทึกใด ๆ)"),
        ("เหตุการณ์ / events", str(found.events)),
        ("วันที่ พ.ศ. ที่แปลง / B.E. dates read", str(found.be_dates_converted)),
    ]
    for row, (label, value) in enumerate(head):
        summary.write_string(row, 0, label, formats["bold"])
        summary.write_string(row, 1, safe_text(value))
    _table(
        summary,
        len(head) + 1,
        ("แผ่นงาน", "แถว", "บันทึกใหม่", "แก้ไข", "มีอยู่แล้ว", "ไม่ผ่าน", "ยอดในไฟล์", "ยอดในระบบ"),
        [
            (s.sheet_th, s.rows, s.recorded, s.corrected, s.present, s.refused,
             s.total_in_file, s.total_in_system)
            for s in found.sheets
        ],
        formats,
    )  # fmt: skip
    _table(
        summary,
        len(head) + len(found.sheets) + 3,
        ("งบ", "งบประมาณตามไฟล์", "งบประมาณในระบบ", "เบิกจ่ายตามไฟล์", "เบิกจ่ายในระบบ", "ก่อหนี้ในระบบ"),
        [
            (g.name_th, g.allocated_in_file, g.allocated_in_system, g.disbursed_in_file,
             g.disbursed_in_system, g.obligated_in_system)
            for g in found.groups
        ],
        formats,
    )  # fmt: skip
    _table(
        book.add_worksheet("แถวที่ไม่ผ่าน"),
        0,
        ("แผ่นงาน", "แถว", "คอลัมน์", "ค่า", "รหัสกฎ", "เหตุผล", "reason"),
        [(r.sheet_th, r.row, r.column_th, r.value, r.code, r.th, r.en) for r in found.refused],
        formats,
    )
    _table(
        book.add_worksheet("ไม่ตรงกัน"),
        0,
        ("แผ่นงาน", "แถว", "อ้างอิง", "ในไฟล์", "ในระบบ", "คำอธิบาย"),
        [
            (d.sheet_th, d.row, d.reference, d.in_file, d.in_system, d.th)
            for d in found.disagreements
        ],
        formats,
    )
    book.close()
    return output.getvalue()


def _table(
    sheet: Worksheet,
    first: int,
    header: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    formats: dict[str, Any],
) -> None:
    for index, title in enumerate(header):
        sheet.write_string(first, index, title, formats["header"])
        sheet.set_column(index, index, 18)
    for number, row in enumerate(rows, start=first + 1):
        for index, value in enumerate(row):
            if isinstance(value, Decimal):
                write_amount(sheet, (number, index), value, formats["amount"])
            elif isinstance(value, int):
                sheet.write_number(number, index, value)
            elif value is not None:
                sheet.write_string(number, index, safe_text(str(value)))
