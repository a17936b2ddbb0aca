"""Chart.js configurations built on the server from the queries' figures. A page puts
each in a canvas's `data-chart` attribute; /static/charts.js draws them (no inline
script). Every chart has a table of the same figures beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from budget.domain.budget_lines import GroupFigures
from budget.domain.fiscal import quarter_of
from budget.http.pages.i18n import group_name, stage_name, thai_date
from budget.projections.queries.models import AreaProgress, GroupProgress, QuarterPoint, StageCount

DISBURSED = "#1d7a46"
OBLIGATED = "#1b4f8a"
TARGET = "#a15c00"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def quarter_curve(points: Sequence[QuarterPoint], lang: str) -> dict[str, Any]:
    """Cumulative obligated and disbursed percent at each quarter end, against the target."""
    at = {p.quarter: p.progress for p in points}
    quarters = (1, 2, 3, 4)
    labels = [("ไตรมาส " if lang == "th" else "Q") + str(q) for q in quarters]
    return _percent_curves(
        labels,
        [_number(at[q].obligated_percent) if q in at else None for q in quarters],
        [_number(at[q].disbursed_percent) if q in at else None for q in quarters],
        {
            **_line(
                "เป้าหมายเบิกจ่าย" if lang == "th" else "Disbursement target",
                TARGET,
                [_number(at[q].target_percent) if q in at else None for q in quarters],
            ),
            "borderDash": [6, 4],
        },
        lang,
    )


def _percent_curves(
    labels: list[str],
    obligated: list[float | None],
    disbursed: list[float | None],
    target: dict[str, Any],
    lang: str,
) -> dict[str, Any]:
    """Obligated and disbursed percent as two lines, and the target as a third."""
    return {
        "type": "line",
        "percent": True,
        "data": {
            "labels": labels,
            "datasets": [
                _line("ก่อหนี้ผูกพัน" if lang == "th" else "Obligated", OBLIGATED, obligated),
                _line("เบิกจ่าย" if lang == "th" else "Disbursed", DISBURSED, disbursed),
                target,
            ],
        },
    }


@dataclass(frozen=True, slots=True)
class MonthPoint:
    """The two curves as they stood at a month's end (today, for the month under way)."""

    on: date
    allocated: Decimal
    obligated: Decimal
    disbursed: Decimal

    def percent(self, amount: Decimal) -> Decimal | None:
        if not self.allocated:
            return None
        return (amount * 100 / self.allocated).quantize(Decimal("0.1"))


def month_points(
    figures: Sequence[tuple[date, Sequence[GroupFigures]]], group: str | None
) -> list[MonthPoint]:
    """Each month's figures, of one budget group or of them all."""
    points = []
    for on, groups_then in figures:
        chosen = [g for g in groups_then if group is None or g.group.value == group]
        points.append(
            MonthPoint(
                on,
                sum((g.allocated for g in chosen), Decimal(0)),
                sum((g.obligated for g in chosen), Decimal(0)),
                sum((g.disbursed for g in chosen), Decimal(0)),
            )
        )
    return points


def month_curve(
    points: Sequence[MonthPoint], quarters: Sequence[QuarterPoint], lang: str
) -> dict[str, Any]:
    """Cumulative obligated and disbursed percent at each month's end, the quarterly
    target at the quarter's last month."""
    targets = {q.quarter: q.progress.target_percent for q in quarters}
    labels = [thai_date(p.on, lang).split(" ", 1)[1] for p in points]  # the month and year
    target = [
        _number(targets.get(quarter_of(p.on))) if p.on.month in (12, 3, 6, 9) else None
        for p in points
    ]
    return _percent_curves(
        labels,
        [_number(p.percent(p.obligated)) for p in points],
        [_number(p.percent(p.disbursed)) for p in points],
        {
            **_line(
                "เป้าหมายเบิกจ่ายสิ้นไตรมาส" if lang == "th" else "Target at quarter end",
                TARGET,
                target,
            ),
            "borderDash": [6, 4],
            "showLine": False,
            "pointStyle": "rectRot",
            "pointRadius": 6,
        },
        lang,
    )


def _line(label: str, colour: str, values: list[float | None]) -> dict[str, Any]:
    return {
        "label": label,
        "data": values,
        "borderColor": colour,
        "backgroundColor": colour,
        "tension": 0.2,
        "spanGaps": True,
    }


def _bars(
    labels: list[str],
    disbursed: list[float | None],
    target: list[float | None],
    lang: str,
    *,
    horizontal: bool = False,
) -> dict[str, Any]:
    config: dict[str, Any] = {
        "type": "bar",
        "percent": True,
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": "เบิกจ่าย %" if lang == "th" else "Disbursed %",
                    "data": disbursed,
                    "backgroundColor": DISBURSED,
                },
                {
                    "label": "เป้าหมาย %" if lang == "th" else "Target %",
                    "data": target,
                    "backgroundColor": TARGET,
                },
            ],
        },
    }
    if horizontal:
        config["horizontal"] = True
    return config


def areas(rows: Sequence[AreaProgress], lang: str, *, limit: int = 40) -> dict[str, Any]:
    """Disbursed percent of each province, LAO type or LAO against its target."""
    shown = list(rows)[:limit]
    return _bars(
        [r.name for r in shown],
        [_number(r.progress.disbursed_percent) for r in shown],
        [_number(r.progress.target_percent) for r in shown],
        lang,
        horizontal=len(shown) > 8,
    )


def groups(rows: Sequence[GroupProgress], lang: str) -> dict[str, Any]:
    return _bars(
        [group_name(r.budget_group, lang) for r in rows],
        [_number(r.progress.disbursed_percent) for r in rows],
        [_number(r.progress.target_percent) for r in rows],
        lang,
    )


def stages(rows: Sequence[StageCount], lang: str) -> dict[str, Any]:
    """Projects in each stage, one stacked colour per procurement method."""
    stage_order: list[str] = []
    for row in rows:
        if row.stage not in stage_order:
            stage_order.append(row.stage)
    methods = sorted({r.method for r in rows})
    palette = ["#1b4f8a", "#1d7a46", "#a15c00", "#7a3e9d", "#b42318", "#5b6776"]
    counts = {(r.stage, r.method): r.projects for r in rows}
    from budget.http.pages.i18n import method_name

    return {
        "type": "bar",
        "stacked": True,
        "data": {
            "labels": [stage_name(s, lang) for s in stage_order],
            "datasets": [
                {
                    "label": method_name(m, lang),
                    "data": [counts.get((s, m), 0) for s in stage_order],
                    "backgroundColor": palette[i % len(palette)],
                }
                for i, m in enumerate(methods)
            ],
        },
    }
