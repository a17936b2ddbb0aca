"""Tables of progress (allocated, obligated, disbursed against the target) by area,
LAO type, budget group or procurement stage: the province and national summaries."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.platypus import Flowable, Spacer

from budget.domain.money import ZERO
from budget.projections.queries.models import (
    AreaProgress,
    GroupProgress,
    Progress,
    QuarterPoint,
    StageCount,
)
from budget.reports.charts import area_bars, area_chart, quarter_chart
from budget.reports.grid import Grid
from budget.reports.parts import in_words, kept_section
from budget.reports.tables import Column, data_table, money, percent
from budget.wording import group_name, stage_name, type_name

STAGE_COLUMNS = [
    Column("ขั้นตอน", 2.0),
    Column("โครงการ", 0.7, "right"),
    Column("งบประมาณ", 1.3, "right"),
    Column("วงเงินสัญญา", 1.3, "right"),
    Column("เบิกจ่าย", 1.3, "right"),
]


def gap(progress: Progress) -> Decimal | None:
    """Disbursed per cent less the target (negative: behind)."""
    target = progress.target_percent
    return None if target is None else progress.disbursed_percent - target


def progress_columns(first: str, weight: float = 1.6) -> list[Column]:
    return [
        Column(first, weight),
        Column("งบประมาณ", 1.35, "right"),
        Column("ก่อหนี้ผูกพัน", 1.35, "right"),
        Column("เบิกจ่าย", 1.35, "right"),
        Column("ร้อยละ เบิกจ่าย", 0.6, "right"),
        Column("เป้า (ร้อยละ)", 0.6, "right"),
        Column("ผลต่าง", 0.6, "right"),
    ]


def progress_cells(name: str, progress: Progress) -> list[str]:
    return [
        name,
        money(progress.allocated),
        money(progress.obligated),
        money(progress.disbursed),
        percent(progress.disbursed_percent),
        percent(progress.target_percent),
        percent(gap(progress)),
    ]


def progress_table(
    first: str, rows: Sequence[tuple[str, Progress]], total: Progress | None = None
) -> Grid:
    """One row per area (behind-target rows shaded red), and the total."""
    cells = [progress_cells(name, p) for name, p in rows]
    marked = {n for n, (_, p) in enumerate(rows) if (gap(p) or ZERO) < 0}
    if total is not None:
        cells.append(progress_cells("รวม", total))
    return data_table(
        progress_columns(first), cells, totals=1 if total is not None else 0, marked=marked
    )


def group_summary(groups: Sequence[GroupProgress], total: Progress) -> list[Flowable]:
    """The figures by budget group with their total, then the budget and what was paid
    in Thai words: how the province and national summaries open."""
    rows = [(group_name(g.budget_group), g.progress) for g in groups]
    return [
        progress_table("งบรายจ่าย", rows, total),
        Spacer(1, 4),
        in_words("งบประมาณรวม", total.allocated),
        in_words("เบิกจ่ายรวม", total.disbursed),
    ]


def curve_and_types(
    by_quarter: Sequence[QuarterPoint], by_lao_type: Sequence[AreaProgress]
) -> list[Flowable]:
    """Sections 2 and 3 of the province and national summaries: the cumulative quarter
    chart, then the figures by LAO type as a chart and a table."""
    types = [(type_name(a.key), a.progress) for a in by_lao_type]
    return [
        kept_section("2. ผลการเบิกจ่ายสะสมรายไตรมาส", quarter_chart(by_quarter)),
        kept_section(
            "3. ตามประเภท อปท. (หน่วย: บาท)",
            area_chart(area_bars(by_lao_type, type_name)),
            Spacer(1, 4),
            progress_table("ประเภท อปท.", types),
        ),
    ]


def by_stage(stages: Sequence[StageCount]) -> list[StageCount]:
    """The counts of every method of a stage added up, in the stages' order."""
    merged: dict[str, StageCount] = {}
    for count in stages:
        found = merged.get(count.stage)
        if found is None:
            merged[count.stage] = StageCount(
                stage=count.stage,
                method="",
                projects=count.projects,
                budget_amount=count.budget_amount,
                contract_amount=count.contract_amount,
                paid=count.paid,
            )
            continue
        found.projects += count.projects
        found.budget_amount += count.budget_amount
        found.contract_amount += count.contract_amount
        found.paid += count.paid
    return list(merged.values())


def stage_table(stages: Sequence[StageCount]) -> Grid:
    """Projects by procurement stage (every method together), and the total."""
    merged = by_stage(stages)
    rows = [
        [
            stage_name(s.stage),
            f"{s.projects:,}",
            money(s.budget_amount),
            money(s.contract_amount),
            money(s.paid),
        ]
        for s in merged
    ]
    rows.append(
        [
            "รวม",
            f"{sum(s.projects for s in merged):,}",
            money(sum((s.budget_amount for s in merged), ZERO)),
            money(sum((s.contract_amount for s in merged), ZERO)),
            money(sum((s.paid for s in merged), ZERO)),
        ]
    )
    return data_table(STAGE_COLUMNS, rows, totals=1)
