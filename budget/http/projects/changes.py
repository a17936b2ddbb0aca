"""A project's corrections and its money at the year's end: a procurement step's date
corrected, money carried over past 30 September (กันเงิน), and carried money cancelled
after its deadline. Each takes `If-Match` with the project's version, like every write
of budget.http.projects."""

from __future__ import annotations

from litestar import Controller, Response
from litestar.di import NamedDependency
from litestar.params import JSONBody

from budget.application.commands import (
    CancelCarriedFunds,
    CarriedFundsCancellationIn,
    CarryOver,
    CarryOverIn,
    CorrectStageDate,
    StageDateCorrectionIn,
)
from budget.domain.access import Action
from budget.http.projects.routes import ProjectId
from budget.http.routing import action, writes
from budget.http.writes import MOVES_MONEY, WRITE, Writer, Written

ENTER = action(Action.ENTER_PROJECT)


class ProjectChangesController(Controller):
    path = "/api/projects/{project_id:uuid}"
    tags = ["projects"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = WRITE

    @writes("/stage-date-corrections", "correctStageDate", ENTER)
    def correct_stage_date(
        self,
        project_id: ProjectId,
        data: JSONBody[StageDateCorrectionIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Correct the date a procurement step happened (before the winner's announcement
        only: later dates set legal deadlines), with the reason."""
        return writer.execute(data, CorrectStageDate.of(data, project_id=project_id))

    @writes("/carry-over", "carryOverFunds", ENTER, dependencies=MOVES_MONEY)
    def carry_over(
        self, project_id: ProjectId, data: JSONBody[CarryOverIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Carry the project's unpaid money past 30 September until a deadline (กันเงิน);
        tracked on the budget's line apart from the new year's budget."""
        return writer.execute(data, CarryOver.of(data, project_id=project_id))

    @writes("/carry-over/cancellation", "cancelCarriedFunds", ENTER, dependencies=MOVES_MONEY)
    def cancel_carried(
        self,
        project_id: ProjectId,
        data: JSONBody[CarriedFundsCancellationIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """After the carry-over deadline, cancel what is still unpaid."""
        return writer.execute(data, CancelCarriedFunds.of(data, project_id=project_id))
