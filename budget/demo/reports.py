"""Quarterly progress reports: drafted after the quarter ends, signed off by the
executive, submitted, then accepted by the provincial reviewer or returned with
comments, revised, signed off again and resubmitted."""

from __future__ import annotations

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

RETURNED_PERCENT = 30
NOT_YET_REVIEWED_PERCENT = 8


class ReportPlanner:
    def __init__(self, ctx: LaoContext, rng: Random, quarter: int) -> None:
        self.ctx = ctx
        self.rng = rng
        self.period = ReportingPeriod(ctx.fiscal_year, PeriodKind.QUARTER, quarter)
        self.id = report_id(ctx.code, self.period.key)
        self.steps: list[Step] = []
        self.day = self.period.ends_on

    def _add(self, kind: type[Command], low: int, high: int, actor: Actor, **fields: Any) -> None:
        self.day = days_after(self.rng, self.day, low, high)
        ids = {"report_id": self.id} if kind is not DraftReport else {}
        command = cast(Any, kind)(**ids, **fields, business_date=self.day)
        self.steps.append(Step(command, self.day, actor, target=self.id, stream=REPORT_STREAM))

    def plan(self) -> list[Step]:
        ctx, rng, q = self.ctx, self.rng, self.period.number
        narrative = (
            f"รายงานผลการดำเนินงานและการเบิกจ่ายงบประมาณ ไตรมาสที่ {q} "
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


def report_steps(ctx: LaoContext, rng: Random) -> list[list[Step]]:
    """The reports of every quarter that has ended by 'today' (one list each)."""
    plans = []
    for quarter in (1, 2, 3, 4):
        planner = ReportPlanner(ctx, rng, quarter)
        if planner.period.ends_on > ctx.today:
            break
        plans.append(planner.plan())
    return plans
