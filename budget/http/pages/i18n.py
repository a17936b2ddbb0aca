"""Thai first, English on request: the words of the pages, and how dates, amounts and
the domain's codes are shown (B.E. dates with Thai month names, amounts with separators).

The language is the `lang` cookie (`th` unless it says `en`); `/language/en` sets it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from budget.domain.access import Role
from budget.domain.authority_types import AuthorityType
from budget.domain.calendar import BANGKOK
from budget.domain.classification import BudgetGroup
from budget.domain.fiscal import BE_OFFSET, THAI_MONTHS_LONG, THAI_MONTHS_SHORT
from budget.domain.procurement import Method, Stage

LANG_COOKIE = "lang"
LANGS = ("th", "en")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

STAGE_EN = {
    Stage.PLANNED: "Budgeted",
    Stage.PLAN_PUBLISHED: "Procurement plan published",
    Stage.REPORT_APPROVED: "Procurement report approved",
    Stage.TOR_SET: "TOR and reference price set",
    Stage.INVITATION_ANNOUNCED: "Invitation announced",
    Stage.BIDS_EVALUATED: "Bids evaluated",
    Stage.WINNER_ANNOUNCED: "Winner announced",
    Stage.CONTRACT_SIGNED: "Contract signed",
    Stage.INSPECTED: "Delivered and inspected",
    Stage.PAID: "Paid in full",
    Stage.CLOSED: "Closed",
    Stage.CANCELLED: "Cancelled",
}
METHOD_EN = {
    Method.E_MARKET: "e-market",
    Method.E_BIDDING: "e-bidding",
    Method.PRICE_QUOTATION: "Price quotation",
    Method.SELECTION: "Selection",
    Method.SPECIFIC: "Specific",
}
STATUS = {
    "draft": ("ร่าง", "Draft"),
    "submitted": ("ส่งแล้ว รอตรวจ", "Submitted, awaiting review"),
    "returned": ("ส่งกลับให้แก้ไข", "Returned for revision"),
    "accepted": ("รับรองแล้ว", "Accepted"),
}
ROLES = {
    Role.LAO_FINANCE: ("เจ้าหน้าที่การเงิน อปท.", "LAO finance staff"),
    Role.LAO_EXECUTIVE: ("ผู้บริหาร อปท.", "LAO executive"),
    Role.PROVINCIAL_REVIEWER: ("ผู้ตรวจรายงาน สถจ.", "Provincial reviewer"),
    Role.DLA_EXECUTIVE: ("ผู้บริหาร กสถ.", "DLA executive"),
    Role.AUDITOR: ("ผู้ตรวจสอบ", "Auditor"),
    Role.DLA_ADMINISTRATOR: ("ผู้ดูแลระบบ กสถ.", "DLA administrator"),
    Role.SYSTEM: ("ระบบ", "System"),
}


def lang_of(cookies: dict[str, str]) -> str:
    return "en" if cookies.get(LANG_COOKIE) == "en" else "th"


def thai_date(day: date | None, lang: str = "th", *, long: bool = False) -> str:
    """`22 พ.ย. 2569` (B.E.), `22 พฤศจิกายน 2569`; in English `22 Nov 2026`."""
    if day is None:
        return "–"
    if isinstance(day, datetime):
        day = day.astimezone(BANGKOK).date() if day.tzinfo else day.date()
    if lang == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    months = THAI_MONTHS_LONG if long else THAI_MONTHS_SHORT
    return f"{day.day} {months[day.month - 1]} {day.year + BE_OFFSET}"


def thai_moment(moment: datetime | None, lang: str = "th") -> str:
    """A recorded moment in Bangkok time: `22 พ.ย. 2569 14:05:09 น.`."""
    if moment is None:
        return "–"
    local = moment.astimezone(BANGKOK)
    clock = local.strftime("%H:%M:%S")
    return f"{thai_date(local.date(), lang)} {clock}" + ("" if lang == "en" else " น.")


def date_field(day: date | None) -> str:
    """A date as the forms take it: `23/11/2569` (day/month/B.E. year)."""
    if day is None:
        return ""
    return f"{day.day:02d}/{day.month:02d}/{day.year + BE_OFFSET}"


def money(amount: Decimal | int | None) -> str:
    """`1,234,567.89` (none: a dash)."""
    if amount is None:
        return "–"
    return f"{Decimal(amount):,.2f}"


def percent(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return f"{Decimal(value):,.1f}%"


def stage_name(value: str, lang: str = "th") -> str:
    try:
        stage = Stage(value)
    except ValueError:
        return value
    return STAGE_EN[stage] if lang == "en" else stage.name_th


def method_name(value: str, lang: str = "th") -> str:
    try:
        method = Method(value)
    except ValueError:
        return value
    return METHOD_EN[method] if lang == "en" else method.name_th


def group_name(value: str, lang: str = "th") -> str:
    if value == "all":
        return "ทุกงบ" if lang == "th" else "All groups"
    try:
        group = BudgetGroup(value)
    except ValueError:
        return value
    return value.replace("_", " ").capitalize() if lang == "en" else group.name_th


def type_name(value: str, lang: str = "th") -> str:
    try:
        kind = AuthorityType(value)
    except ValueError:
        return value
    return value.replace("_", " ").upper() if lang == "en" else kind.name_th


def status_name(value: str, lang: str = "th") -> str:
    th, en = STATUS.get(value, (value, value))
    return en if lang == "en" else th


def role_name(role: Role, lang: str = "th") -> str:
    th, en = ROLES[role]
    return en if lang == "en" else th


def period_name(key: str, lang: str = "th") -> str:
    """`2570-Q1` → `ไตรมาส 1/2570`; `2570-M11` → `พฤศจิกายน 2569`."""
    year, _, part = key.partition("-")
    if part.startswith("Q"):
        return f"Q{part[1:]} FY {year}" if lang == "en" else f"ไตรมาส {part[1:]}/{year}"
    if part.startswith("M") and year.isdigit() and part[1:].isdigit():
        month = int(part[1:])
        be_year = int(year) - (1 if month >= 10 else 0)
        if lang == "en":
            return f"{EN_MONTHS[month - 1]} {be_year - BE_OFFSET}"
        return f"{THAI_MONTHS_LONG[month - 1]} {be_year}"
    return key


def size_band_name(band: str, lang: str = "th") -> str:
    """A peer group's budget size: `20m-50m` → `งบ 20–50 ล้านบาท`."""
    low, _, high = band.removesuffix("+").partition("-")
    low, high = low.removesuffix("m"), high.removesuffix("m")
    if not low.isdigit() or (high and not high.isdigit()):
        return band
    if lang == "en":
        return f"{low}–{high} million baht" if high else f"{int(low):,} million baht and more"
    if not high:
        return f"งบ {int(low):,} ล้านบาทขึ้นไป"
    return f"งบไม่เกิน {high} ล้านบาท" if low == "0" else f"งบ {low}–{int(high):,} ล้านบาท"


def filters() -> dict[str, Any]:
    """The Jinja filters: `{{ day|thai_date(lang) }}`, `{{ amount|money }}`, ..."""
    return {
        "thai_date": thai_date,
        "thai_moment": thai_moment,
        "date_field": date_field,
        "money": money,
        "percent": percent,
        "stage_name": stage_name,
        "method_name": method_name,
        "group_name": group_name,
        "type_name": type_name,
        "status_name": status_name,
        "period_name": period_name,
        "event_name": event_name,
        "size_band_name": size_band_name,
    }


EVENTS_TH = {
    "Accepted": "รับรองรายงาน",
    "BidsEvaluated": "พิจารณาข้อเสนอ",
    "Cancelled": "ยกเลิก",
    "CarriedFundsCancelled": "ยกเลิกเงินกัน",
    "CarriedOver": "กันเงินไว้เบิกเหลื่อมปี",
    "Closed": "ปิด",
    "ContractCommitted": "ก่อหนี้ผูกพันตามสัญญา",
    "ContractSigned": "ลงนามในสัญญา",
    "Created": "สร้าง",
    "Disbursed": "เบิกจ่ายจากรายการ",
    "DisbursementCorrected": "แก้ไขยอดเบิกจ่ายของรายการ",
    "DraftLineAdded": "เพิ่มรายการในร่าง",
    "Drafted": "จัดทำร่าง",
    "Enacted": "ประกาศใช้",
    "ExpenditureCorrected": "แก้ไขรายจ่าย",
    "ExpenditureRecorded": "บันทึกรายจ่าย",
    "FundsCarriedOver": "กันเงิน",
    "FundsReleased": "คืนเงินสู่รายการ",
    "FundsReserved": "กันงบให้โครงการ",
    "FundsTransferred": "โอนงบประมาณ",
    "InstallmentInspected": "ตรวจรับงาน",
    "InvitationAnnounced": "ประกาศเชิญชวน",
    "Merged": "ควบรวม",
    "PasswordSet": "ตั้งรหัสผ่าน",
    "PaymentCorrected": "แก้ไขการเบิกจ่าย",
    "PaymentRecorded": "บันทึกการเบิกจ่าย",
    "Planned": "ตั้งโครงการ",
    "ProcurementPlanPublished": "ประกาศแผนจัดซื้อจัดจ้าง",
    "ProcurementReportApproved": "อนุมัติรายงานขอซื้อขอจ้าง",
    "Registered": "ขึ้นทะเบียน",
    "Renamed": "เปลี่ยนชื่อ",
    "Resubmitted": "ส่งรายงานอีกครั้ง",
    "Returned": "ส่งกลับให้แก้ไข",
    "Revised": "แก้ไขรายงาน",
    "RoleGranted": "มอบบทบาท",
    "RoleRevoked": "ถอนบทบาท",
    "SignedOff": "ผู้บริหารลงนามรับรอง",
    "StageDateCorrected": "แก้ไขวันที่ของขั้นตอน",
    "Submitted": "ส่งรายงาน",
    "SupplementaryBudgetEnacted": "ประกาศใช้งบเพิ่มเติม",
    "TargetsSet": "กำหนดเป้าหมาย",
    "TermsOfReferenceSet": "กำหนด TOR และราคากลาง",
    "TypeChanged": "เปลี่ยนประเภท",
    "WinnerAnnounced": "ประกาศผู้ชนะ",
    "YearClosed": "ปิดปีงบประมาณ",
}


def event_name(event_type: str, lang: str = "th") -> str:
    """`Project.PaymentRecorded` → `บันทึกการเบิกจ่าย` (English: `Payment recorded`)."""
    _, _, name = event_type.rpartition(".")
    if lang == "en":
        spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in name).strip()
        return spaced[:1].upper() + spaced[1:]
    return EVENTS_TH.get(name, name)
