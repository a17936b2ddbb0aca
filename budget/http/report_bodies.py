"""Progress reports over HTTP: what their writes carry and what a read of one answers."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

import msgspec

from budget.domain.fiscal import ReportingPeriod
from budget.domain.report import ProgressReport, ReportStatus
from budget.http.fields import Text
from budget.http.project_bodies import Dated
from budget.projections.queries import ReportRow, ReportStep

PERIOD = r"^\d{4}-[MQ]\d{1,2}$"
Period = Annotated[
    str,
    msgspec.Meta(
        pattern=PERIOD,
        description="a month (2570-M10, calendar month number) or quarter (2570-Q1) "
        "of a fiscal year",
    ),
]


class ReportDraftIn(Dated):
    """A new report on a period; its figures are the budget's as they stood on the
    business date."""

    period: Period
    narrative: Text
    problems: Text = ""  # ปัญหาอุปสรรค

    def reporting_period(self) -> ReportingPeriod:
        return ReportingPeriod.parse(self.period)


class RevisionIn(Dated):
    """The narrative and problems as they should read now (the figures are taken again);
    a revision withdraws the executive's sign-off."""

    narrative: Text
    problems: Text = ""


class SignOffIn(Dated):
    """The LAO's executive approves the report for submission."""


class SubmissionIn(Dated):
    """Send (or, after a return, send again) to the provincial office, with the figures
    as they stood on the business date."""


class ReturnIn(Dated):
    """The reviewer sends the report back for revision, saying why."""

    comments: Text


class AcceptanceIn(Dated):
    comments: Text = ""


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
    figures: list[ReportFigures]
    review: ReportRow | None
    steps: list[ReportStep]


def report_body(found: ProgressReport, review: ReportRow | None, steps: list[ReportStep]) -> Report:
    return Report(
        report_id=found.id,
        lao_code=found.lao_code,
        province_code=found.province_code,
        period=found.period.key,
        version=found.version,
        status=found.status,
        narrative=found.narrative,
        problems=found.problems,
        signed_off_by=found.signed_off_by,
        submissions=found.submissions,
        comments=list(found.comments),
        figures=[
            ReportFigures(
                budget_group=f.group.value,
                allocated=f.allocated,
                obligated=f.obligated,
                disbursed=f.disbursed,
            )
            for f in found.figures
        ],
        review=review,
        steps=steps,
    )
