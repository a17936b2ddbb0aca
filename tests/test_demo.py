"""The demo generator: deterministic, realistic, within every rule, and recorded once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
import pytest
from freezegun import freeze_time

from budget.application import BudgetOffice
from budget.application.commands import (
    AcceptReport,
    AddSupplementaryBudget,
    CorrectPayment,
    CorrectStageDate,
    DraftReport,
    RecordPayment,
    RecordProcurementStep,
    ReturnReport,
    ReviseReport,
    SignContract,
    TransferFunds,
    WinnerAnnounced,
)
from budget.application.handlers import handled
from budget.config import Settings
from budget.demo import (
    DemoOptions,
    LaoPlan,
    LaoStatus,
    current_fiscal_year,
    plan_lao,
    plan_year,
    record_lao,
    record_year,
    summarize,
)
from budget.demo.accounts import demo_accounts
from budget.demo.steps import Step
from budget.domain.access import SYSTEM_ACTOR, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.calendar import appeal_window_end
from budget.domain.fiscal import FiscalYear
from budget.domain.ids import budget_id, project_id
from budget.domain.oversight import DISTRICT_OVERSEEN, OrdinanceApprover
from budget.domain.procurement import Method, Stage
from budget.domain.project import Project
from budget.registry import AuthorityRecord, district_name_th, generate_authorities

FY = 2570
SEED = 7
TODAY = date(2027, 3, 31)
OPTIONS = DemoOptions(projects=12, today=TODAY)  # an SAO gets 12 projects, a town 21


def memory_office() -> BudgetOffice:
    return BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))


RARE = {CorrectPayment, CorrectStageDate, AddSupplementaryBudget, TransferFunds}


def kind(step: Step) -> type:
    """What a step does: its command's class (a procurement step's own class)."""
    command = step.command
    return type(command.step) if isinstance(command, RecordProcurementStep) else type(command)


def commands_of(record: AuthorityRecord) -> set[type]:
    return {kind(s) for s in plan_lao(record, FY, SEED, OPTIONS).steps}


@pytest.fixture(scope="module")
def laos() -> list[AuthorityRecord]:
    """A town of Chiang Mai, and the first SAOs whose plans hold the rare use cases."""
    records = generate_authorities(["50"])
    picked = [next(r for r in records if r.type is AuthorityType.TOWN_MUNICIPALITY)]
    missing = RARE - commands_of(picked[0])
    for record in records:
        if not missing:
            break
        if record.type is AuthorityType.SAO and commands_of(record) & missing:
            picked.append(record)
            missing -= commands_of(record)
    assert not missing
    return picked


@pytest.fixture(scope="module")
def plans(laos: list[AuthorityRecord]) -> list[LaoPlan]:
    return list(plan_year(laos, FY, SEED, OPTIONS))


@pytest.fixture(scope="module")
def office(laos: list[AuthorityRecord]) -> BudgetOffice:
    office = memory_office()
    result = record_year(office, laos, FY, SEED, OPTIONS)
    assert [o.status for o in result.outcomes] == [LaoStatus.RECORDED] * len(laos)
    return office


def event_trail(office: BudgetOffice) -> list[tuple[UUID, str, int, date | None]]:
    """(aggregate, event type, version, business date) of every event, in log order."""
    notifications = office.recorder.select_notifications(start=1, limit=1_000_000)
    events = (office.mapper.to_domain_event(n) for n in notifications)
    return [
        (e.originator_id, type(e).__qualname__, e.originator_version, e.__dict__["business_date"])
        for e in events
    ]


def projects(office: BudgetOffice, plans: list[LaoPlan]) -> Iterator[Project]:
    for plan in plans:
        for code in plan.project_codes:
            yield office.project(project_id(plan.code, FY, code))


def test_two_runs_give_the_same_events(office: BudgetOffice, laos: list[AuthorityRecord]) -> None:
    again = memory_office()
    record_year(again, laos, FY, SEED, OPTIONS)
    first, second = event_trail(office), event_trail(again)
    assert len(first) > 400
    assert first == second
    versions: dict[UUID, list[int]] = defaultdict(list)
    for aggregate, _, version, business_date in first:
        versions[aggregate].append(version)
        assert business_date is not None
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())


def test_an_lao_plan_does_not_depend_on_the_other_laos(
    laos: list[AuthorityRecord], plans: list[LaoPlan]
) -> None:
    alone = plan_lao(laos[1], FY, SEED, OPTIONS)
    assert alone.steps == plans[1].steps
    assert plan_lao(laos[1], FY, SEED + 1, OPTIONS).steps != alone.steps


def test_every_method_and_every_stage_appears(office: BudgetOffice, plans: list[LaoPlan]) -> None:
    found = list(projects(office, plans))
    assert {p.method for p in found} == set(Method)
    assert {p.stage for p in found} == set(Stage)
    commands = {kind(s) for plan in plans for s in plan.steps}
    assert {*RARE, ReturnReport, ReviseReport, AcceptReport} <= commands


def test_figures_add_up(office: BudgetOffice, plans: list[LaoPlan]) -> None:
    for plan in plans:
        budget = office.budget(plan.code, FY)
        for figures in budget.figures_by_group():
            assert 0 <= figures.disbursed <= figures.obligated <= figures.allocated
        assert len(budget.figures_by_group()) == 6
    paid = sum((p.paid for p in projects(office, plans)), Decimal(0))
    spent = sum(
        (x.spent for plan in plans for x in office.budget(plan.code, FY).ledgers.values()),
        Decimal(0),
    )
    summaries = summarize(office, [plan.authority for plan in plans], FY)
    assert paid > 0
    assert spent > 0
    assert paid + spent == sum((s.disbursed for s in summaries), Decimal(0))
    for project in projects(office, plans):
        assert project.paid <= (project.contract.amount if project.contract else project.amount)


def test_the_plan_keeps_dates_in_order_and_inside_the_year(plans: list[LaoPlan]) -> None:
    year = FiscalYear(FY)
    for plan in plans:
        by_target: dict[UUID, list[date]] = defaultdict(list)
        for step in plan.steps:
            assert step.on <= TODAY
            if step.target is not None:
                by_target[step.target].append(step.on)
            if isinstance(step.command, RecordPayment):
                assert year.contains(step.on)
        assert all(days == sorted(days) for days in by_target.values())
        winners = {
            s.target: s.command.step.winner
            for s in plan.steps
            if isinstance(s.command, RecordProcurementStep)
            and isinstance(s.command.step, WinnerAnnounced)
        }
        for step in plan.steps:
            if isinstance(step.command, SignContract):
                assert step.command.contractor == winners[step.target]
        assert [s.on for s in plan.steps] == sorted(s.on for s in plan.steps)


def test_contracts_are_signed_after_the_appeal_window(
    office: BudgetOffice, plans: list[LaoPlan]
) -> None:
    for project in projects(office, plans):
        if project.contract is not None and project.appeal_ends_on is not None:
            assert project.stage_dates[Stage.CONTRACT_SIGNED] > project.appeal_ends_on
            winner_on = project.stage_dates[Stage.WINNER_ANNOUNCED]
            assert project.appeal_ends_on == appeal_window_end(winner_on)


def test_money_is_never_a_float(plans: list[LaoPlan]) -> None:
    def floats(value: Any) -> bool:
        if isinstance(value, dict):
            return any(floats(v) for v in value.values())
        if isinstance(value, list | tuple):
            return any(floats(v) for v in value)
        return isinstance(value, float)

    assert not any(
        floats(msgspec.to_builtins(step.command)) for plan in plans for step in plan.steps
    )


def test_running_again_records_nothing_twice(
    office: BudgetOffice, laos: list[AuthorityRecord]
) -> None:
    before = office.recorder.max_notification_id() or 0
    result = record_year(office, laos, FY, SEED, OPTIONS)
    assert result.registered == 0
    assert not result.targets_set
    assert [o.status for o in result.outcomes] == [LaoStatus.ALREADY_RECORDED] * len(laos)
    assert (office.recorder.max_notification_id() or 0) == before


def test_an_interrupted_lao_is_reported_and_left_alone() -> None:
    small = DemoOptions(projects=3, today=TODAY)
    first, second, third = [r for r in generate_authorities(["51"]) if r.type is AuthorityType.SAO][
        :3
    ]
    office = memory_office()
    record_year(office, [first], FY, SEED, small)
    office.import_authorities([third], actor=SYSTEM_ACTOR)
    plan = plan_lao(third, FY, SEED, small)
    half = LaoPlan(plan.authority, FY, plan.steps[: len(plan.steps) // 2], plan.project_codes)
    assert record_lao(office, half).status is LaoStatus.RECORDED
    third_budget = len(office.history(budget_id(third.code, FY), actor=SYSTEM_ACTOR))
    result = record_year(office, [first, second, third], FY, SEED, small)
    statuses = [o.status for o in result.outcomes]
    assert statuses == [LaoStatus.ALREADY_RECORDED, LaoStatus.RECORDED, LaoStatus.PARTLY_RECORDED]
    assert len(office.history(budget_id(third.code, FY), actor=SYSTEM_ACTOR)) == third_budget


def test_today_bounds_what_is_recorded(laos: list[AuthorityRecord]) -> None:
    early = DemoOptions(projects=4, today=date(2026, 11, 15))
    plan = plan_lao(laos[-1], FY, SEED, early)
    assert max(s.on for s in plan.steps) <= date(2026, 11, 15)
    drafted = [s.command.period for s in plan.steps if isinstance(s.command, DraftReport)]
    assert drafted == ["2570-M10"]  # October has ended; no quarter has
    with pytest.raises(ValueError, match="inside fiscal year"):
        DemoOptions(today=date(2027, 10, 1)).today_in(FY)


def test_every_step_is_a_budget_office_use_case(plans: list[LaoPlan]) -> None:
    assert all(type(s.command) in handled() for p in plans for s in p.steps)


def test_some_laos_pay_octobers_salaries_before_their_ordinance_passes(
    office: BudgetOffice, plans: list[LaoPlan]
) -> None:
    """One LAO in three enacts in November: October's recurring items were paid under last
    year's ordinance (recorded for it) and counted against the new lines by the enactment."""
    late = [p for p in plans if office.exists(budget_id(p.code, FY - 1))]
    assert late, "no demo LAO enacted late"
    for plan in late:
        budget = office.budget(plan.code, FY)
        assert budget.enacted_on is not None
        assert budget.enacted_on.month == 11
        assert budget.before_enactment.spent, plan.code
        assert budget.before_enactment.not_yet_counted == {}
        trail = [kind for aid, kind, _, _ in event_trail(office) if aid == budget.id]
        assert trail.index("AnnualBudget.SpentBeforeEnactment") < trail.index(
            "AnnualBudget.Enacted"
        )
        assert "AnnualBudget.SpendingBeforeEnactmentCounted" in trail


@freeze_time("2026-12-05 10:00:00+07:00")
def test_the_demo_runs_to_today_unless_told_otherwise(laos: list[AuthorityRecord]) -> None:
    """The year containing today, recorded up to today: no page shows a wait or an age
    below zero; a year that has ended is recorded to its last day."""
    assert current_fiscal_year() == 2570
    assert DemoOptions().today_in(2570) == date(2026, 12, 5)
    assert DemoOptions().today_in(2569) == date(2026, 9, 30)
    with pytest.raises(ValueError, match="inside fiscal year"):
        DemoOptions().today_in(2571)  # a year to come has no today
    plan = plan_lao(laos[-1], 2570, SEED, DemoOptions(projects=4))
    assert max(s.on for s in plan.steps) <= date(2026, 12, 5)
    drafted = [s.command.period for s in plan.steps if isinstance(s.command, DraftReport)]
    # the months ended so far: October's report is drafted; November's, ended five days
    # ago, only if the LAO got round to it by today
    assert drafted[0] == "2570-M10"
    assert set(drafted) <= {"2570-M10", "2570-M11"}


def test_reports_follow_the_quarters_then_the_months_since() -> None:
    records = [r for r in generate_authorities(["51"]) if r.type is AuthorityType.SAO][:1]
    plan = plan_lao(records[0], FY, SEED, DemoOptions(projects=3, today=date(2027, 5, 20)))
    drafted = [s.command.period for s in plan.steps if isinstance(s.command, DraftReport)]
    assert drafted == ["2570-Q1", "2570-Q2", "2570-M4"]


def test_a_year_recorded_to_its_last_day_has_its_four_quarters_reports_only() -> None:
    """After the fourth quarter no month is under way: October is not reported again (its
    report drafted on 2 Nov was refused where the ordinance passed late, in November)."""
    records = [r for r in generate_authorities(["51"]) if r.type is AuthorityType.SAO][:1]
    plan = plan_lao(records[0], FY, SEED, DemoOptions(projects=3, today=date(2027, 9, 30)))
    drafted = [s.command.period for s in plan.steps if isinstance(s.command, DraftReport)]
    assert drafted == [f"{FY}-Q{n}" for n in (1, 2, 3)]  # Q4's is drafted after its end


def test_every_ordinance_names_the_office_the_law_names_for_its_lao(
    office: BudgetOffice, laos: list[AuthorityRecord]
) -> None:
    """The town's ordinance approved by the governor of Chiang Mai, each SAO's by the
    chief of its district (budget/domain/oversight.py)."""
    for lao in laos:
        (enacted,) = [
            e for e in office.events.get(budget_id(lao.code, FY)) if type(e).__name__ == "Enacted"
        ]
        if lao.type is AuthorityType.SAO:
            assert enacted.approver is OrdinanceApprover.DISTRICT_CHIEF
            assert enacted.approved_by == f"นายอำเภอ{district_name_th(lao.district_code)}"
        else:
            assert enacted.approver is OrdinanceApprover.GOVERNOR
            assert enacted.approved_by == "ผู้ว่าราชการจังหวัดเชียงใหม่"


def test_the_demo_opens_the_office_of_the_district_of_its_first_overseen_lao() -> None:
    chiang_mai = generate_authorities(["50"])
    first = next(r for r in chiang_mai if r.type in DISTRICT_OVERSEEN)
    district = {a.username: a for a in demo_accounts(chiang_mai)}["district"]
    assert (district.role, district.acting_for) == (Role.DISTRICT_OFFICE, first.district_code)
    bangkok = generate_authorities(["10"])  # the BMA alone: no district office
    assert "district" not in {a.username for a in demo_accounts(bangkok)}
    pattaya = next(r for r in generate_authorities(["20"]) if r.type is AuthorityType.PATTAYA)
    plan = plan_lao(pattaya, FY, SEED, OPTIONS)
    enactment = next(s.command for s in plan.steps if type(s.command).__name__ == "EnactBudget")
    assert enactment.approver is OrdinanceApprover.GOVERNOR
    assert enactment.approved_by == "ผู้ว่าราชการจังหวัดชลบุรี"
