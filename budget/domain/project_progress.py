"""Where a project stands in its procurement, read from its state: its stage (the one
`procurement.stage_of` rule the views use too), the steps done, the next step and the
steps that may be recorded now (MoF procurement regulation B.E. 2560: the plan, cl. 11;
the TOR and reference price, cl. 21, before the report, cl. 22; a small purchase's
shorter path), and the checks a new step passes. A mixin of the Project
(budget/domain/project.py), whose events keep the state it reads."""

from __future__ import annotations

from datetime import date

from budget.domain.checks import check_not_before
from budget.domain.errors import (
    DomainError,
    ProjectClosed,
    StageOutOfOrder,
)
from budget.domain.procurement import (
    PROCUREMENT_STEPS,
    Method,
    Stage,
    next_step,
    open_steps,
    stage_of,
)
from budget.domain.project_money import ProjectMoney


class ProjectProgress(ProjectMoney):
    """The procurement progress of a Project (its state is set by its events); an
    installment is paid in full by its money (ProjectMoney)."""

    method: Method
    closed: bool
    cancelled: bool
    stage_dates: dict[Stage, date]
    inspected: dict[int, date]

    @property
    def stage(self) -> Stage:
        installments = self.contract.installments if self.contract is not None else []
        done = self.steps_done
        return stage_of(
            closed=self.closed,
            cancelled=self.cancelled,
            last_step=done[-1] if done else None,
            installments=len(installments),
            inspected=len(self.inspected),
            paid_in_full=sum(
                self.paid_on(i.number) == self.payable(i.number) for i in installments
            ),
        )

    @property
    def steps_done(self) -> list[Stage]:
        """The procurement steps recorded, in the order they were recorded (a history
        kept in the old order, the report before the TOR, reads as it happened)."""
        return [s for s in self.stage_dates if s in PROCUREMENT_STEPS]

    @property
    def has_ended(self) -> bool:
        """Closed or cancelled (DOMAIN.md, the stages' last): it records nothing more and
        has no next step."""
        return self.closed or self.cancelled

    def _check_open(self) -> None:
        if self.has_ended:
            state = "closed" if self.closed else "cancelled"
            raise ProjectClosed(state=self.stage.name_th, state_en=state)

    @property
    def next_step(self) -> Stage | None:
        """The procurement step that must be recorded next (the contract included): none
        once the project is closed, cancelled or under contract."""
        return next_step(self.method, self.amount, self.stage_dates, ended=self.has_ended)

    @property
    def open_steps(self) -> tuple[Stage, ...]:
        """The steps that may be recorded now: the next one and those before it that a
        small purchase may skip (procurement.open_steps)."""
        return open_steps(self.method, self.amount, self.stage_dates, ended=self.has_ended)

    def _check_next_step(self, stage: Stage, on: date) -> None:
        self._check_open()
        if stage not in open_steps(self.method, self.amount, self.stage_dates):
            raise _out_of_order(self, stage, next_step(self.method, self.amount, self.stage_dates))
        done = self.steps_done
        previous = self.stage_dates[done[-1] if done else Stage.PLANNED]
        check_not_before(on, previous)


def _out_of_order(project: ProjectProgress, stage: Stage, expected: Stage | None) -> DomainError:
    """The refusal of a step that is not next, saying what is (after the steps, the
    contract; after the contract, an installment's inspection)."""
    if expected is not None:
        next_en = f"the next stage must be {expected.value}"
        next_th = f"ขั้นตอนถัดไปต้องเป็น{expected.name_th}"
    elif project.contract is None:
        expected = Stage.CONTRACT_SIGNED
        next_en = "the procurement steps are done: sign the contract next"
        next_th = "ขั้นตอนจัดหาครบแล้ว ขั้นต่อไปคือลงนามในสัญญา"
    else:
        expected = Stage.INSPECTED
        next_en = "the contract is signed: next, inspect an installment's delivery"
        next_th = "ลงนามในสัญญาแล้ว ขั้นต่อไปคือตรวจรับงานงวดที่ส่งมอบ"
    return StageOutOfOrder(
        stage=stage.value,
        expected=expected.value,
        stage_th=stage.name_th,
        next_en=next_en,
        next_th=next_th,
    )
