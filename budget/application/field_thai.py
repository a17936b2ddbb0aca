"""What is wrong with a field, in Thai (issue 13, item 10: every `detail_th` wholly Thai).

msgspec and the commands' own checks say what is wrong with a field in English; the API's
400 problems and the forms show that field's problem in Thai from this one table. The
field's name stays as the client sent it (it names a key of the body, not a word). A
message not in the table reads "ค่าไม่ถูกต้อง" (the value is not valid) rather than show
English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from budget.application.fields import FIRST_DAY, LAST_DAY
from budget.domain.fiscal import BE_OFFSET

NOT_VALID = "ค่าไม่ถูกต้อง"
_KINDS = {
    "str": "ข้อความ",
    "int": "จำนวนเต็ม",
    "float": "ตัวเลข",
    "bool": "ค่าจริงหรือเท็จ",
    "object": "ออบเจกต์ของ JSON",
    "array": "รายการของ JSON",
    "null": "ค่าว่าง",
    "decimal": "ตัวเลข",
    "date": "วันที่",
    "datetime": "วันและเวลา",
    "uuid": "รหัสอ้างอิง",
}
_BOUNDS = {">=": "ต้องไม่น้อยกว่า", "<=": "ต้องไม่เกิน", ">": "ต้องมากกว่า", "<": "ต้องน้อยกว่า"}


def _be(day: object) -> str:
    text = str(day)
    return f"{int(text[:4]) + BE_OFFSET}{text[4:]}"


def _kind(name: str) -> str:
    return _KINDS.get(name, "ชนิดอื่น")


def _length(found: re.Match[str]) -> str:
    kind, bound, size = found.groups()
    unit = "ตัวอักษร" if kind == "str" else "รายการ"
    if bound == ">=" and size == "1":
        return "ต้องไม่เว้นว่าง"
    return f"{_BOUNDS[bound]} {int(size):,} {unit}"


_TABLE: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^Object missing required field"), lambda _: "ต้องระบุ"),
    (re.compile(r"^required$"), lambda _: "ต้องระบุ"),
    (re.compile(r"^a JSON body is required$"), lambda _: "ต้องส่งข้อมูลเป็น JSON"),
    (re.compile(r"^Object contains unknown field"), lambda _: "ไม่มีช่องนี้ในคำขอ"),
    (
        re.compile(r"^Expected `(str|array|object)` of length (>=|<=) (\d+)"),
        _length,
    ),
    (re.compile(r"^Expected `str` matching regex"), lambda _: "รูปแบบไม่ถูกต้อง"),
    (
        re.compile(r"^Expected `(?:int|float|decimal)` (>=|<=|>|<) (-?[\d.]+)"),
        lambda m: f"{_BOUNDS[m.group(1)]} {m.group(2)}",
    ),
    (
        re.compile(r"^Expected `(\w+)`(?: \| `\w+`)*, got `(\w+)`"),
        lambda m: f"ต้องเป็น{_kind(m.group(1))} ไม่ใช่{_kind(m.group(2))}",
    ),
    (re.compile(r"^Invalid RFC3339 encoded date$"), lambda _: "วันที่ต้องเป็นแบบ ปปปป-ดด-วว (ค.ศ.)"),
    (re.compile(r"^Invalid RFC3339 encoded datetime"), lambda _: "เวลาต้องระบุพร้อมเขตเวลา"),
    (re.compile(r"^Invalid UUID"), lambda _: "รหัสอ้างอิงไม่ถูกต้อง"),
    (re.compile(r"^Invalid enum value"), lambda _: "ไม่มีตัวเลือกนี้"),
    (
        re.compile(r"^an amount is a string of digits"),
        lambda _: 'จำนวนเงินต้องเป็นข้อความตัวเลข ทศนิยมไม่เกินสองตำแหน่ง เช่น "1234.50"',
    ),
    (re.compile(r"^an amount must be a number of at most"), lambda _: "จำนวนเงินมากเกินไป"),
    (
        re.compile(r"^a date must fall between"),
        lambda _: f"วันที่ต้องอยู่ระหว่าง {_be(FIRST_DAY)} ถึง {_be(LAST_DAY)} (พ.ศ.)",
    ),
    (re.compile(r"^offset must be 0 or more$"), lambda _: "ต้องเป็น 0 ขึ้นไป"),
    (re.compile(r"^limit must be 1 to (\d+)$"), lambda m: f"ต้องอยู่ระหว่าง 1 ถึง {m.group(1)}"),
    (re.compile(r"^a line may appear once"), lambda _: "รายการงบประมาณซ้ำกัน"),
    (re.compile(r"is not granted to people$"), lambda _: "บทบาทนี้มอบให้บุคคลไม่ได้"),
    (
        re.compile(r"^(?:JSON is malformed|Input data was truncated)"),
        lambda _: "ข้อมูลไม่ใช่ JSON ที่ถูกต้อง",
    ),
]
_AT = re.compile(r" - at `[^`]*`$")
_NAMED = re.compile(r"^\w+: ")  # a command's own check names its field first


def in_thai(message: str) -> str:
    """The Thai of one field's problem as msgspec or a command's check words it."""
    text = _NAMED.sub("", _AT.sub("", message.strip()))
    for pattern, say in _TABLE:
        found = pattern.search(text)
        if found is not None:
            return say(found)
    return NOT_VALID
