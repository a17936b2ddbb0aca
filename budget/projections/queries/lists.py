"""Lists: authorities, projects, stuck projects, budget lines, reports and the review inbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from msgspec.structs import replace
from sqlalchemy import Connection, Select, bindparam, func, select

from budget.domain.calendar import today as thai_today
from budget.domain.errors import NotFound
from budget.domain.fiscal import FiscalYear, ReportingPeriod
from budget.domain.money import ZERO
from budget.projections.queries.models import (
    Authority,
    BudgetHeader,
    ContractRow,
    Filters,
    InstallmentRow,
    LineBalance,
    Page,
    PageRequest,
    PaymentRow,
    ProjectDetail,
    ProjectRow,
    ReportRow,
    ReportStep,
    StageDate,
)
from budget.projections.queries.paging import paged
from budget.projections.queries.stages import (
    DEFAULT_STUCK_DAYS,
    FINISHED,
    stage_conditions,
    stuck_condition,
)
from budget.projections.tables import (
    authority as authority_table,
)
from budget.projections.tables import (
    budget_line_balance,
    budget_line_before_enactment,
    budget_state,
    project_installment,
    project_payment,
    project_record,
    project_record_installment,
    project_record_payment,
    project_stage_date,
    project_state,
    report_state,
    report_step,
)
from budget.registry.geography import province_name_th


def authority(connection: Connection, lao_code: str) -> Authority:
    row = connection.execute(_authority_statement(), {"lao_code": lao_code}).one_or_none()
    if row is None:
        raise NotFound(what="LocalAuthority", key=lao_code)
    return _authority(row)


@cache  # built once: the dashboards read an authority on every call
def _authority_statement() -> Select[Any]:
    a = authority_table
    return select(a).where(a.c.lao_code == bindparam("lao_code"))


def authorities(
    connection: Connection,
    page: PageRequest,
    *,
    province_code: str | None = None,
    lao_type: str | None = None,
    lao_code: str | None = None,
) -> Page[Authority]:
    """The registry by code, narrowed to a province, a type or one LAO."""
    a = authority_table
    conditions = []
    if province_code is not None:
        conditions.append(a.c.province_code == province_code)
    if lao_type is not None:
        conditions.append(a.c.lao_type == lao_type)
    if lao_code is not None:
        conditions.append(a.c.lao_code == lao_code)
    statement = select(a).where(*conditions).order_by(a.c.lao_code)
    return paged(connection, statement, page, _authority)


def _authority(row: Any) -> Authority:
    return Authority(
        lao_code=row.lao_code,
        name_th=row.name_th,
        name_en=row.name_en,
        lao_type=row.lao_type,
        province_code=row.province_code,
        province_name=_province_name(row.province_code),
        district_code=row.district_code,
        merged_into=row.merged_into,
    )


def _province_name(code: str) -> str:
    try:
        return province_name_th(code)
    except (KeyError, ValueError):
        return code


def projects(
    connection: Connection,
    filters: Filters,
    page: PageRequest,
    *,
    lao_code: str | None = None,
    today: date | None = None,
    stuck_days: int = DEFAULT_STUCK_DAYS,
    stuck_only: bool = False,
) -> Page[ProjectRow]:
    """Projects as they stand now; stuck only: those longest in their stage first."""
    p = project_state
    day = today or thai_today()
    conditions = stage_conditions(p, filters)
    if lao_code is not None:
        conditions.append(p.c.lao_code == lao_code)
    if stuck_only:
        conditions.append(stuck_condition(day, stuck_days))
        order = [p.c.stage_entered_on, p.c.project_id]
    else:
        order = [p.c.lao_code, p.c.code, p.c.project_id]
    statement = select(p).where(*conditions).order_by(*order)
    return paged(connection, statement, page, lambda row: _project(row, day, stuck_days))


def _project(row: Any, today: date, stuck_days: int) -> ProjectRow:
    # A stage dated after today (planned ahead, or keyed ahead of the server's date)
    # has not begun: 0 days, never a negative age.
    days = max(0, (today - row.stage_entered_on).days)
    return ProjectRow(
        project_id=row.project_id,
        lao_code=row.lao_code,
        code=row.code,
        name=row.name,
        line_code=row.line_code,
        budget_group=row.budget_group,
        method=row.method,
        stage=row.stage,
        stage_entered_on=row.stage_entered_on,
        days_in_stage=days,
        budget_amount=row.budget_amount,
        contract_amount=row.contract_amount,
        paid=row.paid,
        installments_total=row.installments_total,
        installments_inspected=row.installments_inspected,
        installments_paid=row.installments_paid,
        stuck=row.stage not in FINISHED and days > stuck_days,
    )


def project(connection: Connection, project_id: str, *, today: date | None = None) -> ProjectDetail:
    """One project as it stands: its stages' dates, contract, installments and payments,
    and its version (project_state's tables, beside project_record's)."""
    p, r = project_state, project_record
    row = connection.execute(
        select(p, r.c.version, r.c.appeal_ends_on, r.c.contract_number, r.c.contractor)
        .add_columns(r.c.contractor_tax_id)
        .outerjoin(r, r.c.project_id == p.c.project_id)
        .where(p.c.project_id == project_id)
    ).one_or_none()
    if row is None:
        raise NotFound(what="Project", key=project_id)
    d, i, pay = project_stage_date, project_installment, project_payment
    ri, rp = project_record_installment, project_record_payment
    dates = connection.execute(
        select(d.c.stage, d.c.entered_on)
        .where(d.c.project_id == project_id)
        .order_by(d.c.entered_on, d.c.stage)
    )
    installments = connection.execute(
        select(i.c.number, i.c.amount, i.c.inspected, i.c.paid)
        .add_columns(ri.c.due_on, ri.c.description, ri.c.inspected_on)
        .outerjoin(ri, (ri.c.project_id == i.c.project_id) & (ri.c.number == i.c.number))
        .where(i.c.project_id == project_id)
        .order_by(i.c.number)
    )
    payments = connection.execute(
        select(pay.c.version, pay.c.installment, pay.c.amount, rp.c.voucher, rp.c.paid_on)
        .outerjoin(rp, (rp.c.project_id == pay.c.project_id) & (rp.c.version == pay.c.version))
        .where(pay.c.project_id == project_id)
        .order_by(pay.c.version)
    )
    return ProjectDetail(
        project=_project(row, today or thai_today(), DEFAULT_STUCK_DAYS),
        province_code=row.province_code,
        fiscal_year=row.fiscal_year,
        stage_dates=[StageDate(stage=r.stage, entered_on=r.entered_on) for r in dates],
        installments=[
            InstallmentRow(
                number=r.number,
                amount=r.amount,
                inspected=r.inspected,
                paid=r.paid,
                due_on=r.due_on,
                description=r.description or "",
                inspected_on=r.inspected_on,
            )
            for r in installments
        ],
        payments=[
            PaymentRow(
                version=r.version,
                installment=r.installment,
                amount=r.amount,
                voucher=r.voucher or "",
                paid_on=r.paid_on,
            )
            for r in payments
        ],
        version=row.version,
        appeal_ends_on=row.appeal_ends_on,
        contract=_contract(row),
    )


def _contract(row: Any) -> ContractRow | None:
    """The contract of a project's row read with its record (None before one is signed,
    or while the record has not caught up with it)."""
    if row.contract_amount is None or row.contract_number is None:
        return None
    return ContractRow(
        number=row.contract_number,
        contractor=row.contractor,
        contractor_tax_id=row.contractor_tax_id,
        amount=row.contract_amount,
    )


def budget_header(connection: Connection, lao_code: str, fiscal_year: int) -> BudgetHeader | None:
    b = budget_state
    row = connection.execute(
        select(b).where(b.c.lao_code == lao_code, b.c.fiscal_year == fiscal_year)
    ).one_or_none()
    if row is None:
        return None
    return BudgetHeader(
        budget_id=row.budget_id,
        lao_code=row.lao_code,
        fiscal_year=row.fiscal_year,
        drafted_on=row.drafted_on,
        enacted_on=row.enacted_on,
        closed_on=row.closed_on,
    )


def budget_lines(
    connection: Connection, lao_code: str, fiscal_year: int, as_of: date | None = None
) -> list[LineBalance]:
    """Each line's balances, with what it spent under last year's ordinance before this
    year's was enacted. From 1 October after the year (`as_of`, default today in
    Thailand) nothing is available and what was neither paid nor carried over is shown
    lapsed, even before anyone closes the year: the lapse happens on that day (see
    AnnualBudget.close_year), the closing only records it."""
    b, e = budget_line_balance, budget_line_before_enactment
    rows = connection.execute(
        select(b, budget_state.c.closed_on, e.c.spent.label("before"), e.c.counted)
        .join(budget_state, budget_state.c.budget_id == b.c.budget_id, isouter=True)
        .outerjoin(e, (e.c.budget_id == b.c.budget_id) & (e.c.line_code == b.c.line_code))
        .where(b.c.lao_code == lao_code, b.c.fiscal_year == fiscal_year)
        .order_by(b.c.line_code)
    )
    fields = [f for f in LineBalance.__struct_fields__ if f in b.c]
    lapse = (as_of or thai_today()) > FiscalYear(fiscal_year).ends_on
    found = []
    for row in rows:
        line = LineBalance(
            **{f: getattr(row, f) for f in fields},
            spent_before_enactment=row.before or ZERO,
            not_yet_counted=(row.before or ZERO) - (row.counted or ZERO),
        )
        if lapse:  # nothing new is spent after the year but carried money (`carried`)
            line.available = ZERO
            if row.closed_on is None:
                line.lapsed = line.allocated - line.paid - line.spent - line.carried
        # The savings still on the line: what contracts saved, as far as another project
        # has not reserved it again (savings made, summed over projects, count a baht saved
        # twice when it is reserved and saved again; what is left never exceeds what is
        # available, so nothing once the year has lapsed).
        found.append(replace(line, savings=min(line.savings, line.available)))
    return found


def year_money(
    connection: Connection, lao_code: str, filters: Filters
) -> tuple[Decimal, Decimal, Decimal]:
    """What an LAO's year paid under last year's ordinance before its own was enacted, what
    of it the enactment counted, and what lapsed to the accumulated funds (in the budget
    group of `filters`, if one)."""
    b, e = budget_line_balance, budget_line_before_enactment
    where = [b.c.lao_code == lao_code, b.c.fiscal_year == filters.fiscal_year]
    if filters.budget_group:
        where.append(b.c.budget_group == filters.budget_group)
    joined = b.outerjoin(e, (e.c.budget_id == b.c.budget_id) & (e.c.line_code == b.c.line_code))
    row = connection.execute(
        select(func.sum(e.c.spent), func.sum(e.c.counted), func.sum(b.c.lapsed))
        .select_from(joined)
        .where(*where)
    ).one()
    return (_money(row[0]), _money(row[1]), _money(row[2]))


def _money(value: Any) -> Decimal:
    return ZERO if value is None else Decimal(value).quantize(ZERO)


def _report_statement() -> Any:
    r = report_state
    return select(r, authority_table.c.name_th).join(
        authority_table, authority_table.c.lao_code == r.c.lao_code, isouter=True
    )


def _report(row: Any, prefix: str = "") -> ReportRow:
    """A report from a row of `_report_statement` (or of one naming report_state's
    columns `prefix` + name, the LAO's name still `name_th`)."""
    r = _ReportColumns(row, prefix)
    first = r.first_submitted_on
    return ReportRow(
        report_id=r.report_id,
        lao_code=r.lao_code,
        lao_name=row.name_th or r.lao_code,
        province_code=r.province_code,
        period=r.period,
        period_ends_on=r.period_ends_on,
        status=r.status,
        drafted_on=r.drafted_on,
        signed_off_by=r.signed_off_by,
        first_submitted_on=first,
        last_submitted_on=r.last_submitted_on,
        submissions=r.submissions,
        returns=r.returns,
        reviewed_on=r.reviewed_on,
        reviewed_by=r.reviewed_by,
        accepted_on=r.accepted_on,
        last_comments=r.last_comments,
        days_late=None if first is None else max(0, (first - r.period_ends_on).days),
    )


class _ReportColumns:
    def __init__(self, row: Any, prefix: str) -> None:
        self.row, self.prefix = row, prefix

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, self.prefix + name)


def authority_and_reports(
    connection: Connection, lao_code: str, fiscal_year: int
) -> tuple[Authority, list[ReportRow]]:
    """An LAO and its reports of the year (as `authority` and `reports_of`), in one
    statement: the LAO dashboard's."""
    values = {"lao_code": lao_code, "fiscal_year": fiscal_year}
    rows = connection.execute(_authority_and_reports(), values).all()
    if not rows:
        raise NotFound(what="LocalAuthority", key=lao_code)
    reports = [_report(row, "report_") for row in rows if row.report_report_id is not None]
    return _authority(rows[0]), reports


@cache
def _authority_and_reports() -> Select[Any]:
    a, r = authority_table, report_state
    of_the_year = (r.c.lao_code == a.c.lao_code) & (r.c.fiscal_year == bindparam("fiscal_year"))
    return (
        select(a, *(c.label(f"report_{c.name}") for c in r.c))
        .select_from(a.outerjoin(r, of_the_year))
        .where(a.c.lao_code == bindparam("lao_code"))
        .order_by(r.c.period_ends_on, r.c.period_kind)
    )


def reports_of(connection: Connection, lao_code: str, fiscal_year: int) -> list[ReportRow]:
    values = {"lao_code": lao_code, "fiscal_year": fiscal_year}
    return [_report(row) for row in connection.execute(_reports_of_statement(), values)]


@cache  # built once: every LAO dashboard lists the LAO's reports
def _reports_of_statement() -> Select[Any]:
    r = report_state
    statement: Select[Any] = (
        _report_statement()
        .where(r.c.lao_code == bindparam("lao_code"), r.c.fiscal_year == bindparam("fiscal_year"))
        .order_by(r.c.period_ends_on, r.c.period_kind)
    )
    return statement


def reports_in_province(
    connection: Connection, province_code: str, fiscal_year: int
) -> list[ReportRow]:
    """Every report of a province's LAOs for a year, by LAO and period."""
    r = report_state
    statement = (
        _report_statement()
        .where(r.c.province_code == province_code, r.c.fiscal_year == fiscal_year)
        .order_by(r.c.lao_code, r.c.period_ends_on, r.c.period_kind)
    )
    return [_report(row) for row in connection.execute(statement)]


def report_steps(connection: Connection, report_id: str) -> list[ReportStep]:
    """A report's review history, oldest step first."""
    s = report_step
    rows = connection.execute(select(s).where(s.c.report_id == report_id).order_by(s.c.version))
    return [
        ReportStep(
            version=row.version,
            step=row.step,
            user_id=row.user_id,
            role=row.role,
            business_date=row.business_date,
            recorded_at=row.recorded_at,
            comments=row.comments,
        )
        for row in rows
    ]


def report(connection: Connection, lao_code: str, period: ReportingPeriod) -> ReportRow:
    r = report_state
    row = connection.execute(
        _report_statement().where(r.c.lao_code == lao_code, r.c.period == period.key)
    ).one_or_none()
    if row is None:
        raise NotFound(what="ProgressReport", key=f"{lao_code} {period.key}")
    return _report(row)


def review_inbox(
    connection: Connection, province_code: str | None, page: PageRequest
) -> Page[ReportRow]:
    """Reports awaiting review (submitted or resubmitted), the longest waiting first."""
    r = report_state
    conditions = [r.c.status == "submitted"]
    if province_code is not None:
        conditions.append(r.c.province_code == province_code)
    statement = (
        _report_statement()
        .where(*conditions)
        .order_by(r.c.last_submitted_on, r.c.lao_code, r.c.period)
    )
    return paged(connection, statement, page, _report)
