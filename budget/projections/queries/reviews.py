"""Progress reports and their review: one report with every step of its review, and an
LAO's reports page by page."""

from __future__ import annotations

import msgspec
from sqlalchemy import Connection

from budget.domain.errors import NotFound
from budget.projections.queries.models import Page, PageRequest, ReportRow, ReportStep
from budget.projections.queries.paging import paged
from budget.projections.queries.reports import _report, _report_statement, report_steps
from budget.projections.queries.shapes import equal_to
from budget.projections.tables import report_state


class ReportReview(msgspec.Struct, kw_only=True):
    """Where a report stands in its review, and every step it took, oldest first."""

    report: ReportRow
    steps: list[ReportStep]


def report_review(connection: Connection, report_id: str) -> ReportReview:
    r = report_state
    row = connection.execute(_report_statement().where(r.c.report_id == report_id)).one_or_none()
    if row is None:
        raise NotFound(what="ProgressReport", key=report_id)
    return ReportReview(report=_report(row), steps=report_steps(connection, report_id))


def lao_reports(
    connection: Connection,
    lao_code: str,
    page: PageRequest,
    *,
    fiscal_year: int | None = None,
    status: str | None = None,
) -> Page[ReportRow]:
    """An LAO's reports, the latest period first (of a fiscal year, in a status)."""
    r = report_state
    conditions = equal_to(r, lao_code=lao_code, fiscal_year=fiscal_year, status=status)
    statement = (
        _report_statement()
        .where(*conditions)
        .order_by(r.c.period_ends_on.desc(), r.c.period_kind.desc(), r.c.report_id)
    )
    return paged(connection, statement, page, _report)
