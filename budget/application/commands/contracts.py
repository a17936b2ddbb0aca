"""Commands of a signed contract beyond its installments: the advance paid against its
guarantee (regulation cl. 141-143), the retention returned after the warranty, and an
amendment approved for a reason (cl. 165). Each is dated by the business (default: today
in Thailand)."""

from __future__ import annotations

from uuid import UUID

from budget.application.commands.base import Body, Command, Dated
from budget.application.commands.projects import Installments
from budget.application.fields import Code, Money, Name, Text
from budget.domain.contract import Installment
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.contract_terms import AdvanceGuarantee


class GuaranteeIn(Body, kw_only=True, frozen=True):
    """The advance's guarantee: a bank's letter of guarantee or government bonds."""

    issuer: Name
    reference: Code
    amount: Money

    def guarantee(self) -> AdvanceGuarantee:
        return AdvanceGuarantee(issuer=self.issuer, reference=self.reference, amount=self.amount)


# The guarantee's fields as they are named where an advance is typed flat: a page's form
# fields, a workbook's columns (Checker.command's `names`).
GUARANTEE_FIELDS = {
    "issuer": "guarantee_issuer",
    "reference": "guarantee_reference",
    "amount": "guarantee_amount",
}


class AdvanceIn(Dated, kw_only=True, frozen=True):
    amount: Money
    voucher: Code
    guarantee: GuaranteeIn


class PayAdvance(AdvanceIn, Command, kw_only=True, frozen=True):
    """Pay the contract's advance (เงินล่วงหน้า) against its guarantee, before any inspection."""

    project_id: UUID


class RetentionReleaseIn(Dated, kw_only=True, frozen=True):
    voucher: Code


class ReleaseRetention(RetentionReleaseIn, Command, kw_only=True, frozen=True):
    """Return all the retention held (เงินประกันผลงาน) once the warranty has ended."""

    project_id: UUID


class AmendmentIn(Dated, kw_only=True, frozen=True):
    """The contract as amended: every installment as it now stands (those inspected
    unchanged), who approved the amendment and why."""

    kind: AmendmentKind
    installments: Installments
    approved_by: Name
    reason: Text

    def amended(self) -> list[Installment]:
        return [i.installment() for i in self.installments]


class AmendContract(AmendmentIn, Command, kw_only=True, frozen=True):
    """An extension of time, a change of amount (within the line's money) or of the
    installments."""

    project_id: UUID
