"""Every money limit, cumulative ones included: given a state, when a command, then the event
recorded (with its figures) or the error that refused it (with the figures its message shows).

The limits (DOMAIN.md, "Rules that hold at every moment"; MoI regulation on LAO budget methods
B.E. 2563): a line never gives more than it has (projects, contracts, expenditures, transfers);
what is paid on an installment never exceeds it, whatever the number of payments and
corrections; carried-over money is the unpaid rest of a project, and after 30 September the only
money a project is paid from.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import ApprovalLevel, CarryOverKind
from budget.domain.procurement import Stage
from budget.domain.project import Project
from tests.builders import (
    EXECUTIVE,
    FINANCE,
    FY,
    LAO,
    cancel_carried,
    carry,
    close_year,
    contract,
    contracted_project,
    correct,
    correct_spending,
    council,
    enacted_office,
    inspect,
    line,
    pay,
    plan,
    planned_project,
    procured_until_winner,
    refused,
    sign,
    spend,
    step,
    supplement,
    transfer,
)
from tests.given_when_then import then_recorded, then_recorded_only, when

JAN_15 = date(2027, 1, 15)
COUNCIL = council("สมัยวิสามัญ 2/2570", date(2027, 9, 20))


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


# -- payments on an installment -------------------------------------------------------------


def test_an_installment_takes_several_payments_up_to_its_amount() -> None:
    office = enacted_office()
    project = contracted_project(office)  # 1,400,000 in two installments of 700,000
    inspect(office, project, 1, JAN_15)
    with when(office) as recorded:
        pay(office, project, 1, "300000.00", voucher="ฎ1", on=date(2027, 1, 20))
    then_recorded_only(recorded, Project.PaymentRecorded, AnnualBudget.Disbursed)
    then_recorded(
        recorded,
        Project.PaymentRecorded,
        installment=1,
        amount=money("300,000.00"),
        voucher="ฎ1",
        actor=FINANCE,
        business_date=date(2027, 1, 20),
    )
    then_recorded(
        recorded,
        AnnualBudget.Disbursed,
        project_id=str(project),
        line_code="ROAD",
        amount=money("300,000.00"),
        actor=FINANCE,
        business_date=date(2027, 1, 20),
    )
    pay(office, project, 1, "400000.00", voucher="ฎ2")
    with refused(
        office, "payment_exceeds_installment", number=1, total="700,000.01", amount="700,000.00"
    ):
        pay(office, project, 1, "0.01", voucher="ฎ3")
    assert office.project(project).paid_on(1) == money("700,000.00")
    assert office.budget(LAO, FY).ledger("ROAD").total_paid == money("700,000.00")


def test_a_payment_on_one_installment_leaves_the_other_whole() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    inspect(office, project, 2, JAN_15)
    pay(office, project, 1, "700000.00")
    pay(office, project, 2, "700000.00")  # not counted against installment 1
    assert office.project(project).stage is Stage.PAID
    assert office.project(project).paid == money("1,400,000.00")  # the contract, no more
    for number in (1, 2):
        with refused(
            office,
            "payment_exceeds_installment",
            number=number,
            total="700,000.01",
            amount="700,000.00",
        ):
            pay(office, project, number, "0.01")


def test_a_correction_that_raises_a_payment_counts_the_installments_other_payments() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    first = pay(office, project, 1, "300000.00", voucher="ฎ1").version
    second = pay(office, project, 1, "300000.00", voucher="ฎ2").version
    with when(office) as recorded:
        correct(office, project, first, "400000.00", reason="ใส่จำนวนเงินผิด")
    then_recorded(
        recorded,
        Project.PaymentCorrected,
        corrects_version=first,
        old_amount=money("300,000.00"),
        amount=money("400,000.00"),
        reason="ใส่จำนวนเงินผิด",
        actor=FINANCE,
        business_date=date(2027, 1, 25),
    )
    then_recorded(
        recorded,
        AnnualBudget.DisbursementCorrected,
        project_id=str(project),
        line_code="ROAD",
        old_amount=money("300,000.00"),
        new_amount=money("400,000.00"),
        reason="ใส่จำนวนเงินผิด",
        actor=FINANCE,
        business_date=date(2027, 1, 25),
    )
    with refused(
        office, "payment_exceeds_installment", number=1, total="700,000.01", amount="700,000.00"
    ):
        correct(office, project, second, "300000.01")
    assert office.budget(LAO, FY).ledger("ROAD").total_paid == money("700,000.00")


def test_a_correction_that_lowers_a_payment_frees_its_installment() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    payment = pay(office, project, 1, "700000.00").version
    correct(office, project, payment, "500000.00")
    pay(office, project, 1, "200000.00")
    assert office.project(project).paid_on(1) == money("700,000.00")
    assert office.budget(LAO, FY).ledger("ROAD").total_paid == money("700,000.00")
    with refused(
        office, "event_not_correctable", version=payment, problem="the amount is the same"
    ):
        correct(office, project, payment, "500000.00")
    with refused(office, "event_not_correctable", version=1, problem="it is not a payment"):
        correct(office, project, 1, "1.00")


def test_one_satang_is_a_payment_and_zero_is_not() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    pay(office, project, 1, "0.01")
    with refused(office, "invalid_input", problem="a payment is a positive amount"):
        pay(office, project, 1, "0")
    with refused(office, "invalid_input", problem="a payment needs its voucher number"):
        pay(office, project, 1, "1.00", voucher=" ")
    with refused(office, "installment_not_found", number=3):
        pay(office, project, 3, "1.00")


def test_a_payment_is_dated_from_its_inspection_to_the_end_of_the_year() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 9, 1))
    with refused(
        office, "date_before_previous_stage", date=date(2027, 8, 31), previous=date(2027, 9, 1)
    ):
        pay(office, project, 1, "1.00", on=date(2027, 8, 31))
    pay(office, project, 1, "1.00", on=date(2027, 9, 1))  # the day of the inspection
    pay(office, project, 1, "1.00", on=date(2027, 9, 30))  # the year's last day
    with refused(office, "payment_date_not_allowed", date=date(2027, 10, 1), fiscal_year=FY):
        pay(office, project, 1, "1.00", on=date(2027, 10, 1))


def test_carried_money_is_paid_until_its_deadline_and_not_a_day_later() -> None:
    office = enacted_office()
    project = contracted_project(office)
    carry(office, project, "1400000.00", deadline=date(2028, 3, 31))
    inspect(office, project, 1, date(2027, 10, 1))
    pay(office, project, 1, "100.00", on=date(2028, 3, 31))
    with refused(office, "payment_date_not_allowed", date=date(2028, 4, 1), fiscal_year=FY):
        pay(office, project, 1, "100.00", on=date(2028, 4, 1))


# -- a line's money: projects, contracts, expenditures, transfers ------------------------------


def test_several_projects_share_a_line_up_to_its_money() -> None:
    office = enacted_office()  # ROAD: 2,000,000
    plan(office, "P1", "1500000.00")
    plan(office, "P2", "500000.00")
    with refused(office, "insufficient_funds", line="ROAD", available="0.00", amount="0.01"):
        plan(office, "P3", "0.01")
    assert office.budget(LAO, FY).ledger("ROAD").available == money("0.00")


def test_a_contract_below_its_project_returns_the_saving_to_the_line() -> None:
    office = enacted_office()
    first = contracted_project(office, amount="1400000.00", code="P1")  # budget 1,500,000
    plan(office, "P2", "500000.00")
    plan(office, "P3", "100000.00")  # the saving of P1's contract
    with refused(office, "insufficient_funds", line="ROAD", available="0.00", amount="0.01"):
        plan(office, "P4", "0.01")
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.reserved[str(first)] == ledger.committed[str(first)] == money("1,400,000.00")
    assert ledger.total_committed == money("1,400,000.00")


def test_a_contract_takes_its_projects_budget_and_what_the_line_has_free() -> None:
    office = enacted_office()
    project = planned_project(office)  # 1,500,000 of ROAD's 2,000,000
    procured_until_winner(office, project, offered="2000000.01")
    with refused(
        office, "insufficient_funds", line="ROAD", available="2,000,000.00", amount="2,000,000.01"
    ):
        sign(office, project, "2000000.01")
    with when(office) as recorded:
        sign(office, project, "2000000.00")
    then_recorded(
        recorded,
        AnnualBudget.ContractCommitted,
        project_id=str(project),
        line_code="ROAD",
        amount=money("2,000,000.00"),
        actor=FINANCE,
        business_date=date(2026, 11, 18),
    )
    then_recorded(recorded, Project.ContractSigned, contract=contract("2000000.00").contract())
    assert office.budget(LAO, FY).ledger("ROAD").available == money("0.00")


def test_expenditures_add_up_to_the_line_and_corrections_move_the_sum() -> None:
    office = enacted_office()  # SUPPLIES: 400,000
    with when(office) as recorded:
        first = spend(office, "SUPPLIES", "150000.00", voucher="จ1").version
    then_recorded(
        recorded,
        AnnualBudget.ExpenditureRecorded,
        line_code="SUPPLIES",
        amount=money("150,000.00"),
        voucher="จ1",
        description="ค่าวัสดุสำนักงาน",
        actor=FINANCE,
        business_date=date(2026, 11, 30),
    )
    second = spend(office, "SUPPLIES", "250000.00").version
    with refused(office, "insufficient_funds", line="SUPPLIES", available="0.00", amount="0.01"):
        spend(office, "SUPPLIES", "0.01")
    with refused(office, "insufficient_funds", line="SUPPLIES", available="0.00", amount="0.01"):
        correct_spending(office, second, "250000.01")
    with when(office) as recorded:
        correct_spending(office, first, "100000.00", reason="ใบสำคัญผิด")
    then_recorded(
        recorded,
        AnnualBudget.ExpenditureCorrected,
        corrects_version=first,
        old_amount=money("150,000.00"),
        amount=money("100,000.00"),
        reason="ใบสำคัญผิด",
        actor=FINANCE,
        business_date=date(2026, 12, 1),
    )
    correct_spending(office, second, "300000.00")  # the 50,000 freed
    ledger = office.budget(LAO, FY).ledger("SUPPLIES")
    assert (ledger.spent, ledger.available) == (money("400,000.00"), money("0.00"))
    assert office.budget(LAO, FY).expenditures[second].amount == money("300,000.00")
    with refused(office, "event_not_correctable", version=second, problem="the amount is the same"):
        correct_spending(office, second, "300000.00")
    with refused(office, "event_not_correctable", version=1, problem="it is not an expenditure"):
        correct_spending(office, 1, "1.00")
    with refused(office, "reason_required"):
        correct_spending(office, second, "1.00", reason=" ")
    correct_spending(office, second, "0")  # voids it
    assert office.budget(LAO, FY).ledger("SUPPLIES").available == money("300,000.00")


def test_an_expenditure_is_positive_with_a_voucher_used_once_inside_the_year() -> None:
    office = enacted_office()
    spend(office, "SUPPLIES", "0.01", voucher="จ1")
    with refused(office, "duplicate_voucher", voucher="จ1"):
        spend(office, "SUPPLIES", "1.00", voucher=" จ1 ")
    with refused(office, "invalid_input", problem="an expenditure is a positive amount"):
        spend(office, "SUPPLIES", "0")
    with refused(office, "invalid_input", problem="an expenditure needs its voucher number"):
        spend(office, "SUPPLIES", "1.00", voucher=" ")
    with refused(office, "date_outside_fiscal_year", date=date(2027, 10, 1), fiscal_year=FY):
        spend(office, "SUPPLIES", "1.00", on=date(2027, 10, 1))
    with refused(office, "budget_line_not_found", line="NOPE"):
        spend(office, "NOPE", "1.00")


def test_transfers_move_no_more_than_the_line_has_free() -> None:
    office = enacted_office()  # SUPPLIES: 400,000
    plan(office, "P1", "100000.00", line_code="SUPPLIES")  # 300,000 left free
    transfer(office, "SUPPLIES", "SERVICES", "200000.00")
    transfer(office, "SUPPLIES", "SERVICES", "100000.00")
    with refused(office, "insufficient_funds", line="SUPPLIES", available="0.00", amount="0.01"):
        transfer(office, "SUPPLIES", "SERVICES", "0.01")
    with refused(office, "invalid_input", problem="a transfer moves a positive amount"):
        transfer(office, "SERVICES", "SUPPLIES", "0")
    with refused(office, "invalid_input", problem="a transfer needs two different lines"):
        transfer(office, "SERVICES", "SERVICES", "1.00")
    with refused(office, "date_outside_fiscal_year", date=date(2026, 9, 30), fiscal_year=FY):
        transfer(office, "SERVICES", "SUPPLIES", "1.00", on=date(2026, 9, 30))
    transfer(office, "SERVICES", "SUPPLIES", "0.01")
    budget = office.budget(LAO, FY)
    assert budget.ledger("SUPPLIES").allocated == money("100,000.01")
    assert budget.ledger("SERVICES").allocated == money("799,999.99")


def test_an_investment_transfer_is_the_executives_unless_it_changes_an_item() -> None:
    office = enacted_office()
    with when(office) as recorded:
        transfer(office, "ROAD", "BRIDGE", "100000.00")
    then_recorded(
        recorded,
        AnnualBudget.FundsTransferred,
        from_line="ROAD",
        to_line="BRIDGE",
        amount=money("100,000.00"),
        new_line=None,
        approval_level=ApprovalLevel.EXECUTIVE,
        council_approval=None,
        report_due_on=date(2026, 12, 16),  # reported to the governor within 15 days
        actor=EXECUTIVE,
        business_date=date(2026, 12, 1),
    )
    with refused(office, "council_approval_required"):
        transfer(office, "SUPPLIES", "ROAD", "1.00", changes_item=True)
    with when(office) as recorded:
        transfer(office, "SUPPLIES", "ROAD", "1.00", changes_item=True, council_approval=COUNCIL)
    then_recorded(
        recorded,
        AnnualBudget.FundsTransferred,
        approval_level=ApprovalLevel.COUNCIL,
        council_approval=COUNCIL.approval(),
    )


def test_a_transfer_to_a_new_line_opens_it_with_only_the_money_moved() -> None:
    office = enacted_office()
    new = line("NEWROAD", "999.00")
    with refused(office, "invalid_input", problem="the new line's code must be the destination"):
        transfer(office, "ROAD", "OTHER", "1.00", new_line=new, council_approval=COUNCIL)
    with refused(office, "duplicate_budget_line", line="BRIDGE"):
        transfer(office, "ROAD", "BRIDGE", "1.00", new_line=line("BRIDGE", "1.00"))
    with when(office) as recorded:
        transfer(office, "ROAD", "NEWROAD", "50000.00", new_line=new, council_approval=COUNCIL)
    event = then_recorded(recorded, AnnualBudget.FundsTransferred, to_line="NEWROAD")
    assert event.new_line.amount == money("0.00")
    ledger = office.budget(LAO, FY).ledger("NEWROAD")
    assert (ledger.appropriated, ledger.allocated) == (money("0.00"), money("50,000.00"))


def test_a_supplementary_budget_adds_at_least_a_satang() -> None:
    office = enacted_office()
    with refused(office, "invalid_input", problem="a supplementary budget adds money"):
        supplement(office, {"ROAD": "0"})
    with refused(office, "duplicate_budget_line", line="ROAD"):
        supplement(office, {}, new_lines=[line("ROAD", "1")])
    with refused(office, "budget_line_not_found", line="NOPE"):
        supplement(office, {"NOPE": "1"})
    with when(office) as recorded:
        supplement(office, {"ROAD": "0.01"}, on=date(2027, 3, 2))
    then_recorded(
        recorded,
        AnnualBudget.SupplementaryBudgetEnacted,
        ordinance_date=date(2027, 3, 1),
        additions={"ROAD": money("0.01")},
        new_lines=[],
        actor=FINANCE,
        business_date=date(2027, 3, 2),
    )
    assert office.budget(LAO, FY).ledger("ROAD").allocated == money("2,000,000.01")


# -- carried-over money ----------------------------------------------------------------------


def test_committed_money_is_carried_up_to_what_is_unpaid() -> None:
    office = enacted_office()
    project = contracted_project(office)  # 1,400,000
    inspect(office, project, 1, JAN_15)
    pay(office, project, 1, "300000.00")
    with refused(
        office,
        "carry_over_not_allowed",
        problem="1,100,000.01 is not within the unpaid 1,100,000.00",
    ):
        carry(office, project, "1100000.01")
    with refused(
        office, "carry_over_not_allowed", problem="0.00 is not within the unpaid 1,100,000.00"
    ):
        carry(office, project, "0")
    with refused(
        office, "carry_over_not_allowed", problem="the deadline must fall after 30 September"
    ):
        carry(office, project, "1.00", deadline=date(2027, 9, 30))
    with refused(office, "date_outside_fiscal_year", date=date(2027, 10, 1), fiscal_year=FY):
        carry(office, project, "1.00", on=date(2027, 10, 1))
    with when(office) as recorded:
        carry(office, project, "1100000.00", deadline=date(2027, 10, 1))
    then_recorded(
        recorded,
        AnnualBudget.FundsCarriedOver,
        project_id=str(project),
        line_code="ROAD",
        kind=CarryOverKind.COMMITTED,
        amount=money("1,100,000.00"),
        deadline=date(2027, 10, 1),
        council_approval=None,
        actor=FINANCE,
        business_date=date(2027, 9, 25),
    )
    then_recorded(
        recorded,
        Project.CarriedOver,
        kind=CarryOverKind.COMMITTED,
        amount=money("1,100,000.00"),
        deadline=date(2027, 10, 1),
        actor=FINANCE,
        business_date=date(2027, 9, 25),
    )
    with refused(
        office, "carry_over_not_allowed", problem="this project's money is already carried over"
    ):
        carry(office, project, "1.00")


def test_money_not_yet_committed_is_carried_with_the_council_up_to_the_projects_budget() -> None:
    office = enacted_office()
    project = plan(office, "P1", "1500000.00")
    with refused(
        office, "carry_over_not_allowed", problem="there is no contract committing the money"
    ):
        carry(office, project, "1.00")
    council = CarryOverKind.COUNCIL_APPROVED
    with refused(office, "council_approval_required"):
        carry(office, project, "1.00", kind=council)
    with refused(
        office,
        "carry_over_not_allowed",
        problem="1,500,000.01 is not within the unpaid 1,500,000.00",
    ):
        carry(office, project, "1500000.01", kind=council, council_approval=COUNCIL)
    with when(office) as recorded:
        carry(office, project, "1500000.00", kind=council, council_approval=COUNCIL)
    then_recorded(recorded, AnnualBudget.FundsCarriedOver, council_approval=COUNCIL.approval())


def test_a_contracted_project_carries_with_the_council_what_it_has_not_paid() -> None:
    office = enacted_office()
    project = contracted_project(office)  # 1,400,000
    inspect(office, project, 1, JAN_15)
    pay(office, project, 1, "300000.00")
    council = CarryOverKind.COUNCIL_APPROVED
    with refused(
        office,
        "carry_over_not_allowed",
        problem="1,100,000.01 is not within the unpaid 1,100,000.00",
    ):
        carry(office, project, "1100000.01", kind=council, council_approval=COUNCIL)
    carry(office, project, "1100000.00", kind=council, council_approval=COUNCIL)


def test_after_the_year_a_project_never_carried_over_is_paid_nothing_more() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    payment = pay(office, project, 1, "300000.00").version
    with refused(office, "exceeds_carried_amount", carried="0.00", amount="0.01"):
        correct(office, project, payment, "300000.01", on=date(2027, 10, 5))
    correct(office, project, payment, "200000.00", on=date(2027, 10, 5))  # lowering is allowed


def test_a_payment_on_30_september_is_the_years_own_not_the_carried_money() -> None:
    office = enacted_office()
    project = contracted_project(office)
    carry(office, project, "200000.00", on=date(2027, 9, 1))
    inspect(office, project, 1, date(2027, 9, 2))
    pay(office, project, 1, "700000.00", on=date(2027, 9, 30))
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.carried[str(project)] == money("200,000.00")  # 700,000 unpaid: all kept


def test_after_the_year_a_project_is_paid_only_what_was_carried_in_all() -> None:
    office = enacted_office()
    project = contracted_project(office)
    carry(office, project, "200000.00")
    close_year(office)
    inspect(office, project, 1, date(2027, 11, 1))
    first = pay(office, project, 1, "150000.00", on=date(2027, 11, 2)).version
    with refused(
        office, "exceeds_carried_amount", carried="50,000.00", amount="100,000.00"
    ):  # a correction's increase comes out of the carried money too
        correct(office, project, first, "250000.00", on=date(2027, 11, 3))
    pay(office, project, 1, "50000.00", on=date(2027, 11, 3))
    with refused(office, "exceeds_carried_amount", carried="0.00", amount="0.01"):
        pay(office, project, 1, "0.01", on=date(2027, 11, 4))
    correct(office, project, first, "100000.00", on=date(2027, 11, 5))  # 50,000 back
    assert office.budget(LAO, FY).ledger("ROAD").carried[str(project)] == money("50,000.00")
    with refused(office, "budget_year_closed", fiscal_year=FY):
        correct(office, project, first, "90000.00", on=date(2027, 9, 30))


def test_the_year_closes_after_30_september_and_what_was_not_paid_or_carried_lapses() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    pay(office, project, 1, "700000.00")
    carry(office, project, "500000.00")
    spend(office, "SUPPLIES", "100000.00")
    with refused(office, "invalid_input", problem="a fiscal year is closed after its 30 September"):
        close_year(office, on=date(2027, 9, 30))
    with when(office) as recorded:
        close_year(office)
    then_recorded(
        recorded,
        AnnualBudget.YearClosed,
        lapsed={
            "ROAD": money("800,000.00"),  # 2,000,000 - 700,000 paid - 500,000 carried
            "BRIDGE": money("6,000,000.00"),
            "EQUIP": money("300,000.00"),
            "SUPPLIES": money("300,000.00"),  # 400,000 - 100,000 spent
            "SERVICES": money("500,000.00"),
        },
        actor=FINANCE,
        business_date=date(2027, 10, 1),
    )
    with refused(office, "budget_year_closed", fiscal_year=FY):
        spend(office, "SUPPLIES", "1.00", on=date(2027, 10, 2))


def test_carried_money_unpaid_at_its_deadline_is_no_longer_held_or_committed() -> None:
    office = enacted_office()
    project = contracted_project(office)
    carry(office, project, "1400000.00")
    close_year(office)
    inspect(office, project, 1, date(2027, 11, 1))
    pay(office, project, 1, "600000.00", on=date(2027, 11, 2))
    with refused(
        office, "invalid_input", problem="carried money is cancelled only after its deadline"
    ):
        cancel_carried(office, project, date(2028, 3, 31))
    with when(office) as recorded:
        cancel_carried(office, project, date(2028, 4, 1))
    then_recorded(
        recorded,
        Project.CarriedFundsCancelled,
        unpaid=money("800,000.00"),
        actor=FINANCE,
        business_date=date(2028, 4, 1),
    )
    then_recorded(
        recorded,
        AnnualBudget.CarriedFundsCancelled,
        project_id=str(project),
        line_code="ROAD",
        amount=money("800,000.00"),
        actor=FINANCE,
        business_date=date(2028, 4, 1),
    )
    ledger = office.budget(LAO, FY).ledger("ROAD")
    pid = str(project)
    assert (ledger.carried[pid], ledger.reserved[pid], ledger.committed[pid]) == (
        money("0.00"),
        money("600,000.00"),  # what it paid
        money("600,000.00"),
    )


def test_a_cancelled_project_keeps_what_it_paid_and_returns_the_rest() -> None:
    office = enacted_office()
    project = contracted_project(office)
    inspect(office, project, 1, JAN_15)
    pay(office, project, 1, "300000.00")
    with when(office) as recorded:
        step(office, project, "cancel", date(2027, 2, 1), reason="บอกเลิกสัญญา")
    then_recorded(
        recorded,
        Project.Cancelled,
        reason="บอกเลิกสัญญา",
        actor=FINANCE,
        business_date=date(2027, 2, 1),
    )
    then_recorded(
        recorded,
        AnnualBudget.FundsReleased,
        project_id=str(project),
        line_code="ROAD",
        kept=money("300,000.00"),
        reason="บอกเลิกสัญญา",
        actor=FINANCE,
        business_date=date(2027, 2, 1),
    )
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.committed[str(project)] == money("300,000.00")
    assert ledger.available == money("1,700,000.00")
