"""Amounts of baht in Thai words, as official documents spell out their totals.

``1.01`` is หนึ่งบาทหนึ่งสตางค์, ``21,000,000`` is ยี่สิบเอ็ดล้านบาทถ้วน, ``0.50`` is
ห้าสิบสตางค์. The digit 1 in the units place reads เอ็ด when a higher place of the same
number is not zero (11 สิบเอ็ด, 101 หนึ่งร้อยเอ็ด, 1,000,001 หนึ่งล้านเอ็ด) and หนึ่ง
when it stands alone (1 บาท, 1 สตางค์, 1,000,000 หนึ่งล้าน); a 2 in the tens place reads
ยี่ and a 1 there reads สิบ alone. Baht and satang are two numbers: 1.01 has one satang,
not "เอ็ด" satang. The PyPI ``bahttext`` goes through float and gets that wrong.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = ("ศูนย์", "หนึ่ง", "สอง", "สาม", "สี่", "ห้า", "หก", "เจ็ด", "แปด", "เก้า")
PLACES = ("", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน")
MILLION = 1_000_000
SATANG = Decimal("0.01")


def _below_million(number: int, *, after_higher: bool) -> str:
    """0 < `number` < 1,000,000 in words; `after_higher`: a higher place (millions) is
    not zero, so a units 1 reads เอ็ด."""
    words = []
    digits = str(number)
    for index, char in enumerate(digits):
        digit = int(char)
        place = len(digits) - 1 - index
        if digit == 0:
            continue
        if place == 1:
            words.append({1: "", 2: "ยี่"}.get(digit, DIGITS[digit]) + "สิบ")
        elif place == 0 and digit == 1 and (number > 9 or after_higher):
            words.append("เอ็ด")
        else:
            words.append(DIGITS[digit] + PLACES[place])
    return "".join(words)


def number_text(number: int) -> str:
    """A whole number in Thai words: 0 ศูนย์, 21 ยี่สิบเอ็ด, 1,000,001 หนึ่งล้านเอ็ด."""
    if number < 0:
        return "ลบ" + number_text(-number)
    if number == 0:
        return DIGITS[0]
    return _spell(number, after_higher=False)


def _spell(number: int, *, after_higher: bool) -> str:
    millions, rest = divmod(number, MILLION)
    text = _spell(millions, after_higher=after_higher) + "ล้าน" if millions else ""
    if rest:
        text += _below_million(rest, after_higher=after_higher or millions > 0)
    return text


def baht_text(amount: Decimal | int | str) -> str:
    """An amount of baht (at most two decimal places) in Thai words; floats are refused
    (they cannot hold satang exactly)."""
    if isinstance(amount, float | bool):
        raise ValueError(f"{amount!r}: give baht as a Decimal, int or str, not a float")
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{amount!r} is not an amount of baht") from None
    if not value.is_finite() or value != value.quantize(SATANG):
        raise ValueError(f"{amount!r} is not a whole number of satang")
    if value < 0:
        return "ลบ" + baht_text(-value)
    satang_total = int(value.scaleb(2))
    baht, satang = divmod(satang_total, 100)
    if satang == 0:
        return number_text(baht) + "บาทถ้วน"
    satang_words = number_text(satang) + "สตางค์"
    return (number_text(baht) + "บาท" if baht else "") + satang_words
