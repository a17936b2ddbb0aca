"""The Sarabun typeface, embedded, and Thai text shaped for reportlab.

reportlab draws a TrueType string glyph by glyph: Thai tone marks and upper vowels then
sit on top of each other or vanish (ที่นี่ comes out as ทีนี). Shaped text (HarfBuzz,
through reportlab's ``shapeStr``) carries each glyph's position, so every string that
reaches a canvas goes through :func:`shaped` first.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from typing import Any

import uharfbuzz
from fontpkg import path as font_path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont

FEATURES = {"kern": True, "liga": True, "dlig": True}  # reportlab's own
# Horizontal glyph offsets up to this (thousandths of the size: 0.13 pt at 8.5 pt, below
# what a printer or a screen at 200% shows) are left out when nothing else moves.
NUDGE = 15
REGULAR = "Sarabun"
BOLD = "Sarabun-Bold"
_WEIGHTS = {REGULAR: 400, BOLD: 700}
_lock = threading.Lock()
_registered = False


def register_fonts() -> None:
    """Register Sarabun (regular and bold) with reportlab, once per process."""
    global _registered  # noqa: PLW0603 - a process-wide registration, done once
    with _lock:
        if _registered:
            return
        for name, weight in _WEIGHTS.items():
            pdfmetrics.registerFont(TTFont(name, font_path("Sarabun", weight)))
        pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
        _registered = True


def needs_shaping(text: str) -> bool:
    """Whether `text` holds a character of the Thai block (digits and Latin do not)."""
    return any("\u0e00" <= c <= "\u0e7f" for c in text)


@lru_cache(maxsize=20_000)
def shaped(text: str, font: str = REGULAR, size: float = 10) -> str:
    """`text` shaped for drawing in `font` at `size` (as is when nothing needs shaping):
    reportlab's ``shapeStr``, made in one pass (see :func:`shape`)."""
    register_fonts()
    if not needs_shaping(text):
        return text
    return shape(text, font, size)


@cache
def _harfbuzz_font(font: str, size: float) -> Any:
    return pdfmetrics.getFont(font).hbFont(size)


def shape(text: str, font: str, size: float) -> str:
    """What reportlab's ``shapeStr(text, font, size)`` gives (a test holds the two
    equal), without its per-call costs: a HarfBuzz font made for every string, every
    glyph's name looked up. Shaping is most of what a long table of Thai costs."""
    ttf = pdfmetrics.getFont(font)
    harfbuzz_font = _harfbuzz_font(font, size)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(harfbuzz_font, buffer, FEATURES)
    face = ttf.face
    scale = face._pdfScale
    chars: list[str] = []
    data: list[ShapeData] = []
    moved = changed = False
    for index, (info, position) in enumerate(
        zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    ):
        glyph = info.codepoint
        try:
            code = face.glyphToChar[glyph][0]
        except KeyError:
            name = harfbuzz_font.glyph_to_string(glyph)
            code = ttf.hbAddPrivate(name, glyph, position.x_advance)
        char_width = face.charWidths[code]
        char = chr(code)
        x_advance, x_offset = scale(position.x_advance), scale(position.x_offset)
        y_advance, y_offset = scale(position.y_advance), scale(position.y_offset)
        beyond = index >= len(text)
        moved = (
            moved
            or x_offset != 0
            or y_offset != 0
            or beyond
            or (text[index] == char and x_advance != char_width)
        )
        changed = changed or moved or beyond or text[index] != char
        chars.append(char)
        data.append(ShapeData(info.cluster, x_advance, y_advance, x_offset, y_offset, char_width))
    if not changed:
        return text
    if all(d.y_offset == 0 and abs(d.x_offset) <= NUDGE and d.x_advance == d.width for d in data):
        # HarfBuzz chose other glyphs (a tone mark raised or lowered, sara am split) but
        # moves none by more than a hair: the chosen glyphs drawn as plain text look the
        # same, and reportlab writes plain text several times faster than shaped text
        return "".join(chars)
    result: str = ShapedStr("".join(chars), shapeData=data)
    return result


def width(text: str, font: str = REGULAR, size: float = 10) -> float:
    """How wide `text` is in points (Thai marks take no width)."""
    if not text:
        return 0.0
    if not _registered:
        register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


def warm_up() -> None:
    """Register the fonts and load the word dictionary (a second or two, once per
    process), so the first report a service renders is as quick as the others."""
    from budget.reports.thai_lines import words

    register_fonts()
    words("การเบิกจ่ายงบประมาณ")
