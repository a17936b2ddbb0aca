"""ProgressReport: an LAO's report on one period, and its review."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.budget_lines import GroupFigures
from budget.domain.errors import (
    CommentsRequired,
    ReportNotEditable,
    ReportStatusConflict,
)
from budget.domain.fiscal import ReportingPeriod
from budget.domain.ids import report_id
from budget.domain.worded import Worded


class ReportStatus(Worded):
    DRAFT = "draft", "ร่าง"
    SUBMITTED = "submitted", "ส่งแล้ว รอตรวจ"
    RETURNED = "returned", "ส่งกลับให้แก้ไข"
    ACCEPTED = "accepted", "รับรองแล้ว"


# What a person does to a report, in Thai (refusals name it).
_ACTION_TH = {"sign off": "ลงนามรับรอง", "submit": "ส่ง", "return": "ส่งกลับ", "accept": "รับรอง"}


class ProgressReport(Aggregate):
    @staticmethod
    def create_id(lao_code: str, period: ReportingPeriod) -> UUID:
        return report_id(lao_code, period.key)

    @event("Drafted")
    def __init__(
        self,
        *,
        lao_code: str,
        province_code: str,
        period: ReportingPeriod,
        figures: list[GroupFigures],
        narrative: str,
        problems: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.lao_code = lao_code
        self.province_code = province_code
        self.period = period
        self.figures = figures
        self.narrative = narrative
        self.problems = problems
        self.status = ReportStatus.DRAFT
        self.signed_off_by = ""
        self.comments: list[str] = []
        self.submissions = 0
        self.submitted_on: date | None = None  # the first submission's business date

    @property
    def figures_as_of(self) -> date:
        """Its figures stand as of the end of its period: every event dated in or before
        it, however late it was keyed (issue 13, item 8)."""
        return self.period.ends_on

    @property
    def days_late(self) -> int | None:
        """How many days after its period ended it was first submitted (0: by the end;
        None: not submitted yet), as the provincial office's timeliness counts it."""
        if self.submitted_on is None:
            return None
        return max(0, (self.submitted_on - self.period.ends_on).days)

    @property
    def is_editable(self) -> bool:
        return self.status in {ReportStatus.DRAFT, ReportStatus.RETURNED}

    def _check(self, action: str, *allowed: ReportStatus) -> None:
        if self.status not in allowed:
            raise ReportStatusConflict(
                action=action,
                action_th=_ACTION_TH[action],
                status=self.status.value,
                status_th=f"รายงานอยู่ในสถานะ{self.status.name_th}",
            )

    def revise(
        self,
        *,
        narrative: str,
        problems: str,
        figures: list[GroupFigures],
        actor: Actor,
        business_date: date,
    ) -> None:
        if not self.is_editable:
            raise ReportNotEditable(status=self.status.value, status_th=self.status.name_th)
        self._revised(
            narrative=narrative,
            problems=problems,
            figures=figures,
            actor=actor,
            business_date=business_date,
        )

    @event("Revised")
    def _revised(
        self,
        narrative: str,
        problems: str,
        figures: list[GroupFigures],
        actor: Actor,
        business_date: date,
    ) -> None:
        self.narrative = narrative
        self.problems = problems
        self.figures = figures
        self.signed_off_by = ""

    def sign_off(self, *, actor: Actor, business_date: date) -> None:
        """The LAO executive approves the report for submission."""
        self._check("sign off", ReportStatus.DRAFT, ReportStatus.RETURNED)
        if self.signed_off_by:
            raise ReportStatusConflict(
                action="sign off",
                action_th=_ACTION_TH["sign off"],
                status="already signed off",
                status_th="ผู้บริหารลงนามรับรองแล้ว",
            )
        self._signed_off(actor=actor, business_date=business_date)

    @event("SignedOff")
    def _signed_off(self, actor: Actor, business_date: date) -> None:
        self.signed_off_by = actor.user_id

    def submit(self, *, figures: list[GroupFigures], actor: Actor, business_date: date) -> None:
        """Send to the provincial office with the figures of its period."""
        self._check("submit", ReportStatus.DRAFT, ReportStatus.RETURNED)
        if not self.signed_off_by:
            raise ReportStatusConflict(
                action="submit",
                action_th=_ACTION_TH["submit"],
                status="not signed off by the executive",
                status_th="ผู้บริหารยังไม่ได้ลงนามรับรอง",
            )
        if self.status is ReportStatus.RETURNED:
            self._resubmitted(figures=figures, actor=actor, business_date=business_date)
        else:
            self._submitted(figures=figures, actor=actor, business_date=business_date)

    @event("Submitted")
    def _submitted(self, figures: list[GroupFigures], actor: Actor, business_date: date) -> None:
        self.figures = figures
        self.status = ReportStatus.SUBMITTED
        self.submissions += 1
        self.submitted_on = business_date

    @event("Resubmitted")
    def _resubmitted(self, figures: list[GroupFigures], actor: Actor, business_date: date) -> None:
        self.figures = figures
        self.status = ReportStatus.SUBMITTED
        self.submissions += 1

    def return_for_revision(self, *, comments: str, actor: Actor, business_date: date) -> None:
        self._check("return", ReportStatus.SUBMITTED)
        if not comments.strip():
            raise CommentsRequired()
        self._returned(comments=comments.strip(), actor=actor, business_date=business_date)

    @event("Returned")
    def _returned(self, comments: str, actor: Actor, business_date: date) -> None:
        self.status = ReportStatus.RETURNED
        self.comments.append(comments)
        self.signed_off_by = ""

    def accept(self, *, comments: str = "", actor: Actor, business_date: date) -> None:
        self._check("accept", ReportStatus.SUBMITTED)
        self._accepted(comments=comments.strip(), actor=actor, business_date=business_date)

    @event("Accepted")
    def _accepted(self, comments: str, actor: Actor, business_date: date) -> None:
        self.status = ReportStatus.ACCEPTED
        if comments:
            self.comments.append(comments)
