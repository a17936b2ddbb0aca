"""The LAO progress report (แบบรายงานผลการเบิกจ่ายงบประมาณ): an official document an LAO
signs and the provincial office files."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from budget.domain.money import ZERO
from budget.projections.queries import ProjectRow, ReportRow
from budget.registry import district_name_th
from budget.reports.charts import quarter_chart
from budget.reports.contract_tables import amendments, contract_money
from budget.reports.document import PageInfo
from budget.reports.lao_data import GroupRow, LaoReportData
from budget.reports.money_sources import funding_section, revenue_section
from budget.reports.parts import (
    NOTE,
    as_of_box,
    heading,
    in_words,
    kept_section,
    moment_facts,
    paragraph,
    sign_off_block,
    title_block,
)
from budget.reports.tables import Column, data_table, money, percent
from budget.reports.text import HEADING, ThaiText
from budget.reports.thai_dates import period_text, thai_date, thai_moment, thai_year
from budget.wording import (
    goes_to_name,
    group_name,
    method_short,
    period_name,
    role_name,
    source_name,
    stage_name,
    status_name,
    type_name,
)
from budget.wording_history import report_step_sentence

TITLE = "แบบรายงานผลการดำเนินงานและการเบิกจ่ายงบประมาณ"
GROUP_COLUMNS = [
    Column("งบรายจ่าย", 1.3),
    Column("ตามข้อบัญญัติ", 1.35, "right"),
    Column("โอน/เพิ่มเติม (สุทธิ)", 1.2, "right"),
    Column("งบประมาณหลังโอน", 1.35, "right"),
    Column("ก่อหนี้ผูกพัน", 1.35, "right"),
    Column("เบิกจ่าย", 1.35, "right"),
    Column("คงเหลือ", 1.35, "right"),
    Column("ร้อยละ เบิกจ่าย", 0.7, "right"),
]
QUARTER_COLUMNS = [
    Column("ณ สิ้น", 1.0),
    Column("งบประมาณ", 1.5, "right"),
    Column("ก่อหนี้ผูกพันสะสม", 1.5, "right"),
    Column("เบิกจ่ายสะสม", 1.5, "right"),
    Column("ร้อยละเบิกจ่าย", 0.8, "right"),
    Column("เป้าหมาย (ร้อยละ)", 0.8, "right"),
    Column("ผลต่างจากเป้า", 0.8, "right"),
]
PROJECT_COLUMNS = [
    Column("ที่", 0.3, "right"),
    Column("โครงการ", 2.5),
    Column("วิธีจัดหา", 0.95),
    Column("ขั้นตอน", 1.35),
    Column("งบประมาณ", 1.1, "right"),
    Column("วงเงินสัญญา", 1.1, "right"),
    Column("เบิกจ่าย", 1.1, "right"),
    Column("วันใน ขั้นตอน", 0.6, "right"),
]
STEP_COLUMNS = [
    Column("วันที่", 0.9),
    Column("ขั้นตอนและความเห็น", 3.9),
    Column("โดย", 1.5),
    Column("บันทึกเมื่อ", 1.3),
]
REPORT_COLUMNS = [
    Column("งวดรายงาน", 0.8),
    Column("สถานะ", 1.2),
    Column("ส่งครั้งแรก", 0.9),
    Column("ส่ง (ครั้ง)", 0.5, "right"),
    Column("ส่งกลับ (ครั้ง)", 0.6, "right"),
    Column("ตรวจเมื่อ", 0.9),
    Column("ผู้ลงนามรับรอง", 1.4),
]


def _group_cells(row: GroupRow, name: str) -> list[str]:
    return [
        name,
        money(row.appropriated),
        money(row.transferred),
        money(row.allocated),
        money(row.obligated),
        money(row.disbursed),
        money(row.available),
        percent(row.disbursed_percent),
    ]


def year_money(data: LaoReportData) -> list[Flowable]:
    """Spending under last year's ordinance before this year's, and what lapsed."""
    d = data.dashboard
    lines = []
    if d.not_yet_counted:
        lines.append(
            f"จ่ายตามข้อบัญญัติปีที่แล้วไปพลางก่อน (ยังไม่ประกาศใช้ข้อบัญญัติปีนี้) {money(d.not_yet_counted)} บาท"
        )
    elif d.spent_before_enactment:
        lines.append(
            f"รวมรายจ่ายก่อนข้อบัญญัติประกาศใช้ ซึ่งนับเข้ารายการของข้อบัญญัติแล้ว "
            f"{money(d.spent_before_enactment)} บาท"
        )
    if d.lapsed:
        for row in d.funding:
            if row.lapsed:
                lines.append(f"{source_name(row.kind)}: {goes_to_name(row.unused_goes_to)} "
                             f"{money(row.lapsed)} บาท")  # fmt: skip
    return [paragraph(line, NOTE) for line in lines]


def summary(data: LaoReportData) -> list[Flowable]:
    rows = [_group_cells(r, group_name(r.budget_group)) for r in data.groups]
    rows.append(_group_cells(data.total, "รวมทั้งสิ้น"))
    return [
        *heading("1. สรุปผลการเบิกจ่ายตามงบรายจ่าย (หน่วย: บาท)"),
        data_table(GROUP_COLUMNS, rows, totals=1),
        Spacer(1, 4),
        in_words("งบประมาณหลังโอนรวม", data.total.allocated),
        in_words("เบิกจ่ายรวม", data.total.disbursed),
        paragraph(
            "คงเหลือ คือ งบประมาณหลังโอนหักก่อหนี้ผูกพัน (สัญญา ใบสั่งซื้อ/สั่งจ้าง และรายจ่ายที่เบิกแล้ว)",
            NOTE,
        ),
        *year_money(data),
        *funding_section(data.dashboard),
        *revenue_section(data.dashboard),
    ]


def quarters(data: LaoReportData) -> list[Flowable]:
    points = data.dashboard.by_quarter
    if not points:
        return []
    rows = []
    for point in points:
        p = point.progress
        gap = None if p.target_percent is None else p.disbursed_percent - p.target_percent
        rows.append(
            [
                "หลังสิ้นปี" if point.quarter > 4 else f"ไตรมาส {point.quarter}",
                money(p.allocated),
                money(p.obligated),
                money(p.disbursed),
                percent(p.disbursed_percent),
                percent(p.target_percent),
                percent(gap),
            ]
        )
    return [
        kept_section(
            "2. ผลการเบิกจ่ายสะสมเทียบกับเป้าหมายรายไตรมาส",
            quarter_chart(points),
            Spacer(1, 4),
            data_table(QUARTER_COLUMNS, rows),
        )
    ]


def _project_cells(number: int, row: ProjectRow) -> list[str]:
    return [
        str(number),
        f"{row.name} ({row.code})",
        method_short(row.method),
        stage_name(row.stage),
        money(row.budget_amount),
        money(row.contract_amount),
        money(row.paid),
        f"{row.days_in_stage:,}*" if row.stuck else f"{row.days_in_stage:,}",
    ]


def project_table(data: LaoReportData, today_text: str) -> list[Flowable]:
    rows = [_project_cells(n, p) for n, p in enumerate(data.projects, start=1)]
    marked = {n for n, p in enumerate(data.projects) if p.stuck}
    stuck_days = data.dashboard.stuck_days
    title = (
        f"3. โครงการ ({len(rows):,} โครงการ ค้างในขั้นตอนเกิน {stuck_days} วัน"
        f" {len(marked):,} โครงการ) สถานะ ณ {today_text}"
    )
    if not rows:
        return [*heading(title), paragraph("ไม่มีโครงการในปีงบประมาณนี้")]
    budget = sum((p.budget_amount for p in data.projects), ZERO)
    paid = sum((p.paid for p in data.projects), ZERO)
    contracts = sum((p.contract_amount or ZERO for p in data.projects), ZERO)
    rows.append(["", "รวม", "", "", money(budget), money(contracts), money(paid), ""])
    return [
        *heading(title),
        data_table(PROJECT_COLUMNS, rows, totals=1, marked=marked),
        Spacer(1, 2),
        paragraph(
            f"แถวพื้นสีแดงและเครื่องหมาย * คือโครงการที่ค้างอยู่ในขั้นตอนเดียวกันเกิน {stuck_days} วัน"
            " (ยังไม่เบิกจ่ายครบ ไม่แล้วเสร็จ และไม่ถูกยกเลิก) เบิกจ่ายคือเงินที่จ่ายจริง รวมเงินล่วงหน้า"
            " ไม่รวมเงินประกันผลงานที่หักไว้และค่าปรับ",
            NOTE,
        ),
        *contract_money(data),
        *amendments(data),
    ]


def narrative(data: LaoReportData, signatures: Flowable) -> list[Flowable]:
    """The report's own words, then the signatures under them (the problems and the
    signatures kept on one page: a signature never stands alone on a page)."""
    report = data.report
    if report is None:
        return [
            *heading("4. ผลการดำเนินงาน"),
            KeepTogether([paragraph("ยังไม่มีรายงานของงวดนี้"), signatures]),
        ]
    problems = ThaiText("ปัญหาและอุปสรรค", HEADING)
    return [
        *heading(f"4. ผลการดำเนินงาน (รายงานงวด {period_name(report.period)})"),
        paragraph(data.narrative or "–"),
        KeepTogether([problems, paragraph(data.problems or "ไม่มี"), signatures]),
    ]


def review_row(report: ReportRow) -> list[str]:
    """A report in the review table: its period and status in the pages' words."""
    return [
        period_name(report.period),
        status_name(report.status),
        thai_date(report.first_submitted_on) if report.first_submitted_on else "–",
        str(report.submissions),
        str(report.returns),
        thai_date(report.reviewed_on) if report.reviewed_on else "–",
        report.signed_off_by or "–",
    ]


def review_history(data: LaoReportData) -> list[Flowable]:
    flow = heading("5. การส่งและการตรวจรายงาน")
    reports = data.dashboard.reports
    if reports:
        rows = [review_row(r) for r in reports]
        flow.append(data_table(REPORT_COLUMNS, rows))
    if data.report is not None and data.steps:
        flow += [
            Spacer(1, 6),
            paragraph(
                f"ลำดับขั้นตอนของรายงานงวด {period_name(data.report.period)}",
                NOTE.but(size=10),
            ),
            data_table(
                STEP_COLUMNS,
                [
                    [
                        thai_date(s.business_date),
                        report_step_sentence(s.step, s.comments),
                        f"{s.user_id} ({role_name(s.role)})",
                        thai_moment(s.recorded_at, long=False),
                    ]
                    for s in data.steps
                ],
            ),
        ]
    if not reports:
        flow.append(paragraph("ยังไม่มีรายงานในปีงบประมาณนี้"))
    return flow


def lao_story(
    data: LaoReportData, info: PageInfo, quarter: int | None, today_text: str
) -> list[Flowable]:
    authority = data.dashboard.authority
    year = data.dashboard.filters.fiscal_year
    facts = [
        ("รหัส อปท.", authority.lao_code),
        ("ประเภท", type_name(authority.lao_type)),
        ("อำเภอ", district_name_th(authority.district_code) or "–"),
        ("จังหวัด", authority.province_name),
        ("ปีงบประมาณ", f"พ.ศ. {year}"),
        ("งวดที่รายงาน", period_text(year, quarter)),
        *moment_facts(info),
    ]
    on = "วันที่ ........../........../..........."
    signatures = sign_off_block(
        ["(เจ้าหน้าที่การเงิน) ผู้จัดทำรายงาน", on],
        [f"(ผู้บริหาร{authority.name_th}) ผู้รับรอง", on],
    )
    return [
        *title_block(TITLE, f"{authority.name_th} {thai_year(year)}", facts),
        *as_of_box(info),
        *summary(data),
        *quarters(data),
        *project_table(data, today_text),
        *narrative(data, signatures),
        *review_history(data),
    ]
