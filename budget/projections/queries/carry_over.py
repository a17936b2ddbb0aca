"""A project's money carried over past 30 September (กันเงิน, budget/domain/carry_over.py):
as it was carried (project_record_carry_over) and what of it is still carried, neither
paid nor lapsed (its line's ledger, budget_line_project)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import msgspec
from sqlalchemy import Connection, select

from budget.domain.ids import budget_id
from budget.domain.money import ZERO
from budget.projections.tables import budget_line_project, project_record_carry_over


class CarryOverRow(msgspec.Struct, kw_only=True):
    """`kind`: `committed` (by a contract before 30 September) or `council_approved` (not
    yet committed, with the council's approval: contracted after 30 September until the
    `deadline`); `amount` as carried on `carried_on`; `still_carried`, what of it is
    neither paid nor lapsed now; `cancelled_on`, the day the unpaid rest was cancelled
    after the deadline, lapsing to the accumulated funds (null before)."""

    kind: str
    amount: Decimal
    carried_on: date
    deadline: date
    still_carried: Decimal
    cancelled_on: date | None = None


def project_carry_over(
    connection: Connection, project_id: str, lao_code: str, fiscal_year: int, line_code: str
) -> CarryOverRow | None:
    """The project's carried money, None if none was carried."""
    c, ledger = project_record_carry_over, budget_line_project
    row = connection.execute(select(c).where(c.c.project_id == project_id)).one_or_none()
    if row is None:
        return None
    carried = connection.execute(
        select(ledger.c.carried).where(
            ledger.c.budget_id == str(budget_id(lao_code, fiscal_year)),
            ledger.c.line_code == line_code,
            ledger.c.project_id == project_id,
        )
    ).scalar_one_or_none()
    return CarryOverRow(
        kind=row.kind,
        amount=row.amount,
        carried_on=row.carried_on,
        deadline=row.deadline,
        still_carried=carried if carried is not None else ZERO,
        cancelled_on=row.cancelled_on,
    )
