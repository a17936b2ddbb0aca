"""A report's figures are as of the end of its period (issue 13, item 8): the November
report submitted in December leaves out December's payments, however late November's
were keyed, and says it was submitted late; on every store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from budget.application import BudgetOffice
from budget.application.commands import (
    DraftReport,
    InspectInstallment,
    RecordPayment,
    SignOffReport,
    SubmitReport,
)
from tests.builders import EXECUTIVE, FINANCE, LAO, contracted_project, enacted_office


def paid(office: BudgetOffice, project: object, amount: str, voucher: str, on: date) -> None:
    office.execute(
        RecordPayment(
            project_id=project,  # type: ignore[arg-type]
            installment=1,
            amount=Decimal(amount),
            voucher=voucher,
            business_date=on,
        ),
        actor=FINANCE,
    )


def disbursed(office: BudgetOffice, report: object) -> Decimal:
    found = office.report(report)  # type: ignore[arg-type]
    return sum((f.disbursed for f in found.figures), Decimal(0))


def test_a_monthly_report_counts_the_payments_of_its_month_only(
    open_office: Callable[[], BudgetOffice],
) -> None:
    office = enacted_office(open_office())
    project = contracted_project(office)  # contract signed 18 Nov 2026
    office.execute(
        InspectInstallment(project_id=project, installment=1, business_date=date(2026, 11, 25)),
        actor=FINANCE,
    )
    paid(office, project, "100000.00", "ฎ1", date(2026, 12, 5))  # December
    paid(office, project, "50000.00", "ฎ2", date(2026, 11, 28))  # November, keyed late
    report = office.execute(
        DraftReport(
            lao_code=LAO, period="2570-M11", narrative="พ.ย.", business_date=date(2026, 12, 8)
        ),
        actor=FINANCE,
    ).id
    assert disbursed(office, report) == Decimal("50000.00")
    office.execute(
        SignOffReport(report_id=report, business_date=date(2026, 12, 9)), actor=EXECUTIVE
    )
    office.execute(SubmitReport(report_id=report, business_date=date(2026, 12, 10)), actor=FINANCE)
    reopened = open_office()
    assert disbursed(reopened, report) == Decimal("50000.00")
    kept = reopened.report(report)  # and it says so: as of 30 November, sent 10 days late
    assert (kept.figures_as_of, kept.submitted_on, kept.days_late) == (
        date(2026, 11, 30),
        date(2026, 12, 10),
        10,
    )
    assert office.figures_as_of(LAO, 2570, date(2026, 12, 10)) != reopened.report(report).figures
