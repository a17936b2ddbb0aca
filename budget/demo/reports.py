"""Progress reports: one for each quarter that has ended, and one for each month that
has ended since (the quarter under way); each drafted after its period ends, signed off
by the executive, submitted, then accepted by the provincial reviewer or returned with
comments, revised, signed off again and resubmitted."""

from __future__ import annotations

from datetime import date
from random import Random
from typing import Any, cast

from budget.application.commands import (
    AcceptReport,
    Command,
    DraftReport,
    ReturnReport,
    ReviseReport,
    SignOffReport,
    SubmitReport,
)
from budget.demo.catalog import REPORT_PROBLEMS, RETURN_COMMENTS
from budget.demo.draw import days_after
from budget.demo.steps import REPORT_STREAM, LaoContext, Step
from budget.domain.access import Actor
from budget.domain.fiscal import PeriodKind, ReportingPeriod
from budget.domain.ids import report_id
from budget.wording_history import period_said

RETURNED_PERCENT = 30
NOT_YET_REVIEWED_PERCENT = 8


class ReportPlanner:
    def __init__(
        self, ctx: LaoContext, rng: Random, period: ReportingPeriod, enacted_on: date | None
    ) -> None:
        self.ctx = ctx
        self.rng = rng
        self.period = period
        self.id = report_id(ctx.code, self.period.key)
        self.steps: list[Step] = []
        # a report is drafted once its period has ended and the budget it reports on is
        # enacted (a late ordinance passes in November, after October's end)
        self.day = max(self.period.ends_on, enacted_on or self.period.ends_on)

    def _add(self, kind: type[Command], low: int, high: int, actor: Actor, **fields: Any) -> None:
        self.day = days_after(self.rng, self.day, low, high)
        ids = {"report_id": self.id} if kind is not DraftReport else {}
        command = cast(Any, kind)(**ids, **fields, business_date=self.day)
        self.steps.append(Step(command, self.day, actor, target=self.id, stream=REPORT_STREAM))

    def period_words(self) -> str:
        """`ไตรมาสที่ 2`, or `เดือนพฤศจิกายน 2569`."""
        if self.period.kind is PeriodKind.QUARTER:
            return f"ไตรมาสที่ {self.period.number}"
        return f"เดือน{period_said(self.period)}"

    def plan(self) -> list[Step]:
        ctx, rng = self.ctx, self.rng
        narrative = (
            f"รายงานผลการดำเนินงานและการเบิกจ่ายงบประมาณ {self.period_words()} "
            f"ปีงบประมาณ {ctx.fiscal_year} ของ{ctx.authority.name_th}"
        )
        problems = rng.choice(REPORT_PROBLEMS)
        self._add(
            DraftReport,
            0,
            10,
            ctx.finance,
            lao_code=ctx.code,
            period=self.period.key,
            narrative=narrative,
            problems=problems,
        )
        self._add(SignOffReport, 0, 3, ctx.executive)
        self._add(SubmitReport, 0, 2, ctx.finance)
        roll = rng.randrange(100)
        if roll < NOT_YET_REVIEWED_PERCENT:
            return self.steps
        if roll < NOT_YET_REVIEWED_PERCENT + RETURNED_PERCENT:
            self._add(ReturnReport, 3, 15, ctx.reviewer, comments=rng.choice(RETURN_COMMENTS))
            self._add(
                ReviseReport,
                1,
                5,
                ctx.finance,
                narrative=narrative + " (ปรับปรุงตามข้อสังเกตของ สถจ.)",
                problems=(problems or "การเบิกจ่ายงบลงทุนล่าช้า")
                + " แนวทางแก้ไข: เร่งรัดผู้รับจ้างและติดตามความก้าวหน้าทุกสัปดาห์",
            )
            self._add(SignOffReport, 0, 2, ctx.executive)
            self._add(SubmitReport, 0, 2, ctx.finance)
            self._add(AcceptReport, 2, 10, ctx.reviewer)
        else:
            self._add(AcceptReport, 3, 15, ctx.reviewer, comments="รับทราบ")
        return self.steps


def report_steps(ctx: LaoContext, rng: Random, enacted_on: date | None = None) -> list[list[Step]]:
    """The reports of every quarter that has ended by 'today', then of every month
    ended since the last of them (one list each); none drafted before `enacted_on`, the
    day a late ordinance passed."""
    plans = []
    months_from = 10  # October, while no quarter has ended
    for quarter in (1, 2, 3, 4):
        period = ReportingPeriod(ctx.fiscal_year, PeriodKind.QUARTER, quarter)
        if period.ends_on > ctx.today:
            break
        plans.append(ReportPlanner(ctx, rng, period, enacted_on).plan())
        months_from = period.ends_on.month % 12 + 1
    if len(plans) == 4:  # the year has ended: no month of it is under way
        return plans
    for _ in range(2):  # at most two months of a quarter under way have ended
        period = ReportingPeriod(ctx.fiscal_year, PeriodKind.MONTH, months_from)
        if period.ends_on > ctx.today or months_from in (12, 3, 6, 9):
            break
        plans.append(ReportPlanner(ctx, rng, period, enacted_on).plan())
        months_from = months_from % 12 + 1
    return plans
