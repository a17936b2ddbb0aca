"""Progress reports and their review: one report with every step of its review, and an
LAO's reports page by page."""

from __future__ import annotations

from datetime import date, datetime

import msgspec
from sqlalchemy import Connection, select

from budget.domain.errors import NotFound
from budget.projections.queries.lists import _report, _report_statement
from budget.projections.queries.models import Page, PageRequest, ReportRow
from budget.projections.queries.paging import paged
from budget.projections.tables import report_state, report_step


class ReportStep(msgspec.Struct, kw_only=True):
    """One step of a report's life: drafted, revised, signed off, submitted,
    resubmitted, returned (with the reviewer's comments) or accepted."""

    version: int
    step: str
    user_id: str
    role: str
    business_date: date
    recorded_at: datetime
    comments: str


class ReportReview(msgspec.Struct, kw_only=True):
    """Where a report stands in its review, and every step it took, oldest first."""

    report: ReportRow
    steps: list[ReportStep]


def report_review(connection: Connection, report_id: str) -> ReportReview:
    r = report_state
    row = connection.execute(_report_statement().where(r.c.report_id == report_id)).one_or_none()
    if row is None:
        raise NotFound(what="ProgressReport", key=report_id)
    s = report_step
    steps = connection.execute(
        select(s).where(s.c.report_id == report_id).order_by(s.c.version)
    ).all()
    return ReportReview(
        report=_report(row),
        steps=[
            ReportStep(
                version=step.version,
                step=step.step,
                user_id=step.user_id,
                role=step.role,
                business_date=step.business_date,
                recorded_at=step.recorded_at,
                comments=step.comments,
            )
            for step in steps
        ],
    )


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
    conditions = [r.c.lao_code == lao_code]
    if fiscal_year is not None:
        conditions.append(r.c.fiscal_year == fiscal_year)
    if status is not None:
        conditions.append(r.c.status == status)
    statement = (
        _report_statement()
        .where(*conditions)
        .order_by(r.c.period_ends_on.desc(), r.c.period_kind.desc(), r.c.report_id)
    )
    return paged(connection, statement, page, _report)
