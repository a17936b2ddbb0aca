"""Use cases of progress reports: draft, revise, sign off, submit, review."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from budget.application.base import OfficeBase
from budget.application.budget_cases import BudgetCases
from budget.application.results import Recorded
from budget.domain.access import Action, Actor, authorize
from budget.domain.budget_figures import figures_as_of, is_enacted
from budget.domain.budget_lines import GroupFigures
from budget.domain.calendar import today
from budget.domain.errors import BudgetNotEnacted, BudgetNotFound
from budget.domain.fiscal import ReportingPeriod
from budget.domain.ids import budget_id
from budget.domain.report import ProgressReport


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

    def draft_report(
        self,
        lao_code: str,
        period: ReportingPeriod,
        *,
        narrative: str,
        problems: str = "",
        actor: Actor,
        business_date: date | None = None,
    ) -> Recorded:
        budget = self.budget(lao_code, period.fiscal_year)
        authorize(actor, Action.PREPARE_REPORT, lao=lao_code, province=budget.province_code)
        on = business_date or today()
        report = ProgressReport(
            lao_code=lao_code,
            province_code=budget.province_code,
            period=period,
            figures=self.figures_as_of(lao_code, period.fiscal_year, on),
            narrative=narrative.strip(),
            problems=problems.strip(),
            actor=actor,
            business_date=on,
        )
        return self.record(report, key=f"{lao_code}/{period.key}")

    def _report_for(
        self, report_id: UUID, actor: Actor, action: Action, expected_version: int | None
    ) -> ProgressReport:
        report = self.load(
            ProgressReport, report_id, str(report_id), expected_version, for_change=True
        )
        authorize(actor, action, lao=report.lao_code, province=report.province_code)
        return report

    def revise_report(
        self,
        report_id: UUID,
        *,
        narrative: str,
        problems: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        report = self._report_for(report_id, actor, Action.PREPARE_REPORT, expected_version)
        on = business_date or today()
        report.revise(
            narrative=narrative.strip(),
            problems=problems.strip(),
            figures=self.figures_as_of(report.lao_code, report.period.fiscal_year, on),
            actor=actor,
            business_date=on,
        )
        return self.record(report)

    def sign_off_report(
        self,
        report_id: UUID,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        report = self._report_for(report_id, actor, Action.SIGN_OFF_REPORT, expected_version)
        report.sign_off(actor=actor, business_date=business_date or today())
        return self.record(report)

    def submit_report(
        self,
        report_id: UUID,
        *,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        """Submitted with the figures as they stood on the submission's business date."""
        report = self._report_for(report_id, actor, Action.SUBMIT_REPORT, expected_version)
        on = business_date or today()
        report.submit(
            figures=self.figures_as_of(report.lao_code, report.period.fiscal_year, on),
            actor=actor,
            business_date=on,
        )
        return self.record(report)

    def return_report(
        self,
        report_id: UUID,
        *,
        comments: str,
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        report = self._report_for(report_id, actor, Action.REVIEW_REPORT, expected_version)
        report.return_for_revision(
            comments=comments, actor=actor, business_date=business_date or today()
        )
        return self.record(report)

    def accept_report(
        self,
        report_id: UUID,
        *,
        comments: str = "",
        actor: Actor,
        business_date: date | None = None,
        expected_version: int | None = None,
    ) -> Recorded:
        report = self._report_for(report_id, actor, Action.REVIEW_REPORT, expected_version)
        report.accept(comments=comments, actor=actor, business_date=business_date or today())
        return self.record(report)
