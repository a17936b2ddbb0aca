"""Use cases of progress reports: draft, revise, sign off, submit, review."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from budget.application.base import OfficeBase
from budget.application.budget_cases import BudgetCases
from budget.application.commands import (
    AcceptReport,
    DraftReport,
    ReturnReport,
    ReviseReport,
    SignOffReport,
    SubmitReport,
)
from budget.application.handlers import handles
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.budget_figures import figures_as_of, figures_on_days, is_enacted
from budget.domain.budget_lines import GroupFigures
from budget.domain.calendar import today
from budget.domain.errors import BudgetNotEnacted, BudgetNotFound
from budget.domain.fiscal import PeriodKind, ReportingPeriod
from budget.domain.ids import budget_id
from budget.domain.report import ProgressReport

MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)  # a fiscal year's, in order


class ReportCases(BudgetCases, OfficeBase):
    def report(self, report_id: UUID, expected_version: int | None = None) -> ProgressReport:
        return self.load(ProgressReport, report_id, str(report_id), expected_version)

    def figures_as_of(self, lao_code: str, fiscal_year: int, day: date) -> list[GroupFigures]:
        """The budget's figures by group as they stood on a business date: every event
        dated on or before it counts, however late it was recorded."""
        events = list(self.events.get(budget_id(lao_code, fiscal_year)))
        if not events:
            raise BudgetNotFound(lao=lao_code, fiscal_year=fiscal_year)
        if not is_enacted(events):
            raise BudgetNotEnacted(fiscal_year=fiscal_year)
        return figures_as_of(events, day)  # one read of the events, no second replay

    def monthly_figures(
        self, lao_code: str, fiscal_year: int, *, actor: Actor
    ) -> list[tuple[date, list[GroupFigures]]]:
        """The budget's figures by group at each month end of the year up to today (the
        LAO page's two curves by month), from one pass over the budget's events; empty
        before the budget is recorded."""
        now = today()
        months = [ReportingPeriod(fiscal_year, PeriodKind.MONTH, m) for m in MONTHS]
        # each month that has begun, to its end or (the month under way) to today
        ends = [min(m.ends_on, now) for m in months if m.date_range[0] <= now]
        events = list(self.events.get(budget_id(lao_code, fiscal_year)))
        if not events:
            return []  # nothing recorded, nothing to show
        province = str(getattr(events[0], "province_code", ""))  # the budget drafted for it
        district = self.overseeing_district(actor, lao_code)
        authorize(actor, Action.READ, lao=lao_code, province=province, district=district)
        if not ends:
            return []
        return list(zip(ends, figures_on_days(events, ends), strict=True))

    def report_figures(
        self, lao_code: str, period: ReportingPeriod, on: date
    ) -> list[GroupFigures]:
        """A report's figures: as of the end of its period (every event dated in or
        before it, however late it was keyed), or of `on` while the period runs. A
        report drafted or submitted after its period carries the period's figures, not
        the later payments (issue 13, item 8); its lateness is the review's to see."""
        ends_on = period.date_range[1]
        return self.figures_as_of(lao_code, period.fiscal_year, min(on, ends_on))

    @handles(DraftReport)
    def _draft_report(self, c: DraftReport, actor: Actor, _expected: int | None) -> Recorded:
        period = c.reporting_period()
        budget = self.budget(c.lao_code, period.fiscal_year)
        authorize(actor, Action.PREPARE_REPORT, lao=c.lao_code, province=budget.province_code)
        on = c.happened_on
        by = c.stamp(actor)
        report = ProgressReport(
            lao_code=c.lao_code,
            province_code=budget.province_code,
            period=period,
            figures=self.report_figures(c.lao_code, period, on),
            narrative=c.narrative.strip(),
            problems=c.problems.strip(),
            **by,
        )
        return self.record(report, key=f"{c.lao_code}/{period.key}")

    def _report_for(
        self, report_id: UUID, actor: Actor, action: Action, expected_version: int | None
    ) -> ProgressReport:
        report = self.load(
            ProgressReport, report_id, str(report_id), expected_version, for_change=True
        )
        authorize(actor, action, lao=report.lao_code, province=report.province_code)
        return report

    @handles(ReviseReport)
    def _revise_report(self, c: ReviseReport, actor: Actor, expected: int | None) -> Recorded:
        report = self._report_for(c.report_id, actor, Action.PREPARE_REPORT, expected)
        on = c.happened_on
        by = c.stamp(actor)
        report.revise(
            narrative=c.narrative.strip(),
            problems=c.problems.strip(),
            figures=self.report_figures(report.lao_code, report.period, on),
            **by,
        )
        return self.record(report)

    @handles(SignOffReport)
    def _sign_off_report(self, c: SignOffReport, actor: Actor, expected: int | None) -> Recorded:
        report = self._report_for(c.report_id, actor, Action.SIGN_OFF_REPORT, expected)
        report.sign_off(**c.stamp(actor))
        return self.record(report)

    @handles(SubmitReport)
    def _submit_report(self, c: SubmitReport, actor: Actor, expected: int | None) -> Recorded:
        """Submitted with the figures as of the end of its period (see report_figures)."""
        report = self._report_for(c.report_id, actor, Action.SUBMIT_REPORT, expected)
        on = c.happened_on
        by = c.stamp(actor)
        report.submit(figures=self.report_figures(report.lao_code, report.period, on), **by)
        return self.record(report)

    @handles(ReturnReport)
    def _return_report(self, c: ReturnReport, actor: Actor, expected: int | None) -> Recorded:
        report = self._report_for(c.report_id, actor, Action.REVIEW_REPORT, expected)
        report.return_for_revision(comments=c.comments, **c.stamp(actor))
        return self.record(report)

    @handles(AcceptReport)
    def _accept_report(self, c: AcceptReport, actor: Actor, expected: int | None) -> Recorded:
        report = self._report_for(c.report_id, actor, Action.REVIEW_REPORT, expected)
        report.accept(comments=c.comments, **c.stamp(actor))
        return self.record(report)
