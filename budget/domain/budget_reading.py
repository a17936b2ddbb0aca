"""What an AnnualBudget's state says, and the named checks its commands share: its year,
whether it is enacted (and whether a day falls before its enactment, when spending goes
under last year's ordinance: budget/domain/before_enactment.py), a line's ledger, the
figures by budget group; and the checks that the budget is open for spending, in its
year, a draft, and that carried money covers a payment after 30 September (MoI
regulation on LAO budget methods B.E. 2563). A mixin of the AnnualBudget
(budget/domain/budget.py), whose events keep the state it reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.domain.before_enactment import PreviousOrdinance
from budget.domain.budget_lines import GroupFigures
from budget.domain.classification import BudgetGroup
from budget.domain.errors import (
    BudgetAlreadyEnacted,
    BudgetLineNotFound,
    BudgetNotEnacted,
    BudgetYearClosed,
    DateOutsideFiscalYear,
    DuplicateBudgetLine,
)
from budget.domain.fiscal import FiscalYear
from budget.domain.line_ledger import LineLedger
from budget.domain.money import total


class BudgetReading:
    """The reading and the named checks of an AnnualBudget (its state is set by its
    events)."""

    fiscal_year: int
    ledgers: dict[str, LineLedger]
    enacted_on: date | None
    closed_on: date | None

    @property
    def year(self) -> FiscalYear:
        return FiscalYear(self.fiscal_year)

    @property
    def is_enacted(self) -> bool:
        return self.enacted_on is not None

    def is_before_enactment(self, day: date) -> bool:
        """Whether spending on `day` falls under last year's ordinance: this year's is not
        enacted yet, or was enacted after that day (budget/domain/before_enactment.py)."""
        return self.enacted_on is None or day < self.enacted_on

    def ordinance(self) -> PreviousOrdinance | None:
        """This ordinance as the next year spends under it before its own is enacted."""
        if self.enacted_on is None:
            return None
        allocated = {code: ledger.allocated for code, ledger in self.ledgers.items()}
        return PreviousOrdinance(self.fiscal_year, allocated)

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
        self.check_not_closed()

    def check_not_closed(self) -> None:
        """The year's closing counted its money (what lapsed to the accumulated funds): nothing
        of the year is recorded after it, spending or revenue."""
        if self.closed_on is not None:
            raise BudgetYearClosed(fiscal_year=self.fiscal_year)

    def _check_open_on(self, business_date: date) -> None:
        """Once the year is closed only what happens after it (carried money) is recorded:
        the lapse was computed from everything dated inside the year."""
        if self.closed_on is not None and not self.year.is_over_on(business_date):
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
        if self.year.is_over_on(business_date):
            self.ledger(line_code).check_carried_covers(project_id, amount)
