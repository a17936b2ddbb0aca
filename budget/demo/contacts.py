"""The demo LAOs' contacts: an officer's Thai name, an office landline on the province's
real area code and an e-saraban address, drawn from the LAO's code (the same code, the
same contact). Made up: no such person, and no mail is ever sent."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import replace

from budget.domain.contact import Contact
from budget.registry.records import AuthorityRecord

# Landline area codes of the provinces (the Bangkok area's 02; the others 0XX), by the
# province's geography code. A province not listed (none today) gets Bangkok's.
_AREA = {
    **dict.fromkeys(("10", "11", "12", "13"), "2"),
    **dict.fromkeys(("14", "15", "72"), "35"),
    **dict.fromkeys(("16", "17", "19"), "36"),
    **dict.fromkeys(("18", "60", "61", "66", "67"), "56"),
    **dict.fromkeys(("20", "21", "24"), "38"),
    **dict.fromkeys(("22", "23"), "39"),
    **dict.fromkeys(("25", "26", "27"), "37"),
    **dict.fromkeys(("30", "31", "32", "36"), "44"),
    **dict.fromkeys(("33", "34", "35", "37"), "45"),
    **dict.fromkeys(("38", "39", "41", "42", "43", "47", "48", "49"), "42"),
    **dict.fromkeys(("40", "44", "45", "46"), "43"),
    **dict.fromkeys(("50", "51", "57", "58"), "53"),
    **dict.fromkeys(("52", "54", "55", "56"), "54"),
    **dict.fromkeys(("53", "62", "63", "64", "65"), "55"),
    **dict.fromkeys(("70", "76", "77"), "32"),
    **dict.fromkeys(("71", "73", "74", "75"), "34"),
    **dict.fromkeys(("80", "81", "92"), "75"),
    **dict.fromkeys(("82", "83"), "76"),
    **dict.fromkeys(("84", "85", "86"), "77"),
    **dict.fromkeys(("90", "91", "93"), "74"),
    **dict.fromkeys(("94", "95", "96"), "73"),
}
_MEN = ("สมชาย", "ประเสริฐ", "วิชัย", "สุรชัย", "อนุชา", "ธนากร", "พงษ์ศักดิ์", "ณรงค์", "กิตติพงษ์", "บุญเลิศ")
_WOMEN = ("สมศรี", "วราภรณ์", "กาญจนา", "สุนิสา", "พรทิพย์", "นภาพร", "อรุณี", "จิราพร", "รัตนา", "ศิริพร")
_SURNAMES = (
    "ใจดี",
    "มีสุข",
    "ศรีสวัสดิ์",
    "บุญมา",
    "แก้วมณี",
    "ทองดี",
    "สายสุวรรณ",
    "วงศ์ใหญ่",
    "จันทร์เพ็ญ",
    "พรหมมา",
    "อินทร์แก้ว",
    "ชัยมงคล",
)


def demo_contact(authority: AuthorityRecord) -> Contact:
    """The LAO's made-up contact, the same for the same code."""
    draw = random.Random(f"contact/{authority.code}")
    if draw.random() < 0.5:
        officer = f"นาย{draw.choice(_MEN)} {draw.choice(_SURNAMES)}"
    else:
        officer = f"{draw.choice(('นาง', 'นางสาว'))}{draw.choice(_WOMEN)} {draw.choice(_SURNAMES)}"
    area = _AREA.get(authority.province_code, "2")
    digits = f"{area}{draw.randrange(10 ** (8 - len(area))):0{8 - len(area)}d}"
    phone = f"0 {digits[:4]} {digits[4:]}"
    return Contact(officer=officer, phone=phone, email=f"saraban_{authority.code}@dla.go.th")


def with_demo_contacts(authorities: Iterable[AuthorityRecord]) -> list[AuthorityRecord]:
    """The records, each given its made-up contact unless it has one."""
    return [
        a if a.contact is not None else replace(a, contact=demo_contact(a)) for a in authorities
    ]
