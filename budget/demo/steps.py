"""A demo plan as data: steps, each one command run by the BudgetOffice as one person.

The plan is computed first and recorded after, so benchmarks can count,
filter or replay it, and two runs with the same seed give the same events.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from budget.application.commands import (
    Command,
    PlanProject,
    ProcurementStep,
    RecordProcurementStep,
)
from budget.domain.access import Actor, Role
from budget.domain.oversight import has_provincial_office
from budget.registry.records import AuthorityRecord

if TYPE_CHECKING:
    from budget.application import BudgetOffice, Recorded

# Streams break ties between steps on the same business date: the budget changes
# first, then projects, then reports (which carry the figures of the day's end).
BUDGET_STREAM = 0
PROJECT_STREAM = 1
REPORT_STREAM = 2


@dataclass(frozen=True, slots=True)
class Step:
    """One command, run as `actor`; `on` is its business date (the command carries it).

    `target` is the aggregate whose version the step moves up by `events` (one but
    for an inspection that also records what it withholds), or None (the budget:
    several kinds of step touch it).
    """

    command: Command
    on: date
    actor: Actor
    target: UUID | None = None
    stream: int = PROJECT_STREAM
    events: int = 1

    def apply(self, office: BudgetOffice) -> Recorded:
        return office.execute(self.command, actor=self.actor)


@dataclass(frozen=True, slots=True)
class LaoPlan:
    """Everything the demo records for one LAO, in business-date order."""

    authority: AuthorityRecord
    fiscal_year: int
    steps: list[Step]
    project_codes: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.authority.code

    @property
    def final_versions(self) -> dict[UUID, int]:
        """The version each targeted aggregate reaches once every step is recorded."""
        counted: Counter[UUID] = Counter()
        for step in self.steps:
            if step.target is not None:
                counted[step.target] += step.events
        return dict(counted)

    @property
    def marker(self) -> UUID:
        """The aggregate the first step creates: present once recording has begun."""
        first = self.steps[0].target
        assert first is not None, "a plan starts by creating an aggregate"
        return first


@dataclass(frozen=True, slots=True)
class LaoContext:
    """What every part of one LAO's plan needs to know."""

    authority: AuthorityRecord
    fiscal_year: int
    today: date
    usernames: Mapping[tuple[Role, str], str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.authority.code

    @property
    def finance(self) -> Actor:
        return named(finance_actor(self.code), self.usernames)

    @property
    def executive(self) -> Actor:
        return named(executive_actor(self.code), self.usernames)

    @property
    def reviewer(self) -> Actor:
        return named(reviewer_actor(self.authority.province_code), self.usernames)


class ProjectSteps:
    """One project's steps in date order, run by the LAO's finance officer; `day` is the
    last step's date and `version` the project's version after it."""

    def __init__(self, ctx: LaoContext, project_id: UUID, day: date = date.min) -> None:
        self.ctx = ctx
        self.id = project_id
        self.steps: list[Step] = []
        self.day = day
        self.version = 0

    def add(self, command: Command, on: date, events: int = 1) -> int:
        """`command` as the next step, on `on` (recording `events` events); the project's
        version it makes."""
        assert on >= self.day, f"{command} on {on} comes before {self.day}"
        self.day = on
        self.version += events
        self.steps.append(Step(command, on, self.ctx.finance, target=self.id, events=events))
        return self.version

    def act(self, kind: type[Command], on: date, /, *, events: int = 1, **fields: Any) -> int:
        """A step of `kind` on `on`, for this project (the plan names it otherwise)."""
        ids = {} if kind is PlanProject else {"project_id": self.id}
        return self.add(cast(Any, kind)(**ids, **fields, business_date=on), on, events)

    def procure(self, kind: type[ProcurementStep], on: date, /, **fields: Any) -> None:
        """A procurement step of `kind` before the contract."""
        step = kind(**fields, business_date=on)
        self.add(RecordProcurementStep(project_id=self.id, step=step), on)


def named(actor: Actor, usernames: Mapping[tuple[Role, str], str]) -> Actor:
    """The actor under the username the demo gives its role and scope, if any."""
    username = usernames.get((actor.role, actor.acting_for))
    return replace(actor, user_id=username) if username else actor


def finance_actor(lao_code: str) -> Actor:
    return Actor(f"finance.{lao_code}", Role.LAO_FINANCE, lao_code)


def executive_actor(lao_code: str) -> Actor:
    return Actor(f"exec.{lao_code}", Role.LAO_EXECUTIVE, lao_code)


DLA_EXECUTIVE = Actor("dla.executive", Role.DLA_EXECUTIVE)


def reviewer_actor(province_code: str) -> Actor:
    """Who reviews the reports of the province's LAOs: its provincial office's reviewer;
    in Bangkok, which has none, DLA's executive (budget/domain/oversight.py, access.py)."""
    if not has_provincial_office(province_code):
        return DLA_EXECUTIVE
    return Actor(f"reviewer.{province_code}", Role.PROVINCIAL_REVIEWER, province_code)


def in_order(streams: list[list[Step]]) -> list[Step]:
    """Merge per-stream lists (each already in date order) by (date, stream, position)."""
    keyed = [
        (step.on, step.stream, n, i, step)
        for n, steps in enumerate(streams)
        for i, step in enumerate(steps)
    ]
    keyed.sort(key=lambda k: (k[0], k[1], k[2], k[3]))
    return [k[4] for k in keyed]
