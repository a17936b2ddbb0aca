"""Thai text as reportlab flowables: shaped, and broken into lines between words."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.platypus import Flowable

from budget.reports.fonts import BOLD, REGULAR, shaped, width
from budget.reports.thai_lines import break_lines

Align = Literal["left", "right", "center"]
LEADING = 1.5  # Thai needs room above and below the line for its vowels and tone marks


@dataclass(frozen=True, slots=True)
class TextStyle:
    font: str = REGULAR
    size: float = 10
    color: Any = colors.black
    align: Align = "left"
    leading: float = 0.0  # 0: LEADING times the size
    space_before: float = 0.0
    space_after: float = 0.0
    nowrap: bool = False  # one line, the size made smaller if it does not fit (amounts)
    keep_with_next: bool = False  # never the last thing on a page (headings)

    @property
    def line_height(self) -> float:
        return self.leading or self.size * LEADING

    def but(self, **changes: Any) -> TextStyle:
        return replace(self, **changes)


BODY = TextStyle(size=11)
SMALL = TextStyle(size=8.5)
CELL = TextStyle(size=8.5)
AMOUNT = CELL.but(align="right", nowrap=True)
HEAD = CELL.but(font=BOLD, size=8, align="center", color=colors.white)
TITLE = TextStyle(font=BOLD, size=16, align="center")
SUBTITLE = TextStyle(font=BOLD, size=12.5, align="center")
HEADING = TextStyle(font=BOLD, size=12.5, space_before=9, space_after=3)


class ThaiText(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph of Thai (and Latin) text, wrapped at word boundaries to the width it
    is given; a long one splits across pages between lines."""

    def __init__(
        self, text: str, style: TextStyle = BODY, lines: tuple[str, ...] | None = None
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._lines = lines
        self._given = lines is not None
        self._size = style.size
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next

    def _break(self, available: float) -> tuple[str, ...]:
        if self._given and self._lines is not None:
            return self._lines
        s = self.style
        if s.nowrap:
            fits = available / max(width(self.text, s.font, s.size), 0.01)
            self._size = s.size * min(1.0, fits)
            return (self.text,)
        return break_lines(self.text, max(available, s.size), s.font, s.size)

    def wrap(self, availWidth: float, _availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        self._lines = self._break(availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.style.line_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._break(availWidth)
        fit = int(availHeight // self.style.line_height)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [
            ThaiText(self.text, self.style, lines[:fit]),
            ThaiText(self.text, self.style, lines[fit:]),
        ]

    def draw(self) -> None:
        s = self.style
        canvas = self.canv
        canvas.setFillColor(s.color)
        size = self._size
        canvas.setFont(s.font, size)
        lines = self._lines or ()
        step = s.line_height
        for number, line in enumerate(lines):
            # the baseline sits half a size above the bottom of the line's box
            y = self.height - (number + 1) * step + (step - s.size) / 2 + s.size * 0.25
            text = shaped(line, s.font, size)
            if s.align == "right":
                canvas.drawRightString(self.width, y, text)
            elif s.align == "center":
                canvas.drawCentredString(self.width / 2, y, text)
            else:
                canvas.drawString(0, y, text)
