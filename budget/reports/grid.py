"""A table drawn straight onto the canvas: rows of Thai text cells, split between rows
across pages with the header repeated on each.

reportlab's own Table wraps and draws every cell as a flowable of its own; a report of a
few hundred projects spent most of its time there. Here a row is measured once (its
cells' lines, cached by text and width) and drawn with a few canvas calls."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable

from budget.reports.text import Box, TextStyle, draw_lines, fit_lines

PAD_X = 3.0
PAD_Y = 1.5


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    style: TextStyle


@dataclass(frozen=True, slots=True)
class Row:
    cells: Sequence[Cell]
    fill: Any = None  # a background colour, or None
    rule_above: bool = False  # a heavier line above (the totals)


@dataclass(frozen=True, slots=True)
class _Laid:
    row: Row
    lines: list[tuple[tuple[str, ...], float]]  # each cell's lines and font size
    height: float


class Grid(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(
        self,
        widths: Sequence[float],
        header: Row,
        rows: Sequence[Row],
        *,
        grid: Any = colors.grey,
        header_rule: Any = colors.black,
        laid: list[_Laid] | None = None,
    ) -> None:
        super().__init__()
        self.widths = list(widths)
        self.header = header
        self.rows = list(rows)
        self.grid = grid
        self.header_rule = header_rule
        self._laid = laid  # the header's and rows' lines, once measured

    def _lay(self, row: Row) -> _Laid:
        lines = [
            fit_lines(cell.text, cell.style, width - 2 * PAD_X)
            for cell, width in zip(row.cells, self.widths, strict=True)
        ]
        tallest = max(
            len(cell_lines) * cell.style.line_height
            for (cell_lines, _), cell in zip(lines, row.cells, strict=True)
        )
        return _Laid(row, lines, tallest + 2 * PAD_Y)

    def _layout(self) -> list[_Laid]:
        if self._laid is None:
            self._laid = [self._lay(self.header)] + [self._lay(r) for r in self.rows]
        return self._laid

    def wrap(self, _availWidth: float, _availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        laid = self._layout()
        self.width = sum(self.widths)
        self.height = sum(r.height for r in laid)
        return self.width, self.height

    def split(self, _availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """As many rows as fit under the header here, the rest under it on the next page."""
        laid = self._layout()
        used = laid[0].height
        fit = 0
        for row in laid[1:]:
            if used + row.height > availHeight:
                break
            used += row.height
            fit += 1
        if fit == 0:
            return []
        if fit == len(self.rows):
            return [self]
        return [self._part(slice(0, fit)), self._part(slice(fit, None))]

    def _part(self, rows: slice) -> Grid:
        """Some of the rows under the same header, with the measures already taken."""
        laid = self._layout()
        return Grid(
            self.widths,
            self.header,
            self.rows[rows],
            grid=self.grid,
            header_rule=self.header_rule,
            laid=laid[:1] + laid[1:][rows],
        )

    def draw(self) -> None:
        canvas = self.canv
        laid = self._layout()
        edges = [0.0]
        for width in self.widths:
            edges.append(edges[-1] + width)
        tops = [self.height]
        for row in laid:
            tops.append(tops[-1] - row.height)
        for row, top in zip(laid, tops, strict=False):
            if row.row.fill is not None:
                canvas.setFillColor(row.row.fill)
                canvas.rect(0, top - row.height, self.width, row.height, stroke=0, fill=1)
        text = canvas.beginText()
        for row, top in zip(laid, tops, strict=False):
            for (lines, size), cell, left, width in zip(
                row.lines, row.row.cells, edges, self.widths, strict=False
            ):
                if not cell.text:
                    continue
                block = len(lines) * cell.style.line_height
                first = top - PAD_Y - (row.height - 2 * PAD_Y - block) / 2
                box = Box(left + PAD_X, first, width - 2 * PAD_X)
                draw_lines(canvas, box, lines, cell.style, size=size, text=text)
        canvas.drawText(text)
        self._rules(edges, [(tops[n + 1], r.row.rule_above, tops[n]) for n, r in enumerate(laid)])

    def _rules(self, edges: list[float], rows: list[tuple[float, bool, float]]) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.grid)
        canvas.setLineWidth(0.35)
        path = canvas.beginPath()
        for x in edges:
            path.moveTo(x, 0)
            path.lineTo(x, self.height)
        path.moveTo(0, self.height)
        path.lineTo(self.width, self.height)
        for bottom, _, _ in rows:
            path.moveTo(0, bottom)
            path.lineTo(self.width, bottom)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setStrokeColor(self.header_rule)
        canvas.setLineWidth(0.8)
        header_bottom = rows[0][0]
        canvas.line(0, header_bottom, self.width, header_bottom)
        for _, heavy, top in rows[1:]:
            if heavy:
                canvas.line(0, top, self.width, top)
