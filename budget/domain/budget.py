"""AnnualBudget: one LAO's expenditure budget for one fiscal year.

It keeps the ledger of each line (budget/domain/line_ledger.py): what projects hold, what
contracts commit, what has been paid and what is carried over, so the rule "a contract never
exceeds the money available on its line" is checked where the money is. The changes after
enactment follow the MoI regulation on LAO budget methods B.E. 2563 (transfers ข้อ 26-27,
supplementary budgets, carry-over).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import (
    ApprovalLevel,
    BudgetLine,
    CarryOverKind,
    CouncilApproval,
    GroupFigures,
)
from budget.domain.classification import BudgetGroup
from budget.domain.errors import (
    BudgetAlreadyEnacted,
    BudgetLineNotFound,
    BudgetNotEnacted,
    BudgetYearClosed,
    CarryOverNotAllowed,
    CouncilApprovalRequired,
    DateOutsideFiscalYear,
    DuplicateBudgetLine,
    DuplicateVoucher,
    EventNotCorrectable,
    InvalidInput,
    ReasonRequired,
)
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import budget_id
from budget.domain.line_ledger import LineLedger
from budget.domain.money import ZERO, baht, total

TRANSFER_REPORT_DAYS = 15  # an approved transfer is reported to the governor within 15 days


class Expenditure(NamedTuple):
    """A payment straight from a line, as recorded (and as corrected since)."""

    line_code: str
    amount: Decimal
    voucher: str


class AnnualBudget(Aggregate):
    @staticmethod
    def create_id(lao_code: str, fiscal_year: int) -> UUID:
        return budget_id(lao_code, fiscal_year)

    @classmethod
    def draft(
        cls,
        *,
        lao_code: str,
        province_code: str,
        lao_type: AuthorityType,
        fiscal_year: int,
        lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> AnnualBudget:
        FiscalYear(fiscal_year)
        _check_unique_codes(lines)
        created: AnnualBudget = cls(
            lao_code=lao_code,
            province_code=province_code,
            lao_type=lao_type,
            fiscal_year=fiscal_year,
            lines=list(lines),
            actor=actor,
            business_date=business_date,
        )
        return created

    @event("Drafted")
    def __init__(
        self,
        *,
        lao_code: str,
        province_code: str,
        lao_type: AuthorityType,
        fiscal_year: int,
        lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> None:
        self.lao_code = lao_code
        self.province_code = province_code
        self.lao_type = lao_type
        self.fiscal_year = fiscal_year
        self.ledgers: dict[str, LineLedger] = {
            line.code: LineLedger(line, line.amount) for line in lines
        }
        self.enacted_on: date | None = None
        self.closed_on: date | None = None
        self.expenditures: dict[int, Expenditure] = {}  # by the version that recorded it

    # -- reading ---------------------------------------------------------------

    @property
    def year(self) -> FiscalYear:
        return FiscalYear(self.fiscal_year)

    @property
    def is_enacted(self) -> bool:
        return self.enacted_on is not None

    def ledger(self, line_code: str) -> LineLedger:
        try:
            return self.ledgers[line_code]
        except KeyError:
            raise BudgetLineNotFound(line=line_code) from None

    def figures_by_group(self) -> list[GroupFigures]:
        figures = []
        for group in BudgetGroup:
            ledgers = [x for x in self.ledgers.values() if x.line.group is group]
            if ledgers:
                figures.append(
                    GroupFigures(
                        group=group,
                        allocated=total(x.allocated for x in ledgers),
                        obligated=total(x.obligated for x in ledgers),
                        disbursed=total(x.disbursed for x in ledgers),
                    )
                )
        return figures

    # -- the rules' named checks ------------------------------------------------

    def check_open_for_spending(self) -> None:
        """New money is set aside or spent only on an enacted budget whose year is open."""
        if not self.is_enacted:
            raise BudgetNotEnacted(fiscal_year=self.fiscal_year)
        if self.closed_on is not None:
            raise BudgetYearClosed(fiscal_year=self.fiscal_year)

    def _check_open_on(self, business_date: date) -> None:
        """Once the year is closed only what happens after it (carried money) is recorded:
        the lapse was computed from everything dated inside the year."""
        if self.closed_on is not None and business_date <= self.year.ends_on:
            raise BudgetYearClosed(fiscal_year=self.fiscal_year)

    def _check_in_year(self, business_date: date) -> None:
        """Transfers, contracts, carry-over decisions and expenditures happen in the year."""
        if not self.year.contains(business_date):
            raise DateOutsideFiscalYear(date=business_date, fiscal_year=self.fiscal_year)

    def _check_draft(self) -> None:
        """An enacted ordinance changes only by transfer or supplementary budget."""
        if self.is_enacted:
            raise BudgetAlreadyEnacted(fiscal_year=self.fiscal_year)

    def _check_new_code(self, code: str) -> None:
        if code in self.ledgers:
            raise DuplicateBudgetLine(line=code)

    def _check_paid_from_carried(
        self, project_id: str, line_code: str, amount: Decimal, business_date: date
    ) -> None:
        """After 30 September a payment (or a correction's increase) comes out of what was
        carried over for the project."""
        if business_date > self.year.ends_on:
            self.ledger(line_code).check_carried_covers(project_id, amount)

    # -- the draft and its enactment ------------------------------------------

    def add_draft_line(self, *, line: BudgetLine, actor: Actor, business_date: date) -> None:
        self._check_draft()
        self._check_new_code(line.code)
        self._draft_line_added(line=line, actor=actor, business_date=business_date)

    @event("DraftLineAdded")
    def _draft_line_added(self, line: BudgetLine, actor: Actor, business_date: date) -> None:
        self.ledgers[line.code] = LineLedger(line, line.amount)

    def enact(
        self, *, ordinance_date: date, approved_by: str, actor: Actor, business_date: date
    ) -> None:
        """The council passed it and the governor or district chief approved it."""
        self._check_draft()
        if not self.ledgers or total(x.appropriated for x in self.ledgers.values()) <= 0:
            raise InvalidInput(
                problem="a budget with no money cannot be enacted",
                problem_th="งบประมาณที่ไม่มีเงินประกาศใช้ไม่ได้",
            )
        if not approved_by.strip():
            raise InvalidInput(
                problem="say who approved the ordinance (governor or district chief)",
                problem_th="ต้องระบุผู้อนุมัติข้อบัญญัติ (ผู้ว่าราชการจังหวัดหรือนายอำเภอ)",
            )
        self._enacted(
            ordinance_date=ordinance_date,
            approved_by=approved_by,
            actor=actor,
            business_date=business_date,
        )

    @event("Enacted")
    def _enacted(
        self, ordinance_date: date, approved_by: str, actor: Actor, business_date: date
    ) -> None:
        self.enacted_on = ordinance_date

    # -- changes after enactment -----------------------------------------------

    def transfer(
        self,
        *,
        from_line: str,
        to_line: str,
        amount: Decimal,
        changes_item: bool = False,
        new_line: BudgetLine | None = None,
        council_approval: CouncilApproval | None = None,
        actor: Actor,
        business_date: date,
    ) -> None:
        """โอนงบประมาณ. Investment transfers that change an item or create a
        new one need the council (ข้อ 27); others the executive (ข้อ 26)."""
        self.check_open_for_spending()
        self._check_in_year(business_date)
        amount = baht(amount)
        if amount <= 0:
            raise InvalidInput(
                problem="a transfer moves a positive amount", problem_th="จำนวนเงินที่โอนต้องมากกว่าศูนย์"
            )
        source = self.ledger(from_line)
        if new_line is not None:
            self._check_new_code(new_line.code)
            if new_line.code != to_line:
                raise InvalidInput(
                    problem="the new line's code must be the destination",
                    problem_th="รหัสรายการใหม่ต้องเป็นรายการปลายทาง",
                )
            new_line = replace(new_line, amount=ZERO)
            destination_group = new_line.group
        else:
            destination_group = self.ledger(to_line).line.group
        if from_line == to_line:
            raise InvalidInput(
                problem="a transfer needs two different lines",
                problem_th="การโอนต้องเป็นระหว่างสองรายการที่ต่างกัน",
            )
        source.check_can_take(amount)
        investment = BudgetGroup.INVESTMENT in (source.line.group, destination_group)
        needs_council = investment and (changes_item or new_line is not None)
        if needs_council and council_approval is None:
            raise CouncilApprovalRequired()
        level = ApprovalLevel.COUNCIL if needs_council else ApprovalLevel.EXECUTIVE
        self._funds_transferred(
            from_line=from_line,
            to_line=to_line,
            amount=amount,
            new_line=new_line,
            approval_level=level,
            council_approval=council_approval,
            report_due_on=business_date + timedelta(days=TRANSFER_REPORT_DAYS),
            actor=actor,
            business_date=business_date,
        )

    @event("FundsTransferred")
    def _funds_transferred(
        self,
        from_line: str,
        to_line: str,
        amount: Decimal,
        new_line: BudgetLine | None,
        approval_level: ApprovalLevel,
        council_approval: CouncilApproval | None,
        report_due_on: date,
        actor: Actor,
        business_date: date,
    ) -> None:
        if new_line is not None:
            self.ledgers[new_line.code] = LineLedger(new_line, ZERO)
        self.ledgers[from_line].move_out(amount)
        self.ledgers[to_line].move_in(amount)

    def add_supplementary(
        self,
        *,
        ordinance_date: date,
        additions: dict[str, Decimal],
        new_lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> None:
        """งบประมาณรายจ่ายเพิ่มเติม: more money on existing lines, or new lines."""
        self.check_open_for_spending()
        _check_unique_codes(new_lines)
        for line in new_lines:
            self._check_new_code(line.code)
        cleaned = {code: baht(amount) for code, amount in additions.items()}
        for code in cleaned:
            self.ledger(code)
        if total(cleaned.values()) + total(x.amount for x in new_lines) <= 0:
            raise InvalidInput(
                problem="a supplementary budget adds money",
                problem_th="งบประมาณรายจ่ายเพิ่มเติมต้องเพิ่มเงิน",
            )
        self._supplementary_enacted(
            ordinance_date=ordinance_date,
            additions=cleaned,
            new_lines=list(new_lines),
            actor=actor,
            business_date=business_date,
        )

    @event("SupplementaryBudgetEnacted")
    def _supplementary_enacted(
        self,
        ordinance_date: date,
        additions: dict[str, Decimal],
        new_lines: list[BudgetLine],
        actor: Actor,
        business_date: date,
    ) -> None:
        for code, amount in additions.items():
            self.ledgers[code].add_supplementary(amount)
        for line in new_lines:
            self.ledgers[line.code] = LineLedger(line, ZERO, supplementary=line.amount)

    # -- the ledger kept for projects ------------------------------------------

    def reserve(
        self, *, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        """Set a planned project's budget aside on its line (a new project: it holds nothing)."""
        self.check_open_for_spending()
        self.ledger(line_code).check_can_take(amount)
        self._funds_reserved(
            project_id=project_id,
            line_code=line_code,
            amount=amount,
            actor=actor,
            business_date=business_date,
        )

    @event("FundsReserved")
    def _funds_reserved(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        self.ledgers[line_code].reserve(project_id, amount)

    def commit(
        self, *, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        """A contract: it holds its amount; the rest of the project's budget is a saving."""
        self.check_open_for_spending()
        self._check_in_year(business_date)
        self.ledger(line_code).check_can_take(amount, project_id)
        self._contract_committed(
            project_id=project_id,
            line_code=line_code,
            amount=amount,
            actor=actor,
            business_date=business_date,
        )

    @event("ContractCommitted")
    def _contract_committed(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        self.ledgers[line_code].commit(project_id, amount)

    def disburse(
        self, *, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        """A project's payment; after 30 September only from what was carried over."""
        self._check_open_on(business_date)
        self._check_paid_from_carried(project_id, line_code, amount, business_date)
        self._disbursed(
            project_id=project_id,
            line_code=line_code,
            amount=amount,
            actor=actor,
            business_date=business_date,
        )

    @event("Disbursed")
    def _disbursed(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        after_year_end = business_date > self.year.ends_on
        self.ledgers[line_code].pay(project_id, amount, after_year_end=after_year_end)

    def correct_disbursement(
        self,
        *,
        project_id: str,
        line_code: str,
        old_amount: Decimal,
        new_amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self._check_open_on(business_date)
        self._check_paid_from_carried(project_id, line_code, new_amount - old_amount, business_date)
        self._disbursement_corrected(
            project_id=project_id,
            line_code=line_code,
            old_amount=old_amount,
            new_amount=new_amount,
            reason=reason,
            actor=actor,
            business_date=business_date,
        )

    @event("DisbursementCorrected")
    def _disbursement_corrected(
        self,
        project_id: str,
        line_code: str,
        old_amount: Decimal,
        new_amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        after_year_end = business_date > self.year.ends_on
        self.ledgers[line_code].pay(
            project_id, new_amount - old_amount, after_year_end=after_year_end
        )

    def release(
        self, *, project_id: str, line_code: str, reason: str, actor: Actor, business_date: date
    ) -> None:
        """A cancelled project keeps only what it paid; the rest returns to the line."""
        self._funds_released(
            project_id=project_id,
            line_code=line_code,
            kept=self.ledger(line_code).paid_by(project_id),
            reason=reason,
            actor=actor,
            business_date=business_date,
        )

    @event("FundsReleased")
    def _funds_released(
        self,
        project_id: str,
        line_code: str,
        kept: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.ledgers[line_code].release(project_id, kept)

    def carry_over(
        self,
        *,
        project_id: str,
        line_code: str,
        kind: CarryOverKind,
        amount: Decimal,
        deadline: date,
        council_approval: CouncilApproval | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        """กันเงิน: keep unpaid money of a project past 30 September, until a deadline.

        Committed money (a contract before 30 September) or, with the council's approval,
        money not yet committed.
        """
        self.check_open_for_spending()
        ledger = self.ledger(line_code)
        amount = baht(amount)
        self._check_in_year(business_date)
        if deadline <= self.year.ends_on:
            raise CarryOverNotAllowed(
                problem="the deadline must fall after 30 September",
                problem_th="วันครบกำหนดต้องอยู่หลังวันที่ 30 กันยายน",
            )
        if kind is CarryOverKind.COUNCIL_APPROVED and council_approval is None:
            raise CouncilApprovalRequired()
        ledger.check_can_carry(project_id, kind, amount)
        self._carried_over(
            project_id=project_id,
            line_code=line_code,
            kind=kind,
            amount=amount,
            deadline=deadline,
            council_approval=council_approval,
            actor=actor,
            business_date=business_date,
        )

    @event("FundsCarriedOver")
    def _carried_over(
        self,
        project_id: str,
        line_code: str,
        kind: CarryOverKind,
        amount: Decimal,
        deadline: date,
        council_approval: CouncilApproval | None,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.ledgers[line_code].carry(project_id, amount)

    # -- spending without a project --------------------------------------------

    def record_expenditure(
        self,
        *,
        line_code: str,
        amount: Decimal,
        voucher: str,
        description: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        """A payment straight from a line (salaries, allowances, utilities, subsidies)."""
        self.check_open_for_spending()
        ledger = self.ledger(line_code)
        amount = baht(amount)
        if amount <= 0:
            raise InvalidInput(
                problem="an expenditure is a positive amount", problem_th="จำนวนเงินที่จ่ายต้องมากกว่าศูนย์"
            )
        if not voucher.strip():
            raise InvalidInput(
                problem="an expenditure needs its voucher number", problem_th="การจ่ายต้องมีเลขที่ฎีกา"
            )
        if any(entry.voucher == voucher.strip() for entry in self.expenditures.values()):
            raise DuplicateVoucher(voucher=voucher.strip())
        self._check_in_year(business_date)
        ledger.check_can_take(amount)
        self._expenditure_recorded(
            line_code=line_code,
            amount=amount,
            voucher=voucher.strip(),
            description=description.strip(),
            actor=actor,
            business_date=business_date,
        )

    @event("ExpenditureRecorded")
    def _expenditure_recorded(
        self,
        line_code: str,
        amount: Decimal,
        voucher: str,
        description: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.ledgers[line_code].spend(amount)
        self.expenditures[self.version + 1] = Expenditure(line_code, amount, voucher)

    def correct_expenditure(
        self,
        *,
        corrects_version: int,
        amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        """A later, reasoned event sets a recorded expenditure's amount (0 voids it)."""
        self.check_open_for_spending()
        if not reason.strip():
            raise ReasonRequired()
        entry = self.expenditures.get(corrects_version)
        if entry is None:
            raise EventNotCorrectable(
                version=corrects_version,
                problem="it is not an expenditure",
                problem_th="รายการนั้นไม่ใช่การจ่ายจากรายการงบประมาณ",
            )
        amount = baht(amount)
        if amount == entry.amount:
            raise EventNotCorrectable(
                version=corrects_version,
                problem="the amount is the same",
                problem_th="จำนวนเงินเท่าเดิม",
            )
        # a lowered amount always fits: nothing on a line is ever less than zero available
        self.ledger(entry.line_code).check_can_take(amount - entry.amount)
        self._expenditure_corrected(
            corrects_version=corrects_version,
            old_amount=entry.amount,
            amount=amount,
            reason=reason.strip(),
            actor=actor,
            business_date=business_date,
        )

    @event("ExpenditureCorrected")
    def _expenditure_corrected(
        self,
        corrects_version: int,
        old_amount: Decimal,
        amount: Decimal,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        entry = self.expenditures[corrects_version]
        self.ledgers[entry.line_code].spend(amount - old_amount)
        self.expenditures[corrects_version] = entry._replace(amount=amount)

    # -- the end of the year ---------------------------------------------------

    def close_year(self, *, actor: Actor, business_date: date) -> dict[str, Decimal]:
        """After 30 September what was neither paid nor carried over lapses, line by line.

        Returns the lapsed amount of each line.
        """
        self.check_open_for_spending()
        if business_date <= self.year.ends_on:
            raise InvalidInput(
                problem="a fiscal year is closed after its 30 September",
                problem_th="ปิดปีงบประมาณได้หลังวันที่ 30 กันยายนของปีนั้น",
            )
        lapsed = {code: ledger.lapsing() for code, ledger in self.ledgers.items()}
        self._year_closed(lapsed=lapsed, actor=actor, business_date=business_date)
        return lapsed

    @event("YearClosed")
    def _year_closed(self, lapsed: dict[str, Decimal], actor: Actor, business_date: date) -> None:
        self.closed_on = business_date

    def cancel_carried(
        self,
        *,
        project_id: str,
        line_code: str,
        amount: Decimal,
        actor: Actor,
        business_date: date,
    ) -> None:
        """Carried money still unpaid at its deadline is cancelled (not paid any more)."""
        self.ledger(line_code).check_can_cancel_carried(project_id, amount)
        self._carried_cancelled(
            project_id=project_id,
            line_code=line_code,
            amount=amount,
            actor=actor,
            business_date=business_date,
        )

    @event("CarriedFundsCancelled")
    def _carried_cancelled(
        self, project_id: str, line_code: str, amount: Decimal, actor: Actor, business_date: date
    ) -> None:
        self.ledgers[line_code].cancel_carried(project_id, amount)


def _check_unique_codes(lines: list[BudgetLine]) -> None:
    seen: set[str] = set()
    for line in lines:
        if line.code in seen:
            raise DuplicateBudgetLine(line=line.code)
        seen.add(line.code)
