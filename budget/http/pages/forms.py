"""Forms: read what was typed, check it field by field (messages in Thai and English),
run the command once per form (its hidden key is an idempotency key, so pressing
"send" twice or reloading records once), and put a refused rule's message next to the
field it is about.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import msgspec
from litestar import Request
from sqlalchemy.exc import OperationalError

from budget.application import Recorded
from budget.domain.access import Actor
from budget.domain.errors import DomainError
from budget.domain.fiscal import BE_OFFSET
from budget.http.idempotency import KeptResponse, request_hash
from budget.http.problems import HttpProblem
from budget.http.services import Services
from budget.http.sessions import Session
from budget.http.writes import busy

KEY_FIELD = "form_key"
VERSION_FIELD = "version"
NOT_VALUES = frozenset({"_csrf_token", KEY_FIELD})
MAX_FIELD = 4000
_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
_THAI_DAY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

# The field a refused rule is about (else it is shown above the form).
FIELD_OF_CODE = {
    "invalid_amount": "amount",
    "insufficient_funds": "amount",
    "payment_exceeds_installment": "amount",
    "installments_do_not_add_up": "amount",
    "exceeds_carried_amount": "amount",
    "duplicate_voucher": "voucher",
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
    "event_not_correctable": "payment_version",
}
STALE = (
    "ข้อมูลถูกบันทึกเปลี่ยนแปลงหลังจากเปิดหน้านี้ กรุณาตรวจสอบแล้วส่งอีกครั้ง",
    "The record changed after this page was opened: check it and send again",
)


class FieldProblem(Exception):  # noqa: N818 - collected, never escapes a Checker
    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


@dataclass(slots=True)
class Form:
    """One form's state: what was typed, the messages per field, its key."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    general: str = ""
    key: str = field(default_factory=lambda: str(uuid.uuid4()))

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.general)


async def read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted fields (the first of each name), trimmed and bounded."""
    data = await request.form()
    values: dict[str, str] = {}
    for name in data:
        raw = data.get(name)
        if isinstance(raw, str) and name not in values:
            values[name] = raw.strip()[:MAX_FIELD]
    return values


class Checker:
    """Reads typed values into Python ones, collecting a message per bad field."""

    def __init__(self, values: dict[str, str], lang: str) -> None:
        self.values = values
        self.lang = lang
        self.errors: dict[str, str] = {}

    def _fail(self, name: str, problem: FieldProblem) -> None:
        self.errors.setdefault(name, problem.en if self.lang == "en" else problem.th)

    def _read(self, name: str, required: bool, parse: Callable[[str], Any]) -> Any:
        raw = self.values.get(name, "")
        if not raw:
            if required:
                self._fail(name, FieldProblem("กรุณากรอกช่องนี้", "Please fill this in"))
            return None
        try:
            return parse(raw)
        except FieldProblem as problem:
            self._fail(name, problem)
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

    def number(self, name: str, *, required: bool = True, least: int = 0) -> int | None:
        def parse(raw: str) -> int:
            if not raw.isdigit() or int(raw) < least or int(raw) > 1_000_000:
                raise FieldProblem(
                    f"กรุณากรอกจำนวนเต็มตั้งแต่ {least} ขึ้นไป",
                    f"Give a whole number of at least {least}",
                )
            return int(raw)

        found = self._read(name, required, parse)
        return found if isinstance(found, int) else None


def parse_amount(raw: str) -> Decimal:
    """`1,234,567.50` (separators and a baht sign allowed)."""
    cleaned = raw.replace(",", "").replace(" ", "").replace("฿", "").replace("บาท", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise FieldProblem(
            "จำนวนเงินไม่ถูกต้อง กรอกเป็นตัวเลขไม่ติดลบ ทศนิยมไม่เกินสองตำแหน่ง เช่น 1,234.50",
            "Not an amount: a non-negative number with at most two decimals, e.g. 1,234.50",
        )
    if amount >= Decimal("1e13"):
        raise FieldProblem("จำนวนเงินมากเกินไป", "The amount is too large")
    return amount.quantize(Decimal("0.01"))


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


def domain_message(error: DomainError, lang: str) -> str:
    return error.english if lang == "en" else error.thai


def place_error(form: Form, error: DomainError, lang: str) -> None:
    """A refused rule's message beside its field, or above the form."""
    if error.code == "stale_version":
        form.general = STALE[1] if lang == "en" else STALE[0]
        return
    name = FIELD_OF_CODE.get(error.code)
    message = domain_message(error, lang)
    if name is not None and name in form.values:
        form.errors[name] = message
    else:
        form.general = message


def place_problem(form: Form, problem: HttpProblem, lang: str) -> None:
    form.general = problem.detail if lang == "en" else problem.detail_th


def expected_version(values: dict[str, str]) -> int | None:
    raw = values.get(VERSION_FIELD, "")
    return int(raw) if raw.isdigit() else None


def run_once(
    services: Services,
    request: Request[Session, Any, Any],
    values: dict[str, str],
    command: Callable[[Actor], Recorded],
    done: Callable[[Recorded], str],
) -> str:
    """Run a form's command once per form key; the URL to go on to (a resubmitted form
    gets the first answer's URL, nothing is recorded again). A refused command gives
    its key back, so the corrected form can be sent with it."""
    session: Session = request.user
    user = session.actor.user_id
    raw_key = values.get(KEY_FIELD, "")
    key = f"page:{raw_key}" if _KEY.match(raw_key) else None
    if key is not None:
        kept_values = {k: v for k, v in sorted(values.items()) if k not in NOT_VALUES}
        hashed = request_hash("POST", request.url.path, msgspec.json.encode(kept_values))
        try:
            kept = services.keys.claim(user, key, hashed)
        except OperationalError:  # the database is busy: nothing was claimed or recorded
            raise busy() from None
        if kept is not None:
            return kept.headers.get("Location", request.url.path)
    try:
        recorded = command(session.actor)
    except BaseException:
        if key is not None:
            services.keys.give_back(user, key)
        raise
    services.caught_up(recorded.position)
    url = done(recorded)
    if key is not None:
        services.keys.keep(user, key, KeptResponse(303, {"Location": url}, b""))
    return url
