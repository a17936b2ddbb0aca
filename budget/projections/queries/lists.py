"""Lists: authorities, projects and stuck projects, and one project as it stands."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from msgspec.structs import replace
from sqlalchemy import Connection, Select, bindparam, func, select

from budget.domain.calendar import today as thai_today
from budget.domain.errors import NotFound
from budget.domain.money import ZERO
from budget.domain.oversight import DISTRICT_OVERSEEN
from budget.projections.queries.carry_over import project_carry_over_of
from budget.projections.queries.funding import project_source, source_of_lines
from budget.projections.queries.funding_models import OWN
from budget.projections.queries.models import (
    Authority,
    Filters,
    Page,
    PageRequest,
    ProjectRow,
    struct_from,
)
from budget.projections.queries.paging import paged
from budget.projections.queries.project_models import (
    AmendmentRow,
    ContractMoney,
    ContractRow,
    InstallmentRow,
    LumpSumRow,
    PaymentRow,
    ProjectDetail,
    StageDate,
)
from budget.projections.queries.shapes import equal_to
from budget.projections.queries.stages import (
    DEFAULT_STUCK_DAYS,
    FINISHED,
    stage_conditions,
    stuck_condition,
)
from budget.projections.tables import (
    CENT,
    STAGE_DATES,
    contractor,
    project_installment,
    project_installment_deduction,
    project_money,
    project_payment,
    project_record,
    project_record_amendment,
    project_record_installment,
    project_record_lump_sum,
    project_record_payment,
    project_state,
)
from budget.projections.tables import (
    authority as authority_table,
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
    overseen_by: str | None = None,
) -> Page[Authority]:
    """The registry by code, narrowed to a province, a type, one LAO, or the LAOs a
    district's office oversees (`overseen_by`, a district code: its SAOs and subdistrict
    municipalities, budget/domain/oversight.py)."""
    a = authority_table
    conditions = equal_to(a, province_code=province_code, lao_type=lao_type, lao_code=lao_code)
    if overseen_by is not None:
        conditions.append(a.c.district_code == overseen_by)
        conditions.append(a.c.lao_type.in_(sorted(t.value for t in DISTRICT_OVERSEEN)))
    statement = select(a).where(*conditions).order_by(a.c.lao_code)
    return paged(connection, statement, page, _authority)


def _authority(row: Any) -> Authority:
    return struct_from(Authority, row._mapping, province_name=_province_name(row.province_code))


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
    statement = source_of_lines(_with_money(select(p)).where(*conditions).order_by(*order), p)
    return paged(connection, statement, page, lambda row: _project(row, day, stuck_days))


def _with_money(statement: Select[Any]) -> Select[Any]:
    """A project's row with its contract's retention held, fines and advance not yet
    taken back (0 for none)."""
    p, m = project_state, project_money
    held = func.coalesce(m.c.retention_withheld - m.c.retention_released, 0)
    ahead = func.coalesce(m.c.advance_paid - m.c.advance_recovered, 0)
    return statement.add_columns(
        held.label("retention_held"),
        func.coalesce(m.c.fines, 0).label("fines"),
        ahead.label("advance_outstanding"),
    ).outerjoin(m, m.c.project_id == p.c.project_id)


def _project(row: Any, today: date, stuck_days: int) -> ProjectRow:
    # A stage dated after today (planned ahead, or keyed ahead of the server's date)
    # has not begun: 0 days, never a negative age.
    days = max(0, (today - row.stage_entered_on).days)
    stuck = row.stage not in FINISHED and days > stuck_days
    source = row._mapping.get("source") or OWN  # its line's (NULL: the LAO's own revenue)
    return struct_from(
        ProjectRow,
        row._mapping,
        days_in_stage=days,
        stuck=stuck,
        source=source,
        retention_held=_baht(row.retention_held),
        fines=_baht(row.fines),
        advance_outstanding=_baht(row.advance_outstanding),
    )


def _baht(value: Any) -> Decimal:
    """A sum read back (SQLite gives the 0 of coalesce as an int)."""
    return Decimal(value).quantize(CENT)


def project(connection: Connection, project_id: str, *, today: date | None = None) -> ProjectDetail:
    """One project as it stands: its stages' dates, contract, installments and payments,
    and its version (project_state's tables, beside project_record's)."""
    p, r, who = project_state, project_record, contractor  # its party by code (schema 0025)
    row = connection.execute(
        _with_money(select(p, r.c.version, r.c.appeal_ends_on, r.c.contract_number))
        .add_columns(who.c.contractor, who.c.contractor_tax_id)
        .outerjoin(r, r.c.project_id == p.c.project_id)
        .outerjoin(who, who.c.contractor_code == r.c.contractor_code)
        .where(p.c.project_id == project_id)
    ).one_or_none()
    if row is None:
        raise NotFound(what="Project", key=project_id)
    i, pay = project_installment, project_payment
    ri, rp = project_record_installment, project_record_payment
    dates = sorted(  # by day, then stage name (the row's columns since schema 0019)
        (
            StageDate(stage=stage, entered_on=on)
            for stage, column in STAGE_DATES.items()
            if (on := row._mapping[column]) is not None
        ),
        key=lambda d: (d.entered_on, d.stage),
    )
    w = project_installment_deduction
    installments = connection.execute(
        select(i.c.number, i.c.amount, i.c.inspected, i.c.paid)
        .add_columns(ri.c.due_on, ri.c.description, ri.c.inspected_on)
        .add_columns(w.c.delivered_on, w.c.days_late, w.c.advance, w.c.retention, w.c.fine)
        .outerjoin(ri, (ri.c.project_id == i.c.project_id) & (ri.c.number == i.c.number))
        .outerjoin(w, (w.c.project_id == i.c.project_id) & (w.c.number == i.c.number))
        .where(i.c.project_id == project_id)
        .order_by(i.c.number)
    )
    payments = connection.execute(
        select(pay.c.version, pay.c.installment, pay.c.amount, rp.c.voucher, rp.c.paid_on)
        .outerjoin(rp, (rp.c.project_id == pay.c.project_id) & (rp.c.version == pay.c.version))
        .where(pay.c.project_id == project_id)
        .order_by(pay.c.version)
    )
    source = project_source(connection, row.lao_code, row.fiscal_year, row.line_code)
    listed = _project(row, today or thai_today(), DEFAULT_STUCK_DAYS)
    return ProjectDetail(
        project=replace(listed, source=source.kind),
        province_code=row.province_code,
        fiscal_year=row.fiscal_year,
        stage_dates=dates,
        installments=[
            struct_from(
                InstallmentRow,
                r._mapping,
                description=r.description or "",
                days_late=r.days_late or 0,
                advance_recovered=r.advance if r.advance is not None else ZERO,
                retention=r.retention if r.retention is not None else ZERO,
                fine=r.fine if r.fine is not None else ZERO,
            )
            for r in installments
        ],
        payments=[struct_from(PaymentRow, r._mapping, voucher=r.voucher or "") for r in payments],
        version=row.version,
        appeal_ends_on=row.appeal_ends_on,
        contract=_contract(row),
        **_contract_money(connection, project_id),
        source=source,
        carry_over=project_carry_over_of(connection, project_id),
    )


def _contract_money(connection: Connection, project_id: str) -> dict[str, Any]:
    """The contract's money beyond its installments, its amendments, its lump sums."""
    m, a, s = project_money, project_record_amendment, project_record_lump_sum
    found = connection.execute(select(m).where(m.c.project_id == project_id)).one_or_none()
    amendments = connection.execute(
        select(a).where(a.c.project_id == project_id).order_by(a.c.version)
    )
    sums = connection.execute(select(s).where(s.c.project_id == project_id).order_by(s.c.version))
    money = None
    if found is not None:
        money = struct_from(
            ContractMoney,
            found._mapping,
            advance_outstanding=found.advance_paid - found.advance_recovered,
            retention_held=found.retention_withheld - found.retention_released,
        )
    return {
        "money": money,
        "amendments": [struct_from(AmendmentRow, r._mapping) for r in amendments],
        "lump_sums": [struct_from(LumpSumRow, r._mapping) for r in sums],
    }


def _contract(row: Any) -> ContractRow | None:
    """The contract of a project's row read with its record (None before one is signed,
    or while the record has not caught up with it)."""
    if row.contract_amount is None or row.contract_number is None:
        return None
    return struct_from(
        ContractRow, row._mapping, number=row.contract_number, amount=row.contract_amount
    )
