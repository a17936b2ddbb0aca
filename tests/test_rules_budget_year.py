"""An annual budget at the domain's own door: drafted, enacted (MoI regulation on LAO budgets
B.E. 2563), and its figures as they stood on a business date, counted from its events however
late each was entered. Expected figures are worked out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from budget.domain.authority_types import AuthorityType
from budget.domain.budget import AnnualBudget
from budget.domain.budget_figures import figures_as_of, is_enacted
from budget.domain.budget_lines import CarryOverKind, CouncilApproval, GroupFigures
from budget.domain.classification import BudgetGroup, Category
from budget.domain.oversight import OrdinanceApprover
from tests.builders import FINANCE, FY, LAO, PROVINCE, budget_line
from tests.given_when_then import refused_by, then_recorded

DRAFTED_ON = date(2026, 8, 15)
ROAD = budget_line("ROAD", "1000000.00")
SUPPLIES = budget_line("SUPPLIES", "100000.00", Category.MATERIALS)


def drafted(*lines: Any, fiscal_year: int = FY) -> AnnualBudget:
    return AnnualBudget.draft(
        lao_code=LAO,
        province_code=PROVINCE,
        lao_type=AuthorityType.SAO,
        fiscal_year=fiscal_year,
        lines=list(lines),
        actor=FINANCE,
        business_date=DRAFTED_ON,
    )


def enacted(*lines: Any) -> AnnualBudget:
    budget = drafted(*lines)
    budget.enact(
        ordinance_date=date(2026, 9, 20),
        approved_by="นายอำเภอ",
        approver=OrdinanceApprover.DISTRICT_CHIEF,
        actor=FINANCE,
        business_date=date(2026, 9, 20),
    )
    return budget


def test_a_draft_records_its_lines_and_takes_more_until_enacted() -> None:
    budget = drafted(ROAD)
    then_recorded(
        budget.collect_events(),
        AnnualBudget.Drafted,
        lao_code=LAO,
        province_code=PROVINCE,
        lao_type=AuthorityType.SAO,
        fiscal_year=FY,
        lines=[ROAD],
        actor=FINANCE,
        business_date=DRAFTED_ON,
    )
    with refused_by(None, "duplicate_budget_line", line="ROAD"):
        budget.add_draft_line(line=ROAD, actor=FINANCE, business_date=DRAFTED_ON)
    budget.add_draft_line(line=SUPPLIES, actor=FINANCE, business_date=date(2026, 8, 16))
    then_recorded(
        budget.collect_events(),
        AnnualBudget.DraftLineAdded,
        line=SUPPLIES,
        actor=FINANCE,
        business_date=date(2026, 8, 16),
    )
    budget.enact(ordinance_date=date(2026, 9, 20), approved_by=" นายอำเภอ ", actor=FINANCE,
                 approver=OrdinanceApprover.DISTRICT_CHIEF,
                 business_date=date(2026, 9, 21))  # fmt: skip
    then_recorded(
        budget.collect_events(),
        AnnualBudget.Enacted,
        ordinance_date=date(2026, 9, 20),
        approved_by=" นายอำเภอ ",
        approver=OrdinanceApprover.DISTRICT_CHIEF,
        actor=FINANCE,
        business_date=date(2026, 9, 21),
    )
    assert budget.enacted_on == date(2026, 9, 20)
    with refused_by(None, "budget_already_enacted", fiscal_year=FY):
        budget.add_draft_line(line=budget_line("NEW", "1"), actor=FINANCE, business_date=DRAFTED_ON)
    with refused_by(None, "duplicate_budget_line", line="A"):
        drafted(budget_line("A", "1"), budget_line("A", "2"))
    with refused_by(None, "invalid_input", problem="fiscal year 2801 is not a B.E. year"):
        drafted(ROAD, fiscal_year=2801)


def test_only_a_budget_with_money_and_its_approver_is_enacted() -> None:
    enact = {
        "ordinance_date": date(2026, 9, 20),
        "approver": OrdinanceApprover.DISTRICT_CHIEF,
        "actor": FINANCE,
        "business_date": DRAFTED_ON,
    }
    for empty in (drafted(), drafted(budget_line("A", "0"), budget_line("B", "0"))):
        with refused_by(None, "invalid_input", problem="a budget with no money cannot be enacted"):
            empty.enact(approved_by="นายอำเภอ", **enact)
    with refused_by(
        None, "invalid_input", problem="say who approved the ordinance (governor or district chief)"
    ):
        drafted(ROAD).enact(approved_by=" ", **enact)
    satang = drafted(budget_line("A", "0.01"))
    satang.enact(approved_by="นายอำเภอ", **enact)
    assert satang.is_enacted
    with refused_by(None, "budget_not_enacted", fiscal_year=FY):
        drafted(ROAD).check_open_for_spending()


def test_figures_as_of_a_day_count_every_event_dated_by_then_however_late_it_came() -> None:
    budget = enacted(ROAD, SUPPLIES)
    p1 = "project-1"
    on = {"actor": FINANCE}
    budget.reserve(project_id=p1, line_code="ROAD", amount=Decimal(500000),
                   business_date=date(2026, 10, 5), **on)  # fmt: skip
    budget.record_expenditure(line_code="SUPPLIES", amount=Decimal(20000), voucher="จ1",
                              description="ค่าวัสดุ", business_date=date(2026, 11, 30),
                              **on)  # fmt: skip
    spent = budget.version
    budget.commit(project_id=p1, line_code="ROAD", amount=Decimal(400000),
                  business_date=date(2026, 11, 18), **on)  # fmt: skip
    budget.disburse(project_id=p1, line_code="ROAD", amount=Decimal(100000),
                    business_date=date(2027, 1, 20), **on)  # fmt: skip
    # entered after the January payment, dated in December
    budget.transfer(from_line="SUPPLIES", to_line="ROAD", amount=Decimal(10000),
                    business_date=date(2026, 12, 28), **on)  # fmt: skip
    budget.correct_expenditure(corrects_version=spent, amount=Decimal(15000), reason="ผิด",
                               business_date=date(2027, 2, 1), **on)  # fmt: skip
    budget.add_supplementary(ordinance_date=date(2027, 3, 1), additions={"SUPPLIES": Decimal(5000)},
                             new_lines=[budget_line("EQUIP", "30000", Category.EQUIPMENT)],
                             business_date=date(2027, 3, 1), **on)  # fmt: skip
    budget.transfer(from_line="ROAD", to_line="NEWROAD", amount=Decimal(1000),
                    new_line=budget_line("NEWROAD", "0"), changes_item=True,
                    council_approval=CouncilApproval("มติสภา 1/2570", date(2027, 3, 10)),
                    business_date=date(2027, 3, 15), **on)  # fmt: skip
    events = list(budget.collect_events())
    assert is_enacted(events)
    assert not is_enacted(events[:1])

    def figures(day: date) -> dict[BudgetGroup, tuple[Decimal, Decimal, Decimal]]:
        found = figures_as_of(events, day)
        assert all(isinstance(f, GroupFigures) for f in found)
        return {f.group: (f.allocated, f.obligated, f.disbursed) for f in found}

    investment, operating = BudgetGroup.INVESTMENT, BudgetGroup.OPERATING
    assert figures(date(2026, 8, 14)) == {}  # before the draft
    assert figures(date(2026, 10, 31)) == {
        investment: (Decimal(1000000), 0, 0),  # a reservation is neither curve
        operating: (Decimal(100000), 0, 0),
    }
    assert figures(date(2026, 12, 31)) == {
        investment: (Decimal(1010000), Decimal(400000), 0),  # + the December transfer
        operating: (Decimal(90000), Decimal(20000), Decimal(20000)),
    }
    assert figures(date(2027, 1, 20))[investment] == (  # the day of the payment counts it
        Decimal(1010000),
        Decimal(400000),
        Decimal(100000),
    )
    assert figures(date(2027, 1, 31))[investment] == (
        Decimal(1010000),
        Decimal(400000),
        Decimal(100000),
    )
    assert figures(date(2027, 2, 28))[operating] == (
        Decimal(90000),
        Decimal(15000),
        Decimal(15000),
    )  # the corrected expenditure
    assert figures(date(2027, 3, 31)) == {
        # + EQUIP 30,000; ROAD's 1,000 moved to the new line NEWROAD stays in the group
        investment: (Decimal(1040000), Decimal(400000), Decimal(100000)),
        operating: (Decimal(95000), Decimal(15000), Decimal(15000)),
    }
    assert figures(date(2027, 3, 31)) == {
        f.group: (f.allocated, f.obligated, f.disbursed) for f in budget.figures_by_group()
    }


def test_two_supplementary_budgets_on_one_line_add_up() -> None:
    budget = enacted(ROAD)
    for added in ("1000.00", "2000.00"):
        budget.add_supplementary(
            ordinance_date=date(2027, 3, 1),
            additions={"ROAD": Decimal(added)},
            new_lines=[],
            actor=FINANCE,
            business_date=date(2027, 3, 1),
        )
    assert budget.ledger("ROAD").supplementary == Decimal("3000.00")
    assert budget.ledger("ROAD").allocated == Decimal("1003000.00")


def test_only_carried_money_is_cancelled_and_no_more_than_was_carried() -> None:
    budget = enacted(ROAD)
    on = {"actor": FINANCE, "business_date": date(2027, 9, 1)}
    budget.reserve(project_id="p", line_code="ROAD", amount=Decimal(1000), **on)
    budget.commit(project_id="p", line_code="ROAD", amount=Decimal(800), **on)
    with refused_by(
        budget, "carry_over_not_allowed", problem="this project's money was not carried over"
    ):
        budget.cancel_carried(project_id="p", line_code="ROAD", amount=Decimal(0), **on)
    budget.carry_over(project_id="p", line_code="ROAD", kind=CarryOverKind.COMMITTED,
                      amount=Decimal(300), deadline=date(2028, 3, 31), council_approval=None,
                      **on)  # fmt: skip
    with refused_by(budget, "carry_over_not_allowed", problem="300.01 is more than was carried"):
        budget.cancel_carried(project_id="p", line_code="ROAD", amount=Decimal("300.01"), **on)
    budget.cancel_carried(project_id="p", line_code="ROAD", amount=Decimal(0), **on)
    budget.cancel_carried(project_id="p", line_code="ROAD", amount=Decimal(300), **on)
    ledger = budget.ledger("ROAD")
    assert (ledger.carried["p"], ledger.reserved["p"], ledger.committed["p"]) == (0, 500, 500)
