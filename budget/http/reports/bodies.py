"""Progress reports over HTTP: what a read of one answers (what their writes carry is
the commands' payloads, budget.application.commands.reports)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import msgspec

from budget.domain.report import ProgressReport, ReportStatus
from budget.projections.queries import ReportRow, ReportStep
from budget.projections.queries.models import struct_from


class ReportFigures(msgspec.Struct, kw_only=True):
    """One budget group's figures as the report carries them."""

    budget_group: str
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal


class Report(msgspec.Struct, kw_only=True):
    """A progress report: what it says and the figures it carries (from the record, at
    `version`, also the ETag), and where it stands in its review with every step of it
    (from the views; `review` is null until they include the report)."""

    report_id: UUID
    lao_code: str
    province_code: str
    period: str
    version: int
    status: ReportStatus
    narrative: str
    problems: str
    signed_off_by: str
    submissions: int
    comments: list[str]
    # its figures stand as of the end of its period (every event dated by then, however
    # late it was keyed); submitted_on: its first submission; days_late: how many days
    # after its period's end that was (0: by the end; null: not submitted yet)
    figures_as_of: date
    submitted_on: date | None
    days_late: int | None
    figures: list[ReportFigures]
    review: ReportRow | None
    steps: list[ReportStep]


def report_body(found: ProgressReport, review: ReportRow | None, steps: list[ReportStep]) -> Report:
    return struct_from(
        Report,
        found,
        report_id=found.id,
        period=found.period.key,
        comments=list(found.comments),
        figures=[struct_from(ReportFigures, f, budget_group=f.group.value) for f in found.figures],
        review=review,
        steps=steps,
    )
