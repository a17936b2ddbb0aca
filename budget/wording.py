"""The words people read for the domain's codes, in Thai and English: stages, methods,
budget groups, LAO types, report statuses and review steps, roles and event names (a
contract's, and its kinds of amendment, in budget.wording_contracts). One table for the
pages (budget.http.pages.i18n) and the PDF reports (budget.reports).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any

from budget.domain.access import ANY_RECORD, EVERY_PROVINCE, NATION, Action, Role
from budget.domain.authority_types import AuthorityType
from budget.domain.classification import BudgetGroup
from budget.domain.fiscal import BE_OFFSET, THAI_MONTHS_LONG, thai_date
from budget.domain.funding import FundingKind, UnusedGoesTo, UnusedGrant
from budget.domain.procurement import Method, Stage
from budget.domain.report import ReportStatus
from budget.domain.revenue import RevenueCategory, RevenueGroup
from budget.wording_contracts import EVENTS_TH as CONTRACT_EVENTS_TH

EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

STAGE_EN = {
    Stage.PLANNED: "Budgeted",
    Stage.PLAN_PUBLISHED: "Procurement plan published",
    Stage.TOR_SET: "TOR and reference price set",
    Stage.REPORT_APPROVED: "Procurement report approved",
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
METHOD_SHORT = {  # a narrow column of a printed table
    "e_market": "e-market",
    "e_bidding": "e-bidding",
    "price_quotation": "สอบราคา",
    "selection": "คัดเลือก",
    "specific": "เฉพาะเจาะจง",
}
REPORT_STATUS_EN = {
    ReportStatus.DRAFT: "Draft",
    ReportStatus.SUBMITTED: "Submitted, awaiting review",
    ReportStatus.RETURNED: "Returned for revision",
    ReportStatus.ACCEPTED: "Accepted",
}


def _words(english: dict[Any, str]) -> dict[str, tuple[str, str]]:
    """A domain enum's words by its code: its own Thai (`name_th`), and `english`."""
    return {member.value: (member.name_th, en) for member, en in english.items()}


STAGE, METHOD, REPORT_STATUS = _words(STAGE_EN), _words(METHOD_EN), _words(REPORT_STATUS_EN)
REPORT_STEP = {
    "drafted": ("จัดทำร่างรายงาน", "Drafted"),
    "revised": ("แก้ไขรายงาน", "Revised"),
    "signed_off": ("ผู้บริหารลงนามรับรอง", "Signed off by the executive"),
    "submitted": ("ส่งรายงาน", "Submitted"),
    "resubmitted": ("ส่งรายงานอีกครั้ง", "Submitted again"),
    "returned": ("ส่งกลับให้แก้ไข", "Returned for revision"),
    "accepted": ("รับรองรายงาน", "Accepted"),
}
ROLE_EN = {
    Role.LAO_FINANCE: "LAO finance staff",
    Role.LAO_EXECUTIVE: "LAO executive",
    Role.PROVINCIAL_REVIEWER: "Provincial reviewer",
    Role.DISTRICT_OFFICE: "District office",
    Role.DLA_EXECUTIVE: "DLA executive",
    Role.AUDITOR: "Auditor",
    Role.DLA_ADMINISTRATOR: "DLA administrator",
    Role.SYSTEM: "System",
    Role.BACKFILL: "Back-filled from a workbook",
}
ROLE = _words(ROLE_EN)


def _said(words: dict[str, tuple[str, str]], code: str, lang: str) -> str:
    """`code`'s words of `words` (Thai, English) in `lang`; an unknown code as it is."""
    th, en = words.get(code, (code, code))
    return en if lang == "en" else th


def _name_th(kind: type[Enum], value: str) -> str | None:
    try:
        name: str = kind(value).name_th  # type: ignore[attr-defined]
    except ValueError:
        return None
    return name


def stage_name(value: str, lang: str = "th") -> str:
    return _said(STAGE, value, lang)


def method_name(value: str, lang: str = "th") -> str:
    return _said(METHOD, value, lang)


def method_short(value: str) -> str:
    """The method as a table's narrow column prints it (e-bidding, สอบราคา, ...)."""
    return METHOD_SHORT.get(value, method_name(value))


def group_name(value: str, lang: str = "th") -> str:
    if value == "all":
        return "ทุกงบ" if lang == "th" else "All groups"
    thai = _name_th(BudgetGroup, value)
    if thai is None:
        return value
    return value.replace("_", " ").capitalize() if lang == "en" else thai


def type_name(value: str, lang: str = "th") -> str:
    thai = _name_th(AuthorityType, value)
    if thai is None:
        return value
    return value.replace("_", " ").upper() if lang == "en" else thai


def status_name(value: str, lang: str = "th") -> str:
    return _said(REPORT_STATUS, value, lang)


def day_said(day: date, lang: str = "th", *, long: bool = False) -> str:
    """`22 พ.ย. 2569` (B.E.; `22 พฤศจิกายน 2569` long); in English `22 Nov 2026`."""
    if lang == "en":
        return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    return thai_date(day, long=long)


def period_name(key: str, lang: str = "th") -> str:
    """A report's period by its key: `2570-Q1` → `ไตรมาส 1/2570`; `2570-M11` →
    `พฤศจิกายน 2569` (English `Q1 FY 2570`, `Nov 2026`); a key it cannot read, as it is."""
    year, _, part = key.partition("-")
    if part.startswith("Q"):
        return f"Q{part[1:]} FY {year}" if lang == "en" else f"ไตรมาส {part[1:]}/{year}"
    if part.startswith("M") and year.isdigit() and part[1:].isdigit() and 1 <= int(part[1:]) <= 12:
        month = int(part[1:])
        be_year = int(year) - (1 if month >= 10 else 0)
        if lang == "en":
            return f"{EN_MONTHS[month - 1]} {be_year - BE_OFFSET}"
        return f"{THAI_MONTHS_LONG[month - 1]} {be_year}"
    return key


def step_name(value: str, lang: str = "th") -> str:
    return _said(REPORT_STEP, value, lang)


def role_name(role: Role | str, lang: str = "th") -> str:
    return _said(ROLE, role.value if isinstance(role, Role) else role, lang)


ACTION_EN = {
    Action.ENTER_BUDGET: "enter the budget",
    Action.APPROVE_TRANSFER: "approve a transfer",
    Action.ENTER_PROJECT: "enter a project",
    Action.PREPARE_REPORT: "prepare a report",
    Action.SIGN_OFF_REPORT: "sign off a report",
    Action.SUBMIT_REPORT: "submit a report",
    Action.REVIEW_REPORT: "review a report",
    Action.READ: "read the records",
    Action.READ_HISTORY: "read the history",
    Action.MANAGE_REGISTRY: "manage the registry",
    Action.MANAGE_ACCOUNTS: "manage accounts",
    Action.SET_TARGETS: "set the targets",
    Action.IMPORT_WORKBOOK: "import a workbook",
    Action.MANAGE_CALENDAR: "set the holidays and the reporting calendar",
}
ACTION = _words(ACTION_EN)
# Where a refusal happened when it is not an LAO's or a province's code (budget.domain.access).
SCOPE_EN = {NATION: "the whole country", ANY_RECORD: "any record", EVERY_PROVINCE: "every province"}


def action_name(action: Action | str, lang: str = "th") -> str:
    """What a role may or may not do: `read` → `ดูข้อมูล`."""
    return _said(ACTION, action.value if isinstance(action, Action) else action, lang)


def refusal_in_english(user: str, role: str, action: str, scope: str) -> str:
    """Why a person was refused, in English words (`NotPermitted`'s details): `reviewer
    (Provincial reviewer) may not read the history of the whole country`. In Thai the
    refusal's own message says it (budget.domain.access.not_permitted)."""
    where = SCOPE_EN.get(scope, scope)
    return f"{user} ({role_name(role, 'en')}) may not {action_name(action, 'en')} of {where}"


RECORD_KIND = {
    "Project": ("โครงการ", "Project"),
    "AnnualBudget": ("งบประมาณรายจ่ายประจำปี", "Annual budget"),
    "ProgressReport": ("รายงานผลการดำเนินงาน", "Progress report"),
    "UserAccount": ("บัญชีผู้ใช้", "User account"),
    "LocalAuthority": ("องค์กรปกครองส่วนท้องถิ่น", "Local authority"),
    "DisbursementTargets": ("เป้าหมายการเบิกจ่าย", "Disbursement targets"),
}


def record_kind_name(kind: str, lang: str = "th") -> str:
    """A kind of record (an aggregate's class): `Project` → `โครงการ`."""
    return _said(RECORD_KIND, kind, lang)


EVENTS_TH = {
    "Accepted": "รับรองรายงาน",
    "BidsEvaluated": "พิจารณาข้อเสนอ",
    "Cancelled": "ยกเลิก",
    "CarriedFundsCancelled": "ยกเลิกเงินกัน",
    "CarriedOver": "กันเงินไว้เบิกเหลื่อมปี",
    "Closed": "ปิด",
    "ContactSet": "กำหนดข้อมูลติดต่อ",
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
    "FundedLineAdded": "เพิ่มรายการเงินนอกข้อบัญญัติ",
    "HolidayAdded": "เพิ่มวันหยุดราชการ",
    "HolidayWithdrawn": "ยกเลิกวันหยุดราชการที่เพิ่ม",
    "InstallmentInspected": "ตรวจรับงาน",
    "InvitationAnnounced": "ประกาศเชิญชวน",
    "Merged": "ควบรวม",
    "PasswordSet": "ตั้งรหัสผ่าน",
    "PaymentCorrected": "แก้ไขการเบิกจ่าย",
    "PaymentRecorded": "บันทึกการเบิกจ่าย",
    "PlacedInDistrict": "กำหนดอำเภอที่ตั้ง",
    "Planned": "ตั้งโครงการ",
    "ProcurementPlanPublished": "ประกาศแผนจัดซื้อจัดจ้าง",
    "ProcurementReportApproved": "อนุมัติรายงานขอซื้อขอจ้าง",
    "Registered": "ขึ้นทะเบียน",
    "ReportingCalendarSet": "กำหนดปฏิทินการรายงาน",
    "Renamed": "เปลี่ยนชื่อ",
    "Resubmitted": "ส่งรายงานอีกครั้ง",
    "Returned": "ส่งกลับให้แก้ไข",
    "RevenueCorrected": "แก้ไขรายรับ",
    "RevenueEstimated": "บันทึกประมาณการรายรับ",
    "RevenueReceived": "บันทึกรายรับ",
    "Revised": "แก้ไขรายงาน",
    "RoleGranted": "มอบบทบาท",
    "RoleRevoked": "ถอนบทบาท",
    "SignedOff": "ผู้บริหารลงนามรับรอง",
    "StageDateCorrected": "แก้ไขวันที่ของขั้นตอน",
    "Submitted": "ส่งรายงาน",
    "SpendingBeforeEnactmentCounted": "นับรายจ่ายก่อนประกาศใช้เข้ารายการของข้อบัญญัติ",
    "SpentBeforeEnactment": "จ่ายตามข้อบัญญัติปีที่แล้วไปพลางก่อน",
    "SupplementaryBudgetEnacted": "ประกาศใช้งบเพิ่มเติม",
    "TargetsSet": "กำหนดเป้าหมาย",
    "TermsOfReferenceSet": "กำหนด TOR และราคากลาง",
    "TransferReported": "รายงานการโอนงบประมาณ",
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
    return EVENTS_TH.get(name) or CONTRACT_EVENTS_TH.get(name, name)


# The kinds of deadline and where each stands (budget/domain/deadlines.py), in Thai.
DEADLINE_KIND = {
    "procurement_plan": ("ประกาศแผนการจัดซื้อจัดจ้าง", "Procurement plan published"),
    "transfer_report": ("รายงานการโอนงบประมาณต่อผู้ว่าฯ/นายอำเภอ", "Transfer reported"),
    "appeal_window": ("ระยะเวลาอุทธรณ์", "Appeal window"),
    "installment_delivery": ("ส่งมอบและตรวจรับงานงวด", "Installment delivered"),
    "carry_over": ("เบิกจ่ายเงินที่กันไว้", "Carried money paid"),
    "progress_report": ("ส่งรายงานผลการเบิกจ่าย", "Progress report submitted"),
}
STANDING = {
    "due": ("ยังไม่ถึงกำหนด", "Due"),
    "met": ("ดำเนินการแล้ว", "Met"),
    "met_late": ("ดำเนินการแล้ว (ล่าช้า)", "Met late"),
    "overdue": ("เลยกำหนด", "Overdue"),
    "open": ("อยู่ในระยะเวลา", "Open"),
    "ended": ("สิ้นสุดแล้ว", "Ended"),
    "cancelled": ("ยกเลิก", "Cancelled"),
}


def deadline_name(kind: str, lang: str = "th") -> str:
    return _said(DEADLINE_KIND, kind, lang)


def standing_name(standing: str, lang: str = "th") -> str:
    return _said(STANDING, standing, lang)


# What an LAO misses (budget/projections/queries/missing.py), in Thai and English.
MISSING = {
    "no_budget": ("ไม่มีงบประมาณ", "No budget"),
    "not_enacted": ("งบประมาณยังไม่ประกาศใช้", "Not enacted"),
    "no_report": ("ไม่เคยส่งรายงาน", "No report"),
    "report_overdue": ("รายงานเลยกำหนด", "Report overdue"),
    "quiet": ("ไม่บันทึกข้อมูล", "No entry"),
}


def missing_name(reason: str, lang: str = "th") -> str:
    return _said(MISSING, reason, lang)


# Where money comes from and where its unused part goes (budget/domain/funding.py), and
# the revenue estimate's categories (budget/domain/revenue.py); the Thai: the domain's.
SOURCE_EN = {
    FundingKind.OWN_REVENUE: "Own revenue and general subsidy",
    FundingKind.SPECIFIC_GRANT: "Specific grant",
    FundingKind.ACCUMULATED_FUNDS: "Accumulated funds",
    FundingKind.BORROWING: "Borrowing",
}
UNUSED_GRANT_EN = {
    UnusedGrant.RETURN: "Returned to the grantor",
    UnusedGrant.CARRY: "Kept for its purpose next year",
}
GOES_TO_EN = {
    UnusedGoesTo.ACCUMULATED_FUNDS: "To the accumulated funds",
    UnusedGoesTo.GRANTOR: "Returned to grantors",
    UnusedGoesTo.CARRIED: "Kept for the grants' purposes",
}
REVENUE_GROUP_EN = {
    RevenueGroup.COLLECTED: "Collected by the LAO",
    RevenueGroup.SHARED: "Collected by the state and shared",
    RevenueGroup.SUBSIDY: "General subsidy from the state",
}
REVENUE_EN = {
    RevenueCategory.TAXES: "Taxes",
    RevenueCategory.FEES_FINES_LICENCES: "Fees, fines and licences",
    RevenueCategory.PROPERTY: "Property income",
    RevenueCategory.UTILITIES_COMMERCE: "Utilities and commerce",
    RevenueCategory.MISCELLANEOUS: "Miscellaneous",
    RevenueCategory.CAPITAL: "Capital revenue",
    RevenueCategory.SHARED_TAXES: "Shared taxes",
    RevenueCategory.GENERAL_SUBSIDY: "General subsidy",
}


SOURCE, UNUSED_GRANT, GOES_TO = _words(SOURCE_EN), _words(UNUSED_GRANT_EN), _words(GOES_TO_EN)
REVENUE, REVENUE_GROUP = _words(REVENUE_EN), _words(REVENUE_GROUP_EN)


def source_name(value: str, lang: str = "th") -> str:
    """A line's funding source: `specific_grant` → `เงินอุดหนุนเฉพาะกิจ`."""
    return _said(SOURCE, value, lang)


def unused_grant_name(value: str, lang: str = "th") -> str:
    return _said(UNUSED_GRANT, value, lang)


def goes_to_name(value: str, lang: str = "th") -> str:
    """Where lapsed money goes: `grantor` → `ส่งคืนผู้ให้เงินอุดหนุน`."""
    return _said(GOES_TO, value, lang)


def revenue_name(value: str, lang: str = "th") -> str:
    """A revenue category: `shared_taxes` → `หมวดภาษีจัดสรร`."""
    return _said(REVENUE, value, lang)


def revenue_group_name(value: str, lang: str = "th") -> str:
    return _said(REVENUE_GROUP, value, lang)
