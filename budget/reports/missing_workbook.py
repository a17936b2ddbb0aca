"""Who is missing, as a workbook a provincial office can sort and send: the counts per
province (and the total), then every LAO missing something, with what it misses in Thai.
No text starts a formula (budget.imports.writer.safe_text)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import xlsxwriter

from budget.imports.writer import safe_text
from budget.projections.queries.missing import Missing, MissingCount, MissingLao

REASONS_TH = {
    Missing.NO_BUDGET: "ไม่มีงบประมาณ",
    Missing.NOT_ENACTED: "งบประมาณยังไม่ประกาศใช้",
    Missing.NO_REPORT: "ไม่เคยส่งรายงาน",
    Missing.REPORT_OVERDUE: "รายงานเลยกำหนด",
    Missing.QUIET: "ไม่บันทึกข้อมูล",
}


def missing_workbook(
    fiscal_year: int, as_of: date, counts: Sequence[MissingCount], laos: Sequence[MissingLao]
) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    summary = book.add_worksheet("สรุปตามจังหวัด")
    summary.write_string(0, 0, f"ปีงบประมาณ {fiscal_year} ณ วันที่ {as_of.isoformat()}", bold)
    heads = ["จังหวัด", "อปท.", *REASONS_TH.values(), "ขาดอย่างน้อยหนึ่งอย่าง"]
    for col, head in enumerate(heads):
        summary.write_string(2, col, head, bold)
    for row, c in enumerate(counts, start=3):
        summary.write_string(row, 0, safe_text(c.province_code or "รวม"))
        values = [c.laos, c.no_budget, c.not_enacted, c.no_report, c.report_overdue, c.quiet]
        for col, value in enumerate([*values, c.any_missing], start=1):
            summary.write_number(row, col, value)
    sheet = book.add_worksheet("อปท. ที่ข้อมูลขาด")
    heads = ["รหัส อปท.", "ชื่อ", "จังหวัด", "ประเภท", "ขาด", "รายงานเลยกำหนด", "บันทึกล่าสุด"]
    for col, head in enumerate(heads):
        sheet.write_string(0, col, head, bold)
    sheet.freeze_panes(1, 0)
    for row, lao in enumerate(laos, start=1):
        texts = [
            lao.lao_code,
            lao.name_th,
            lao.province_code,
            lao.lao_type,
            ", ".join(REASONS_TH[m] for m in lao.missing),
        ]
        for col, text in enumerate(texts):
            sheet.write_string(row, col, safe_text(text))
        sheet.write_number(row, 5, lao.overdue_reports)
        sheet.write_string(row, 6, lao.last_entry_on.isoformat() if lao.last_entry_on else "")
    book.close()
    return output.getvalue()
