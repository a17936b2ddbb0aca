"""The Sarabun typeface, embedded, and Thai text shaped for reportlab.

reportlab draws a TrueType string glyph by glyph: Thai tone marks and upper vowels then
sit on top of each other or vanish (ที่นี่ comes out as ทีนี). Shaped text (HarfBuzz,
through reportlab's ``shapeStr``) carries each glyph's position, so every string that
reaches a canvas goes through :func:`shaped` first.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from fontpkg import path as font_path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

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
    """`text` shaped for drawing in `font` at `size` (as is when nothing needs shaping)."""
    register_fonts()
    if not needs_shaping(text):
        return text
    result: str = shapeStr(text, font, size)
    return result


def width(text: str, font: str = REGULAR, size: float = 10) -> float:
    """How wide `text` is in points (Thai marks take no width)."""
    register_fonts()
    return float(pdfmetrics.stringWidth(text, font, size))


def warm_up() -> None:
    """Register the fonts and load the word dictionary (a second or two, once per
    process), so the first report a service renders is as quick as the others."""
    from budget.reports.thai_lines import words

    register_fonts()
    words("การเบิกจ่ายงบประมาณ")


def warm_up_in_background() -> None:
    threading.Thread(target=warm_up, name="reports-warm-up", daemon=True).start()
