"""Thai on paper: amounts in words, lines broken between words, B.E. dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from budget.reports.baht_text import baht_text, number_text
from budget.reports.fonts import REGULAR, shaped, width
from budget.reports.text import TextStyle, fit_lines
from budget.reports.thai_dates import period_text, thai_date, thai_moment
from budget.reports.thai_lines import NO_BREAK, break_lines, clusters, words


@pytest.mark.parametrize(
    ("amount", "words_"),
    [
        ("1.01", "หนึ่งบาทหนึ่งสตางค์"),
        ("21000000", "ยี่สิบเอ็ดล้านบาทถ้วน"),
        ("0.50", "ห้าสิบสตางค์"),
        ("0", "ศูนย์บาทถ้วน"),
        ("0.01", "หนึ่งสตางค์"),
        ("1", "หนึ่งบาทถ้วน"),
        ("10", "สิบบาทถ้วน"),
        ("11", "สิบเอ็ดบาทถ้วน"),
        ("20", "ยี่สิบบาทถ้วน"),
        ("21", "ยี่สิบเอ็ดบาทถ้วน"),
        ("101", "หนึ่งร้อยเอ็ดบาทถ้วน"),
        ("111", "หนึ่งร้อยสิบเอ็ดบาทถ้วน"),
        ("1001", "หนึ่งพันเอ็ดบาทถ้วน"),
        ("1000000", "หนึ่งล้านบาทถ้วน"),
        ("1000001", "หนึ่งล้านเอ็ดบาทถ้วน"),
        ("11000000", "สิบเอ็ดล้านบาทถ้วน"),
        ("100000000", "หนึ่งร้อยล้านบาทถ้วน"),
        ("101000000", "หนึ่งร้อยเอ็ดล้านบาทถ้วน"),
        ("1000000000", "หนึ่งพันล้านบาทถ้วน"),
        ("1000000000000", "หนึ่งล้านล้านบาทถ้วน"),
        ("2000000.21", "สองล้านบาทยี่สิบเอ็ดสตางค์"),
        ("121.21", "หนึ่งร้อยยี่สิบเอ็ดบาทยี่สิบเอ็ดสตางค์"),
        ("250.75", "สองร้อยห้าสิบบาทเจ็ดสิบห้าสตางค์"),
        (
            "1234567.89",
            "หนึ่งล้านสองแสนสามหมื่นสี่พันห้าร้อยหกสิบเจ็ดบาทแปดสิบเก้าสตางค์",
        ),
        ("3497720141.75", "สามพันสี่ร้อยเก้าสิบเจ็ดล้านเจ็ดแสนสองหมื่นหนึ่งร้อยสี่สิบเอ็ดบาทเจ็ดสิบห้าสตางค์"),
    ],
)
def test_baht_in_words(amount: str, words_: str) -> None:
    assert baht_text(Decimal(amount)) == words_


def test_baht_in_words_takes_ints_strings_and_negative_amounts() -> None:
    assert baht_text(21) == "ยี่สิบเอ็ดบาทถ้วน"
    assert baht_text("1.10") == "หนึ่งบาทสิบสตางค์"
    assert baht_text(Decimal("-5.00")) == "ลบห้าบาทถ้วน"


@pytest.mark.parametrize("bad", ["1.001", "abc", "NaN", "Infinity", 1.5])
def test_baht_in_words_refuses_what_is_not_whole_satang(bad: object) -> None:
    with pytest.raises(ValueError, match=r"baht|satang"):
        baht_text(bad)  # type: ignore[arg-type]


def test_whole_numbers_in_words() -> None:
    assert number_text(0) == "ศูนย์"
    assert number_text(1) == "หนึ่ง"
    assert number_text(31) == "สามสิบเอ็ด"
    assert number_text(-21) == "ลบยี่สิบเอ็ด"


LONG = (
    "รายงานผลการดำเนินงานและการเบิกจ่ายงบประมาณ ไตรมาสที่ 3 ปีงบประมาณ 2570 "
    "ของเทศบาลตำบลหนองบัว (ปรับปรุงตามข้อสังเกตของ สถจ.) ปัญหาอุปสรรค: "
    "การเบิกจ่ายงบลงทุนล่าช้าเนื่องจากผู้รับจ้างส่งมอบงานไม่ตรงตามกำหนด "
    "แนวทางแก้ไข: เร่งรัดผู้รับจ้างและติดตามความก้าวหน้าทุกสัปดาห์"
)


@pytest.mark.parametrize("max_width", [60.0, 95.0, 140.0, 230.0, 400.0])
def test_lines_break_only_between_words_and_fit(max_width: float) -> None:
    lines = break_lines(LONG, max_width, REGULAR, 10)
    assert len(lines) > 1
    assert "".join(lines).replace(" ", "") == LONG.replace(" ", "")
    boundaries = set()  # where a line may end: after a word, or inside one too wide
    offset = 0
    for word in words(LONG):
        if width(word.rstrip(), REGULAR, 10) > max_width:
            inside = offset
            for cluster in clusters(word.rstrip()):
                inside += len(cluster)
                boundaries.add(inside)
        offset += len(word.replace(" ", ""))
        boundaries.add(offset)
    offset = 0
    for line in lines[:-1]:
        offset += len(line.replace(" ", ""))
        assert offset in boundaries, f"{line!r} ends inside a word"
    for line in lines:
        assert width(line, REGULAR, 10) <= max_width or len(clusters(line)) == 1


def test_the_words_keep_their_compounds_and_punctuation() -> None:
    found = words("การเบิกจ่ายงบลงทุนล่าช้า แนวทางแก้ไข: เร่งรัดผู้รับจ้าง (ปรับปรุง) ต่างๆ")
    assert "เบิกจ่าย" in found
    assert "ผู้รับจ้าง " in found
    assert "(ปรับปรุง) " in found  # brackets stay with their word
    assert "ต่างๆ" in found  # ๆ never starts a line
    assert any(w.endswith(": ") for w in found)


def test_a_word_wider_than_the_line_is_cut_between_character_clusters() -> None:
    word = "คอนกรีตเสริมเหล็ก"
    lines = break_lines(word, 20, REGULAR, 10)
    assert len(lines) > 1
    assert "".join(lines) == word
    for line in lines:
        assert line[0] not in "ิีึืุู่้๊๋็์ัำะา"  # no line starts with a mark or a following vowel
    assert clusters("ที่นี่") == ["ที่", "นี่"]
    assert clusters("เก่ง") == ["เก่", "ง"]  # a leading vowel stays with its consonant


def test_text_joined_by_no_break_spaces_stays_on_one_line() -> None:
    day = f"30{NO_BREAK}ก.ย.{NO_BREAK}2570"
    lines = break_lines(f"ทั้งปีงบประมาณ (1{NO_BREAK}ต.ค.{NO_BREAK}2569 – {day})", 90, REGULAR, 10)
    assert any(day in line for line in lines)


def test_line_breaks_in_the_text_are_kept() -> None:
    assert break_lines("บรรทัดแรก\nบรรทัดที่สอง", 400, REGULAR, 10) == (
        "บรรทัดแรก",
        "บรรทัดที่สอง",
    )


def test_thai_is_shaped_and_the_rest_left_alone() -> None:
    assert shaped("1,234.50", REGULAR, 10) == "1,234.50"
    lowered = shaped("ผู้บริหารท้องถิ่น", REGULAR, 10)  # a tone mark moved down
    assert type(lowered).__name__ == "ShapedStr"  # carries its glyphs' positions
    stacked = shaped("ที่นี่", REGULAR, 10)  # tone marks above upper vowels: other glyphs
    assert stacked != "ที่นี่"
    assert len(stacked) == len("ที่นี่")


def test_thai_dates_moments_and_periods() -> None:
    assert thai_date(date(2026, 11, 22)) == f"22{NO_BREAK}พ.ย.{NO_BREAK}2569"
    assert thai_date(date(2026, 11, 22), long=True).replace(NO_BREAK, " ") == "22 พฤศจิกายน 2569"
    moment = datetime(2027, 1, 15, 3, 5, tzinfo=UTC)  # 10:05 in Bangkok
    assert thai_moment(moment).replace(NO_BREAK, " ") == "15 มกราคม 2570 เวลา 10:05 น."
    assert period_text(2570, 2).replace(NO_BREAK, " ") == ("ไตรมาสที่ 2 (1 ม.ค. 2570 – 31 มี.ค. 2570)")
    assert period_text(2570, None).replace(NO_BREAK, " ") == (
        "ทั้งปีงบประมาณ (1 ต.ค. 2569 – 30 ก.ย. 2570)"
    )


def test_a_word_too_wide_for_a_narrow_cell_is_made_smaller_not_cut() -> None:
    style = TextStyle(size=8.5)
    word = "เฉพาะเจาะจง"
    narrow = width(word, REGULAR, 8.5) * 0.9
    lines, size = fit_lines(word, style, narrow)
    assert lines == (word,)
    assert size < 8.5
    assert width(word, REGULAR, size) <= narrow + 0.01
    lines, size = fit_lines("งบประมาณ เบิกจ่าย", style, 400)
    assert (lines, size) == (("งบประมาณ เบิกจ่าย",), 8.5)


def _corpus() -> list[str]:
    """The Thai the reports print: names of stages, methods, groups, types, statuses,
    the demo's projects, villages, problems and comments, and some hard cases."""
    from budget.demo import catalog
    from budget.domain.authority_types import AuthorityType
    from budget.domain.classification import BudgetGroup
    from budget.domain.procurement import Method, Stage
    from budget.wording import REPORT_STATUS, REPORT_STEP, ROLE

    texts = [e.name_th for kind in (Stage, Method, BudgetGroup, AuthorityType) for e in kind]
    texts += [th for th, _ in (*REPORT_STATUS.values(), *REPORT_STEP.values(), *ROLE.values())]
    texts += [t.name for t in catalog.PROJECTS] + list(catalog.VILLAGES)
    texts += [*catalog.REPORT_PROBLEMS, *catalog.RETURN_COMMENTS]
    texts += ["ที่นี่ น้ำ ปั้น ญี่ปุ่น ฐิ ฎีกา ป้ำ กำลัง ผู้ใหญ่", "หนึ่งล้านเอ็ดบาทถ้วน", LONG]
    return [t for t in texts if t]


@pytest.mark.parametrize("font", [REGULAR, "Sarabun-Bold"])
def test_our_shaping_is_reportlabs_to_a_hair(font: str) -> None:
    """The same glyphs as reportlab's shapeStr; placed as it places them, or as plain
    text when it moves none by more than NUDGE thousandths of the size sideways."""
    from reportlab.pdfbase.ttfonts import shapeStr

    from budget.reports.fonts import NUDGE, shape

    plain = 0
    for text in _corpus():
        for size in (8.5, 11.0):
            ours, theirs = shape(text, font, size), shapeStr(text, font, size)
            assert str(ours) == str(theirs), text
            placed = getattr(theirs, "__shapeData__", None)
            if hasattr(ours, "__shapeData__"):
                assert ours.__shapeData__ == placed  # type: ignore[attr-defined]
            elif placed is not None:
                plain += 1
                assert all(d.y_offset == 0 and abs(d.x_offset) <= NUDGE for d in placed)
    assert plain  # the shortcut is taken
