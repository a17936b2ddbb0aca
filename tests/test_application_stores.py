"""The BudgetOffice behaves the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from budget.application import BudgetOffice
from budget.application.commands import (
    AcceptReport,
    DraftBudget,
    DraftReport,
    InspectInstallment,
    SignContract,
    SignOffReport,
    SubmitReport,
)
from budget.domain.errors import DomainError
from budget.domain.procurement import Stage
from tests.builders import (
    AUDITOR,
    EXECUTIVE,
    FINANCE,
    FY,
    LAO,
    REVIEWER,
    contracted_project,
    enacted_office,
    inspect,
    line,
    pay,
    refused,
)


def test_a_year_of_work_is_recorded_and_read_back(office: BudgetOffice) -> None:
    enacted_office(office)
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    paid = pay(office, project, 1, "700000.00", voucher="ฎ1/2570", on=date(2027, 1, 20))
    report = office.execute(
        DraftReport(
            lao_code=LAO, period="2570-Q2", narrative="ความก้าวหน้า", business_date=date(2027, 4, 2)
        ),
        actor=FINANCE,
    ).id
    office.execute(SignOffReport(report_id=report, business_date=date(2027, 4, 3)), actor=EXECUTIVE)
    submitted = office.execute(
        SubmitReport(report_id=report, business_date=date(2027, 4, 5)), actor=FINANCE
    )
    office.execute(AcceptReport(report_id=report), actor=REVIEWER)

    assert submitted.position > paid.position > 0
    reloaded = office.project(project)
    assert reloaded.stage is Stage.INSPECTED
    assert reloaded.paid == Decimal("700000.00")
    assert isinstance(reloaded.paid, Decimal)
    assert reloaded.contract is not None
    assert reloaded.contract.installments[1].due_on == date(2027, 3, 15)
    figures = office.report(report).figures
    assert sum((f.disbursed for f in figures), Decimal(0)) == Decimal("700000.00")


def test_history_says_who_when_and_why(office: BudgetOffice) -> None:
    enacted_office(office)
    project = contracted_project(office)
    history = office.history(project, actor=AUDITOR)
    assert [e.version for e in history] == list(range(1, len(history) + 1))
    signed = history[-1]
    assert signed.event_type == "Project.ContractSigned"
    assert (signed.user_id, signed.role, signed.acting_for) == (FINANCE.user_id, "lao_finance", LAO)
    assert signed.business_date == date(2026, 11, 18)
    assert signed.recorded_at.tzinfo is not None


def test_an_aggregate_is_read_as_it_was_at_a_version_or_a_moment(office: BudgetOffice) -> None:
    enacted_office(office)
    project = contracted_project(office)
    assert office.as_of(project, version=1, actor=AUDITOR).stage is Stage.PLANNED
    assert office.as_of(project, version=3, actor=AUDITOR).stage is Stage.TOR_SET
    history = office.history(project, actor=AUDITOR)
    moment = history[2].recorded_at
    assert office.as_of(project, moment=moment, actor=AUDITOR).version == 3
    with pytest.raises(DomainError) as raised:
        office.as_of(project, moment=history[0].recorded_at - timedelta(seconds=1), actor=AUDITOR)
    assert raised.value.code == "not_found"
    with pytest.raises(DomainError):
        office.as_of(project, moment=datetime(2000, 1, 1), actor=AUDITOR)  # no timezone
    assert office.as_of(project, moment=datetime.now(UTC), actor=AUDITOR).version == len(history)


def test_a_refused_command_records_nothing(office: BudgetOffice) -> None:
    enacted_office(office)
    project = contracted_project(office)
    inspect(office, project, 1, date(2027, 1, 15))
    with refused(office, "payment_exceeds_installment"):
        pay(office, project, 1, "900000.00", voucher="ฎ1", on=date(2027, 1, 20))
    assert office.budget(LAO, FY).ledger("ROAD").total_paid == 0


def test_creating_the_same_budget_twice_is_refused_by_the_store(
    open_office: Callable[[], BudgetOffice],
) -> None:
    first, second = open_office(), open_office()
    enacted_office(first)
    with refused(second, "already_exists"):
        second.execute(
            DraftBudget(lao_code=LAO, fiscal_year=FY, lines=[line("ROAD", "1")]), actor=FINANCE
        )


def test_two_writers_on_one_project_one_wins_the_other_is_told(
    open_office: Callable[[], BudgetOffice],
) -> None:
    first, second = open_office(), open_office()
    enacted_office(first)
    project = contracted_project(first)
    # Both load version N, both decide; only the first save lands.
    mine, theirs = first.project(project), second.project(project)
    mine.inspect(installment=1, actor=FINANCE, business_date=date(2027, 1, 15))
    theirs.inspect(installment=2, actor=FINANCE, business_date=date(2027, 1, 16))
    first.record(mine)
    with pytest.raises(DomainError) as raised:
        second.record(theirs)
    assert raised.value.code == "concurrent_update"
    reloaded = second.project(project)
    assert reloaded.inspected == {1: date(2027, 1, 15)}
    # Retrying against the current version works.
    second.execute(
        InspectInstallment(project_id=project, installment=2, business_date=date(2027, 1, 16)),
        actor=FINANCE,
    )
    assert set(first.project(project).inspected) == {1, 2}


def test_a_stale_expected_version_is_refused(office: BudgetOffice) -> None:
    enacted_office(office)
    project = contracted_project(office)
    version = office.project(project).version
    office.execute(
        InspectInstallment(project_id=project, installment=1, business_date=date(2027, 1, 15)),
        actor=FINANCE,
        expected_version=version,
    )
    with refused(office, "stale_version"):
        office.execute(
            InspectInstallment(project_id=project, installment=2, business_date=date(2027, 1, 16)),
            actor=FINANCE,
            expected_version=version,
        )


def test_the_notification_log_orders_every_event(office: BudgetOffice) -> None:
    enacted_office(office)
    contracted_project(office)
    notifications = office.recorder.select_notifications(start=1, limit=1000)
    ids = [n.id for n in notifications]
    assert ids == sorted(ids)
    assert len(ids) == office.recorder.max_notification_id()


def test_the_national_registry_imports_in_one_transaction(office: BudgetOffice) -> None:
    """About 7,860 LAOs, megabytes in one save (the library's PostgreSQL recorder hangs)."""
    from budget.domain.access import SYSTEM_ACTOR
    from budget.registry import generate_authorities

    records = generate_authorities()
    assert office.import_authorities(records, actor=SYSTEM_ACTOR).new == len(records) > 7_800
    assert office.recorder.max_notification_id() == len(records)
    assert office.authority(records[-1].code).name_th == records[-1].name_th


def test_a_command_refused_halfway_leaves_nothing_behind_in_memory(office: BudgetOffice) -> None:
    """sign_contract changes the project, then the budget refuses: the next command and
    every reader see the project as it was stored."""
    from tests.builders import contract, planned_project, procured_until_winner

    enacted_office(office)
    project = planned_project(office, amount="1500000.00")
    procured_until_winner(office, project, offered="2000000.01")
    with refused(office, "insufficient_funds"):
        office.execute(
            SignContract.of(
                contract("2000000.01"), project_id=project, business_date=date(2026, 11, 18)
            ),
            actor=FINANCE,
        )
    assert office.project(project).stage is Stage.WINNER_ANNOUNCED
    assert office.project(project).contract is None
    office.execute(
        SignContract.of(
            contract("1400000.00"), project_id=project, business_date=date(2026, 11, 18)
        ),
        actor=FINANCE,
    )
    assert office.project(project).contract is not None
    assert office.budget(LAO, FY).ledger("ROAD").total_committed == Decimal("1400000.00")


def test_history_is_for_auditors(office: BudgetOffice) -> None:
    enacted_office(office)
    project = contracted_project(office)
    with refused(office, "not_permitted"):
        office.history(project, actor=FINANCE)
    with refused(office, "not_permitted"):
        office.as_of(project, version=1, actor=REVIEWER)
    assert office.as_of(project, version=1, actor=AUDITOR).version == 1
