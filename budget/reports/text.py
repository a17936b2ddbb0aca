"""Thai text as reportlab flowables: shaped, and broken into lines between words."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from reportlab.lib import colors
from reportlab.platypus import Flowable

from budget.reports.fonts import BOLD, REGULAR, shaped, width
from budget.reports.thai_lines import break_lines, widest_word

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


SMALLEST = 0.7  # a word too wide for its line is drawn down to this share of its size


def fit_lines(text: str, style: TextStyle, available: float) -> tuple[tuple[str, ...], float]:
    """`text` in lines no wider than `available`, and the size to draw them at: the
    style's, or smaller for a `nowrap` line that would not fit, or for a word wider than
    the line (a narrow column): words are not cut unless even that is not enough."""
    font, size = style.font, style.size
    if style.nowrap:
        fits = available / max(width(text, font, size), 0.01)
        return (text,), size * min(1.0, fits)
    if "\n" not in text and width(text, font, size) <= available:
        return (text.rstrip(),), size
    widest = widest_word(text, font, size)
    if widest > available:
        size = max(size * SMALLEST, size * available / widest)
    return break_lines(text, max(available, size), font, size), size


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
        lines, self._size = fit_lines(self.text, self.style, available)
        return lines

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
        box = Box(0, self.height, self.width)
        draw_lines(self.canv, box, self._lines or (), self.style, size=self._size)


@dataclass(frozen=True, slots=True)
class Box:
    """Where lines of text go: the left edge, the top, and the width to align them in."""

    left: float
    top: float
    width: float


def draw_lines(
    canvas: Any,
    box: Box,
    lines: tuple[str, ...],
    style: TextStyle,
    *,
    size: float | None = None,
    text: Any = None,
) -> None:
    """`lines` in `box`, aligned as `style` says; `size`: the font's size if not the
    style's (a line made to fit). Into the PDF text object `text` when given (one text
    object for a whole table is much cheaper than one per line), else onto the canvas."""
    own = text is None
    out = canvas.beginText() if own else text
    size = size or style.size
    # a text object shared by a table keeps its colour and font from cell to cell
    if own or getattr(out, "_budget_color", None) != style.color:
        out.setFillColor(style.color)
        out._budget_color = style.color
    if own or getattr(out, "_budget_font", None) != (style.font, size):
        out.setFont(style.font, size)
        out._budget_font = (style.font, size)
    step = style.line_height
    # the baseline sits half a size above the bottom of the line's box
    base = box.top - step + (step - style.size) / 2 + style.size * 0.25
    for number, line in enumerate(lines):
        x = box.left
        if style.align != "left":
            room = box.width - width(line, style.font, size)
            x += room if style.align == "right" else room / 2
        out.setTextOrigin(x, base - number * step)
        out.textOut(shaped(line, style.font, size))
    if own:
        canvas.drawText(out)
