"""The LAO report's tables of contracts: what each contract withheld apart from the
cash paid, and each amendment with who approved it and why."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from budget.domain.money import ZERO
from budget.projections.queries.amendments import ProjectAmendment
from budget.reports.lao_data import LaoReportData
from budget.reports.parts import NOTE, paragraph
from budget.reports.tables import Column, data_table, money
from budget.reports.thai_dates import thai_date
from budget.wording_contracts import amendment_name

CONTRACT_MONEY_COLUMNS = [
    Column("รหัส", 0.5),
    Column("โครงการ", 2.0),
    Column("วงเงินสัญญา", 1.1, "right"),
    Column("เบิกจ่าย (เงินสด)", 1.1, "right"),
    Column("เงินล่วงหน้ายังไม่หักคืน", 1.1, "right"),
    Column("เงินประกันผลงานที่หักไว้", 1.1, "right"),
    Column("ค่าปรับ", 1.0, "right"),
]
AMENDMENT_COLUMNS = [
    Column("รหัส", 0.5),
    Column("การแก้ไข", 1.2),
    Column("วันที่อนุมัติ", 0.8),
    Column("ผู้อนุมัติและเหตุผล", 2.4),
    Column("วงเงินเดิม", 1.0, "right"),
    Column("วงเงินใหม่", 1.0, "right"),
]


def contract_money(data: LaoReportData) -> list[Flowable]:
    """The contracts with an advance not yet taken back, retention held or fines: what
    was withheld stands apart from the cash paid (MoF procurement regulation cl. 141-143,
    162; retention as the contract says)."""
    shown = [p for p in data.projects if p.advance_outstanding or p.retention_held or p.fines]
    if not shown:
        return []
    rows = [
        [
            p.code,  # its own column: "(code)" is how the project table names a project
            p.name,
            money(p.contract_amount),
            money(p.paid),
            money(p.advance_outstanding),
            money(p.retention_held),
            money(p.fines),
        ]
        for p in shown
    ]
    rows.append(
        [
            "",
            "รวม",
            money(sum((p.contract_amount or ZERO for p in shown), ZERO)),
            money(sum((p.paid for p in shown), ZERO)),
            money(sum((p.advance_outstanding for p in shown), ZERO)),
            money(sum((p.retention_held for p in shown), ZERO)),
            money(sum((p.fines for p in shown), ZERO)),
        ]
    )
    caption = paragraph("สัญญาที่มีเงินล่วงหน้า เงินประกันผลงาน หรือค่าปรับ", NOTE.but(size=10))
    table = data_table(CONTRACT_MONEY_COLUMNS, rows, totals=1)
    return [Spacer(1, 6), *_captioned(caption, table, len(rows))]


def amendments(data: LaoReportData) -> list[Flowable]:
    """Each amendment of the year's contracts, under its caption (none: nothing)."""
    rows = amendment_rows(data.amendments)
    if not rows:
        return []
    caption = paragraph("การแก้ไขสัญญา", NOTE.but(size=10))
    table = data_table(AMENDMENT_COLUMNS, rows)
    return [Spacer(1, 6), *_captioned(caption, table, len(rows))]


def amendment_rows(changes: list[ProjectAmendment]) -> list[list[str]]:
    """An amendment a row: the project's code, its kind, the day it was approved, who
    approved it and why, and the contract's amount before and after (MoF procurement
    regulation B.E. 2560 cl. 165)."""
    return [
        [
            a.code,
            amendment_name(a.kind),
            thai_date(a.approved_on),
            f"{a.approved_by}: {a.reason}",
            money(a.previous_amount),
            money(a.amount),
        ]
        for a in changes
    ]


def _captioned(caption: Flowable, table: Flowable, rows: int) -> list[Flowable]:
    """A table under its caption: on one page with it, unless long enough (over 20
    rows) that it may start under the caption and run on."""
    if rows > 20:
        return [caption, table]
    return [KeepTogether([caption, table])]
