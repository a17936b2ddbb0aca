"""The province summary: every LAO of the province side by side (budget, paid, per cent
against the target, the period's report, rank among its peers)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Flowable

from budget.domain.authority_types import AuthorityType
from budget.projections.queries import (
    Authority,
    Filters,
    ProvinceDashboard,
    RankedLao,
    ReportRow,
    authorities,
    peer_ranking,
    province_dashboard,
    reports_in_province,
)
from budget.projections.queries.models import ReportCounts
from budget.reports.document import PageInfo
from budget.reports.lao_data import period_report
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
    gap,
    group_summary,
    stage_table,
)
from budget.reports.sources import Snapshot, every_item
from budget.reports.tables import Column, data_table, money, percent
from budget.reports.thai_dates import period_text, thai_year
from budget.wording import REPORT_STATUS, period_name, status_name

TITLE = "รายงานสรุปผลการเบิกจ่ายงบประมาณขององค์กรปกครองส่วนท้องถิ่นในจังหวัด"
TYPE_ORDER = {t.value: n for n, t in enumerate(AuthorityType)}
LAO_COLUMNS = [
    Column("ที่", 0.35, "right"),
    Column("องค์กรปกครองส่วนท้องถิ่น", 2.5),
    Column("งบประมาณ", 1.3, "right"),
    Column("เบิกจ่าย", 1.3, "right"),
    Column("ร้อยละ เบิกจ่าย", 0.6, "right"),
    Column("เทียบเป้า", 0.6, "right"),
    Column("รายงานงวด", 1.25),
    Column("อันดับ ในกลุ่ม", 0.65, "right"),
]


@dataclass(frozen=True, slots=True)
class ProvinceReportData:
    dashboard: ProvinceDashboard
    authorities: dict[str, Authority]
    ranks: dict[str, RankedLao]
    reports: dict[str, ReportRow]  # LAO code -> the period's report
    position: int


def _all_authorities(snapshot: Snapshot, province_code: str) -> dict[str, Authority]:
    found = every_item(
        lambda page: authorities(snapshot.connection, page, province_code=province_code)
    )
    return {a.lao_code: a for a in found}


def _ranks(snapshot: Snapshot, filters: Filters) -> dict[str, RankedLao]:
    found = every_item(
        lambda page: peer_ranking(snapshot.connection, filters, page, today=snapshot.today)
    )
    return {r.lao_code: r for r in found}


def gather_province(
    snapshot: Snapshot, province_code: str, fiscal_year: int, quarter: int | None
) -> ProvinceReportData:
    filters = Filters(fiscal_year=fiscal_year, quarter=quarter, province_code=province_code)
    dashboard = province_dashboard(snapshot.connection, province_code, filters)
    by_lao: dict[str, list[ReportRow]] = {}
    for row in reports_in_province(snapshot.connection, province_code, fiscal_year):
        by_lao.setdefault(row.lao_code, []).append(row)
    chosen = {code: period_report(rows, fiscal_year, quarter) for code, rows in by_lao.items()}
    return ProvinceReportData(
        dashboard=dashboard,
        authorities=_all_authorities(snapshot, province_code),
        ranks=_ranks(snapshot, filters),
        reports={code: r for code, r in chosen.items() if r is not None},
        position=snapshot.position,
    )


def report_counts(counts: ReportCounts) -> str:
    """How many of the province's reports stand at each status, in the pages' words."""
    said = " · ".join(
        f"{status_name(status)} {getattr(counts, status):,}" for status in REPORT_STATUS
    )
    return f"รายงานของ อปท. ในปีนี้: {said}"


def report_cell(report: ReportRow | None) -> str:
    if report is None:
        return "ยังไม่มีรายงาน"
    return f"{period_name(report.period)} {status_name(report.status)}"


def lao_rows(data: ProvinceReportData) -> tuple[list[list[str]], set[int]]:
    def order(code: str) -> tuple[int, str]:
        found = data.authorities.get(code)
        return (TYPE_ORDER.get(found.lao_type, 99) if found else 99, code)

    areas = sorted(data.dashboard.by_lao, key=lambda a: order(a.key))
    rows, behind = [], set()
    for n, area in enumerate(areas):
        p = area.progress
        rank = data.ranks.get(area.key)
        rows.append(
            [
                str(n + 1),
                f"{area.name} ({area.key})",
                money(p.allocated),
                money(p.disbursed),
                percent(p.disbursed_percent),
                percent(gap(p)),
                report_cell(data.reports.get(area.key)),
                f"{rank.rank}/{rank.peers}" if rank and not rank.no_data else "–",
            ]
        )
        if (gap(p) or 0) < 0:
            behind.add(n)
    return rows, behind


def province_story(data: ProvinceReportData, info: PageInfo, quarter: int | None) -> list[Flowable]:
    board = data.dashboard
    year = board.filters.fiscal_year
    counts = board.reports
    facts = [
        ("จังหวัด", f"{board.province_name} ({board.province_code})"),
        ("ปีงบประมาณ", f"พ.ศ. {year}"),
        ("จำนวน อปท.", f"{len(board.by_lao):,} แห่งที่มีงบประมาณ"),
        ("งวดที่รายงาน", period_text(year, quarter)),
        *moment_facts(info),
    ]
    rows, behind = lao_rows(data)
    total = board.total
    return [
        *title_block(TITLE + board.province_name, thai_year(year), facts),
        *as_of_box(info),
        *heading("1. ภาพรวมของจังหวัด (หน่วย: บาท)"),
        *group_summary(board.by_group, total),
        paragraph(report_counts(counts), NOTE.but(size=10)),
        *curve_and_types(board.by_quarter, board.by_lao_type),
        *heading("4. ผลการเบิกจ่ายของ อปท. แต่ละแห่ง (หน่วย: บาท)"),
        data_table(LAO_COLUMNS, rows, marked=behind),
        paragraph(
            "แถวพื้นสีแดง: เบิกจ่ายต่ำกว่าเป้าหมาย · เทียบเป้า = ร้อยละเบิกจ่ายลบร้อยละเป้าหมาย"
            " · อันดับในกลุ่ม = อันดับรวมในกลุ่ม อปท. ประเภทและขนาดงบประมาณเดียวกันทั่วประเทศ"
            " (ร้อยละเบิกจ่าย ความตรงเวลาของรายงาน และโครงการค้าง)",
            NOTE,
        ),
        *heading("5. โครงการตามขั้นตอนการจัดซื้อจัดจ้าง (หน่วย: บาท)"),
        stage_table(board.stages),
    ]
