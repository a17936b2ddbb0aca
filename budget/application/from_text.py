"""Commands from what people type: a form's fields, a spreadsheet's cells.

Text is read field by field by the type the command declares (amounts with thousands
separators, dates in B.E. or C.E., whole numbers, choices by their value, text within
its length), each wrong field getting its own message in Thai and English; then msgspec
builds the command, checking the rest of its rules (patterns, bounds, `__post_init__`).
One reader of typed text for every door that is not JSON.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

import msgspec
from msgspec import inspect

from budget.application.field_thai import in_thai
from budget.application.fields import MAX_AMOUNT, MoneyText, decode_money, is_money
from budget.domain.fiscal import BE_OFFSET

S = TypeVar("S", bound=msgspec.Struct)
_THAI_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NUMBER = re.compile(r"[0-9]{1,10}")
_AT_FIELD = re.compile(r"at `\$\.(\w+)")
_NAMED = re.compile(r"^(\w+): ")
REQUIRED = ("กรุณากรอกช่องนี้", "Please fill this in")
# The field of a command a refused rule is about, by the rule's code: a form shows the
# refusal beside it, a workbook's reconciliation names its column (else the row's date).
FIELD_OF_CODE = {
    "invalid_amount": "amount",
    "insufficient_funds": "amount",
    "payment_exceeds_installment": "amount",
    "payment_exceeds_contract": "amount",
    "installments_do_not_add_up": "amount",
    "exceeds_carried_amount": "amount",
    "exceeds_previous_ordinance": "amount",
    "duplicate_voucher": "voucher",
    "duplicate_receipt": "reference",
    "funding_not_allowed": "source",
    "installment_not_found": "installment",
    "installment_not_inspected": "installment",
    "installment_already_inspected": "installment",
    "date_outside_fiscal_year": "business_date",
    "date_before_previous_stage": "business_date",
    "payment_date_not_allowed": "business_date",
    "inside_appeal_window": "business_date",
    "reason_required": "reason",
    "comments_required": "comments",
    "public_hearing_required": "public_hearing_ended_on",
    "too_few_invited_firms": "invited_firms",
    "method_does_not_fit_amount": "method",
    "no_such_line": "line_code",
    "not_spendable_before_enactment": "line_code",
    "event_not_correctable": "payment_version",
    "holiday_already_recorded": "day",
    "not_a_working_day": "day",
}


class FieldProblem(Exception):  # noqa: N818 - collected, never escapes a Checker
    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


def whole_number(raw: str, least: int, most: int) -> int | None:
    """The number `raw` writes, if it is one within [least, most]; else None. Only ASCII
    digits, at most ten (`str.isdigit` also takes `²`, which `int` refuses, and a
    5,000-digit number is refused before any conversion)."""
    if _NUMBER.fullmatch(raw) is None:
        return None
    value = int(raw)
    return value if least <= value <= most else None


def parse_amount(raw: str) -> Decimal:
    """`1,234,567.50` or `฿1,234,567.50 บาท`: thousands separators, spaces and the baht
    sign are taken out, then the text must pass the API's one strict check
    (budget.application.fields.decode_money): ASCII digits, at most two decimals."""
    cleaned = raw.replace(",", "").replace(" ", "").replace("฿", "").replace("บาท", "")
    try:
        amount: Decimal = decode_money(MoneyText, cleaned)
    except ValueError:
        raise FieldProblem(
            "จำนวนเงินไม่ถูกต้อง กรอกเป็นตัวเลขไม่ติดลบ ทศนิยมไม่เกินสองตำแหน่ง เช่น 1,234.50",
            "Not an amount: a non-negative number with at most two decimals, e.g. 1,234.50",
        ) from None
    if amount > MAX_AMOUNT:
        raise FieldProblem("จำนวนเงินมากเกินไป", "The amount is too large")
    return amount


def parse_day(raw: str) -> date:
    """`23/11/2569` (B.E.), `23/11/2026`, or `2026-11-23`."""
    problem = FieldProblem(
        "วันที่ไม่ถูกต้อง กรอกเป็น วว/ดด/ปปปป (พ.ศ.) เช่น 23/11/2569",
        "Not a date: write dd/mm/yyyy (B.E. or C.E.), e.g. 23/11/2569",
    )
    thai, iso = _THAI_DAY.match(raw), _ISO_DAY.match(raw)
    if thai is not None:
        day, month, year = (int(part) for part in thai.groups())
        if year > 2400:
            year -= BE_OFFSET
    elif iso is not None:
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise problem
    try:
        found = date(year, month, day)
    except ValueError:
        raise problem from None
    if not 2000 <= found.year <= 2100:
        raise problem
    return found


@functools.cache
def _fields(kind: type[msgspec.Struct]) -> tuple[tuple[str, inspect.Type, bool], ...]:
    """A Struct's fields: name, type (an optional's inner type, a description's type) and
    whether it is required (msgspec's inspection, done once per class)."""
    info = inspect.type_info(kind)
    assert isinstance(info, inspect.StructType)
    found = []
    for field in info.fields:
        kind_of, required = field.type, field.required
        if isinstance(kind_of, inspect.Metadata):
            kind_of = kind_of.type
        if isinstance(kind_of, inspect.UnionType):
            inner = [t for t in kind_of.types if not isinstance(t, inspect.NoneType)]
            if len(inner) == 1:
                kind_of, required = inner[0], False
        if isinstance(kind_of, inspect.Metadata):
            kind_of = kind_of.type
        found.append((field.name, kind_of, required))
    return tuple(found)


@functools.cache
def _choices(kind: type[Enum]) -> frozenset[str]:
    return frozenset(str(member.value) for member in kind)


class Checker:
    """Reads typed values into Python ones, collecting a message per bad field."""

    def __init__(self, values: Mapping[str, str], lang: str) -> None:
        self.values = values
        self.lang = lang
        self.errors: dict[str, str] = {}  # in the checker's language
        self.problems: dict[str, tuple[str, str]] = {}  # in Thai and English

    def fail(self, name: str, th: str, en: str) -> None:
        self.errors.setdefault(name, en if self.lang == "en" else th)
        self.problems.setdefault(name, (th, en))

    def _read(self, name: str, required: bool, parse: Callable[[str], Any]) -> Any:
        raw = self.values.get(name, "")
        if not raw:
            if required:
                self.fail(name, *REQUIRED)
            return None
        try:
            return parse(raw)
        except FieldProblem as problem:
            self.fail(name, problem.th, problem.en)
            return None

    def text(self, name: str, *, required: bool = True, limit: int = 2000) -> str:
        def parse(raw: str) -> str:
            if len(raw) > limit:
                raise FieldProblem(f"ยาวเกิน {limit:,} ตัวอักษร", f"Longer than {limit:,} characters")
            return raw

        found = self._read(name, required, parse)
        return found if isinstance(found, str) else ""

    def amount(self, name: str, *, required: bool = True) -> Decimal | None:
        found = self._read(name, required, parse_amount)
        return found if isinstance(found, Decimal) else None

    def day(self, name: str, *, required: bool = False) -> date | None:
        found = self._read(name, required, parse_day)
        return found if isinstance(found, date) else None

    def number(
        self, name: str, *, required: bool = True, least: int = 0, most: int = 1_000_000
    ) -> int | None:
        def parse(raw: str) -> int:
            value = whole_number(raw, least, most)
            if value is None:
                raise FieldProblem(
                    f"กรุณากรอกจำนวนเต็มตั้งแต่ {least} ถึง {most:,}",
                    f"Give a whole number from {least} to {most:,}",
                )
            return value

        found = self._read(name, required, parse)
        return found if isinstance(found, int) else None

    def choice(self, name: str, kind: type[Enum], *, required: bool = True) -> str | None:
        def parse(raw: str) -> str:
            if raw not in _choices(kind):
                raise FieldProblem("ไม่มีตัวเลือกนี้", "Not one of the choices")
            return raw

        found = self._read(name, required, parse)
        return found if isinstance(found, str) else None

    def flag(self, name: str) -> bool:
        """A checkbox: ticked when sent with any value but "false"/"0"."""
        return self.values.get(name, "") not in {"", "0", "false", "off"}

    def read(self, name: str, kind: inspect.Type, required: bool) -> Any:
        """The typed text of one field, read by the type the command declares."""
        if isinstance(kind, inspect.Metadata):  # a description or title: the type inside
            return self.read(name, kind.type, required)
        if isinstance(kind, inspect.UnionType):
            inner = [t for t in kind.types if not isinstance(t, inspect.NoneType)]
            if len(inner) == 1:
                return self.read(name, inner[0], required=False)
        if isinstance(kind, inspect.DecimalType) or (
            isinstance(kind, inspect.CustomType) and is_money(kind.cls)
        ):
            return self.amount(name, required=required)
        if isinstance(kind, inspect.DateType):
            return self.day(name, required=required)
        if isinstance(kind, inspect.IntType):
            least = kind.ge if kind.ge is not None else 0
            most = kind.le if kind.le is not None else 1_000_000
            return self.number(name, required=required, least=least, most=most)
        if isinstance(kind, inspect.BoolType):
            return self.flag(name)
        if isinstance(kind, inspect.EnumType):
            return self.choice(name, kind.cls, required=required)
        if isinstance(kind, inspect.StrType):
            return self.text(name, required=required, limit=kind.max_length or 100_000)
        msg = f"{name}: a {type(kind).__name__} is not read from text; give it"
        raise TypeError(msg)

    def command(
        self,
        kind: type[S],
        *,
        given: Mapping[str, Any] | None = None,
        names: Mapping[str, str] | None = None,
    ) -> S | None:
        """The command (or payload) `kind` from the typed text, or None with a message
        beside each wrong field. `given` holds the fields the door knows itself (the
        record a form is about, parts read otherwise); `names` maps a field to the
        name it has in the text where the two differ."""
        known = dict(given or {})
        renamed = dict(names or {})
        values: dict[str, Any] = {}
        for name, kind_of, required in _fields(kind):
            if name in known:
                values[name] = known[name]
                continue
            found = self.read(renamed.get(name, name), kind_of, required)
            if found is not None and found != "":
                values[name] = found
        if self.errors:
            return None
        try:
            return msgspec.convert(values, type=kind, dec_hook=decode_money)
        except msgspec.ValidationError as error:
            self._place(str(error), renamed)
            return None

    def _place(self, message: str, renamed: Mapping[str, str]) -> None:
        """msgspec's message beside the field it names (else under the form's name)."""
        found = _AT_FIELD.search(message) or _NAMED.match(message)
        field = found.group(1) if found else ""
        name = renamed.get(field, field) if field else "form"
        self.fail(name, in_thai(message), f"Not valid: {message}")
