"""A project's contract in the project state's batch: its installments as signed and as
amended, what each inspection withheld (the advance taken back, retention, a fine: MoF
procurement regulation B.E. 2560 cl. 141-143, 162), and the contract's money beyond its
installments (project_money), a mixin of project_state's batch."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from budget.domain.contract_terms import FineBasis
from budget.projections.events import project
from budget.projections.events.wire import Event
from budget.projections.slotted import slotted
from budget.projections.tables import project_installment, project_money

ZERO = Decimal("0.00")
Row = dict[str, Any]
# An installment as the batch holds it: project_installment's row in slots, and what its
# inspection withheld beside it (not a column: from project_installment_deduction)
WITHHELD = ("withheld",)


class ContractRows:
    """The contract's rows of a batch: its installments (`parts`), the installments an
    amendment took away (`removed`), the deductions of each inspection and the contract's
    money, loaded lazily."""

    parts: dict[str, dict[int, Row]]  # by project, then installment number
    removed: set[tuple[str, int]]
    deductions: dict[tuple[str, int], Row]
    money: dict[str, Row]

    def _contract(self, pid: str, state: Row, contract: project.ContractTerms) -> None:
        if contract.terms is not None:
            terms = contract.terms.value
            rates = {
                "advance_rate": terms.advance_rate.value,
                "advance_recovery_rate": terms.advance_recovery_rate.value,
                "retention_rate": terms.retention_rate.value,
                "fine_rate": terms.fine_rate.value,
            }
            if any(rates.values()):
                money = self._money(pid)
                for name, rate in rates.items():
                    money[name] = rate
                money["warranty_months"] = terms.warranty_months
                money["fine_basis"] = terms.fine_basis.value
        state["contract_amount"] = contract.amount.value
        state["installments_total"] = len(contract.installments)
        numbered = self.parts.setdefault(pid, {})
        for part in (p.value for p in contract.installments):
            numbered[part.number] = installment(pid, part)

    def _amended(self, pid: str, state: Row, contract: project.ContractTerms) -> None:
        """The contract as amended: each installment keeps what was inspected and paid on
        it; those it no longer has go (never inspected: the domain keeps those)."""
        state["contract_amount"] = contract.amount.value
        state["installments_total"] = len(contract.installments)
        numbered = self.parts[pid]
        for part, row in amended_installments(pid, contract, numbered, self.removed, installment):
            row["amount"] = part.amount.value
        self._money(pid)["amendments"] += 1

    def _contract_money(self, pid: str, state: Row, event: Event) -> None:
        """What was withheld at an inspection; cash paid outside the installments."""
        match event:
            case project.DeductionsAssessed():
                self._withheld(pid, event)
            case project.AdvancePaid(amount=amount):
                self._money(pid)["advance_paid"] += amount.value
                state["paid"] += amount.value
            case project.RetentionReleased(amount=amount):
                self._money(pid)["retention_released"] += amount.value
                state["paid"] += amount.value

    def _withheld(self, pid: str, event: project.DeductionsAssessed) -> None:
        row = {
            "project_id": pid,
            "number": event.installment,
            "delivered_on": event.delivered_on.value,
            "days_late": event.days_late,
            "advance": event.advance.value,
            "retention": event.retention.value,
            "fine": event.fine.value,
        }
        self.deductions[(pid, event.installment)] = row
        self.parts[pid][event.installment]["withheld"] = withheld_by(row)
        money = self._money(pid)
        money["advance_recovered"] += event.advance.value
        money["retention_withheld"] += event.retention.value
        money["fines"] += event.fine.value

    def _money(self, pid: str) -> Row:
        """The project's contract money, a new row the first time it has any."""
        if pid not in self.money:
            self.money[pid] = slotted(
                project_money,
                {
                    "project_id": pid,
                    "advance_rate": ZERO,
                    "advance_recovery_rate": ZERO,
                    "retention_rate": ZERO,
                    "warranty_months": 0,
                    "fine_rate": ZERO,
                    "fine_basis": FineBasis.UNDELIVERED.value,
                    "advance_paid": ZERO,
                    "advance_recovered": ZERO,
                    "retention_withheld": ZERO,
                    "retention_released": ZERO,
                    "fines": ZERO,
                    "amendments": 0,
                },
            )
        return self.money[pid]


def installment(pid: str, part: project.InstallmentTerms) -> Any:
    """A new installment of a contract, nothing inspected, paid or withheld."""
    return slotted(
        project_installment,
        {
            "project_id": pid,
            "number": part.number,
            "amount": part.amount.value,
            "inspected": False,
            "paid": ZERO,
            "withheld": ZERO,
        },
        WITHHELD,
    )


def amended_installments(
    pid: str,
    contract: project.ContractTerms,
    numbered: dict[int, Row],
    removed: set[tuple[str, int]],
    new: Callable[[str, project.InstallmentTerms], Row],
) -> list[tuple[project.InstallmentTerms, Row]]:
    """A project's installments (`numbered`, by number) as an amended contract has them,
    each with its row (`new`'s where it had none): those it no longer has leave `numbered`
    for `removed` (never inspected: the domain keeps those), those it has again leave
    `removed`. Project_state's batch and project_record's keep their rows by it."""
    kept = {p.value.number for p in contract.installments}
    for number in [n for n in numbered if n not in kept]:
        del numbered[number]
        removed.add((pid, number))
    rows = []
    for part in (p.value for p in contract.installments):
        row = numbered.get(part.number)
        if row is None:
            row = numbered[part.number] = new(pid, part)
        removed.discard((pid, part.number))
        rows.append((part, row))
    return rows


def withheld_by(row: Row) -> Decimal:
    """What an installment's deductions withhold from its payment, all together."""
    withheld: Decimal = row["advance"] + row["retention"] + row["fine"]
    return withheld
