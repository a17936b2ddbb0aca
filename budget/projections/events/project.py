"""The Project events as the project-state projection reads them (budget/domain/project.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.project import Project
from budget.projections.events.wire import Day, Event, Member, Money, Valued, topics_of


class Planned(Event, frozen=True, gc=False):
    lao_code: str
    province_code: str
    lao_type: Member
    fiscal_year: int
    code: str
    name: str
    line_code: str
    budget_group: Member
    method: Member
    amount: Money


class Step(Event, frozen=True, gc=False):
    """A procurement step recorded before the contract."""


class ProcurementPlanPublished(Step, frozen=True, gc=False):
    pass


class ProcurementReportApproved(Step, frozen=True, gc=False):
    pass


class TermsOfReferenceSet(Step, frozen=True, gc=False):
    pass


class InvitationAnnounced(Step, frozen=True, gc=False):
    pass


class BidsEvaluated(Step, frozen=True, gc=False):
    pass


class WinnerAnnounced(Step, frozen=True, gc=False):
    appeal_ends_on: Day | None = None  # none for a method without an appeal window


class InstallmentTerms(Struct, frozen=True, gc=False):
    number: int
    amount: Money
    due_on: Day
    description: str


class PaymentTerms(Struct, frozen=True, gc=False):
    advance_rate: Money
    advance_recovery_rate: Money
    retention_rate: Money
    warranty_months: int
    fine_rate: Money
    fine_basis: Member


class ContractTerms(Struct, frozen=True, gc=False):
    number: str
    contractor: str
    contractor_tax_id: str
    amount: Money
    installments: list[Valued[InstallmentTerms]]
    terms: Valued[PaymentTerms] | None = None  # a contract stored before it had terms


class ContractSigned(Event, frozen=True, gc=False):
    contract: Valued[ContractTerms]


class ContractAmended(Event, frozen=True, gc=False):
    kind: Member
    contract: Valued[ContractTerms]
    previous_amount: Money
    approved_by: str
    reason: str


class GuaranteeTerms(Struct, frozen=True, gc=False):
    issuer: str
    reference: str
    amount: Money


class AdvancePaid(Event, frozen=True, gc=False):
    amount: Money
    guarantee: Valued[GuaranteeTerms]
    voucher: str


class DeductionsAssessed(Event, frozen=True, gc=False):
    installment: int
    delivered_on: Day
    days_late: int
    advance: Money
    retention: Money
    fine: Money


class RetentionReleased(Event, frozen=True, gc=False):
    amount: Money
    voucher: str
    warranty_ended_on: Day


class InstallmentInspected(Event, frozen=True, gc=False):
    installment: int


class PaymentRecorded(Event, frozen=True, gc=False):
    installment: int
    amount: Money
    voucher: str


class PaymentCorrected(Event, frozen=True, gc=False):
    corrects_version: int
    amount: Money


class StageDateCorrected(Event, frozen=True, gc=False):
    stage: Member
    corrected_date: Day


class CarriedOver(Event, frozen=True, gc=False):
    deadline: Day


class CarriedFundsCancelled(Event, frozen=True, gc=False):
    pass


class Cancelled(Event, frozen=True, gc=False):
    pass


class Closed(Event, frozen=True, gc=False):
    pass


TOPICS = topics_of(
    Project,
    Planned,
    ProcurementPlanPublished,
    ProcurementReportApproved,
    TermsOfReferenceSet,
    InvitationAnnounced,
    BidsEvaluated,
    WinnerAnnounced,
    ContractSigned,
    ContractAmended,
    AdvancePaid,
    InstallmentInspected,
    DeductionsAssessed,
    RetentionReleased,
    PaymentRecorded,
    PaymentCorrected,
    StageDateCorrected,
    CarriedOver,
    CarriedFundsCancelled,
    Cancelled,
    Closed,
)
