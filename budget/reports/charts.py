"""Charts drawn with reportlab.graphics: disbursement against the targets, by quarter
and by area. Every label is shaped Thai."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors

from budget.projections.queries.models import AreaProgress, QuarterPoint
from budget.reports.document import FRAME_WIDTH
from budget.reports.fonts import BOLD, REGULAR, shaped, width

PAID = colors.HexColor("#1F6FB2")
OBLIGATED = colors.HexColor("#9CC3E6")
TARGET = colors.HexColor("#D9822B")
BEHIND = colors.HexColor("#C0392B")
AXIS = colors.HexColor("#5F6368")
GRIDLINE = colors.HexColor("#DADCE0")
LABEL = 8.0


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = LABEL,
    bold: bool = False,
    anchor: str = "start",
    color: object = colors.black,
) -> String:
    font = BOLD if bold else REGULAR
    shape = shaped(text, font, size)
    return String(x, y, shape, fontName=font, fontSize=size, textAnchor=anchor, fillColor=color)


def _legend(drawing: Drawing, x: float, y: float, items: Sequence[tuple[object, str]]) -> None:
    for fill, label in items:
        drawing.add(Rect(x, y, 8, 8, fillColor=fill, strokeColor=None))
        drawing.add(_text(x + 11, y + 1, label))
        x += 22 + width(label, REGULAR, LABEL)


def _ceiling(values: Sequence[float]) -> float:
    """The scale's top: 100%, or more when a figure goes beyond it."""
    top = max([100.0, *values])
    return float(int(top / 20 + 0.999) * 20)


def quarter_chart(points: Sequence[QuarterPoint], *, height: float = 175) -> Drawing:
    """Per quarter, cumulative: obligated and disbursed per cent of the allocation, and
    the disbursement target they are measured by, side by side."""
    drawing = Drawing(FRAME_WIDTH, height)
    left, bottom, top_gap = 34.0, 34.0, 22.0
    plot_w, plot_h = FRAME_WIDTH - left - 10, height - bottom - top_gap
    values = [float(p.progress.obligated_percent) for p in points]
    values += [float(p.progress.target_percent or 0) for p in points]
    ceiling = _ceiling(values)
    _axis(drawing, Box(left, bottom, plot_w, plot_h), ceiling)
    slot = plot_w / max(1, len(points))
    bar = min(24.0, slot / 4)
    for n, point in enumerate(points):
        x = left + n * slot + slot / 2
        figures = point.progress
        bars = [
            (figures.obligated_percent, OBLIGATED),
            (figures.disbursed_percent, PAID),
        ]
        if figures.target_percent is not None:
            bars.append((figures.target_percent, TARGET))
        start = x - bar * len(bars) / 2
        for index, (value, fill) in enumerate(bars):
            h = plot_h * float(value) / ceiling
            at = start + index * bar
            drawing.add(Rect(at + 1, bottom, bar - 2, h, fillColor=fill, strokeColor=None))
            label = f"{value:.1f}"
            drawing.add(_text(at + bar / 2, bottom + h + 2, label, size=7, anchor="middle"))
        name = "หลังสิ้นปี" if point.quarter > 4 else f"ไตรมาส {point.quarter}"
        drawing.add(_text(x, bottom - 13, name, anchor="middle"))
    _legend(
        drawing,
        left,
        height - 12,
        [
            (OBLIGATED, "ก่อหนี้ผูกพันสะสม (%)"),
            (PAID, "เบิกจ่ายสะสม (%)"),
            (TARGET, "เป้าหมายการเบิกจ่าย (%)"),
        ],
    )
    return drawing


@dataclass(frozen=True, slots=True)
class Box:
    """Where a chart plots, in the drawing's points."""

    left: float
    bottom: float
    width: float
    height: float


def _axis(drawing: Drawing, box: Box, top: float) -> None:
    """Gridlines every 20% up to `top`, labelled on the left."""
    level = 0.0
    right = box.left + box.width
    while level <= top + 0.01:
        y = box.bottom + box.height * level / top
        drawing.add(Line(box.left, y, right, y, strokeColor=GRIDLINE, strokeWidth=0.5))
        label = f"{level:.0f}%"
        drawing.add(_text(box.left - 4, y - 3, label, size=7, anchor="end", color=AXIS))
        level += 20.0
    drawing.add(Line(box.left, box.bottom, right, box.bottom, strokeColor=AXIS, strokeWidth=0.8))


@dataclass(frozen=True, slots=True)
class AreaBar:
    name: str
    disbursed_percent: Decimal
    target_percent: Decimal | None


def area_bars(
    areas: Sequence[AreaProgress], name: Callable[[str], str] | None = None
) -> list[AreaBar]:
    """A bar per area of a dashboard, named by `name(key)` (default: the area's name)."""
    return [
        AreaBar(
            name(a.key) if name else a.name, a.progress.disbursed_percent, a.progress.target_percent
        )
        for a in areas
    ]


def area_chart(bars: Sequence[AreaBar], *, bar_height: float = 11.0) -> Drawing:
    """One horizontal bar per area (province, LAO type): disbursed per cent of the
    allocation, red when behind its target, with the target marked."""
    names = [b.name for b in bars]
    label_w = max([width(n, REGULAR, LABEL) for n in names] + [40.0]) + 6
    top_gap, bottom_gap = 20.0, 18.0
    height = top_gap + bottom_gap + bar_height * len(bars)
    drawing = Drawing(FRAME_WIDTH, height)
    plot_w = FRAME_WIDTH - label_w - 40
    values = [float(b.disbursed_percent) for b in bars] + [
        float(b.target_percent or 0) for b in bars
    ]
    ceiling = _ceiling(values)
    x0 = label_w
    level = 0.0
    while level <= ceiling + 0.01:
        x = x0 + plot_w * level / ceiling
        drawing.add(Line(x, bottom_gap, x, height - top_gap, strokeColor=GRIDLINE, strokeWidth=0.5))
        drawing.add(_text(x, bottom_gap - 11, f"{level:.0f}%", size=7, anchor="middle", color=AXIS))
        level += 20.0
    for n, bar in enumerate(bars):
        y = height - top_gap - (n + 1) * bar_height
        behind = bar.target_percent is not None and bar.disbursed_percent < bar.target_percent
        w = plot_w * float(bar.disbursed_percent) / ceiling
        fill = BEHIND if behind else PAID
        drawing.add(Rect(x0, y + 1.5, w, bar_height - 3, fillColor=fill, strokeColor=None))
        drawing.add(_text(x0 - 4, y + 2.5, bar.name, anchor="end"))
        drawing.add(_text(x0 + w + 3, y + 2.5, f"{bar.disbursed_percent:.1f}", size=7))
        if bar.target_percent is not None:
            tx = x0 + plot_w * float(bar.target_percent) / ceiling
            drawing.add(Line(tx, y, tx, y + bar_height, strokeColor=TARGET, strokeWidth=1.8))
    _legend(
        drawing,
        x0,
        height - 13,
        [(PAID, "เบิกจ่าย (%) ถึงเป้า"), (BEHIND, "ต่ำกว่าเป้า"), (TARGET, "เป้าหมาย (%)")],
    )
    return drawing
