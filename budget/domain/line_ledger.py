"""The ledger of one budget line: where its money is, and the arithmetic of each change.

The budget's events change a line only through these methods, so the sums (what is available,
committed, paid, carried over, what lapses) are written once, here, beside the checks that
guard them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budget.domain.budget_lines import BudgetLine, CarryOverKind
from budget.domain.errors import CarryOverNotAllowed, ExceedsCarriedAmount, InsufficientFunds
from budget.domain.money import ZERO, total


@dataclass(slots=True)
class LineLedger:
    """What a budget has done with one line. Mutable state of the aggregate."""

    line: BudgetLine
    appropriated: Decimal
    transferred_in: Decimal = ZERO
    transferred_out: Decimal = ZERO
    supplementary: Decimal = ZERO
    # per project id: money set aside (the project's budget until a contract,
    # then the contract amount; after cancellation what was paid)
    reserved: dict[str, Decimal] = field(default_factory=dict)
    committed: dict[str, Decimal] = field(default_factory=dict)
    paid: dict[str, Decimal] = field(default_factory=dict)
    # per project id: carried-over money not yet paid (paid after 30 Sep comes out of it)
    carried: dict[str, Decimal] = field(default_factory=dict)
    # paid straight from the line, without a project (salaries, allowances, utilities):
    # obligated and disbursed at once
    spent: Decimal = ZERO
    # what lapsed to the accumulated funds (เงินสะสม): at the year's closing, and carried
    # money not contracted or paid by its deadline since (budget/domain/carry_over.py)
    lapsed: Decimal = ZERO

    # -- reading ---------------------------------------------------------------

    @property
    def allocated(self) -> Decimal:
        return self.appropriated + self.transferred_in - self.transferred_out + self.supplementary

    @property
    def total_reserved(self) -> Decimal:
        return total(self.reserved.values())

    @property
    def total_committed(self) -> Decimal:
        return total(self.committed.values())

    @property
    def total_paid(self) -> Decimal:
        return total(self.paid.values())

    @property
    def available(self) -> Decimal:
        return self.allocated - self.total_reserved - self.spent

    @property
    def obligated(self) -> Decimal:
        return self.total_committed + self.spent

    @property
    def disbursed(self) -> Decimal:
        return self.total_paid + self.spent

    def paid_by(self, project_id: str) -> Decimal:
        return self.paid.get(project_id, ZERO)

    def lapsing(self) -> Decimal:
        """What lapses when the year closes: neither paid nor carried over (nor lapsed
        already, carried money past its deadline)."""
        return self.allocated - self.disbursed - total(self.carried.values()) - self.lapsed

    # -- checks ----------------------------------------------------------------

    def check_can_take(self, amount: Decimal, project_id: str = "") -> None:
        """No more than is free on the line; a project's contract may also take what the
        project already holds (its budget, set aside when it was planned)."""
        available = self.available + (self.reserved[project_id] if project_id else ZERO)
        if amount > available:
            raise InsufficientFunds(
                line=self.line.code, available=f"{available:,.2f}", amount=f"{amount:,.2f}"
            )

    def check_carried_covers(self, project_id: str, amount: Decimal) -> None:
        """After 30 September a project is paid only out of what was carried over for it."""
        carried = self.carried.get(project_id, ZERO)
        if amount > carried:
            raise ExceedsCarriedAmount(carried=f"{carried:,.2f}", amount=f"{amount:,.2f}")

    def check_can_carry(self, project_id: str, kind: CarryOverKind, amount: Decimal) -> None:
        """Carried money is a project's unpaid money: committed by a contract, or (with the
        council's approval) still only set aside; carried once."""
        if project_id in self.carried:
            raise CarryOverNotAllowed(
                problem="this project's money is already carried over",
                problem_th="เงินของโครงการนี้กันไว้แล้ว",
            )
        if kind is CarryOverKind.COMMITTED:
            committed = self.committed.get(project_id)
            if committed is None:
                raise CarryOverNotAllowed(
                    problem="there is no contract committing the money",
                    problem_th="ไม่มีสัญญาที่ก่อหนี้ผูกพันเงินนี้",
                )
            unpaid = committed - self.paid_by(project_id)
        else:
            unpaid = self.reserved[project_id] - self.paid_by(project_id)
        if not ZERO < amount <= unpaid:
            raise CarryOverNotAllowed(
                problem=f"{amount:,.2f} is not within the unpaid {unpaid:,.2f}",
                problem_th=f"{amount:,.2f} บาท เกินเงินที่ยังไม่ได้จ่าย {unpaid:,.2f} บาท",
            )

    def check_can_cancel_carried(self, project_id: str, amount: Decimal) -> None:
        carried = self.carried.get(project_id)
        if carried is None:
            raise CarryOverNotAllowed(
                problem="this project's money was not carried over",
                problem_th="เงินของโครงการนี้ไม่ได้กันไว้",
            )
        if not ZERO <= amount <= carried:
            raise CarryOverNotAllowed(
                problem=f"{amount:,.2f} is more than was carried",
                problem_th=f"{amount:,.2f} บาท มากกว่าเงินที่กันไว้",
            )

    # -- changes, one per kind of event ---------------------------------------

    def move_in(self, amount: Decimal) -> None:
        self.transferred_in += amount

    def move_out(self, amount: Decimal) -> None:
        self.transferred_out += amount

    def add_supplementary(self, amount: Decimal) -> None:
        self.supplementary += amount

    def reserve(self, project_id: str, amount: Decimal) -> None:
        self.reserved[project_id] = amount

    def commit(self, project_id: str, amount: Decimal) -> None:
        """A contract holds its amount, as signed or as amended (MoF procurement regulation
        cl. 165): held and committed; the rest of the project's budget is a saving, and
        carried money (if the council had let it be carried) never more than is unpaid."""
        self.reserved[project_id] = amount
        self.committed[project_id] = amount
        self.cap_carried(project_id)

    amend_commitment = commit  # an amended contract holds its new amount the same way

    def commit_carried(self, project_id: str, amount: Decimal) -> None:
        """A contract after 30 September on money carried with the council's approval: it
        holds its amount; the rest of what was carried lapses."""
        self.lapsed += self.carried[project_id] - amount
        self.carried[project_id] = amount
        self.reserved[project_id] = amount
        self.committed[project_id] = amount

    def close(self, lapsing: Decimal) -> None:
        self.lapsed += lapsing

    def pay(self, project_id: str, amount: Decimal, *, after_year_end: bool) -> None:
        """A project's payment, or a correction's difference (negative when it lowers one).

        After 30 September it comes out of the carried money; before, carried money is never
        more than what is still unpaid.
        """
        self.paid[project_id] = self.paid_by(project_id) + amount
        if after_year_end and project_id in self.carried:
            self.carried[project_id] -= amount
        else:
            self.cap_carried(project_id)

    def cap_carried(self, project_id: str) -> None:
        """Never carry more of a project's money than is still unpaid."""
        if project_id in self.carried:  # carried money was reserved for the project first
            unpaid = self.reserved[project_id] - self.paid_by(project_id)
            self.carried[project_id] = max(ZERO, min(self.carried[project_id], unpaid))

    def release(self, project_id: str, kept: Decimal, *, after_year_end: bool) -> None:
        """A cancelled project keeps only what it paid (`kept`); the rest returns to the line
        (after 30 September what it had carried lapses)."""
        self.reserved[project_id] = kept
        if project_id in self.carried:
            if after_year_end:
                self.lapsed += self.carried[project_id]
            self.carried[project_id] = ZERO
        if project_id in self.committed:
            self.committed[project_id] = kept

    def carry(self, project_id: str, amount: Decimal) -> None:
        self.carried[project_id] = amount

    def cancel_carried(self, project_id: str, amount: Decimal) -> None:
        """Carried money unpaid at its deadline: no longer carried, held or committed; it
        lapses."""
        self.lapsed += amount
        self.carried[project_id] -= amount
        self.reserved[project_id] -= amount
        if project_id in self.committed:
            self.committed[project_id] -= amount

    def spend(self, amount: Decimal) -> None:
        """Paid straight from the line; a correction's difference may be negative."""
        self.spent += amount
