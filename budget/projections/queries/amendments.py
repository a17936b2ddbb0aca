"""An LAO's contract amendments of a year, each with its project: what its PDF report
lists (MoF procurement regulation B.E. 2560 cl. 165: an amendment is approved by the
head of the agency, who records why)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from budget.projections.queries.models import struct_from
from budget.projections.queries.project_models import AmendmentRow
from budget.projections.tables import project_record_amendment, project_state


class ProjectAmendment(AmendmentRow, kw_only=True):
    """An amendment of a project's contract, with the project's code and name."""

    code: str
    name: str


def lao_amendments(
    connection: Connection, lao_code: str, fiscal_year: int
) -> list[ProjectAmendment]:
    """The amendments of the contracts of the LAO's projects of `fiscal_year`, by project
    code, then in the order they were recorded."""
    a, p = project_record_amendment, project_state
    rows = connection.execute(
        select(a, p.c.code, p.c.name)
        .join(p, p.c.project_id == a.c.project_id)
        .where(p.c.lao_code == lao_code, p.c.fiscal_year == fiscal_year)
        .order_by(p.c.code, a.c.version)
    )
    return [struct_from(ProjectAmendment, row._mapping) for row in rows]
