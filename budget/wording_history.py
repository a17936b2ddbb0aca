"""A history as a person reads it: each event as one sentence, in Thai or English, with
amounts as documents print them (450,000.00 บาท), B.E. dates (22 พ.ย. 2569) and the
names of the domain's codes from `budget.wording`. One table for every history: a
project's, a budget's, a report's, an account's; the pages and the PDFs share it.

A sentence is made of parts: the first always shows, each later one only when every
value it names was recorded (an appeal's end, a committee's note). A reason or a
comment that the event carries ends the sentence ("ส่งกลับให้แก้ไข: กรุณาระบุ...").
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from budget.domain.access import Role
from budget.domain.authority_types import AuthorityType
from budget.domain.budget_lines import ApprovalLevel, CarryOverKind
from budget.domain.calendar import BANGKOK
from budget.domain.classification import BudgetGroup
from budget.domain.contract_amendments import AmendmentKind
from budget.domain.fiscal import ReportingPeriod
from budget.domain.funding import FundingKind
from budget.domain.oversight import OrdinanceApprover
from budget.domain.procurement import Method, Stage
from budget.domain.revenue import RevenueCategory
from budget.wording import (
    day_said,
    event_name,
    group_name,
    method_name,
    period_name,
    revenue_name,
    role_name,
    source_name,
    stage_name,
    step_name,
    type_name,
)
from budget.wording_budgets import SENTENCES as BUDGET_SENTENCES
from budget.wording_contracts import SENTENCES as CONTRACT_SENTENCES
from budget.wording_contracts import amendment_name

APPROVAL = {
    ApprovalLevel.EXECUTIVE: ("ผู้บริหารท้องถิ่นอนุมัติ (ข้อ 26)", "approved by the executive (cl. 26)"),
    ApprovalLevel.COUNCIL: ("สภาท้องถิ่นอนุมัติ (ข้อ 27)", "approved by the council (cl. 27)"),
}
APPROVER_EN = {
    OrdinanceApprover.DISTRICT_CHIEF: "the district chief",
    OrdinanceApprover.GOVERNOR: "the provincial governor",
    OrdinanceApprover.BMA_GOVERNOR: "the Governor of Bangkok",
}
CARRY_KIND = {
    CarryOverKind.COMMITTED: ("ก่อหนี้ผูกพันแล้ว", "committed"),
    CarryOverKind.COUNCIL_APPROVED: ("สภาท้องถิ่นอนุมัติ", "approved by the council"),
}
# Where a reason or comment ends a sentence, and how it is introduced.
CLOSING_FIELDS = ("reason", "comments")
CLOSING = {"th": "เหตุผล: {}", "en": "Reason: {}"}

Parts = tuple[str, ...]
# event type: (Thai parts, English parts)
SENTENCES: dict[str, tuple[Parts, Parts]] = {
    # a project: its procurement, contract, payments (Public Procurement Act B.E. 2560)
    "Project.Planned": (
        (
            "ตั้งโครงการ {code} {name} งบประมาณ {amount} บาท วิธี{method} รายการ {line_code}",
            " (เหตุผลของวิธี: {method_reason})",
        ),
        (
            "Project {code} {name} planned: {amount} baht, {method}, line {line_code}",
            " (why this method: {method_reason})",
        ),
    ),
    "Project.ProcurementPlanPublished": (
        ("ประกาศแผนการจัดซื้อจัดจ้าง",),
        ("Procurement plan published",),
    ),
    "Project.ProcurementReportApproved": (
        ("อนุมัติรายงานขอซื้อขอจ้าง ราคาประมาณการ {estimate} บาท", " ราคากลาง {reference_price} บาท"),
        (
            "Procurement report approved, estimate {estimate} baht",
            ", reference price {reference_price} baht",
        ),
    ),
    "Project.TermsOfReferenceSet": (
        ("กำหนด TOR และราคากลาง {reference_price} บาท", " รับฟังคำวิจารณ์ถึง {public_hearing_ended_on}"),
        (
            "TOR and reference price set: {reference_price} baht",
            ", public hearing until {public_hearing_ended_on}",
        ),
    ),
    "Project.InvitationAnnounced": (
        ("ประกาศเชิญชวน", " เชิญผู้ประกอบการ {invited_firms} ราย"),
        ("Invitation announced", ", {invited_firms} firms invited"),
    ),
    "Project.BidsEvaluated": (
        ("พิจารณาข้อเสนอ มีผู้ยื่นข้อเสนอ {bids_received} ราย",),
        ("Bids evaluated: {bids_received} received",),
    ),
    "Project.WinnerAnnounced": (
        ("ประกาศผู้ชนะ {winner} เสนอราคา {offered_amount} บาท", " อุทธรณ์ได้ถึง {appeal_ends_on}"),
        (
            "Winner announced: {winner}, offering {offered_amount} baht",
            ", appeals until {appeal_ends_on}",
        ),
    ),
    "Project.ContractSigned": (
        (
            "ลงนามสัญญาเลขที่ {contract.number} กับ {contract.contractor}"
            " วงเงิน {contract.amount} บาท {contract.installments} งวด",
        ),
        (
            "Contract {contract.number} signed with {contract.contractor}:"
            " {contract.amount} baht in {contract.installments} installments",
        ),
    ),
    "Project.InstallmentInspected": (
        ("ตรวจรับงานงวดที่ {installment}", ": {committee_note}"),
        ("Installment {installment} inspected", ": {committee_note}"),
    ),
    "Project.PaymentRecorded": (
        ("เบิกจ่ายงวดที่ {installment} จำนวน {amount} บาท ฎีกาเลขที่ {voucher}",),
        ("Installment {installment} paid: {amount} baht, voucher {voucher}",),
    ),
    "Project.PaymentCorrected": (
        ("แก้ไขการเบิกจ่าย (บันทึกฉบับที่ {corrects_version}) จาก {old_amount} เป็น {amount} บาท",),
        ("Payment (record v{corrects_version}) corrected from {old_amount} to {amount} baht",),
    ),
    "Project.StageDateCorrected": (
        ("แก้ไขวันที่ขั้นตอน{stage} จาก {old_date} เป็น {corrected_date}",),
        ("Date of '{stage}' corrected from {old_date} to {corrected_date}",),
    ),
    "Project.CarriedOver": (
        ("กันเงินไว้เบิกเหลื่อมปี ({kind}) {amount} บาท เบิกได้ถึง {deadline}",),
        ("Carried over ({kind}): {amount} baht, to be paid by {deadline}",),
    ),
    "Project.CarriedFundsCancelled": (
        ("ยกเลิกเงินกันที่ยังไม่ได้เบิก {unpaid} บาท",),
        ("Carried money not paid cancelled: {unpaid} baht",),
    ),
    "Project.Cancelled": (("ยกเลิกโครงการ",), ("Project cancelled",)),
    "Project.Closed": (("ปิดโครงการ ดำเนินการแล้วเสร็จ",), ("Project closed, completed",)),
    **BUDGET_SENTENCES,  # a year's budget (budget/wording_budgets.py)
    # a progress report and its review
    "ProgressReport.Drafted": (
        ("จัดทำร่างรายงานงวด {period}", " ผลการดำเนินงาน: {narrative}", " ปัญหาอุปสรรค: {problems}"),
        ("Report for {period} drafted", ". Progress: {narrative}", ". Problems: {problems}"),
    ),
    "ProgressReport.Revised": (
        ("แก้ไขรายงาน", " ผลการดำเนินงาน: {narrative}", " ปัญหาอุปสรรค: {problems}"),
        ("Report revised", ". Progress: {narrative}", ". Problems: {problems}"),
    ),
    "ProgressReport.SignedOff": (("ผู้บริหารลงนามรับรองรายงาน",), ("Signed off by the executive",)),
    "ProgressReport.Submitted": (
        ("ส่งรายงานถึง สถจ. ({figures} งบ)",),
        ("Submitted to the province ({figures} groups)",),
    ),
    "ProgressReport.Resubmitted": (
        ("ส่งรายงานอีกครั้ง ({figures} งบ)",),
        ("Submitted again ({figures} groups)",),
    ),
    "ProgressReport.Returned": (("ส่งกลับให้แก้ไข",), ("Returned for revision",)),
    "ProgressReport.Accepted": (("รับรองรายงาน",), ("Accepted",)),
    # the registry, accounts and targets
    "LocalAuthority.Registered": (
        ("ขึ้นทะเบียน {name_th} ({type}) รหัส {code}",),
        ("{name_en} ({type}) registered, code {code}",),
    ),
    "LocalAuthority.Renamed": (("เปลี่ยนชื่อเป็น {name_th}",), ("Renamed {name_en}",)),
    "LocalAuthority.TypeChanged": (
        ("เปลี่ยนประเภทจาก{old_type}เป็น{new_type}",),
        ("Type changed from {old_type} to {new_type}",),
    ),
    "LocalAuthority.PlacedInDistrict": (
        ("กำหนดให้อยู่ในอำเภอรหัส {district_code}", " (เดิมอำเภอรหัส {previous_district_code})"),
        ("Placed in district {district_code}", " (was {previous_district_code})"),
    ),
    "LocalAuthority.Merged": (
        ("ควบรวมเข้ากับ อปท. รหัส {successor_code}",),
        ("Merged into LAO {successor_code}",),
    ),
    "LocalAuthority.ContactSet": (
        ("กำหนดข้อมูลติดต่อ", " ผู้รับผิดชอบ {officer}", " โทร. {phone}", " อีเมล {email}"),
        ("Contact set", ", officer {officer}", ", phone {phone}", ", e-mail {email}"),
    ),
    "UserAccount.Created": (
        ("เปิดบัญชีผู้ใช้ {username} ({display_name})",),
        ("Account {username} ({display_name}) opened",),
    ),
    "UserAccount.RoleGranted": (
        ("มอบบทบาท{role}", " สำหรับ {acting_for}"),
        ("Role granted: {role}", " for {acting_for}"),
    ),
    "UserAccount.RoleRevoked": (
        ("ถอนบทบาท{role}", " สำหรับ {acting_for}"),
        ("Role revoked: {role}", " for {acting_for}"),
    ),
    "UserAccount.PasswordSet": (("ตั้งรหัสผ่านใหม่",), ("Password set",)),
    "DisbursementTargets.Created": (
        ("สร้างชุดเป้าหมายการเบิกจ่ายปี {fiscal_year}",),
        ("Disbursement targets for {fiscal_year} created",),
    ),
    "DisbursementTargets.TargetsSet": (
        ("กำหนดเป้าหมายการเบิกจ่าย {targets} รายการ", " ตาม{source}"),
        ("{targets} disbursement targets set", ", source: {source}"),
    ),
    **CONTRACT_SENTENCES,  # a contract's money and amendments (budget/wording_contracts.py)
}


def said(value: Any, lang: str = "th") -> str:
    """One recorded value as a sentence says it."""
    match value:
        case None:
            return "–"
        case bool():
            return ("ใช่" if value else "ไม่ใช่") if lang == "th" else ("yes" if value else "no")
        case Decimal():
            return f"{value:,.2f}"
        case datetime():
            local = value.astimezone(BANGKOK)
            return f"{day_said(local.date(), lang)} {local:%H:%M}"
        case date():
            return day_said(value, lang)
        case Enum():
            return code_said(value, lang)
        case ReportingPeriod():
            return period_said(value, lang)
        case list() | tuple() | dict() | set() | frozenset():
            return f"{len(value):,}"
        case _:
            return str(value)


def period_said(period: ReportingPeriod, lang: str = "th") -> str:
    """`ไตรมาส 1/2570`, `พฤศจิกายน 2569`; in English `Q1 FY 2570`, `Nov 2026`."""
    return period_name(period.key, lang)


def code_said(value: Enum, lang: str = "th") -> str:
    """A code of the domain by its name in `budget.wording`."""
    pick = 1 if lang == "en" else 0
    match value:
        case Stage():
            return stage_name(value.value, lang)
        case Method():
            return method_name(value.value, lang)
        case Role():
            return role_name(value, lang)
        case AuthorityType():
            return type_name(value.value, lang)
        case BudgetGroup():
            return group_name(value.value, lang)
        case ApprovalLevel():
            return APPROVAL[value][pick]
        case CarryOverKind():
            return CARRY_KIND[value][pick]
        case AmendmentKind():
            return amendment_name(value, lang)
        case FundingKind():
            return source_name(value.value, lang)
        case RevenueCategory():
            return revenue_name(value.value, lang)
        case OrdinanceApprover():
            return APPROVER_EN[value] if pick else value.name_th
    return str(value.value)


class _Sentence(string.Formatter):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:  # noqa: ARG002 - no specs
        return said(value, self.lang)

    def recorded(self, part: str, details: Mapping[str, Any]) -> bool:
        """Whether every value the part names was recorded (not missing, empty or 0)."""
        for _, field, _, _ in self.parse(part):
            if field is None:
                continue
            try:
                value, _ = self.get_field(field, (), details)
            except (KeyError, AttributeError):
                return False
            if value is None or value == "" or (type(value) is int and value == 0):
                return False
        return True


def sentence(event_type: str, details: Mapping[str, Any], lang: str = "th") -> str:
    """`Project.WinnerAnnounced` with its details → `ประกาศผู้ชนะ หจก. ทดสอบการโยธา
    เสนอราคา 450,000.00 บาท`; an event without a sentence of its own says its name."""
    lang = "en" if lang == "en" else "th"
    parts = SENTENCES.get(event_type)
    words = _Sentence(lang)
    if parts is None:
        text = event_name(event_type, lang)
    else:
        first, *more = parts[1 if lang == "en" else 0]
        text = words.vformat(first, (), details) if words.recorded(first, details) else ""
        text = text or event_name(event_type, lang)
        text += "".join(words.vformat(p, (), details) for p in more if words.recorded(p, details))
    for name in CLOSING_FIELDS:
        closing = str(details.get(name) or "").strip()
        if closing:
            joiner = ": " if event_type.endswith(("Returned", "Accepted")) else " · "
            said_closing = closing if joiner == ": " else CLOSING[lang].format(closing)
            text += joiner + said_closing
    return text


def report_step_sentence(step: str, comments: str = "", lang: str = "th") -> str:
    """A step of a report's review as its history says it: `ส่งกลับให้แก้ไข: กรุณาระบุ...`
    (the pages' report history and the PDF's review table)."""
    text = step_name(step, lang)
    return f"{text}: {comments.strip()}" if comments.strip() else text
