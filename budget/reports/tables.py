"""Tables that continue across pages with their header repeated, amounts right-aligned
with separators, totals in bold and marked rows shaded."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from budget.domain.money import format_baht
from budget.reports.document import FRAME_WIDTH
from budget.reports.fonts import BOLD
from budget.reports.text import AMOUNT, CELL, HEAD, Align, ThaiText

HEADER_FILL = colors.HexColor("#1F3A5F")
ZEBRA = colors.HexColor("#F3F5F8")
TOTAL_FILL = colors.HexColor("#E3E8EF")
MARKED_FILL = colors.HexColor("#FBE3E1")
GRID = colors.HexColor("#B8BEC8")
PAD = 3


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
) -> Table:
    """A table of `rows` under a header that repeats on every page it continues on.

    The last `totals` rows are totals (bold, shaded); the rows whose index is in
    `marked` are shaded red.
    """
    weights = sum(c.weight for c in columns)
    widths = [width * c.weight / weights for c in columns]
    header = [ThaiText(c.title, HEAD) for c in columns]
    first_total = len(rows) - totals
    plain = [AMOUNT if c.align == "right" else CELL.but(align=c.align) for c in columns]
    bold = [style.but(font=BOLD) for style in plain]
    body = [
        [ThaiText(text, (bold if index >= first_total else plain)[n]) for n, text in enumerate(row)]
        for index, row in enumerate(rows)
    ]
    table = Table([header, *body], colWidths=widths, repeatRows=1, splitByRow=1)
    table.setStyle(TableStyle(_commands(len(rows), first_total, marked)))
    return table


def _commands(rows: int, first_total: int, marked: Collection[int]) -> list[tuple[object, ...]]:
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("GRID", (0, 0), (-1, -1), 0.35, GRID),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HEADER_FILL),
    ]
    for index in range(rows):
        row = index + 1
        if index >= first_total:
            commands.append(("BACKGROUND", (0, row), (-1, row), TOTAL_FILL))
        elif index in marked:
            commands.append(("BACKGROUND", (0, row), (-1, row), MARKED_FILL))
        elif index % 2:
            commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    if rows > first_total:
        commands.append(
            ("LINEABOVE", (0, first_total + 1), (-1, first_total + 1), 0.8, colors.black)
        )
    return commands
