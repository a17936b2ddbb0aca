"""Commands of a progress report: draft, revise, sign off, submit, and the provincial
office's review (return with comments, or accept)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec

from budget.application.commands.base import Command, Dated
from budget.application.fields import Code, Text
from budget.domain.fiscal import ReportingPeriod

PERIOD = r"^\d{4}-[MQ]\d{1,2}$"
Period = Annotated[
    str,
    msgspec.Meta(
        pattern=PERIOD,
        description="a month (2570-M10, calendar month number) or quarter (2570-Q1) "
        "of a fiscal year",
    ),
]


class ReportDraftIn(Dated, kw_only=True, frozen=True):
    """A new report on a period (one that has begun); its figures are the budget's as of
    the end of the period, or of the business date while the period runs."""

    period: Period
    narrative: Text
    problems: Text = ""  # ปัญหาอุปสรรค

    def reporting_period(self) -> ReportingPeriod:
        return ReportingPeriod.parse(self.period)


class DraftReport(ReportDraftIn, Command, kw_only=True, frozen=True):
    lao_code: Code


class RevisionIn(Dated, kw_only=True, frozen=True):
    """The narrative and problems as they should read now (the figures are taken again);
    a revision withdraws the executive's sign-off."""

    narrative: Text
    problems: Text = ""


class ReviseReport(RevisionIn, Command, kw_only=True, frozen=True):
    report_id: UUID


class SignOffIn(Dated, kw_only=True, frozen=True):
    """The LAO's executive approves the report for submission."""


class SignOffReport(SignOffIn, Command, kw_only=True, frozen=True):
    report_id: UUID


class SubmissionIn(Dated, kw_only=True, frozen=True):
    """Send (or, after a return, send again) to the provincial office, with the figures
    as of the end of the period (every payment dated in it, however late keyed)."""


class SubmitReport(SubmissionIn, Command, kw_only=True, frozen=True):
    report_id: UUID


class ReturnIn(Dated, kw_only=True, frozen=True):
    """The reviewer sends the report back for revision, saying why."""

    comments: Text


class ReturnReport(ReturnIn, Command, kw_only=True, frozen=True):
    report_id: UUID


class AcceptanceIn(Dated, kw_only=True, frozen=True):
    comments: Text = ""


class AcceptReport(AcceptanceIn, Command, kw_only=True, frozen=True):
    report_id: UUID
