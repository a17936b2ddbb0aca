"""The Project events as the project-state projection reads them (budget/domain/project.py)."""

from __future__ import annotations

from msgspec import Struct

from budget.domain.project import Project
from budget.projections.events.wire import Day, Event, Member, Money, Valued, topics_of


class Planned(Event, frozen=True):
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


class Step(Event, frozen=True):
    """A procurement step recorded before the contract."""


class ProcurementPlanPublished(Step, frozen=True):
    pass


class ProcurementReportApproved(Step, frozen=True):
    pass


class TermsOfReferenceSet(Step, frozen=True):
    pass


class InvitationAnnounced(Step, frozen=True):
    pass


class BidsEvaluated(Step, frozen=True):
    pass


class WinnerAnnounced(Step, frozen=True):
    pass


class InstallmentTerms(Struct, frozen=True):
    number: int
    amount: Money


class ContractTerms(Struct, frozen=True):
    amount: Money
    installments: list[Valued[InstallmentTerms]]


class ContractSigned(Event, frozen=True):
    contract: Valued[ContractTerms]


class InstallmentInspected(Event, frozen=True):
    installment: int


class PaymentRecorded(Event, frozen=True):
    installment: int
    amount: Money


class PaymentCorrected(Event, frozen=True):
    corrects_version: int
    amount: Money


class StageDateCorrected(Event, frozen=True):
    stage: Member
    corrected_date: Day


class CarriedOver(Event, frozen=True):
    pass


class CarriedFundsCancelled(Event, frozen=True):
    pass


class Cancelled(Event, frozen=True):
    pass


class Closed(Event, frozen=True):
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
    InstallmentInspected,
    PaymentRecorded,
    PaymentCorrected,
    StageDateCorrected,
    CarriedOver,
    CarriedFundsCancelled,
    Cancelled,
    Closed,
)
