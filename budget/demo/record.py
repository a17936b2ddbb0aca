"""Recording a demo plan through the BudgetOffice, once.

Aggregate ids are natural keys, so whether an LAO's demo was recorded is a
question to the store: an LAO whose first aggregate exists is not recorded
again. If a refused step shows the plan broke a rule, that is a bug in the
generator, reported as :class:`DemoPlanError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from uuid import UUID

from budget.application import BudgetOffice
from budget.application.commands import (
    GrantRole,
    OpenAccount,
    SetReportingCalendar,
    SetTargets,
)
from budget.demo.contacts import with_demo_contacts
from budget.demo.plan import DemoOptions, demo_targets, plan_year, registration_date, targets_date
from budget.demo.steps import DLA_EXECUTIVE, LaoPlan, named, reviewer_actor
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.deadlines import Counting
from budget.domain.errors import DomainError
from budget.domain.fiscal import PeriodKind
from budget.domain.ids import account_id
from budget.domain.oversight import has_provincial_office
from budget.domain.reporting import ReportDueRule
from budget.registry import AuthorityRecord, province_name_th

TARGETS_ACTOR = DLA_EXECUTIVE
TARGETS_SOURCE = "เป้าหมายการเบิกจ่ายตามมติคณะรัฐมนตรี (ข้อมูลสาธิต)"
CALENDAR_ACTOR = Actor("dla.admin", Role.DLA_ADMINISTRATOR)
CALENDAR_SOURCE = "ปฏิทินการรายงานผลการเบิกจ่าย (ข้อมูลสาธิต)"
# The demo's reporting calendar: a month's report 15 days after it, a quarter's 20
# working days after it (DLA sets the real one each year: budget/domain/reporting.py).
DEMO_REPORTING = (
    ReportDueRule(PeriodKind.MONTH, 15),
    ReportDueRule(PeriodKind.QUARTER, 20, Counting.WORKING),
)


class LaoStatus(Enum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already recorded"
    # Some of the LAO's demo is recorded, but not this plan in full: an earlier run
    # stopped midway, or ran with another seed or options. Left as it is.
    PARTLY_RECORDED = "partly recorded"


@dataclass(frozen=True, slots=True)
class LaoOutcome:
    code: str
    status: LaoStatus
    commands: int = 0


@dataclass(slots=True)
class DemoResult:
    registered: int = 0
    targets_set: bool = False
    outcomes: list[LaoOutcome] = field(default_factory=list)

    def count(self, status: LaoStatus) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def commands(self) -> int:
        return sum(o.commands for o in self.outcomes)


class DemoPlanError(Exception):
    """The office refused a planned step: the generator broke a rule (a bug)."""


def record_year(
    office: BudgetOffice,
    authorities: list[AuthorityRecord],
    fiscal_year: int,
    seed: int,
    options: DemoOptions | None = None,
    *,
    on_lao: Callable[[LaoOutcome], None] | None = None,
) -> DemoResult:
    """Register the LAOs (with their made-up contacts), set the year's targets and
    reporting calendar once, and record each LAO's plan once."""
    result = DemoResult()
    names = (options or DemoOptions()).usernames
    result.registered = office.import_authorities(
        with_demo_contacts(authorities),
        actor=SYSTEM_ACTOR,
        business_date=registration_date(fiscal_year),
    ).new
    result.targets_set = set_targets(office, fiscal_year, named(TARGETS_ACTOR, names))
    set_reporting_calendar(office, fiscal_year)
    for province in sorted({a.province_code for a in authorities}):
        reviewer = named(reviewer_actor(province), names)
        open_reviewer_account(office, province, registration_date(fiscal_year), reviewer)
    for plan in plan_year(authorities, fiscal_year, seed, options):
        outcome = record_lao(office, plan)
        result.outcomes.append(outcome)
        if on_lao is not None:
            on_lao(outcome)
    return result


def set_targets(office: BudgetOffice, fiscal_year: int, actor: Actor = TARGETS_ACTOR) -> bool:
    """The demo's disbursement targets of the year, set once (True if set now)."""
    if office.targets(fiscal_year):
        return False
    office.execute(
        SetTargets(
            fiscal_year=fiscal_year,
            targets=demo_targets(),
            source=TARGETS_SOURCE,
            business_date=targets_date(fiscal_year),
        ),
        actor=actor,
    )
    return True


def set_reporting_calendar(office: BudgetOffice, fiscal_year: int) -> None:
    """The demo's reporting calendar of the year, set once."""
    if not office.reporting_rules(fiscal_year):
        office.execute(
            SetReportingCalendar(
                fiscal_year=fiscal_year,
                rules=list(DEMO_REPORTING),
                source=CALENDAR_SOURCE,
                business_date=targets_date(fiscal_year),
            ),
            actor=CALENDAR_ACTOR,
        )


def open_reviewer_account(
    office: BudgetOffice, province: str, on: date, reviewer: Actor | None = None
) -> None:
    """The province's reviewer (สถจ.), opened once with the role for the province; none in
    Bangkok, which has no provincial office (DLA reviews the BMA's reports)."""
    reviewer = reviewer or reviewer_actor(province)
    if not has_provincial_office(province) or office.exists(account_id(reviewer.user_id)):
        return
    office.execute(
        OpenAccount(
            username=reviewer.user_id,
            display_name=f"ผู้ตรวจรายงาน สถจ.{province_name_th(province)}",
            business_date=on,
        ),
        actor=SYSTEM_ACTOR,
    )
    office.execute(
        GrantRole(
            username=reviewer.user_id, role=reviewer.role, acting_for=province, business_date=on
        ),
        actor=SYSTEM_ACTOR,
    )


def lao_status(office: BudgetOffice, plan: LaoPlan) -> LaoStatus | None:
    """None if nothing of the plan is recorded yet."""
    if not office.exists(plan.marker):
        return None
    for aggregate_id, version in plan.final_versions.items():
        # at least the plan's version: a demo account's password comes after the plan
        if _version(office, aggregate_id) < version:
            return LaoStatus.PARTLY_RECORDED
    return LaoStatus.ALREADY_RECORDED


def _version(office: BudgetOffice, aggregate_id: UUID) -> int:
    last = list(office.events.get(aggregate_id, desc=True, limit=1))
    return last[0].originator_version if last else 0


def record_lao(office: BudgetOffice, plan: LaoPlan) -> LaoOutcome:
    status = lao_status(office, plan)
    if status is not None:
        return LaoOutcome(plan.code, status)
    versions: dict[UUID, int] = {}
    for step in plan.steps:
        try:
            recorded = step.apply(office)
        except DomainError as error:
            raise DemoPlanError(
                f"LAO {plan.code}: {step.command} on {step.on} was refused: {error}"
            ) from error
        if step.target is not None:
            versions[step.target] = versions.get(step.target, 0) + step.events
            if recorded.version != versions[step.target]:
                raise DemoPlanError(
                    f"LAO {plan.code}: {step.command} on {step.on} made version "
                    f"{recorded.version}, the plan expected {versions[step.target]}"
                )
    return LaoOutcome(plan.code, LaoStatus.RECORDED, len(plan.steps))
