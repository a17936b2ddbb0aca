"""The tables of each answer a person sees: the dashboards (national, province, LAO),
the peer ranking, the project lists (stuck projects among them), an LAO's budget lines,
the review inbox, the audit log search, who is missing, an LAO's deadlines and the
cabinet's extra holidays. The first table of an answer
is its main one (what a CSV without `table=` holds)."""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from budget.exports.tables import Column, Table
from budget.projections.queries import (
    AuditEntry,
    LaoDashboard,
    LineBalance,
    NationalDashboard,
    Page,
    ProjectRow,
    ProvinceDashboard,
    RankedLao,
    ReportRow,
    RevenueFigures,
)
from budget.projections.queries.deadlines import Deadline, Holiday
from budget.projections.queries.missing import MissingCount, MissingLao

Dashboard = NationalDashboard | ProvinceDashboard | LaoDashboard


class HasLines(Protocol):
    lines: list[LineBalance]


class HasMissing(Protocol):
    counts: list[MissingCount]
    laos: list[MissingLao]


# Columns several tables share, each written once.
LAO_CODE = Column("lao_code", "รหัส อปท.", "LAO code")
PROVINCE_CODE = Column("province_code", "รหัสจังหวัด", "province code")
BUDGET_GROUP = Column("budget_group", "งบ", "budget group", "group")
ALLOCATED = Column("allocated", "งบประมาณที่ได้รับ", "allocated", "amount")
OBLIGATED = Column("obligated", "ก่อหนี้ผูกพัน", "obligated", "amount")
DISBURSED = Column("disbursed", "เบิกจ่าย", "disbursed", "amount")
STAGE = Column("stage", "ขั้นตอน", "stage", "stage")
RECEIVED = Column("received", "รับจริง", "received", "amount")
NAME = Column("name", "ชื่อ", "name")
METHOD = Column("method", "วิธีจัดซื้อจัดจ้าง", "method", "method")
LINE_CODE = Column("line_code", "รหัสรายการ", "line code")
LAO_TYPE = Column("lao_type", "ประเภท", "type", "lao_type")
DISBURSED_PERCENT = Column("disbursed_percent", "เบิกจ่าย %", "disbursed %", "percent")
# A line's funding source (budget.domain.budget_funding): a project's and a line's under
# `source`, the funding table's own columns.
SOURCE_KIND = Column("kind", "แหล่งเงิน", "funding source", "source")
GRANTOR = Column("grantor", "ผู้ให้เงินอุดหนุน", "grantor")
UNUSED_GOES_TO = Column("unused_goes_to", "เงินเหลือ", "unused money goes to", "goes_to")
PROJECT_MONEY = (
    Column("budget_amount", "งบประมาณโครงการ", "project budget", "amount"),
    Column("contract_amount", "วงเงินสัญญา", "contract amount", "amount"),
    Column("paid", "เบิกจ่ายแล้ว", "paid", "amount"),
)


# The two curves against the allocation and their targets (a Progress): the total's own
# columns, and each rollup row's under `progress.`.
TOTAL = (
    ALLOCATED,
    OBLIGATED,
    DISBURSED,
    Column("obligated_percent", "ก่อหนี้ %", "obligated %", "percent"),
    DISBURSED_PERCENT,
    Column("target_percent", "เป้าหมายเบิกจ่าย %", "disbursement target %", "percent"),
    Column("target_obligated_percent", "เป้าหมายก่อหนี้ %", "obligation target %", "percent"),
)
PROGRESS = tuple(replace(column, path=f"progress.{column.path}") for column in TOTAL)

AREA = (Column("key", "รหัส", "code"), NAME, *PROGRESS)
GROUPS = (BUDGET_GROUP, *PROGRESS)
QUARTERS = (Column("quarter", "ไตรมาส", "quarter", "int"), *PROGRESS)
STAGES = (
    STAGE,
    METHOD,
    Column("projects", "โครงการ", "projects", "int"),
    *PROJECT_MONEY,
)
REPORTS = (
    LAO_CODE,
    Column("lao_name", "อปท.", "LAO"),
    PROVINCE_CODE,
    Column("period", "งวดรายงาน", "period"),
    Column("period_ends_on", "สิ้นงวด", "period ends", "date"),
    Column("status", "สถานะ", "status", "status"),
    Column("drafted_on", "วันที่จัดทำ", "drafted on", "date"),
    Column("signed_off_by", "ผู้บริหารผู้ลงนาม", "signed off by"),
    Column("first_submitted_on", "ส่งครั้งแรก", "first submitted", "date"),
    Column("last_submitted_on", "ส่งครั้งล่าสุด", "last submitted", "date"),
    Column("submissions", "จำนวนครั้งที่ส่ง", "submissions", "int"),
    Column("returns", "จำนวนครั้งที่ส่งกลับ", "returns", "int"),
    Column("reviewed_on", "วันที่ตรวจ", "reviewed on", "date"),
    Column("reviewed_by", "ผู้ตรวจ", "reviewed by"),
    Column("accepted_on", "วันที่รับรอง", "accepted on", "date"),
    Column("last_comments", "ความเห็นล่าสุด", "last comments"),
    Column("days_late", "ส่งช้า (วัน)", "days late", "int"),
)
PROJECTS = (
    LAO_CODE,
    Column("code", "รหัสโครงการ", "project code"),
    Column("name", "โครงการ", "project"),
    LINE_CODE,
    BUDGET_GROUP,
    METHOD,
    STAGE,
    Column("stage_entered_on", "เข้าสู่ขั้นตอนเมื่อ", "stage entered on", "date"),
    Column("days_in_stage", "อยู่ในขั้นตอน (วัน)", "days in stage", "int"),
    *PROJECT_MONEY,
    Column("installments_total", "งวดงาน", "installments", "int"),
    Column("installments_inspected", "ตรวจรับแล้ว", "inspected", "int"),
    Column("installments_paid", "จ่ายแล้ว (งวด)", "installments paid", "int"),
    Column("stuck", "ค้างนาน", "stuck", "flag"),
    replace(SOURCE_KIND, path="source"),
)
RANKING = (
    Column("rank", "อันดับ", "rank", "int"),
    LAO_CODE,
    Column("name", "อปท.", "LAO"),
    PROVINCE_CODE,
    LAO_TYPE,
    Column("size_band", "ขนาดงบประมาณ", "budget size band"),
    Column("peers", "จำนวนในกลุ่มเทียบ", "peers", "int"),
    ALLOCATED,
    DISBURSED_PERCENT,
    Column("average_days_late", "ส่งรายงานช้าเฉลี่ย (วัน)", "average days late", "percent"),
    Column("stuck_projects", "โครงการค้างนาน", "stuck projects", "int"),
    Column("disbursement_rank", "อันดับการเบิกจ่าย", "disbursement rank", "int"),
    Column("timeliness_rank", "อันดับความตรงเวลา", "timeliness rank", "int"),
    Column("stuck_rank", "อันดับโครงการค้าง", "stuck rank", "int"),
)
LINES = (
    LINE_CODE,
    Column("programme", "แผนงาน", "programme"),
    Column("work_unit", "หน่วยงาน", "work unit"),
    BUDGET_GROUP,
    Column("category", "หมวด", "category"),
    Column("description", "รายการ", "description"),
    Column("appropriated", "ตามข้อบัญญัติ", "appropriated", "amount"),
    Column("transferred_in", "โอนเข้า", "transferred in", "amount"),
    Column("transferred_out", "โอนออก", "transferred out", "amount"),
    Column("supplementary", "งบเพิ่มเติม", "supplementary", "amount"),
    ALLOCATED,
    Column("reserved", "กันไว้ให้โครงการ", "reserved", "amount"),
    Column("committed", "ก่อหนี้ผูกพัน", "committed", "amount"),
    Column("paid", "เบิกจ่ายตามสัญญา", "paid", "amount"),
    Column("spent", "รายจ่ายไม่มีโครงการ", "spent without a project", "amount"),
    Column(
        "spent_before_enactment",
        "จ่ายตามข้อบัญญัติปีที่แล้วไปพลางก่อน",
        "spent under last year's ordinance",
        "amount",
    ),
    Column("not_yet_counted", "ยังไม่นับเข้ารายการ", "not yet counted", "amount"),
    Column("carried", "กันเงินเหลื่อมปี", "carried over", "amount"),
    Column("savings", "เงินเหลือจ่าย", "savings", "amount"),
    Column("lapsed", "ตกพับ", "lapsed", "amount"),
    Column("available", "คงเหลือ", "available", "amount"),
    *(
        replace(column, path=f"source.{column.path}")
        for column in (
            SOURCE_KIND,
            GRANTOR,
            UNUSED_GOES_TO,
            Column("council_resolution", "มติสภา", "council resolution"),
            Column("reference", "หนังสือ/มติที่ได้รับเงิน", "letter or resolution"),
        )
    ),
)
FUNDING = (
    SOURCE_KIND,
    GRANTOR,
    ALLOCATED,
    OBLIGATED,
    DISBURSED,
    DISBURSED_PERCENT,
    Column("lapsed", "เงินเหลือเมื่อสิ้นปี", "lapsed", "amount"),
    UNUSED_GOES_TO,
)
REVENUE = (
    Column("category", "หมวดรายรับ", "revenue category", "revenue"),
    Column("group", "ประเภท", "kind", "revenue_group"),
    Column("estimated", "ประมาณการ", "estimated", "amount"),
    RECEIVED,
    Column("received_percent", "รับจริง %", "received %", "percent"),
)
REVENUE_MONTHS = (
    Column("month", "เดือน", "month", "date"),
    RECEIVED,
    Column("cumulative", "รับจริงสะสม", "received so far", "amount"),
    Column("cumulative_percent", "สะสม % ของประมาณการ", "so far % of the estimate", "percent"),
)
AUDIT = (
    Column("position", "ลำดับ", "position", "int"),
    Column("recorded_at", "บันทึกเมื่อ (UTC)", "recorded at (UTC)", "datetime"),
    Column("business_date", "วันที่ของเหตุการณ์", "business date", "date"),
    Column("user_id", "ผู้บันทึก", "user"),
    Column("role", "บทบาท", "role", "role"),
    Column("acting_for", "ในนามของ", "acting for"),
    Column("event_type", "เหตุการณ์", "event", "event"),
    Column("aggregate_id", "รหัสบันทึก", "record id"),
    Column("version", "ฉบับที่", "version", "int"),
    Column("reason", "เหตุผล", "reason"),
    Column("summary", "รายละเอียด", "details"),
)

MISSING_LAOS = (
    LAO_CODE,
    Column("name_th", "อปท.", "LAO"),
    PROVINCE_CODE,
    LAO_TYPE,
    Column("missing", "ขาด", "missing", "missing"),
    Column("overdue_reports", "รายงานเลยกำหนด", "reports overdue", "int"),
    Column("last_entry_on", "บันทึกล่าสุด", "last entry", "date"),
    Column("officer", "ผู้รับผิดชอบ", "officer"),
    Column("phone", "โทรศัพท์", "phone"),
    Column("email", "อีเมล", "e-mail"),
)
MISSING_COUNTS = (
    Column("province_code", "รหัสจังหวัด (ว่าง: รวม)", "province code (empty: total)"),
    Column("laos", "อปท.", "LAOs", "int"),
    Column("no_budget", "ไม่มีงบประมาณ", "no budget", "int"),
    Column("not_enacted", "งบประมาณยังไม่ประกาศใช้", "not enacted", "int"),
    Column("no_report", "ไม่เคยส่งรายงาน", "no report", "int"),
    Column("report_overdue", "รายงานเลยกำหนด", "report overdue", "int"),
    Column("quiet", "ไม่บันทึกข้อมูล", "no entry", "int"),
    Column("any_missing", "ขาดอย่างน้อยหนึ่งอย่าง", "missing anything", "int"),
)
DEADLINES = (
    Column("due_on", "กำหนด", "due on", "date"),
    Column("kind", "เรื่อง", "what", "deadline"),
    Column("subject", "รายการ", "of"),
    Column("number", "งวด", "number", "int"),
    Column("standing", "สถานะ", "standing", "standing"),
    Column("late_working_days", "ล่าช้า (วันทำการ)", "late (working days)", "int"),
    Column("met_on", "ดำเนินการเมื่อ", "met on", "date"),
    Column("met_by", "โดยบันทึก", "met by"),
    Column("opened_on", "เริ่มนับ", "opened on", "date"),
    Column("basis_th", "ตามระเบียบ", "legal basis (Thai)"),
    Column("basis_en", "ตามระเบียบ (อังกฤษ)", "legal basis"),
    LAO_CODE,
)
HOLIDAYS = (
    Column("day", "วันที่", "day", "date"),
    NAME,
    Column("source", "มติ ครม.", "cabinet resolution"),
)


# The tables of the dashboards: name: (words, columns, the attribute of the dashboard
# holding the rows; `total` is a single row).
DASHBOARD_TABLES: dict[str, tuple[tuple[str, str], tuple[Column, ...], str]] = {
    "provinces": (("รายจังหวัด", "by province"), AREA, "by_province"),
    "laos": (("ราย อปท.", "by LAO"), AREA, "by_lao"),
    "groups": (("รายงบ", "by budget group"), GROUPS, "by_group"),
    "quarters": (("รายไตรมาส", "by quarter"), QUARTERS, "by_quarter"),
    "lao_types": (("ตามประเภท อปท.", "by LAO type"), AREA, "by_lao_type"),
    "stages": (("ขั้นตอนจัดซื้อจัดจ้าง", "procurement stages"), STAGES, "stages"),
    "reports": (("รายงานความก้าวหน้า", "progress reports"), REPORTS, "reports"),
    "total": (("ทั้งหมด", "total"), TOTAL, "total"),
    "funding": (("แยกตามแหล่งเงิน", "by funding source"), FUNDING, "funding"),
    # revenue: its categories (the dashboard's `revenue`, null where there is no budget)
    "revenue": (("รายรับเทียบประมาณการ", "revenue against the estimate"), REVENUE, "revenue"),
}
MONEY = ("funding", "revenue")  # where the money came from, and revenue (issue 14)


def _board_tables(board: Dashboard, *names: str) -> list[Table]:
    tables = []
    for name in names:
        words, columns, attribute = DASHBOARD_TABLES[name]
        rows = getattr(board, attribute)
        if name == "total":
            rows = [rows]
        elif name == "revenue":
            rows = rows.by_category if rows is not None else []
        tables.append(Table.of(name, words, columns, rows))
    return tables


def national_tables(board: NationalDashboard) -> list[Table]:
    return _board_tables(
        board, "provinces", "groups", "quarters", "lao_types", "stages", "total", *MONEY
    )


def province_tables(board: ProvinceDashboard) -> list[Table]:
    return _board_tables(
        board, "laos", "groups", "quarters", "lao_types", "stages", "total", *MONEY
    )


def lao_tables(board: LaoDashboard) -> list[Table]:
    return _board_tables(board, "groups", "quarters", "stages", "reports", "total", *MONEY)


class HasRevenue(Protocol):
    revenue: RevenueFigures


def revenue_tables(answer: HasRevenue) -> list[Table]:
    revenue = answer.revenue
    return [
        Table.of("categories", ("รายรับตามหมวด", "by category"), REVENUE, revenue.by_category),
        Table.of("months", ("รายรับรายเดือน", "by month"), REVENUE_MONTHS, revenue.by_month),
    ]


def ranking_tables(page: Page[RankedLao]) -> list[Table]:
    return [Table.of("ranking", ("อันดับเทียบกลุ่ม", "peer ranking"), RANKING, page.items)]


def project_tables(page: Page[ProjectRow]) -> list[Table]:
    return [Table.of("projects", ("โครงการ", "projects"), PROJECTS, page.items)]


def inbox_tables(page: Page[ReportRow]) -> list[Table]:
    return [Table.of("reports", ("รายงานรอตรวจ", "reports awaiting review"), REPORTS, page.items)]


def audit_tables(page: Page[AuditEntry]) -> list[Table]:
    return [Table.of("events", ("บันทึกการตรวจสอบ", "audit log"), AUDIT, page.items)]


def line_tables(budget: HasLines) -> list[Table]:
    return [Table.of("lines", ("รายการงบประมาณ", "budget lines"), LINES, budget.lines)]


def missing_tables(answer: HasMissing) -> list[Table]:
    return [
        Table.of("laos", ("อปท. ที่ข้อมูลขาด", "LAOs missing data"), MISSING_LAOS, answer.laos),
        Table.of("counts", ("สรุปตามจังหวัด", "by province"), MISSING_COUNTS, answer.counts),
    ]


def deadline_tables(found: list[Deadline]) -> list[Table]:
    return [Table.of("deadlines", ("กำหนดเวลา", "deadlines"), DEADLINES, found)]


def holiday_tables(found: list[Holiday]) -> list[Table]:
    return [Table.of("holidays", ("วันหยุดที่ ครม. ประกาศเพิ่ม", "cabinet holidays"), HOLIDAYS, found)]


def narrowed(tables: list[Table], name: str | None) -> list[Table] | None:
    """The tables `?table=` asks for (all when none), or None when no table has that name."""
    if name is None:
        return tables
    chosen = [table for table in tables if table.name == name]
    return chosen or None


def names(tables: list[Table]) -> list[str]:
    return [table.name for table in tables]
