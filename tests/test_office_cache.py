"""A command takes its aggregate from the cache as cached, without reading the store first
(issue 17: one statement less a write); the save's version check, or a look afterwards,
finds another process's write, and the command is then decided on the store's state."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from budget.application import BudgetOffice
from budget.application.commands import AmendContract, InspectInstallment, InstallmentIn
from budget.config import Settings
from budget.domain.contract_amendments import AmendmentKind
from tests.builders import FINANCE, contracted_project, enacted_office, refused, spend


@pytest.fixture
def offices(file_store_url: str) -> Iterator[tuple[BudgetOffice, BudgetOffice]]:
    """Two offices on one store, as two processes of the service."""
    settings = Settings.from_env({"BUDGET_DATABASE_URL": file_store_url})
    first, second = BudgetOffice(settings), BudgetOffice(settings)
    yield first, second
    first.close()
    second.close()


def reads_of(office: BudgetOffice, aggregate_id: UUID) -> list[dict[str, Any]]:
    """The store's reads of `aggregate_id`'s events by `office` from now on (their options)."""
    reads: list[dict[str, Any]] = []
    select_events = office.recorder.select_events

    def counted(originator_id: UUID, **options: Any) -> Any:
        if originator_id == aggregate_id:
            reads.append(options)
        return select_events(originator_id, **options)

    office.recorder.select_events = counted  # type: ignore[method-assign]
    return reads


def inspection(project: UUID, installment: int) -> InspectInstallment:
    return InspectInstallment(
        project_id=project, installment=installment, business_date=date(2027, 1, 14 + installment)
    )


def test_a_command_on_a_cached_aggregate_reads_none_of_its_events(
    offices: tuple[BudgetOffice, BudgetOffice],
) -> None:
    office, _ = offices
    enacted_office(office)
    project = contracted_project(office)
    version = office.execute(inspection(project, 1), actor=FINANCE).version
    reads = reads_of(office, project)

    recorded = office.execute(inspection(project, 2), actor=FINANCE, expected_version=version)

    assert reads == []  # before: its newer events were read ({"gt": version})
    assert recorded.version == version + 1
    assert set(office.project(project).inspected) == {1, 2}


def test_a_record_another_office_moved_on_is_decided_again_on_the_store_s_state(
    offices: tuple[BudgetOffice, BudgetOffice],
) -> None:
    first, second = offices
    enacted_office(first)
    project = contracted_project(first)  # in first's cache
    theirs = second.execute(inspection(project, 1), actor=FINANCE)

    mine = first.execute(inspection(project, 2), actor=FINANCE)  # no If-Match

    assert mine.version == theirs.version + 1
    assert set(second.project(project).inspected) == {1, 2}
    # from now on first reads the project's newer events before a command
    reads = reads_of(first, project)
    second_again = first.project(project).version
    with refused(first, "stale_version"):
        first.execute(inspection(project, 2), actor=FINANCE, expected_version=second_again - 1)
    assert reads


def test_an_if_match_of_another_office_s_write_is_taken_though_the_cache_is_older(
    offices: tuple[BudgetOffice, BudgetOffice],
) -> None:
    first, second = offices
    enacted_office(first)
    project = contracted_project(first)
    theirs = second.execute(inspection(project, 1), actor=FINANCE)

    mine = first.execute(inspection(project, 2), actor=FINANCE, expected_version=theirs.version)

    assert mine.version == theirs.version + 1


def test_an_if_match_of_the_cached_version_is_stale_once_another_office_wrote(
    offices: tuple[BudgetOffice, BudgetOffice],
) -> None:
    first, second = offices
    enacted_office(first)
    project = contracted_project(first)
    cached = first.project(project).version
    second.execute(inspection(project, 1), actor=FINANCE)

    with refused(first, "stale_version", expected=cached, actual=cached + 1):
        first.execute(inspection(project, 2), actor=FINANCE, expected_version=cached)
    assert set(first.project(project).inspected) == {1}


def test_a_command_saving_only_its_project_is_recorded_once_though_its_budget_moved_elsewhere(
    offices: tuple[BudgetOffice, BudgetOffice],
) -> None:
    """An extension of time reads the budget (taken for change) and saves only the project;
    another process's spending moved the budget: the amendment is recorded once."""
    first, second = offices
    enacted_office(first)
    project = contracted_project(first)  # the project and its budget in first's cache
    before = first.project(project).version
    spend(second, "ROAD", "1000.00")  # the budget moves on in the other process

    first.execute(
        AmendContract(
            project_id=project,
            kind=AmendmentKind.TIME_EXTENDED,
            installments=[
                InstallmentIn(number=1, amount=Decimal("700000.00"), due_on=date(2027, 2, 15)),
                InstallmentIn(number=2, amount=Decimal("700000.00"), due_on=date(2027, 4, 15)),
            ],
            approved_by="นายกองค์การบริหารส่วนตำบล",
            reason="ฝนตกหนักต่อเนื่อง ทำงานไม่ได้ 20 วัน",
            business_date=date(2027, 1, 10),
        ),
        actor=FINANCE,
    )

    assert second.project(project).version == before + 1
