"""Pieces every report is built of: the title block, headings, key-value facts, the
as-of notice, totals in words and the sign-off block."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table, TableStyle

from budget.reports.baht_text import baht_text
from budget.reports.document import AS_OF_RED, FRAME_WIDTH, PageInfo, as_of_notice
from budget.reports.fonts import BOLD
from budget.reports.tables import money
from budget.reports.text import BODY, HEADING, SMALL, SUBTITLE, TITLE, TextStyle, ThaiText
from budget.reports.thai_dates import thai_moment

KEY = BODY.but(font=BOLD, size=10)
VALUE = BODY.but(size=10)
NOTE = SMALL.but(color=colors.HexColor("#3C4043"))


def title_block(title: str, subtitle: str, facts: Sequence[tuple[str, str]]) -> list[Flowable]:
    return [
        ThaiText(title, TITLE),
        Spacer(1, 2),
        ThaiText(subtitle, SUBTITLE),
        Spacer(1, 8),
        facts_table(facts),
        Spacer(1, 6),
    ]


def facts_table(facts: Sequence[tuple[str, str]], columns: int = 2) -> Table:
    """Key: value pairs, `columns` pairs to a row."""
    cells: list[list[Flowable]] = []
    row: list[Flowable] = []
    for key, value in facts:
        row += [ThaiText(key, KEY), ThaiText(value, VALUE)]
        if len(row) == 2 * columns:
            cells.append(row)
            row = []
    if row:
        cells.append(row + [ThaiText("", VALUE)] * (2 * columns - len(row)))
    pair = FRAME_WIDTH / columns
    widths = [pair * 0.36, pair * 0.64] * columns
    table = Table(cells, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def moment_facts(info: PageInfo) -> list[tuple[str, str]]:
    """The title block's facts of when: the printing, and the moment the figures are of."""
    return [
        ("วันที่พิมพ์", thai_moment(info.printed_at)),
        ("ตัวเลข ณ", thai_moment(info.as_of) if info.as_of else "เวลาที่พิมพ์ (ปัจจุบัน)"),
    ]


def as_of_box(info: PageInfo) -> list[Flowable]:
    """A red box saying the figures are those of a past moment (nothing when they are
    today's)."""
    if info.as_of is None:
        return []
    text = (
        f"{as_of_notice(info)}: ตัวเลขทั้งหมดในรายงานนี้คำนวณใหม่จากบันทึกเหตุการณ์"
        f" (event history) ลำดับที่ 1 ถึง {info.position:,} ซึ่งบันทึกไว้ก่อนเวลาดังกล่าว"
    )
    box = Table([[ThaiText(text, BODY.but(font=BOLD, size=10, color=AS_OF_RED))]])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, AS_OF_RED),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#FDF1F0")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [box, Spacer(1, 6)]


def heading(text: str, room: float = 110) -> list[Flowable]:
    """A section's heading, on a new page unless `room` points are left under it for
    the start of what follows (a table's header and first rows)."""
    return [CondPageBreak(room), ThaiText(text, HEADING)]


def kept_section(text: str, *flowables: Flowable) -> Flowable:
    """A heading and a short section (a chart and its table) on one page."""
    return KeepTogether([ThaiText(text, HEADING), *flowables])


def paragraph(text: str, style: TextStyle = BODY) -> ThaiText:
    return ThaiText(text, style)


def in_words(label: str, amount: Decimal) -> ThaiText:
    """`label 1,234.00 บาท (หนึ่งพันสองร้อยสามสิบสี่บาทถ้วน)`."""
    return ThaiText(
        f"{label} {money(amount)} บาท ({baht_text(amount)})", BODY.but(size=10, font=BOLD)
    )


def sign_off_block(left: Sequence[str], right: Sequence[str]) -> Flowable:
    """Two signature places side by side, each: a dotted line, then its lines of text."""
    dotted = "ลงชื่อ ...................................................."
    cells = [[ThaiText(dotted, VALUE.but(align="center")) for _ in range(2)]]
    for a, b in zip(left, right, strict=True):
        cells.append(
            [ThaiText(a, VALUE.but(align="center")), ThaiText(b, VALUE.but(align="center"))]
        )
    table = Table(cells, colWidths=[FRAME_WIDTH / 2] * 2)
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return KeepTogether([Spacer(1, 14), table, Spacer(1, 6)])
