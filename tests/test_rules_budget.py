"""Rules of the annual budget: classification, enactment, transfers, supplements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from budget.application.commands import (
    AddDraftLine,
    AdditionIn,
    AddSupplementaryBudget,
    CorrectExpenditure,
    CouncilApprovalIn,
    DraftBudget,
    EnactBudget,
    RecordExpenditure,
    RegisterAuthority,
    TransferFunds,
)
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.budget_lines import ApprovalLevel
from budget.domain.classification import BudgetGroup, Category
from budget.domain.errors import DomainError
from tests.builders import (
    AUDITOR,
    EXECUTIVE,
    FINANCE,
    FY,
    LAO,
    enacted_office,
    inspect,
    line,
    memory_office,
    pay,
    planned_project,
    record,
    refused,
)


def test_a_category_belongs_to_its_budget_group() -> None:
    from budget.domain.budget_lines import BudgetLine
    from budget.domain.classification import Programme

    with pytest.raises(DomainError) as raised:
        BudgetLine(
            code="X",
            programme=Programme.EDUCATION,
            work_unit="งานระดับก่อนวัยเรียน",
            group=BudgetGroup.OPERATING,
            category=Category.EQUIPMENT,
            description="คอมพิวเตอร์",
            amount=Decimal(30000),
        )
    assert raised.value.code == "invalid_input"


def test_money_is_exact_baht() -> None:
    with pytest.raises(DomainError) as raised:
        line("X", "10.005").line()  # the domain's BudgetLine
    assert raised.value.code == "invalid_amount"
    from budget.domain.money import baht

    with pytest.raises(DomainError):
        baht(0.1)  # type: ignore[arg-type]
    assert baht("1234567.8") == Decimal("1234567.80")


def test_lines_are_unique_in_a_budget() -> None:
    office = memory_office()
    office.execute(RegisterAuthority(authority=record()), actor=SYSTEM_ACTOR)
    with refused(office, "duplicate_budget_line"):
        office.execute(
            DraftBudget(lao_code=LAO, fiscal_year=FY, lines=[line("A", "1"), line("A", "2")]),
            actor=FINANCE,
        )


def test_a_budget_is_enacted_once_and_then_changes_only_by_transfer_or_supplement() -> None:
    office = enacted_office()
    with refused(office, "budget_already_enacted"):
        office.execute(
            EnactBudget(
                lao_code=LAO,
                fiscal_year=FY,
                ordinance_date=date(2026, 9, 21),
                approved_by="นายอำเภอ",
            ),
            actor=FINANCE,
        )
    with refused(office, "budget_already_enacted"):
        office.execute(
            AddDraftLine.of(line("NEW", "1000"), lao_code=LAO, fiscal_year=FY), actor=FINANCE
        )


def test_projects_are_planned_only_on_an_enacted_budget() -> None:
    office = memory_office()
    office.execute(RegisterAuthority(authority=record()), actor=SYSTEM_ACTOR)
    office.execute(
        DraftBudget(lao_code=LAO, fiscal_year=FY, lines=[line("ROAD", "2000000")]), actor=FINANCE
    )
    with refused(office, "budget_not_enacted"):
        planned_project(office)


def test_the_same_budget_cannot_be_created_twice() -> None:
    office = enacted_office()
    with refused(office, "already_exists"):
        office.execute(
            DraftBudget(lao_code=LAO, fiscal_year=FY, lines=[line("ROAD", "1")]), actor=FINANCE
        )


def test_an_operating_transfer_is_approved_by_the_executive() -> None:
    office = enacted_office()
    with refused(office, "not_permitted"):
        office.execute(
            TransferFunds(
                lao_code=LAO,
                fiscal_year=FY,
                from_line="SUPPLIES",
                to_line="SERVICES",
                amount=Decimal(50000),
            ),
            actor=FINANCE,
        )
    office.execute(
        TransferFunds(
            lao_code=LAO,
            fiscal_year=FY,
            from_line="SUPPLIES",
            to_line="SERVICES",
            amount=Decimal(50000),
            business_date=date(2026, 12, 1),
        ),
        actor=EXECUTIVE,
    )
    event = office.history(office.budget(LAO, FY).id, actor=AUDITOR)[-1]
    assert event.details["approval_level"] is ApprovalLevel.EXECUTIVE
    assert event.details["report_due_on"] == date(2026, 12, 16)
    ledgers = office.budget(LAO, FY).ledgers
    assert ledgers["SUPPLIES"].allocated == Decimal("350000.00")
    assert ledgers["SERVICES"].allocated == Decimal("550000.00")


def test_an_investment_transfer_that_changes_an_item_needs_the_council() -> None:
    office = enacted_office()
    with refused(office, "council_approval_required"):
        office.execute(
            TransferFunds(
                lao_code=LAO,
                fiscal_year=FY,
                from_line="BRIDGE",
                to_line="ROAD",
                amount=Decimal(100000),
                changes_item=True,
            ),
            actor=EXECUTIVE,
        )
    with refused(office, "council_approval_required"):
        office.execute(
            TransferFunds(
                lao_code=LAO,
                fiscal_year=FY,
                from_line="SUPPLIES",
                to_line="CCTV",
                amount=Decimal(100000),
                new_line=line("CCTV", "0", Category.EQUIPMENT),
            ),
            actor=EXECUTIVE,
        )
    office.execute(
        TransferFunds(
            lao_code=LAO,
            fiscal_year=FY,
            from_line="BRIDGE",
            to_line="ROAD",
            amount=Decimal(100000),
            changes_item=True,
            council_approval=CouncilApprovalIn(
                resolution="มติสภา สมัยสามัญ 1/2570", approved_on=date(2026, 11, 30)
            ),
        ),
        actor=EXECUTIVE,
    )
    history = office.history(office.budget(LAO, FY).id, actor=AUDITOR)
    assert history[-1].details["approval_level"] is ApprovalLevel.COUNCIL


def test_a_transfer_cannot_take_money_the_line_does_not_have() -> None:
    office = enacted_office()
    planned_project(office, amount="1500000.00")  # ROAD: 2,000,000, 500,000 free
    with refused(office, "insufficient_funds"):
        office.execute(
            TransferFunds(
                lao_code=LAO,
                fiscal_year=FY,
                from_line="ROAD",
                to_line="BRIDGE",
                amount=Decimal("500000.01"),
            ),
            actor=EXECUTIVE,
        )


def test_a_supplementary_budget_adds_money_and_lines() -> None:
    office = enacted_office()
    office.execute(
        AddSupplementaryBudget(
            lao_code=LAO,
            fiscal_year=FY,
            ordinance_date=date(2027, 3, 1),
            additions=[AdditionIn(line_code="ROAD", amount=Decimal(250000))],
            new_lines=[line("DRAIN", "800000")],
        ),
        actor=FINANCE,
    )
    ledgers = office.budget(LAO, FY).ledgers
    assert ledgers["ROAD"].allocated == Decimal("2250000.00")
    assert ledgers["DRAIN"].allocated == Decimal("800000.00")
    assert ledgers["DRAIN"].appropriated == Decimal("0.00")
    with refused(office, "budget_line_not_found"):
        office.execute(
            AddSupplementaryBudget(
                lao_code=LAO,
                fiscal_year=FY,
                ordinance_date=date(2027, 3, 2),
                additions=[AdditionIn(line_code="NOPE", amount=Decimal(1))],
            ),
            actor=FINANCE,
        )


def test_a_supplementary_budget_names_each_line_it_adds_to_once() -> None:
    """Refused when decoded (fields.check_once_each): two additions to one line."""
    twice = [AdditionIn(line_code="ROAD", amount=Decimal(1))] * 2
    with pytest.raises(ValueError, match="additions: a line may appear once"):
        AddSupplementaryBudget(
            lao_code=LAO, fiscal_year=FY, ordinance_date=date(2027, 3, 1), additions=twice
        )


def test_figures_by_group_follow_the_two_curves() -> None:
    from tests.builders import contracted_project

    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    pay(office, project, 1, 700000, voucher="ฎ1", on=date(2027, 1, 20))
    figures = {f.group: f for f in office.budget(LAO, FY).figures_by_group()}
    investment = figures[BudgetGroup.INVESTMENT]
    assert investment.allocated == Decimal("8300000.00")
    assert investment.obligated == Decimal("1400000.00")
    assert investment.disbursed == Decimal("700000.00")
    assert figures[BudgetGroup.OPERATING].obligated == Decimal("0.00")


def test_spending_without_a_project_is_obligated_and_disbursed_at_once() -> None:
    from budget.domain.classification import Programme

    office = memory_office()
    office.execute(RegisterAuthority(authority=record()), actor=SYSTEM_ACTOR)
    salaries = line("SAL", "1200000", Category.SALARIES, Programme.GENERAL_ADMINISTRATION)
    office.execute(
        DraftBudget(lao_code=LAO, fiscal_year=FY, lines=[salaries], business_date=date(2026, 8, 1)),
        actor=FINANCE,
    )
    office.execute(
        EnactBudget(
            lao_code=LAO, fiscal_year=FY, ordinance_date=date(2026, 9, 20), approved_by="นายอำเภอ"
        ),
        actor=FINANCE,
    )
    paid = office.execute(
        RecordExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            line_code="SAL",
            amount=Decimal(100000),
            voucher="ฎ-ต.ค.",
            description="เงินเดือนพนักงาน ต.ค. 2569",
            business_date=date(2026, 10, 30),
        ),
        actor=FINANCE,
    )
    figures = office.budget(LAO, FY).figures_by_group()[0]
    assert (figures.obligated, figures.disbursed) == (Decimal("100000.00"), Decimal("100000.00"))
    with refused(office, "duplicate_voucher"):
        office.execute(
            RecordExpenditure(
                lao_code=LAO,
                fiscal_year=FY,
                line_code="SAL",
                amount=Decimal(1),
                voucher="ฎ-ต.ค.",
                description="x",
                business_date=date(2026, 10, 31),
            ),
            actor=FINANCE,
        )
    with refused(office, "insufficient_funds"):
        office.execute(
            RecordExpenditure(
                lao_code=LAO,
                fiscal_year=FY,
                line_code="SAL",
                amount=Decimal("1100000.01"),
                voucher="ฎ2",
                description="x",
                business_date=date(2026, 11, 30),
            ),
            actor=FINANCE,
        )
    with refused(office, "date_outside_fiscal_year"):
        office.execute(
            RecordExpenditure(
                lao_code=LAO,
                fiscal_year=FY,
                line_code="SAL",
                amount=Decimal(1),
                voucher="ฎ3",
                description="x",
                business_date=date(2027, 10, 1),
            ),
            actor=FINANCE,
        )
    with refused(office, "reason_required"):
        office.execute(
            CorrectExpenditure(
                lao_code=LAO,
                fiscal_year=FY,
                corrects_version=paid.version,
                amount=Decimal(0),
                reason="",
            ),
            actor=FINANCE,
        )
    office.execute(
        CorrectExpenditure(
            lao_code=LAO,
            fiscal_year=FY,
            corrects_version=paid.version,
            amount=Decimal(0),
            reason="บันทึกซ้ำกับ e-LAAS",
        ),
        actor=FINANCE,
    )
    assert office.budget(LAO, FY).ledger("SAL").available == Decimal("1200000.00")
