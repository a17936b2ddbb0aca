"""A project's corrections and its money at the year's end: a procurement step's date
corrected, money carried over past 30 September (กันเงิน), and carried money cancelled
after its deadline. Each takes `If-Match` with the project's version, like every write
of budget.http.projects."""

from __future__ import annotations

from litestar import Controller, Response, post
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from budget.domain.access import Action
from budget.http.project_bodies import (
    CarriedFundsCancellationIn,
    CarryOverIn,
    StageDateCorrectionIn,
    approval_of,
)
from budget.http.projects import ProjectId, office_of
from budget.http.routing import WRITE_PROBLEMS, action
from budget.http.writes import Writer, Written, provide_writer

ENTER = action(Action.ENTER_PROJECT)


class ProjectChangesController(Controller):
    path = "/api/projects/{project_id:uuid}"
    tags = ["projects"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {"writer": Provide(provide_writer, sync_to_thread=False)}  # noqa: RUF012

    @post(
        "/stage-date-corrections",
        operation_id="correctStageDate",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def correct_stage_date(
        self,
        project_id: ProjectId,
        data: JSONBody[StageDateCorrectionIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """Correct the date a procurement step happened (before the winner's announcement
        only: later dates set legal deadlines), with the reason."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.correct_stage_date(
                project_id,
                stage=data.stage,
                corrected_date=data.corrected_date,
                reason=data.reason,
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/carry-over",
        operation_id="carryOverFunds",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def carry_over(
        self, project_id: ProjectId, data: JSONBody[CarryOverIn], writer: NamedDependency[Writer]
    ) -> Response[Written]:
        """Carry the project's unpaid money past 30 September until a deadline (กันเงิน);
        tracked on the budget's line apart from the new year's budget."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.carry_over(
                project_id,
                kind=data.kind,
                amount=data.amount,
                deadline=data.deadline,
                council_approval=approval_of(data.council_approval),
                actor=actor,
                business_date=data.business_date,
                expected_version=v,
            ),
        )

    @post(
        "/carry-over/cancellation",
        operation_id="cancelCarriedFunds",
        sync_to_thread=True,
        status_code=HTTP_200_OK,
        responses=WRITE_PROBLEMS,
        opt=ENTER,
    )
    def cancel_carried(
        self,
        project_id: ProjectId,
        data: JSONBody[CarriedFundsCancellationIn],
        writer: NamedDependency[Writer],
    ) -> Response[Written]:
        """After the carry-over deadline, cancel what is still unpaid."""
        office = office_of(writer)
        return writer.run(
            data,
            lambda actor, v: office.cancel_carried_funds(
                project_id, actor=actor, business_date=data.business_date, expected_version=v
            ),
        )
