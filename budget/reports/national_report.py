"""The national summary: the nation's progress by province and by LAO type, against the
year's targets."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak

from budget.projections.queries import Filters, NationalDashboard, national_dashboard
from budget.reports.charts import area_bars, area_chart
from budget.reports.document import PageInfo
from budget.reports.parts import (
    NOTE,
    as_of_box,
    heading,
    moment_facts,
    paragraph,
    title_block,
)
from budget.reports.progress_tables import (
    curve_and_types,
    group_summary,
    progress_table,
    stage_table,
)
from budget.reports.sources import Snapshot
from budget.reports.thai_dates import period_text, thai_year

TITLE = "รายงานสรุปผลการเบิกจ่ายงบประมาณขององค์กรปกครองส่วนท้องถิ่นทั่วประเทศ"


@dataclass(frozen=True, slots=True)
class NationalReportData:
    dashboard: NationalDashboard
    position: int


def gather_national(
    snapshot: Snapshot, fiscal_year: int, quarter: int | None
) -> NationalReportData:
    filters = Filters(fiscal_year=fiscal_year, quarter=quarter)
    return NationalReportData(national_dashboard(snapshot.connection, filters), snapshot.position)


def national_story(data: NationalReportData, info: PageInfo, quarter: int | None) -> list[Flowable]:
    board = data.dashboard
    year = board.filters.fiscal_year
    total = board.total
    facts = [
        ("ปีงบประมาณ", f"พ.ศ. {year}"),
        ("งวดที่รายงาน", period_text(year, quarter)),
        ("จำนวนจังหวัด", f"{len(board.by_province):,} จังหวัด"),
        ("โครงการ", f"{sum(s.projects for s in board.stages):,} โครงการ"),
        *moment_facts(info),
    ]
    provinces = sorted(board.by_province, key=lambda a: (-a.progress.disbursed_percent, a.key))
    return [
        *title_block(TITLE, thai_year(year), facts),
        *as_of_box(info),
        *heading("1. ภาพรวมทั่วประเทศตามงบรายจ่าย (หน่วย: บาท)"),
        *group_summary(board.by_group, total),
        *curve_and_types(board.by_quarter, board.by_lao_type),
        *heading("4. โครงการตามขั้นตอนการจัดซื้อจัดจ้าง (หน่วย: บาท)"),
        stage_table(board.stages),
        PageBreak(),
        *heading("5. ร้อยละการเบิกจ่ายรายจังหวัด เรียงจากมากไปน้อย"),
        area_chart(
            area_bars(provinces),
            bar_height=min(11.0, 640.0 / max(1, len(provinces))),
        ),
        *heading("6. ผลการเบิกจ่ายรายจังหวัด (หน่วย: บาท)"),
        progress_table(
            "จังหวัด",
            [(f"{a.name} ({a.key})", a.progress) for a in board.by_province],
            total,
        ),
        paragraph("แถวพื้นสีแดง: เบิกจ่ายต่ำกว่าเป้าหมาย · ผลต่าง = ร้อยละเบิกจ่ายลบร้อยละเป้าหมาย", NOTE),
    ]
