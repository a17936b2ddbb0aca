"""A signed contract's money beyond its installments and its amendments: the advance paid
against its guarantee (regulation cl. 141-143), the retention returned after the
warranty, an amendment approved for a reason (cl. 165). Each takes `If-Match` with the
project's version, like every write of budget.http.projects; each moves money on the
project's budget line (an amendment of time or installments moves none, but its amount
may), so each asks for it."""

from __future__ import annotations

from budget.application.commands import (
    AmendContract,
    PayAdvance,
    ReleaseRetention,
)
from budget.http.projects.routes import ENTER, PROJECT, ProjectRoutes
from budget.http.routing import command_write
from budget.http.writes import MOVES_MONEY


class ContractMoneyController(ProjectRoutes):
    path = f"{ProjectRoutes.path}/contract"

    @command_write(
        "/advance", "payAdvance", ENTER, PayAdvance, at=PROJECT, dependencies=MOVES_MONEY
    )
    def pay_advance() -> None:
        """Pay the contract's advance (เงินล่วงหน้า), at most its rate of the price, against
        a guarantee of as much, before any inspection; cash paid on the project's line."""

    @command_write(
        "/retention-release",
        "releaseRetention",
        ENTER,
        ReleaseRetention,
        at=PROJECT,
        dependencies=MOVES_MONEY,
    )
    def release_retention() -> None:
        """Return all the retention held (เงินประกันผลงาน) once every installment is inspected
        and the warranty has ended; cash paid on the project's line."""

    @command_write(
        "/amendments", "amendContract", ENTER, AmendContract, at=PROJECT, dependencies=MOVES_MONEY
    )
    def amend() -> None:
        """Amend the contract (`kind`: time_extended, amount_changed, installments_changed):
        every installment as it now stands, who approved it and why; a changed amount is
        held on the line within its available money."""
