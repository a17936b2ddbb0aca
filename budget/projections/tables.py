"""The views and the tracking table, described once for SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeEngine

CENT = Decimal("0.01")


class Money(TypeDecorator[Decimal]):
    """Exact baht as Numeric(18, 2); SQLite, whose NUMERIC is a float, keeps integer satang."""

    impl = Numeric(18, 2, asdecimal=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = whole_satang(value)
        return int(exact.scaleb(2)) if dialect.name == "sqlite" else exact

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)).scaleb(-2).quantize(CENT)
        return Decimal(value).quantize(CENT)


def whole_satang(value: Decimal) -> Decimal:
    """`value` to two places, refused if that would change it."""
    if type(value) is Decimal and value.same_quantum(CENT):
        return value  # two places already (the usual case, and the cheapest check)
    exact = Decimal(value).quantize(CENT)
    if exact != value:
        msg = f"{value} is not a whole number of satang"
        raise ValueError(msg)
    return exact


metadata = MetaData()


class UtcDateTime(TypeDecorator[datetime]):
    """A moment, always read back timezone-aware in UTC (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            msg = f"{value} has no timezone"
            raise ValueError(msg)
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def money(name: str, *, nullable: bool = False) -> Column[Decimal]:
    """Exact baht: Decimal in, Decimal out, never a float."""
    return Column(name, Money(), nullable=nullable)


projection_tracking = Table(
    "projection_tracking",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("business_date", Date, nullable=True),
    Column("user_id", String(100), nullable=False),
    Column("role", String(50), nullable=False),
    Column("acting_for", String(20), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("aggregate_id", String(36), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("summary", Text, nullable=False),
)

project_state = Table(
    "project_state",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("lao_code", String(20), nullable=False, index=True),
    Column("province_code", String(10), nullable=False),
    Column("lao_type", String(40), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("code", String(100), nullable=False),
    Column("name", Text, nullable=False),
    Column("line_code", String(100), nullable=False),
    Column("budget_group", String(40), nullable=False),
    Column("method", String(40), nullable=False),
    money("budget_amount"),
    Column("stage", String(40), nullable=False),
    Column("stage_entered_on", Date, nullable=False),
    money("contract_amount", nullable=True),
    money("paid"),
    Column("installments_total", Integer, nullable=False),
    Column("installments_inspected", Integer, nullable=False),
    Column("installments_paid", Integer, nullable=False),
    Column("cancelled", Boolean, nullable=False),
    Column("closed", Boolean, nullable=False),
    Column("last_position", BigInteger, nullable=False),
    Index("ix_project_state_province", "province_code", "fiscal_year"),
    Index("ix_project_state_age", "fiscal_year", "stage_entered_on"),
)

# The date a project entered each stage it reached (stage-date corrections applied).
project_stage_date = Table(
    "project_stage_date",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("stage", String(40), primary_key=True),
    Column("entered_on", Date, nullable=False),
)

# Counts and money of projects per stage, kept as running sums so the national
# picture never scans a million projects (national_stage_count: the same without the
# province, for the nation's own dashboard).
stage_count = Table(
    "stage_count",
    metadata,
    Column("province_code", String(10), primary_key=True),
    Column("lao_type", String(40), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("budget_group", String(40), primary_key=True),
    Column("method", String(40), primary_key=True),
    Column("stage", String(40), primary_key=True),
    Column("projects", Integer, nullable=False),
    money("budget_amount"),
    money("contract_amount"),
    money("paid"),
)

national_stage_count = Table(
    "national_stage_count",
    metadata,
    Column("lao_type", String(40), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("budget_group", String(40), primary_key=True),
    Column("method", String(40), primary_key=True),
    Column("stage", String(40), primary_key=True),
    Column("projects", Integer, nullable=False),
    money("budget_amount"),
    money("contract_amount"),
    money("paid"),
)

# What project_state needs to know to count fully paid installments and to
# apply a payment correction (which names the payment's version, not its installment).
project_installment = Table(
    "project_installment",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    money("amount"),
    Column("inspected", Boolean, nullable=False),
    money("paid"),
)

project_payment = Table(
    "project_payment",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("installment", Integer, nullable=False),
    money("amount"),
)

# A project's record as its page shows it, beside project_state (written by the
# project_record projection, which has its own tracking position: added to a store that
# already had views, it catches up from the first event by itself). The version is the
# project's own, the precondition of the page's forms.
project_record = Table(
    "project_record",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("appeal_ends_on", Date, nullable=True),
    Column("contract_number", Text, nullable=True),
    Column("contractor", Text, nullable=True),
    Column("contractor_tax_id", Text, nullable=True),
)

project_record_installment = Table(
    "project_record_installment",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("due_on", Date, nullable=False),
    Column("description", Text, nullable=False),
    Column("inspected_on", Date, nullable=True),
)

project_record_payment = Table(
    "project_record_payment",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("voucher", Text, nullable=False),
    Column("paid_on", Date, nullable=False),
)

authority = Table(
    "authority",
    metadata,
    Column("lao_code", String(20), primary_key=True),
    Column("authority_id", String(36), nullable=False, unique=True),  # the aggregate's id
    Column("name_th", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("lao_type", String(40), nullable=False),
    Column("province_code", String(10), nullable=False, index=True),
    Column("district_code", String(10), nullable=False),
    Column("subdistrict_code", String(10), nullable=False),
    Column("merged_into", String(20), nullable=False),
    Column("last_position", BigInteger, nullable=False),
)

budget_state = Table(
    "budget_state",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("lao_code", String(20), nullable=False),
    Column("province_code", String(10), nullable=False),
    Column("lao_type", String(40), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("enacted_on", Date, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("last_position", BigInteger, nullable=False),
    Index("ix_budget_state_lao_year", "lao_code", "fiscal_year", unique=True),
)

# A budget line's balances: the line ledger of the AnnualBudget aggregate, as rows.
# allocated = appropriated + transferred_in - transferred_out + supplementary;
# reserved, committed, paid, carried: sums over the line's projects;
# available = allocated - reserved - spent (the ledger's own `available`);
# savings (เงินเหลือจ่าย) = the sum, over the line's projects that signed a contract, of
# the project's reservation less its contract (negative where a contract took more than
# the project's budget); what a cancellation returns to the line is available again and
# cancelled carried money lapses to the accumulated funds: neither is a saving (issue 13:
# a cancelled project's reservation was counted, and savings exceeded the allocation);
# lapsed: what went to the accumulated funds (เงินสะสม): what the year's closing let lapse on
# the line, and carried money since (past its deadline, beyond a contract signed on it after
# 30 September, or of a project cancelled after 30 September).
budget_line_balance = Table(
    "budget_line_balance",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("line_code", String(100), primary_key=True),
    Column("lao_code", String(20), nullable=False, index=True),
    Column("province_code", String(10), nullable=False),
    Column("lao_type", String(40), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("programme", String(40), nullable=False),
    Column("work_unit", Text, nullable=False),
    Column("budget_group", String(40), nullable=False),
    Column("category", String(40), nullable=False),
    Column("description", Text, nullable=False),
    money("appropriated"),
    money("transferred_in"),
    money("transferred_out"),
    money("supplementary"),
    money("allocated"),
    money("reserved"),
    money("committed"),
    money("paid"),
    money("spent"),
    money("carried"),
    money("savings"),
    money("lapsed"),
    money("available"),
    Column("last_position", BigInteger, nullable=False),
)

# What the line ledger keeps per project (needed to apply later events exactly).
# committed and carried are NULL while the ledger holds no entry for the project
# (no contract; nothing carried over): later events test for the entry, not its value.
# planned is the reservation its saving is measured from: the first one, less what a
# cancellation or cancelled carried money returned to available; released, whether it
# was cancelled.
budget_line_project = Table(
    "budget_line_project",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("line_code", String(100), primary_key=True),
    Column("project_id", String(36), primary_key=True),
    money("planned"),
    money("reserved"),
    money("committed", nullable=True),
    money("paid"),
    money("carried", nullable=True),
    Column("released", Boolean, nullable=False),
)

# Spending without a project, by the version that recorded it (corrections name it).
budget_expenditure = Table(
    "budget_expenditure",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("line_code", String(100), nullable=False),
    money("amount"),
)

# What each line spent under last year's ordinance before this year's was enacted
# (ใช้ข้อบัญญัติปีที่แล้วไปพลางก่อน; already in the line's `spent`), and how much of it the
# enactment has counted against the line: spent - counted is still "under last year's".
budget_line_before_enactment = Table(
    "budget_line_before_enactment",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("line_code", String(100), primary_key=True),
    Column("lao_code", String(20), nullable=False, index=True),
    Column("fiscal_year", Integer, nullable=False),
    Column("under_fiscal_year", Integer, nullable=False),
    money("spent"),
    money("counted"),
)

# Money moved in each quarter, by the business date of the event: the changes in
# allocated, obligated (committed by contract, or spent without a project) and
# disbursed. Quarter 1 also holds what is dated before the fiscal year (drafting,
# enactment); quarter 5 holds what is dated after it (carried-over payments).
# The figures as of the end of quarter q are the sums over quarters 1..q.
lao_progress = Table(
    "lao_progress",
    metadata,
    Column("lao_code", String(20), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("quarter", Integer, primary_key=True, autoincrement=False),
    Column("budget_group", String(40), primary_key=True),
    Column("province_code", String(10), nullable=False),
    Column("lao_type", String(40), nullable=False),
    money("allocated"),
    money("obligated"),
    money("disbursed"),
    Index("ix_lao_progress_province", "province_code", "fiscal_year"),
)

# lao_progress summed per province and LAO type, kept as running sums.
province_progress = Table(
    "province_progress",
    metadata,
    Column("province_code", String(10), primary_key=True),
    Column("lao_type", String(40), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("quarter", Integer, primary_key=True, autoincrement=False),
    Column("budget_group", String(40), primary_key=True),
    money("allocated"),
    money("obligated"),
    money("disbursed"),
)

# province_progress summed per LAO type for the nation, kept as running sums.
national_progress = Table(
    "national_progress",
    metadata,
    Column("lao_type", String(40), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("quarter", Integer, primary_key=True, autoincrement=False),
    Column("budget_group", String(40), primary_key=True),
    money("allocated"),
    money("obligated"),
    money("disbursed"),
)

# The year's targets as DLA set them last; budget_group "all" is every group together.
disbursement_target = Table(
    "disbursement_target",
    metadata,
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("quarter", Integer, primary_key=True, autoincrement=False),
    Column("budget_group", String(40), primary_key=True),
    Column("percent", Numeric(5, 2, asdecimal=True), nullable=False),
    Column("obligated_percent", Numeric(5, 2, asdecimal=True), nullable=True),
    Column("source", Text, nullable=False),
)

report_state = Table(
    "report_state",
    metadata,
    Column("report_id", String(36), primary_key=True),
    Column("lao_code", String(20), nullable=False, index=True),
    Column("province_code", String(10), nullable=False),
    Column("period", String(10), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("period_kind", String(1), nullable=False),
    Column("period_number", Integer, nullable=False),
    Column("period_ends_on", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("signed_off_by", String(100), nullable=False),
    Column("first_submitted_on", Date, nullable=True),
    Column("last_submitted_on", Date, nullable=True),
    Column("submissions", Integer, nullable=False),
    Column("returns", Integer, nullable=False),
    Column("reviewed_on", Date, nullable=True),
    Column("reviewed_by", String(100), nullable=False),
    Column("accepted_on", Date, nullable=True),
    Column("last_comments", Text, nullable=False),
    Column("last_position", BigInteger, nullable=False),
    Index("ix_report_state_inbox", "province_code", "status"),
)

# Every step of a report (drafted, revised, signed off, submitted, resubmitted,
# returned, accepted): the review history a PDF prints.
report_step = Table(
    "report_step",
    metadata,
    Column("report_id", String(36), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("step", String(20), nullable=False),
    Column("user_id", String(100), nullable=False),
    Column("role", String(50), nullable=False),
    Column("business_date", Date, nullable=False),
    Column("recorded_at", UtcDateTime(), nullable=False),
    Column("comments", Text, nullable=False),
)

# Every legal deadline of what an LAO recorded (budget/domain/deadlines.py): what starts
# it and what met it. The due day is counted when asked, on the working days known then
# (a holiday the cabinet adds later moves it); `fixed_due_on` is a date the record set.
deadline = Table(
    "deadline",
    metadata,
    Column("deadline_key", String(80), primary_key=True),  # subject id / kind / number
    Column("lao_code", String(20), nullable=False),
    Column("province_code", String(10), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("subject_id", String(36), nullable=False),
    Column("subject", String(200), nullable=False),  # a project's code, a transfer's lines
    Column("number", Integer, nullable=False),  # an installment's or transfer's version
    Column("opened_on", Date, nullable=False),  # the day of the event that set it
    Column("starts_on", Date, nullable=False),  # the day its period is counted from
    Column("fixed_due_on", Date, nullable=True),
    Column("met_on", Date, nullable=True),
    Column("met_by", String(80), nullable=False),  # the meeting event's name and version
    Column("cancelled_on", Date, nullable=True),
    Index("ix_deadline_lao", "lao_code", "fiscal_year"),
    Index("ix_deadline_subject", "subject_id"),
    Index("ix_deadline_province", "province_code", "fiscal_year", "kind"),
)

# Each annual budget as the deadlines projection needs it: whose, and since when enacted.
deadline_budget = Table(
    "deadline_budget",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("lao_code", String(20), nullable=False),
    Column("province_code", String(10), nullable=False),
    Column("fiscal_year", Integer, nullable=False),
    Column("enacted_on", Date, nullable=True),
    Index("ix_deadline_budget_lao", "lao_code", "fiscal_year", unique=True),
)

# The cabinet's extra holidays (budget/domain/holidays.py) as recorded now.
cabinet_holiday = Table(
    "cabinet_holiday",
    metadata,
    Column("day", Date, primary_key=True),
    Column("name", String(500), nullable=False),
    Column("source", String(500), nullable=False),
)

# DLA's reporting calendar of each fiscal year (budget/domain/reporting.py), as set last:
# a report on a period of `period_kind` is due `days` (`counting`) after the period ends.
reporting_rule = Table(
    "reporting_rule",
    metadata,
    Column("fiscal_year", Integer, primary_key=True, autoincrement=False),
    Column("period_kind", String(1), primary_key=True),
    Column("days", Integer, nullable=False),
    Column("counting", String(10), nullable=False),
    Column("source", Text, nullable=False),
)
