"""Contracts as they are (issue 14 item 4): an advance paid against its guarantee and taken
back from the installments, retention withheld and returned after the warranty, a daily
fine for late delivery withheld from the payment, and amendments approved for a reason
(budget/domain/contract_terms.py, contract_amendments.py). Allowed and refused, nothing
recorded when refused, on every store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import msgspec

from budget.application import BudgetOffice
from budget.application.commands import (
    AmendContract,
    CloseProject,
    GuaranteeIn,
    InspectInstallment,
    InstallmentIn,
    PayAdvance,
    PaymentTermsIn,
    ReleaseRetention,
    SignContract,
)
from budget.config import Settings
from budget.domain.budget import AnnualBudget
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.contract_terms import (
    ADVANCE_LIMIT,
    FINE_RULES,
    FineBasis,
    PaymentTerms,
    add_months,
    fine_for,
)
from budget.domain.money import ZERO
from budget.domain.procurement import Stage
from budget.domain.project import Project
from budget.projections.engine import views_engine
from budget.projections.follow import rebuild
from budget.projections.queries import Filters, budget_lines, lao_dashboard
from budget.projections.queries import project as project_detail
from budget.projections.registry import all_projections
from budget.projections.tables import deadline
from tests.builders import (
    FINANCE,
    FY,
    LAO,
    carry,
    close_year,
    contract,
    enacted_office,
    inspect,
    pay,
    planned_project,
    procured_until_winner,
    refused,
)
from tests.given_when_then import refused_by, then_recorded, then_recorded_only, when
from tests.test_projections_money import rows

BUDGET: type = AnnualBudget  # event classes made by @event (mypy cannot see them)
PROJECT: type = Project
SIGNED_ON = date(2026, 11, 18)
FIRST_DUE = date(2027, 1, 15)  # installment 1 of two of 700,000 (tests.builders.contract)
SECOND_DUE = date(2027, 3, 15)
TERMS = PaymentTermsIn(
    advance_rate=Decimal(15),
    retention_rate=Decimal(5),
    warranty_months=12,
    fine_rate=Decimal("0.10"),
)


def signed_with(
    office: BudgetOffice, terms: PaymentTermsIn | None = TERMS, amount: str = "1400000.00"
) -> UUID:
    """P1 (budget 1,500,000 on ROAD) under a contract of `amount` in two equal
    installments due 15 Jan and 15 Mar 2027, on `terms`."""
    project = planned_project(office)
    procured_until_winner(office, project, offered=amount)
    signing = msgspec.structs.replace(contract(amount), terms=terms)
    office.execute(
        SignContract.of(signing, project_id=project, business_date=SIGNED_ON), actor=FINANCE
    )
    return project


def advance(
    office: BudgetOffice,
    project: UUID,
    amount: str = "210000.00",
    *,
    guarantee: str = "",
    on: date = date(2026, 11, 25),
    voucher: str = "ฎล1",
) -> None:
    office.execute(
        PayAdvance(
            project_id=project,
            amount=Decimal(amount),
            voucher=voucher,
            guarantee=GuaranteeIn(
                issuer="ธนาคารกรุงไทย", reference="LG-001", amount=Decimal(guarantee or amount)
            ),
            business_date=on,
        ),
        actor=FINANCE,
    )


def inspect_delivered(
    office: BudgetOffice, project: UUID, installment: int, delivered: date, on: date
) -> None:
    office.execute(
        InspectInstallment(
            project_id=project, installment=installment, delivered_on=delivered, business_date=on
        ),
        actor=FINANCE,
    )


def release(office: BudgetOffice, project: UUID, on: date, voucher: str = "ฎค1") -> None:
    office.execute(
        ReleaseRetention(project_id=project, voucher=voucher, business_date=on), actor=FINANCE
    )


def amend(
    office: BudgetOffice,
    project: UUID,
    kind: AmendmentKind,
    parts: list[tuple[str, date]],
    *,
    on: date = date(2027, 1, 10),
    reason: str = "ฝนตกหนักต่อเนื่อง ทำงานไม่ได้ 20 วัน",
    approved_by: str = "นายกองค์การบริหารส่วนตำบล",
) -> None:
    office.execute(
        AmendContract(
            project_id=project,
            kind=kind,
            installments=[
                InstallmentIn(number=n, amount=Decimal(a), due_on=due)
                for n, (a, due) in enumerate(parts, start=1)
            ],
            approved_by=approved_by,
            reason=reason,
            business_date=on,
        ),
        actor=FINANCE,
    )


# -- the advance (cl. 141-143) -------------------------------------------------------------


def test_the_advance_is_paid_against_a_guarantee_and_counts_as_cash_paid(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office)
    with when(office) as recorded:
        advance(office, project)
    then_recorded(recorded, PROJECT.AdvancePaid, amount=Decimal("210000.00"), voucher="ฎล1")
    then_recorded(recorded, BUDGET.Disbursed, amount=Decimal("210000.00"))
    assert office.project(project).paid == Decimal("210000.00")
    assert office.budget(LAO, FY).ledger("ROAD").paid[str(project)] == Decimal("210000.00")


def test_the_advance_is_at_most_the_contracts_rate_and_needs_a_guarantee_of_as_much(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office)
    with refused(
        office,
        "advance_not_allowed",
        problem="210,000.01 is not within the contract's 210,000.00",
    ):
        advance(office, project, "210000.01")
    with refused(
        office,
        "advance_not_allowed",
        problem="the guarantee of 209,999.99 is less than 210,000.00",
    ):
        advance(office, project, guarantee="209999.99")
    advance(office, project)
    with refused(office, "advance_not_allowed", problem="the advance is paid already"):
        advance(office, project, "1.00", voucher="ฎล2")


def test_no_advance_without_the_contracts_term_nor_after_an_inspection(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    plain = signed_with(office, terms=None)
    with refused(office, "advance_not_allowed", problem="the contract provides for no advance"):
        advance(office, plain)
    inspect(office, plain, 1, FIRST_DUE)
    with refused(office, "advance_not_allowed", problem="the contract provides for no advance"):
        advance(office, plain)


def test_an_advance_comes_before_any_work_is_inspected(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office)
    inspect(office, project, 1, FIRST_DUE)
    with refused(
        office,
        "advance_not_allowed",
        problem="work is inspected already: an advance comes before it",
    ):
        advance(office, project)


def test_an_advance_above_the_regulations_limit_is_not_a_term_a_contract_may_have() -> None:
    assert Decimal(15) == ADVANCE_LIMIT
    with refused_by(
        None,
        "invalid_input",
        problem="the advance must be a percentage from 0 to 15 with at most two decimals",
    ):
        PaymentTerms(advance_rate=Decimal("15.01"), advance_recovery_rate=Decimal(15))
    with refused_by(
        None,
        "invalid_input",
        problem="an advance needs the rate at which installments repay it",
    ):
        PaymentTerms(advance_rate=Decimal(10))


# -- what the inspection withholds ---------------------------------------------------------


def test_an_inspection_withholds_the_advance_retention_and_the_fine_for_the_days_late(
    office: BudgetOffice,
) -> None:
    """700,000 delivered 5 days late: 15 % of it takes back the advance, 5 % is held, and
    0.10 % a day for 5 days is fined: 556,500 is left to pay."""
    enacted_office(office)
    project = signed_with(office)
    advance(office, project)
    with when(office) as recorded:
        inspect_delivered(office, project, 1, date(2027, 1, 20), date(2027, 1, 22))
    then_recorded(
        recorded,
        PROJECT.DeductionsAssessed,
        installment=1,
        delivered_on=date(2027, 1, 20),
        days_late=5,
        advance=Decimal("105000.00"),
        retention=Decimal("35000.00"),
        fine=Decimal("3500.00"),
    )
    with refused(
        office,
        "payment_exceeds_installment",
        total="556,500.01",
        amount="556,500.00",
    ):
        pay(office, project, 1, "556500.01", on=date(2027, 1, 25))
    pay(office, project, 1, "556500.00", on=date(2027, 1, 25))
    found = office.project(project)
    assert found.paid_on(1) + found.deductions[1].total == Decimal("700000.00")


def test_the_last_installment_takes_back_all_of_the_advance_left(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(
        office, PaymentTermsIn(advance_rate=Decimal(15), advance_recovery_rate=Decimal(5))
    )
    advance(office, project)
    inspect(office, project, 1, FIRST_DUE)
    inspect(office, project, 2, SECOND_DUE)
    found = office.project(project)
    assert found.deductions[1].advance == Decimal("35000.00")  # 5 % of 700,000
    assert found.deductions[2].advance == Decimal("175000.00")  # all that was left
    assert found.advance_outstanding == ZERO
    pay(office, project, 1, "665000.00")
    pay(office, project, 2, "525000.00", on=date(2027, 3, 20))
    assert office.project(project).stage is Stage.PAID
    # the cash paid, the advance included, and the contract agree to the satang
    assert office.project(project).paid == Decimal("1400000.00")


def test_a_contract_with_no_terms_withholds_nothing_even_when_late(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office, terms=None)
    with when(office) as recorded:
        inspect_delivered(office, project, 1, date(2027, 2, 1), date(2027, 2, 1))
    then_recorded_only(recorded, PROJECT.InstallmentInspected)
    pay(office, project, 1, "700000.00", on=date(2027, 2, 3))


def test_the_work_is_delivered_after_the_contract_and_by_its_inspection(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office)
    with refused(office, "invalid_input"):
        inspect_delivered(office, project, 1, date(2027, 1, 23), date(2027, 1, 22))
    with refused(office, "invalid_input"):
        inspect_delivered(office, project, 1, date(2026, 11, 17), date(2027, 1, 22))


def test_the_fine_of_whole_work_is_a_share_of_the_price_and_at_least_100_baht_a_day() -> None:
    whole = PaymentTerms(fine_rate=Decimal("0.01"), fine_basis=FineBasis.WHOLE_WORK)
    # 0.01 % of 500,000 is 50 baht: the least fine a day, 100 baht, for 3 days
    assert fine_for(whole, installment=Decimal(1), price=Decimal(500000), days=3) == Decimal(300)
    share = PaymentTerms(fine_rate=Decimal("0.10"), fine_basis=FineBasis.WHOLE_WORK)
    assert fine_for(share, installment=Decimal(1), price=Decimal(1400000), days=2) == Decimal(
        "2800.00"
    )
    assert FINE_RULES[FineBasis.WHOLE_WORK].highest == Decimal("0.10")
    with refused_by(None, "invalid_input"):
        PaymentTerms(fine_rate=Decimal("0.11"), fine_basis=FineBasis.WHOLE_WORK)
    with refused_by(None, "invalid_input", problem="the warranty runs 0 to 120 months"):
        PaymentTerms(warranty_months=121)


def test_a_fine_never_takes_more_than_is_left_to_pay(office: BudgetOffice) -> None:
    """0.20 % a day of 700,000 for 700 days would be 980,000: the payment withholds what
    is left after retention, 665,000; the installment pays no cash."""
    enacted_office(office)
    project = signed_with(
        office, PaymentTermsIn(retention_rate=Decimal(5), fine_rate=Decimal("0.20"))
    )
    inspect_delivered(office, project, 1, date(2028, 12, 15), date(2028, 12, 16))
    found = office.project(project)
    assert found.deductions[1].fine == Decimal("665000.00")
    assert found.payable(1) == ZERO
    assert found.fines == Decimal("665000.00")


# -- retention returned after the warranty --------------------------------------------------


def paid_in_full(office: BudgetOffice, project: UUID) -> None:
    """Both installments inspected on their due dates and paid (no advance: 665,000 each)."""
    inspect(office, project, 1, FIRST_DUE)
    pay(office, project, 1, "665000.00", on=date(2027, 1, 20))
    inspect(office, project, 2, SECOND_DUE)
    pay(office, project, 2, "665000.00", on=date(2027, 3, 20))


def test_retention_is_returned_once_the_warranty_has_ended(office: BudgetOffice) -> None:
    enacted_office(office)
    terms = PaymentTermsIn(retention_rate=Decimal(5), warranty_months=3)
    project = signed_with(office, terms)
    inspect(office, project, 1, FIRST_DUE)
    with refused(
        office, "retention_not_releasable", problem="every installment must be inspected first"
    ):
        release(office, project, date(2027, 9, 1))
    pay(office, project, 1, "665000.00", on=date(2027, 1, 20))
    inspect(office, project, 2, SECOND_DUE)
    pay(office, project, 2, "665000.00", on=date(2027, 3, 20))
    ends = add_months(SECOND_DUE, 3)
    with refused(office, "retention_not_releasable", problem=f"the warranty runs until {ends}"):
        release(office, project, ends)
    with refused(office, "project_not_finished"):
        office.execute(
            CloseProject(project_id=project, business_date=date(2027, 6, 20)), actor=FINANCE
        )
    with when(office) as recorded:
        release(office, project, date(2027, 6, 16))
    then_recorded(
        recorded,
        PROJECT.RetentionReleased,
        amount=Decimal("70000.00"),
        warranty_ended_on=ends,
        business_date=date(2027, 6, 16),
    )
    then_recorded(recorded, BUDGET.Disbursed, amount=Decimal("70000.00"))
    assert office.project(project).retention_held == ZERO
    assert office.project(project).paid == Decimal("1400000.00")
    with refused(office, "retention_not_releasable", problem="no retention is held"):
        release(office, project, date(2027, 6, 17), voucher="ฎค2")
    office.execute(CloseProject(project_id=project, business_date=date(2027, 6, 20)), actor=FINANCE)


def test_retention_returned_after_the_year_comes_out_of_the_money_carried_for_it(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office, PaymentTermsIn(retention_rate=Decimal(5), warranty_months=12))
    paid_in_full(office, project)
    carry(office, project, "70000.00", deadline=date(2028, 6, 30))
    close_year(office)
    release(office, project, date(2028, 3, 16))
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.paid[str(project)] == Decimal("1400000.00")
    assert ledger.carried[str(project)] == ZERO


def test_retention_held_lapses_at_the_closing_unless_carried(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office, PaymentTermsIn(retention_rate=Decimal(5), warranty_months=12))
    paid_in_full(office, project)
    close_year(office)
    with refused(office, "payment_date_not_allowed"):
        release(office, project, date(2028, 3, 16))


def test_a_fine_is_never_owed_so_never_carried_over(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office, PaymentTermsIn(fine_rate=Decimal("0.10")))
    inspect_delivered(office, project, 1, date(2027, 1, 25), date(2027, 1, 26))  # 7,000 fined
    owed = office.project(project).unpaid
    assert owed == Decimal("1393000.00")
    with refused(office, "carry_over_not_allowed"):
        carry(office, project, "1393000.01")
    carry(office, project, "1393000.00")


# -- amendments (cl. 165) -----------------------------------------------------------------


def test_an_extension_of_time_moves_due_dates_later_and_says_who_approved_it_and_why(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office)
    later = [("700000.00", date(2027, 2, 5)), ("700000.00", SECOND_DUE)]
    with when(office) as recorded:
        amend(office, project, AmendmentKind.TIME_EXTENDED, later)
    amended = then_recorded(
        recorded,
        PROJECT.ContractAmended,
        kind=AmendmentKind.TIME_EXTENDED,
        approved_by="นายกองค์การบริหารส่วนตำบล",
        reason="ฝนตกหนักต่อเนื่อง ทำงานไม่ได้ 20 วัน",
        previous_amount=Decimal("1400000.00"),
    )
    assert amended.contract.installments[0].due_on == date(2027, 2, 5)
    then_recorded_only(recorded, PROJECT.ContractAmended)  # the budget's money did not move
    # delivered on the new date: no fine
    inspect_delivered(office, project, 1, date(2027, 2, 5), date(2027, 2, 6))
    assert office.project(project).deductions[1].fine == ZERO


def test_an_extension_of_time_never_moves_a_date_earlier_nor_changes_amounts(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office)
    earlier = [("700000.00", date(2027, 1, 10)), ("700000.00", date(2027, 4, 1))]
    with refused(office, "contract_amendment_not_allowed"):
        amend(office, project, AmendmentKind.TIME_EXTENDED, earlier)
    resplit = [("600000.00", date(2027, 2, 5)), ("800000.00", SECOND_DUE)]
    with refused(office, "contract_amendment_not_allowed"):
        amend(office, project, AmendmentKind.TIME_EXTENDED, resplit)
    with refused(office, "reason_required"):
        amend(office, project, AmendmentKind.TIME_EXTENDED, resplit, reason=" ")


def test_work_already_inspected_is_never_amended(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office)
    inspect(office, project, 1, FIRST_DUE)
    moved = [("700000.00", date(2027, 2, 5)), ("700000.00", date(2027, 4, 15))]
    with refused(
        office,
        "contract_amendment_not_allowed",
        problem="installment 1 is inspected: its due date stays",
    ):
        amend(office, project, AmendmentKind.TIME_EXTENDED, moved)
    amend(
        office,
        project,
        AmendmentKind.TIME_EXTENDED,
        [("700000.00", FIRST_DUE), ("700000.00", date(2027, 4, 15))],
    )


def test_a_change_of_amount_is_held_on_the_line_within_its_money(office: BudgetOffice) -> None:
    """ROAD has 2,000,000: P1's contract of 1,400,000 may grow to 2,000,000, not beyond."""
    enacted_office(office)
    project = signed_with(office)
    bigger = [("700000.00", FIRST_DUE), ("1300000.01", SECOND_DUE)]
    with refused(office, "insufficient_funds"):
        amend(office, project, AmendmentKind.AMOUNT_CHANGED, bigger)
    grown = [("700000.00", FIRST_DUE), ("1300000.00", SECOND_DUE)]
    with when(office) as recorded:
        amend(office, project, AmendmentKind.AMOUNT_CHANGED, grown, reason="เพิ่มงานถนนอีก 300 เมตร")
    then_recorded(
        recorded,
        BUDGET.CommitmentAmended,
        old_amount=Decimal("1400000.00"),
        amount=Decimal("2000000.00"),
    )
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.committed[str(project)] == Decimal("2000000.00")
    assert ledger.available == ZERO
    investment = {f.group.value: f for f in office.budget(LAO, FY).figures_by_group()}
    assert investment["investment"].obligated == Decimal("2000000.00")
    assert office.project(project).contract.amount == Decimal("2000000.00")  # type: ignore[union-attr]


def test_a_change_of_amount_changes_the_amount(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office)
    same = [("400000.00", FIRST_DUE), ("1000000.00", SECOND_DUE)]
    with refused(office, "contract_amendment_not_allowed"):
        amend(office, project, AmendmentKind.AMOUNT_CHANGED, same)
    smaller = [("700000.00", FIRST_DUE), ("500000.00", SECOND_DUE)]
    amend(office, project, AmendmentKind.AMOUNT_CHANGED, smaller, reason="ลดปริมาณงาน")
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert ledger.committed[str(project)] == Decimal("1200000.00")
    assert ledger.available == Decimal("800000.00")


def test_a_change_of_installments_keeps_the_amount(office: BudgetOffice) -> None:
    enacted_office(office)
    project = signed_with(office)
    three = [
        ("400000.00", FIRST_DUE),
        ("500000.00", date(2027, 2, 15)),
        ("500000.00", SECOND_DUE),
    ]
    with when(office) as recorded:
        amend(office, project, AmendmentKind.INSTALLMENTS_CHANGED, three, reason="แบ่งงวดใหม่")
    then_recorded_only(recorded, PROJECT.ContractAmended)
    assert len(office.project(project).contract.installments) == 3  # type: ignore[union-attr]
    with refused(office, "contract_amendment_not_allowed"):
        amend(
            office,
            project,
            AmendmentKind.INSTALLMENTS_CHANGED,
            [("700000.00", FIRST_DUE), ("700000.01", SECOND_DUE)],
        )


def test_the_installments_left_must_be_able_to_take_back_the_advance(
    office: BudgetOffice,
) -> None:
    enacted_office(office)
    project = signed_with(office)
    advance(office, project)
    inspect(office, project, 1, FIRST_DUE)  # takes back 105,000: 105,000 left
    tiny = [("700000.00", FIRST_DUE), ("100000.00", SECOND_DUE)]  # can give 95,000
    with refused(office, "contract_amendment_not_allowed"):
        amend(office, project, AmendmentKind.AMOUNT_CHANGED, tiny, on=date(2027, 1, 20))
    amend(
        office,
        project,
        AmendmentKind.AMOUNT_CHANGED,
        [("700000.00", FIRST_DUE), ("200000.00", SECOND_DUE)],
        on=date(2027, 1, 20),
    )


# -- what the views show ----------------------------------------------------------------


def test_the_views_show_cash_paid_and_keep_retention_fines_and_the_amended_amount_apart(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    """A contract amended from 1,400,000 to 1,500,000, with an advance, retention and a
    fine: the project's row and page, the budget's line and its curves hold what the
    aggregates hold; built live batch by batch or rebuilt from the first event alike."""
    enacted_office(office)
    project = signed_with(office)
    advance(office, project)
    grown = [("700000.00", FIRST_DUE), ("800000.00", SECOND_DUE)]
    amend(office, project, AmendmentKind.AMOUNT_CHANGED, grown, reason="เพิ่มงานรางระบายน้ำ")
    inspect_delivered(office, project, 1, date(2027, 1, 20), date(2027, 1, 22))
    pay(office, project, 1, "556500.00", on=date(2027, 1, 25))
    found = office.project(project)
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    rebuild(office, views, all_projections())
    with views.connect() as connection:
        detail = project_detail(connection, str(project))
        lines = {x.line_code: x for x in budget_lines(connection, LAO, FY)}
        dashboard = lao_dashboard(connection, LAO, Filters(fiscal_year=FY))
    views.dispose()
    row = detail.project
    assert row.contract_amount == Decimal("1500000.00")
    assert row.paid == found.paid == Decimal("766500.00")  # the advance and the payment
    assert (row.retention_held, row.fines) == (found.retention_held, found.fines)
    assert (row.retention_held, row.fines) == (Decimal("35000.00"), Decimal("3500.00"))
    money = detail.money
    assert money is not None
    assert money.advance_outstanding == found.advance_outstanding == Decimal("105000.00")
    assert money.amendments == 1
    first = detail.installments[0]
    assert first.paid + first.advance_recovered + first.retention + first.fine == first.amount
    assert (first.days_late, first.delivered_on) == (5, date(2027, 1, 20))
    assert [a.reason for a in detail.amendments] == ["เพิ่มงานรางระบายน้ำ"]
    assert [(s.kind, s.amount) for s in detail.lump_sums] == [("advance", Decimal("210000.00"))]
    assert "LG-001" in detail.lump_sums[0].guarantee
    ledger = office.budget(LAO, FY).ledger("ROAD")
    assert lines["ROAD"].committed == ledger.total_committed == Decimal("1500000.00")
    assert lines["ROAD"].paid == ledger.total_paid == Decimal("766500.00")
    investment = next(g for g in dashboard.by_group if g.budget_group == "investment")
    assert investment.progress.obligated == Decimal("1500000.00")
    assert investment.progress.disbursed == Decimal("766500.00")


def test_an_extension_of_time_moves_the_installments_deadline(
    office: BudgetOffice, store_url: str, tmp_path: Path
) -> None:
    """The deadlines view: the installment's delivery is due on its extended date; one an
    amendment takes away is cancelled, one it adds is due from the amendment."""
    enacted_office(office)
    project = signed_with(office)
    later = [("700000.00", date(2027, 2, 5)), ("700000.00", SECOND_DUE)]
    amend(office, project, AmendmentKind.TIME_EXTENDED, later)
    one = [("1400000.00", date(2027, 3, 1))]
    amend(office, project, AmendmentKind.INSTALLMENTS_CHANGED, one, on=date(2027, 1, 12))
    three = [("400000.00", date(2027, 3, 1)), ("500000.00", date(2027, 4, 1)),
             ("500000.00", date(2027, 5, 1))]  # fmt: skip
    amend(office, project, AmendmentKind.INSTALLMENTS_CHANGED, three, on=date(2027, 1, 14))
    settings = Settings.from_env({"BUDGET_DATABASE_URL": store_url, "BUDGET_HOME": str(tmp_path)})
    views = views_engine(settings)
    rebuild(office, views, all_projections())
    found = {r["number"]: r for r in rows(views, deadline, subject_id=str(project))}
    views.dispose()
    assert (found[1]["fixed_due_on"], found[1]["cancelled_on"]) == (date(2027, 3, 1), None)
    assert (found[2]["fixed_due_on"], found[2]["cancelled_on"]) == (date(2027, 4, 1), None)
    assert (found[3]["fixed_due_on"], found[3]["opened_on"]) == (
        date(2027, 5, 1),
        date(2027, 1, 14),
    )
