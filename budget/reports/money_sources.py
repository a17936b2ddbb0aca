"""The LAO report's money by source and its revenue against the estimate (issue 14, items 5
and 6): two tables of the summary, from the LAO dashboard (LaoDashboard.funding, .revenue)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from budget.domain.money import ZERO
from budget.projections.queries import FundingRow, LaoDashboard, RevenueFigures, RevenueRow
from budget.projections.queries.figures import percent as share
from budget.reports.parts import NOTE, kept_section, paragraph
from budget.reports.tables import Column, data_table, money, percent
from budget.reports.thai_dates import thai_month
from budget.wording import goes_to_name, revenue_name, source_name

FUNDING_COLUMNS = [
    Column("แหล่งเงิน", 1.9),
    Column("งบประมาณ", 1.2, "right"),
    Column("ก่อหนี้ผูกพัน", 1.2, "right"),
    Column("เบิกจ่าย", 1.2, "right"),
    Column("ร้อยละ เบิกจ่าย", 0.6, "right"),
    Column("เงินเหลือ เมื่อสิ้นปี", 1.1, "right"),
    Column("เงินเหลือไปที่", 1.3),
]
REVENUE_COLUMNS = [
    Column("หมวดรายรับ", 2.6),
    Column("ประมาณการ", 1.3, "right"),
    Column("รับจริง", 1.3, "right"),
    Column("ร้อยละ", 0.7, "right"),
]
MONTH_COLUMNS = [
    Column("เดือน", 1.6),
    Column("รับจริง", 1.3, "right"),
    Column("รับจริงสะสม", 1.3, "right"),
    Column("ร้อยละของประมาณการ", 1.0, "right"),
]


def _source(row: FundingRow) -> str:
    name = source_name(row.kind)
    return f"{name} ({row.grantor})" if row.grantor else name


def funding_section(dashboard: LaoDashboard) -> list[Flowable]:
    """1.1: the year's money by source, and where each source's unused money goes."""
    rows = [
        [
            _source(r),
            money(r.allocated),
            money(r.obligated),
            money(r.disbursed),
            percent(r.disbursed_percent),
            money(r.lapsed),
            goes_to_name(r.unused_goes_to),
        ]
        for r in dashboard.funding
    ]
    if not rows:
        return []
    allocated = sum((r.allocated for r in dashboard.funding), ZERO)
    disbursed = sum((r.disbursed for r in dashboard.funding), ZERO)
    rows.append(
        [
            "รวม",
            money(allocated),
            money(sum((r.obligated for r in dashboard.funding), ZERO)),
            money(disbursed),
            percent(share(disbursed, allocated)),
            money(sum((r.lapsed or ZERO for r in dashboard.funding), ZERO)),
            "",
        ]
    )
    return [
        kept_section(
            "1.1 แยกตามแหล่งเงิน (ทั้งปี ณ วันที่พิมพ์ หน่วย: บาท)",
            data_table(FUNDING_COLUMNS, rows, totals=1),
            Spacer(1, 2),
            paragraph(
                "เงินอุดหนุนเฉพาะกิจที่เหลือส่งคืนผู้ให้หรือกันไว้ตามหนังสือจัดสรร เงินอื่นที่เหลือตกเป็นเงินสะสม",
                NOTE,
            ),
        )
    ]


def _against_estimate(name: str, figures: RevenueRow | RevenueFigures) -> list[str]:
    """A row of 1.2: `name`, then what was estimated, received, and received per cent."""
    return [
        name,
        money(figures.estimated),
        money(figures.received),
        percent(figures.received_percent),
    ]


def revenue_section(dashboard: LaoDashboard) -> list[Flowable]:
    """1.2: revenue collected against the ordinance's estimate, by category and by month."""
    revenue = dashboard.revenue
    if revenue is None:
        return []
    rows = [
        _against_estimate(revenue_name(r.category), r)
        for r in revenue.by_category
        if r.estimated or r.received
    ]
    rows.append(_against_estimate("รวม", revenue))
    flow: list[Flowable] = [
        kept_section(
            "1.2 รายรับจริงเทียบกับประมาณการรายรับ (หน่วย: บาท)",
            data_table(REVENUE_COLUMNS, rows, totals=1),
        )
    ]
    if revenue.by_month:
        months = [
            [
                thai_month(m.month),
                money(m.received),
                money(m.cumulative),
                percent(m.cumulative_percent),
            ]
            for m in revenue.by_month
        ]
        flow += [Spacer(1, 4), data_table(MONTH_COLUMNS, months)]
    return flow
