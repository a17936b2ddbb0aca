"""Tables that continue across pages with their header repeated, amounts right-aligned
with separators, totals in bold and marked rows shaded."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib import colors

from budget.domain.money import format_baht
from budget.reports.document import FRAME_WIDTH
from budget.reports.fonts import BOLD
from budget.reports.grid import Cell, Grid, Row
from budget.reports.text import AMOUNT, CELL, HEAD, Align

HEADER_FILL = colors.HexColor("#1F3A5F")
ZEBRA = colors.HexColor("#F3F5F8")
TOTAL_FILL = colors.HexColor("#E3E8EF")
MARKED_FILL = colors.HexColor("#FBE3E1")
GRID = colors.HexColor("#B8BEC8")


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    weight: float  # share of the table's width, relative to the other columns
    align: Align = "left"


def money(amount: Decimal | None) -> str:
    """`1,234,567.89`; a dash for no amount."""
    return "–" if amount is None else format_baht(amount)


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:,.2f}"


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    totals: int = 0,
    marked: Collection[int] = (),
    width: float = FRAME_WIDTH,
) -> Grid:
    """A table of `rows` under a header that repeats on every page it continues on.

    The last `totals` rows are totals (bold, shaded); the rows whose index is in
    `marked` are shaded red, every other row of the rest lightly.
    """
    weights = sum(c.weight for c in columns)
    widths = [width * c.weight / weights for c in columns]
    plain = [AMOUNT if c.align == "right" else CELL.but(align=c.align) for c in columns]
    bold = [style.but(font=BOLD) for style in plain]
    first_total = len(rows) - totals
    header = Row([Cell(c.title, HEAD) for c in columns], fill=HEADER_FILL)
    body = []
    for index, row in enumerate(rows):
        total = index >= first_total
        styles = bold if total else plain
        body.append(
            Row(
                [Cell(text, style) for text, style in zip(row, styles, strict=True)],
                fill=_fill(index, total=total, marked=index in marked),
                rule_above=index == first_total,
            )
        )
    return Grid(widths, header, body, grid=GRID, header_rule=HEADER_FILL)


def _fill(index: int, *, total: bool, marked: bool) -> Any:
    if total:
        return TOTAL_FILL
    if marked:
        return MARKED_FILL
    return ZEBRA if index % 2 else None
