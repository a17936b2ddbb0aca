"""What the queries return of one project: its stages' dates, contract, installments,
payments, the contract's money and amendments (MoF procurement regulation B.E. 2560
cl. 141-143, 162, 165), its line's source and the money carried past 30 September."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec

from budget.projections.queries.carry_over import CarryOverRow
from budget.projections.queries.funding_models import LineSource
from budget.projections.queries.models import ProjectRow


class StageDate(msgspec.Struct, kw_only=True):
    stage: str
    entered_on: date


class InstallmentRow(msgspec.Struct, kw_only=True):
    """An installment: `paid` is cash; what its inspection withheld is beside it (`amount`
    = paid + advance_recovered + retention + fine once it is paid in full)."""

    number: int
    amount: Decimal
    inspected: bool
    paid: Decimal
    due_on: date | None = None  # the contract's due date of the work (None: not yet known)
    description: str = ""
    inspected_on: date | None = None
    delivered_on: date | None = None
    days_late: int = 0
    advance_recovered: Decimal = Decimal("0.00")
    retention: Decimal = Decimal("0.00")
    fine: Decimal = Decimal("0.00")


class PaymentRow(msgspec.Struct, kw_only=True):
    """A payment, by the version of the project that recorded it (corrections name it)."""

    version: int
    installment: int
    amount: Decimal
    voucher: str = ""  # เลขที่ฎีกา
    paid_on: date | None = None


class ContractRow(msgspec.Struct, kw_only=True):
    """The contract (or purchase order) a project signed; `amount` as last amended."""

    number: str
    contractor: str
    contractor_tax_id: str
    amount: Decimal


class ContractMoney(msgspec.Struct, kw_only=True):
    """A contract's money beyond its installments: its terms (percentages), the advance
    paid (cash) and taken back so far, retention withheld and returned, fines withheld,
    how often it was amended."""

    advance_rate: Decimal
    advance_recovery_rate: Decimal
    retention_rate: Decimal
    warranty_months: int
    fine_rate: Decimal
    fine_basis: str
    advance_paid: Decimal
    advance_recovered: Decimal
    advance_outstanding: Decimal
    retention_withheld: Decimal
    retention_released: Decimal
    retention_held: Decimal
    fines: Decimal
    amendments: int


class AmendmentRow(msgspec.Struct, kw_only=True):
    """An amendment of the contract (cl. 165): its kind, who approved it, when and why."""

    version: int
    kind: str
    approved_on: date
    approved_by: str
    reason: str
    previous_amount: Decimal
    amount: Decimal


class LumpSumRow(msgspec.Struct, kw_only=True):
    """Cash paid outside the installments: the advance (with its guarantee) or the
    retention returned after the warranty."""

    version: int
    kind: str  # advance | retention
    amount: Decimal
    voucher: str
    paid_on: date
    guarantee: str = ""


class ProjectDetail(msgspec.Struct, kw_only=True):
    """A project as the views hold it. `version` is the project's own as of the views
    (None while they have not caught up with its record): a write sent with it is refused
    as stale if the project has changed since."""

    project: ProjectRow
    province_code: str
    fiscal_year: int
    stage_dates: list[StageDate]
    installments: list[InstallmentRow]
    payments: list[PaymentRow]
    version: int | None = None
    appeal_ends_on: date | None = None  # the end of the appeal window after the winner
    contract: ContractRow | None = None
    money: ContractMoney | None = None  # None: no advance, retention, fine or amendment
    amendments: list[AmendmentRow] = msgspec.field(default_factory=list)
    lump_sums: list[LumpSumRow] = msgspec.field(default_factory=list)
    source: LineSource = msgspec.field(default_factory=LineSource)  # its line's
    carry_over: CarryOverRow | None = None  # money carried past 30 September, if any
