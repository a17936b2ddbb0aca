"""An import's reconciliation on paper (A4, Thai): what the file was, what was recorded,
each sheet's rows and totals against the system, the budget groups, every refused row
and every disagreement (budget.imports.reconciliation)."""

from __future__ import annotations

from datetime import UTC, datetime

from reportlab.platypus import Flowable, Spacer

from budget.imports.reconciliation import Reconciliation
from budget.reports.document import PageInfo, build_pdf
from budget.reports.parts import heading, paragraph, title_block
from budget.reports.tables import Column, data_table, money


def reconciliation_pdf(found: Reconciliation) -> bytes:
    """The reconciliation as a PDF to keep beside the file it reconciles."""
    outcome = (
        f"บันทึกแล้ว {found.events:,} เหตุการณ์"
        if found.recorded
        else "ไม่ได้บันทึกข้อมูลใดจากไฟล์นี้" + (" (ตรวจสอบอย่างเดียว)" if found.dry_run else "")
    )
    story: list[Flowable] = title_block(
        "ผลการนำเข้าไฟล์ข้อมูลงบประมาณ",
        f"{found.lao_name} ({found.lao_code}) ปีงบประมาณ {found.fiscal_year}",
        [
            ("ไฟล์", found.file_name),
            ("ผล", outcome),
            ("รหัสการนำเข้า", str(found.import_id)),
            ("SHA-256", found.sha256),
            ("วันที่ พ.ศ. ที่อ่านและแปลง", f"{found.be_dates_converted:,}"),
            ("แถวที่ไม่ผ่าน", f"{len(found.refused):,}"),
        ],
    )
    story += heading("จำนวนแถวและยอดรวมรายแผ่นงาน")
    story.append(
        data_table(
            [
                Column("แผ่นงาน", 2.2),
                Column("แถว", 0.8, "right"),
                Column("ใหม่", 0.8, "right"),
                Column("แก้ไข", 0.8, "right"),
                Column("มีแล้ว", 0.8, "right"),
                Column("ไม่ผ่าน", 0.8, "right"),
                Column("ยอดในไฟล์", 1.8, "right"),
                Column("ยอดในระบบ", 1.8, "right"),
            ],
            [
                [
                    s.sheet_th,
                    f"{s.rows:,}",
                    f"{s.recorded:,}",
                    f"{s.corrected:,}",
                    f"{s.present:,}",
                    f"{s.refused:,}",
                    money(s.total_in_file),
                    money(s.total_in_system),
                ]
                for s in found.sheets
            ],
        )
    )
    if found.groups:
        story += heading("งบประมาณและการเบิกจ่ายรายงบ: ไฟล์เทียบกับระบบ")
        story.append(
            data_table(
                [
                    Column("งบ", 1.6),
                    Column("งบประมาณ (ไฟล์)", 1.6, "right"),
                    Column("งบประมาณ (ระบบ)", 1.6, "right"),
                    Column("เบิกจ่าย (ไฟล์)", 1.6, "right"),
                    Column("เบิกจ่าย (ระบบ)", 1.6, "right"),
                ],
                [
                    [
                        g.name_th,
                        money(g.allocated_in_file),
                        money(g.allocated_in_system),
                        money(g.disbursed_in_file),
                        money(g.disbursed_in_system),
                    ]
                    for g in found.groups
                ],
            )
        )
    if found.refused:
        story += heading("แถวที่ไม่ผ่านกฎ")
        story.append(
            data_table(
                [
                    Column("แผ่นงาน", 1.6),
                    Column("แถว", 0.6, "right"),
                    Column("คอลัมน์", 1.4),
                    Column("ค่า", 1.2),
                    Column("เหตุผล", 3.6),
                ],
                [[r.sheet_th, str(r.row), r.column_th, r.value, r.th] for r in found.refused],
            )
        )
    if found.disagreements:
        story += heading("ข้อมูลในไฟล์ที่ไม่ตรงกับระบบ (ไม่ได้แก้ไข)")
        for item in found.disagreements:
            detail = f": {item.in_file} ≠ {item.in_system}" if item.in_file else ""
            story.append(paragraph(f"• {item.th}{detail}"))
    story.append(Spacer(1, 6))
    info = PageInfo(
        title=f"ผลการนำเข้า {found.file_name}",
        position=found.position,
        printed_at=datetime.now(UTC),
        subject=f"reconciliation {found.import_id}",
    )
    pdf, _ = build_pdf(story, info)
    return pdf
