"""A project's money carried over past 30 September (กันเงิน, budget/domain/carry_over.py):
as it was carried (project_carry_over) and what of it is still carried, neither paid nor
lapsed (its line's ledger, budget_line_project)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec
from sqlalchemy import Connection, select

from budget.domain.money import ZERO
from budget.projections.tables import budget_line_project, project_carry_over


class CarryOverRow(msgspec.Struct, kw_only=True):
    """`kind`: `committed` (by a contract before 30 September) or `council_approved` (not
    yet committed, with the council's approval, `council_resolution` of
    `council_approved_on`: contracted after 30 September until the `deadline`); `amount`
    as carried on `carried_on`; `still_carried`, what of it is neither paid nor lapsed now;
    `cancelled`, the unpaid rest cancelled on `cancelled_on` after the deadline, lapsed to
    the accumulated funds (null before)."""

    kind: str
    amount: Decimal
    carried_on: date
    deadline: date
    still_carried: Decimal
    council_resolution: str | None = None
    council_approved_on: date | None = None
    cancelled: Decimal | None = None
    cancelled_on: date | None = None


def project_carry_over_of(connection: Connection, project_id: str) -> CarryOverRow | None:
    """The project's carried money, None if none was carried."""
    c, ledger = project_carry_over, budget_line_project
    row = connection.execute(
        select(c, ledger.c.carried)
        .outerjoin(
            ledger,
            (ledger.c.budget_id == c.c.budget_id)
            & (ledger.c.line_code == c.c.line_code)
            & (ledger.c.project_id == c.c.project_id),
        )
        .where(c.c.project_id == project_id)
    ).one_or_none()
    if row is None:
        return None
    return CarryOverRow(
        kind=row.kind,
        amount=row.amount,
        carried_on=row.carried_on,
        deadline=row.deadline,
        still_carried=row.carried if row.carried is not None else ZERO,
        council_resolution=row.council_resolution,
        council_approved_on=row.council_approved_on,
        cancelled=row.cancelled,
        cancelled_on=row.cancelled_on,
    )
