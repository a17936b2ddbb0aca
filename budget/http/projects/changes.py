"""A project's corrections and its money at the year's end: a procurement step's date
corrected, money carried over past 30 September (กันเงิน), and carried money cancelled
after its deadline. Each takes `If-Match` with the project's version, like every write
of budget.http.projects."""

from __future__ import annotations

from budget.application.commands import (
    CancelCarriedFunds,
    CarryOver,
    CorrectStageDate,
)
from budget.http.projects.routes import ENTER, PROJECT, ProjectRoutes
from budget.http.routing import command_write
from budget.http.writes import MOVES_MONEY


class ProjectChangesController(ProjectRoutes):
    @command_write(
        "/stage-date-corrections", "correctStageDate", ENTER, CorrectStageDate, at=PROJECT
    )
    def correct_stage_date() -> None:
        """Correct the date a procurement step happened (before the winner's announcement
        only: later dates set legal deadlines), with the reason."""

    @command_write(
        "/carry-over", "carryOverFunds", ENTER, CarryOver, at=PROJECT, dependencies=MOVES_MONEY
    )
    def carry_over() -> None:
        """Carry the project's unpaid money past 30 September until a deadline (กันเงิน);
        tracked on the budget's line apart from the new year's budget."""

    @command_write(
        "/carry-over/cancellation",
        "cancelCarriedFunds",
        ENTER,
        CancelCarriedFunds,
        at=PROJECT,
        dependencies=MOVES_MONEY,
    )
    def cancel_carried() -> None:
        """After the carry-over deadline, cancel what is still unpaid."""
