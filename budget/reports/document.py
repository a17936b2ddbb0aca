"""The paper: A4 pages with a running header, "หน้า x/y" and a footer naming the last
event the figures include, and a red band on every page of a report as of a past moment."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from budget.reports.fonts import BOLD, REGULAR, register_fonts, shaped
from budget.reports.thai_dates import thai_moment

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT, TOP, BOTTOM = 2.0 * cm, 1.5 * cm, 2.2 * cm, 2.0 * cm
FRAME_WIDTH = PAGE_WIDTH - LEFT - RIGHT
AS_OF_RED = colors.HexColor("#B3261E")
RULE = colors.HexColor("#8A8F98")


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What every page says besides its content."""

    title: str  # the running header
    position: int  # the last event (notification log position) the figures include
    printed_at: datetime
    as_of: datetime | None = None  # the figures as they stood then (None: as of printing)
    subject: str = ""  # the PDF's metadata (Latin: searchable, extractable)
    author: str = "budget"


def as_of_notice(info: PageInfo) -> str:
    assert info.as_of is not None
    return f"ตัวเลขย้อนหลัง ณ {thai_moment(info.as_of)} (ไม่ใช่ตัวเลขปัจจุบัน)"


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Keeps every page until the end, so each can say how many pages there are."""

    def __init__(self, *args: Any, info: PageInfo, count: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._info = info
        self._count = count
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self._count.append(total)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            _decorate(self, self._info, number, total)
            super().showPage()
        super().save()


def _decorate(canvas: Canvas, info: PageInfo, number: int, total: int) -> None:
    canvas.saveState()
    grey = colors.HexColor("#3C4043")
    top = PAGE_HEIGHT - TOP + 0.55 * cm
    if info.as_of is not None:  # a red band above the header: no page can be mistaken
        band = PAGE_HEIGHT - 1.05 * cm
        canvas.setFillColor(AS_OF_RED)
        canvas.rect(LEFT, band - 4, FRAME_WIDTH, 15, stroke=0, fill=1)
        canvas.setFont(BOLD, 9)
        canvas.setFillColor(colors.white)
        canvas.drawCentredString(LEFT + FRAME_WIDTH / 2, band, shaped(as_of_notice(info), BOLD, 9))
    canvas.setFont(REGULAR, 8.5)
    canvas.setFillColor(grey)
    canvas.drawString(LEFT, top, shaped(info.title, REGULAR, 8.5))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.4)
    canvas.line(LEFT, top - 4, PAGE_WIDTH - RIGHT, top - 4)
    bottom = BOTTOM - 0.9 * cm
    canvas.line(LEFT, bottom + 11, PAGE_WIDTH - RIGHT, bottom + 11)
    canvas.setFont(REGULAR, 8)
    footer = (
        f"ตัวเลขรวมเหตุการณ์ถึงลำดับที่ {info.position:,} ของบันทึกเหตุการณ์"
        f" · พิมพ์เมื่อ {thai_moment(info.printed_at, long=False)}"
    )
    canvas.drawString(LEFT, bottom, shaped(footer, REGULAR, 8))
    canvas.setFont(BOLD, 9)
    canvas.setFillColor(colors.black)
    canvas.drawRightString(PAGE_WIDTH - RIGHT, bottom, shaped(f"หน้า {number}/{total}", BOLD, 9))
    canvas.restoreState()


def build_pdf(story: list[Flowable], info: PageInfo) -> tuple[bytes, int]:
    """The story laid out on A4 pages: the PDF's bytes and how many pages it has."""
    register_fonts()
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        title=info.title,
        author=info.author,
        subject=info.subject,
        creator="budget (reportlab)",
        lang="th",
    )
    count: list[int] = []
    document.build(story, canvasmaker=partial(_NumberedCanvas, info=info, count=count))
    return out.getvalue(), count[-1]
