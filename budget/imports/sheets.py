"""The workbook of an LAO's year: its sheets and their columns, Thai first (English
beside), one definition for the download and the import.

A column's `kind` says how a cell is written and read: `text`, `amount` (baht with at
most two decimals, as a number or as text), `date` (a date cell, or text in B.E. or
C.E.), `int`, `flag` (ใช่/yes), or `choice` (one of `choices`, the domain's codes, with
their Thai names shown beside in the validation list).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budget.domain.budget_lines import CarryOverKind
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.contract_terms import FineBasis
from budget.domain.funding import FundingKind, UnusedGrant
from budget.domain.procurement import Method
from budget.domain.revenue import RevenueCategory

FORMAT = "budget-workbook/1"
STEP_CHOICES = (
    "plan_published",
    "tor_set",
    "report_approved",
    "invitation_announced",
    "bids_evaluated",
    "winner_announced",
)
END_CHOICES = ("carry_over", "cancel_carried", "cancel", "close")
LUMP_CHOICES = ("advance", "retention")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    th: str
    en: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    width: int = 16

    @property
    def header(self) -> str:
        return f"{self.th} / {self.en}"


@dataclass(frozen=True, slots=True)
class Sheet:
    key: str
    th: str
    en: str
    about: str  # what the sheet holds, in Thai (the first sheet lists them)
    columns: tuple[Column, ...]
    read_only: bool = False  # history for reading: the import passes over it
    optional: bool = False  # added by a later layout: an older file may lack it (no rows)
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {c.key: c for c in self.columns})

    @property
    def title(self) -> str:
        """The sheet's tab: Thai (Excel allows 31 characters)."""
        return self.th


def codes_of(kind: type) -> tuple[str, ...]:
    return tuple(member.value for member in kind)  # type: ignore[attr-defined]


PROJECT = Column("project_code", "รหัสโครงการ", "project code", required=True, width=14)
LINE = Column("line_code", "รหัสรายการ", "line code", required=True, width=18)
REASON = Column("correction_reason", "เหตุผลการแก้ไข", "correction reason", width=30)
CLASSIFICATION = (
    Column("programme", "แผนงาน", "programme", "choice", choices=codes_of(Programme), width=22),
    Column("work_unit", "งาน", "work unit", width=22),
    Column("budget_group", "งบ", "budget group", "choice", choices=codes_of(BudgetGroup)),
    Column("category", "หมวด", "category", "choice", choices=codes_of(Category), width=22),
    Column("description", "รายการ", "description", width=36),
)
TERMS = (  # a contract's terms on money, in percent (budget/domain/contract_terms.py)
    Column("advance_rate", "เงินล่วงหน้า (ร้อยละของราคา)", "advance (% of the price)", "amount"),
    Column(
        "advance_recovery_rate",
        "หักคืนเงินล่วงหน้า (ร้อยละของงวด)",
        "advance taken back (% of each installment)",
        "amount",
    ),
    Column("retention_rate", "เงินประกันผลงาน (ร้อยละของงวด)", "retention (% of each)", "amount"),
    Column("warranty_months", "รับประกัน (เดือน)", "warranty (months)", "int"),
    Column("fine_rate", "ค่าปรับรายวัน (ร้อยละ)", "daily fine (%)", "amount"),
    Column("fine_basis", "คิดค่าปรับจาก", "fine on", "choice", choices=codes_of(FineBasis)),
)
# Where a line's money comes from (budget/domain/funding.py). Every column optional: a file
# without them (the format's first layout) holds the LAO's own revenue only.
FUNDING = (
    Column(
        "source", "แหล่งเงิน", "funding source", "choice", choices=codes_of(FundingKind), width=22
    ),
    Column("grantor", "ผู้ให้เงินอุดหนุน", "grantor", width=28),
    Column("grant_unused", "เงินอุดหนุนเหลือ", "grant unused", "choice", choices=codes_of(UnusedGrant)),
    Column("source_resolution", "มติสภาที่อนุมัติเงิน", "council resolution (funds)", width=24),
    Column("source_approved_on", "วันที่สภาอนุมัติเงิน", "funds approved on", "date"),
)
AMOUNT = Column("amount", "จำนวนเงิน (บาท)", "amount (baht)", "amount", True)
INSTALLMENT = Column("installment", "งวดที่", "installment", "int", True)
# A payment's voucher, the day it was paid and its amount (payments, lump sums, expenditures).
PAID = (
    Column("voucher", "เลขที่ฎีกา", "voucher", required=True, width=14),
    Column("paid_on", "วันที่จ่าย", "paid on", "date", True),
    AMOUNT,
)
# A budget line as the ordinance and the funds outside it both list it.
LINE_ITEM = (
    Column("code", "รหัสรายการ", "line code", required=True, width=18),
    *CLASSIFICATION,
    AMOUNT,
    *FUNDING,
)
COUNCIL = (
    Column("council_resolution", "มติสภาท้องถิ่น", "council resolution", width=24),
    Column("council_approved_on", "วันที่สภาอนุมัติ", "approved by the council on", "date"),
)

SHEETS = (
    Sheet(
        "about",
        "ข้อมูลทั่วไป",
        "About",
        "อปท. ปีงบประมาณ วันที่จัดทำร่างและวันที่ประกาศใช้ข้อบัญญัติ (หนึ่งแถว)",
        (
            Column("lao_code", "รหัส อปท.", "LAO code", required=True, width=12),
            Column("lao_name", "ชื่อ อปท.", "LAO name", width=36),
            Column("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "fiscal year (B.E.)", "int", True),
            Column("drafted_on", "วันที่จัดทำร่าง", "drafted on", "date"),
            Column("ordinance_date", "วันที่ประกาศใช้", "ordinance date", "date"),
            Column("approved_by", "ผู้อนุมัติ", "approved by", width=28),
            Column("format", "รูปแบบไฟล์", "file format", width=18),
        ),
    ),
    Sheet(
        "lines",
        "รายการงบประมาณ",
        "Budget lines",
        (
            "รายการตามข้อบัญญัติ พร้อมการจำแนก (แผนงาน งาน งบ หมวด) จำนวนเงินที่ตั้งไว้"
            " และแหล่งเงิน (ว่าง: รายได้ของ อปท. และเงินอุดหนุนทั่วไป)"
        ),
        (*LINE_ITEM,),
    ),
    Sheet(
        "funded_lines",
        "เงินนอกข้อบัญญัติ",
        "Funds outside the ordinance",
        (
            "รายการที่ได้รับเงินหลังประกาศใช้ข้อบัญญัติ: เงินอุดหนุนเฉพาะกิจ (ระบุผู้ให้) เงินสะสมหรือเงินกู้"
            " (ระบุมติสภา) พร้อมเลขที่หนังสือจัดสรรหรือมติ และวันที่ได้รับ"
        ),
        (
            *LINE_ITEM,
            Column("reference", "หนังสือจัดสรร/มติ", "letter or resolution", required=True, width=24),
            Column("added_on", "วันที่ได้รับ", "added on", "date", True),
        ),
        optional=True,
    ),
    Sheet(
        "revenue_estimate",
        "ประมาณการรายรับ",
        "Revenue estimate",
        "ประมาณการรายรับตามข้อบัญญัติ หนึ่งแถวต่อหมวด",
        (
            Column(
                "category", "หมวดรายรับ", "category", "choice", True, codes_of(RevenueCategory), 30
            ),
            Column("amount", "ประมาณการ (บาท)", "estimate (baht)", "amount", True),
        ),
        optional=True,
    ),
    Sheet(
        "revenue",
        "รายรับ",
        "Revenue received",
        (
            "รายรับที่ได้รับจริง หนึ่งแถวต่อใบเสร็จหรือหนังสือแจ้งการโอน"
            " (เลขที่ไม่ซ้ำกัน; แก้จำนวนเงินแล้วนำเข้า = บันทึกการแก้ไข)"
        ),
        (
            Column(
                "category", "หมวดรายรับ", "category", "choice", True, codes_of(RevenueCategory), 30
            ),
            Column("reference", "เลขที่ใบเสร็จ/หนังสือ", "reference", required=True, width=22),
            Column("received_on", "วันที่ได้รับ", "received on", "date", True),
            AMOUNT,
            REASON,
        ),
        optional=True,
    ),
    Sheet(
        "projects",
        "โครงการ",
        "Projects",
        "โครงการที่ตั้งไว้ในรายการงบประมาณ วิธีจัดซื้อจัดจ้าง และวงเงิน",
        (
            Column("code", "รหัสโครงการ", "project code", required=True, width=14),
            Column("name", "ชื่อโครงการ", "name", required=True, width=40),
            LINE,
            Column("method", "วิธีจัดซื้อจัดจ้าง", "method", "choice", True, codes_of(Method)),
            Column("amount", "วงเงินงบประมาณ (บาท)", "budget (baht)", "amount", True),
            Column("method_reason", "เหตุผลการเลือกวิธี", "reason for the method", width=30),
            Column("planned_on", "วันที่ตั้งโครงการ", "planned on", "date", True),
        ),
    ),
    Sheet(
        "steps",
        "ขั้นตอนจัดซื้อจัดจ้าง",
        "Procurement steps",
        (
            "ขั้นตอนก่อนลงนามสัญญา หนึ่งแถวต่อขั้นตอน ตามลำดับที่ระเบียบกำหนด พร้อมวันที่:"
            " TOR และราคากลาง (ข้อ 21) ก่อนรายงานขอซื้อขอจ้าง (ข้อ 22);"
            " การซื้อวิธีเฉพาะเจาะจงวงเงินเล็กน้อยข้ามขั้นตอนที่ได้รับยกเว้นได้"
        ),
        (
            PROJECT,
            Column("step", "ขั้นตอน", "step", "choice", True, STEP_CHOICES, 22),
            Column("on", "วันที่", "date", "date", True),
            Column("reference_price", "ราคากลาง", "reference price", "amount"),
            Column("estimate", "ราคาในรายงานขอซื้อขอจ้าง", "estimate", "amount"),
            Column("public_hearing_ended_on", "วันสิ้นสุดรับฟังความเห็น", "hearing ended", "date"),
            Column("invited_firms", "จำนวนผู้ได้รับเชิญ", "firms invited", "int"),
            Column("bids_received", "จำนวนผู้ยื่นข้อเสนอ", "bids received", "int"),
            Column("winner", "ผู้ชนะ", "winner", width=30),
            Column("offered_amount", "ราคาที่เสนอ", "offered amount", "amount"),
        ),
    ),
    Sheet(
        "contracts",
        "สัญญา",
        "Contracts",
        "สัญญาของแต่ละโครงการ (งวดงานอยู่ในแผ่นงวดงาน)",
        (
            PROJECT,
            Column("number", "เลขที่สัญญา", "contract number", required=True, width=18),
            Column("contractor", "คู่สัญญา", "contractor", required=True, width=30),
            Column("contractor_tax_id", "เลขประจำตัวผู้เสียภาษี", "tax id", required=True),
            Column("amount", "วงเงินตามสัญญา (บาท)", "contract amount", "amount", True),
            Column("signed_on", "วันที่ลงนาม", "signed on", "date", True),
            *TERMS,
        ),
    ),
    Sheet(
        "installments",
        "งวดงาน",
        "Installments",
        "งวดงานของแต่ละสัญญา จำนวนเงินรวมกันเท่ากับวงเงินตามสัญญา",
        (
            PROJECT,
            Column("number", "งวดที่", "installment", "int", True),
            AMOUNT,
            Column("due_on", "กำหนดส่งมอบ", "due on", "date", True),
            Column("description", "รายละเอียด", "description", width=30),
        ),
    ),
    Sheet(
        "inspections",
        "ตรวจรับ",
        "Inspections",
        "การตรวจรับพัสดุของคณะกรรมการ หนึ่งแถวต่อหนึ่งงวด",
        (
            PROJECT,
            INSTALLMENT,
            Column("inspected_on", "วันที่ตรวจรับ", "inspected on", "date", True),
            Column("committee_note", "บันทึกของคณะกรรมการ", "committee's note", width=36),
            Column("delivered_on", "วันที่ส่งมอบ (คิดค่าปรับ)", "delivered on (for the fine)", "date"),
        ),
    ),
    Sheet(
        "contract_money",
        "เงินล่วงหน้าและประกันผลงาน",
        "Advances and retention",
        (
            "เงินล่วงหน้าที่จ่ายพร้อมหลักประกัน (ข้อ 141-143) และเงินประกันผลงานที่คืนเมื่อพ้นระยะรับประกัน"
            " (สัญญาที่แก้ไขแล้วอยู่ในแผ่นสัญญาและงวดงานตามที่แก้ไขล่าสุด)"
        ),
        (
            PROJECT,
            Column("kind", "รายการ", "what", "choice", True, LUMP_CHOICES),
            *PAID,
            Column("guarantee_issuer", "ผู้ออกหลักประกัน", "guarantee issued by", width=24),
            Column("guarantee_reference", "เลขที่หลักประกัน", "guarantee reference", width=18),
            Column("guarantee_amount", "วงเงินหลักประกัน", "guarantee amount", "amount"),
        ),
        optional=True,
    ),
    Sheet(
        "payments",
        "เบิกจ่าย",
        "Payments",
        "การเบิกจ่ายตามงวด เลขที่ฎีกา วันที่ และจำนวนเงินที่ถูกต้อง (แก้จำนวนเงินแล้วนำเข้า = บันทึกการแก้ไข)",
        (
            PROJECT,
            INSTALLMENT,
            *PAID,
            REASON,
        ),
    ),
    Sheet(
        "expenditures",
        "รายจ่ายไม่ผ่านโครงการ",
        "Spending without a project",
        "รายจ่ายจากรายการโดยตรง เช่น เงินเดือน ค่าสาธารณูปโภค (เลขที่ฎีกาไม่ซ้ำกัน)",
        (
            LINE,
            *PAID,
            Column("description", "รายละเอียด", "description", width=36),
            REASON,
        ),
    ),
    Sheet(
        "transfers",
        "โอนงบประมาณ",
        "Transfers",
        "การโอนงบประมาณระหว่างรายการ (ข้อ 26) หรือไปยังรายการใหม่ด้วยมติสภา (ข้อ 27)",
        (
            Column("on", "วันที่อนุมัติ", "approved on", "date", True),
            Column("from_line", "โอนจากรายการ", "from line", required=True, width=18),
            Column("to_line", "โอนไปรายการ", "to line", required=True, width=18),
            AMOUNT,
            Column("changes_item", "เปลี่ยนแปลงรายการ", "changes the item", "flag"),
            *COUNCIL,
            *CLASSIFICATION,
        ),
    ),
    Sheet(
        "supplementary",
        "งบประมาณเพิ่มเติม",
        "Supplementary budgets",
        "ข้อบัญญัติงบประมาณรายจ่ายเพิ่มเติม หนึ่งแถวต่อรายการ (รายการใหม่ใส่การจำแนกด้วย)",
        (
            Column("ordinance_date", "วันที่ประกาศใช้", "ordinance date", "date", True),
            LINE,
            Column("amount", "จำนวนเงินที่เพิ่ม (บาท)", "amount added", "amount", True),
            *CLASSIFICATION,
        ),
    ),
    Sheet(
        "project_ends",
        "กันเงินและปิดโครงการ",
        "Carry-over and closing",
        "การกันเงินไว้เบิกเหลื่อมปี การยกเลิกเงินกัน การยกเลิกและการปิดโครงการ",
        (
            PROJECT,
            Column("action", "การดำเนินการ", "action", "choice", True, END_CHOICES, 18),
            Column("on", "วันที่", "date", "date", True),
            Column("reason", "เหตุผล", "reason", width=30),
            Column("kind", "กรณีกันเงิน", "carry-over kind", "choice", False, codes_of(CarryOverKind)),
            Column("amount", "จำนวนเงินที่กัน (บาท)", "amount carried", "amount"),
            Column("deadline", "เบิกได้ถึง", "deadline", "date"),
            *COUNCIL,
        ),
    ),
    Sheet(
        "corrections",
        "ประวัติการแก้ไข",
        "Corrections (history)",
        "ประวัติการแก้ไขที่บันทึกไว้แล้ว สำหรับอ่าน (การนำเข้าไม่อ่านแผ่นนี้: แก้ตัวเลขในแผ่นของมันแทน)",
        (
            Column("what", "แก้ไขอะไร", "what", width=22),
            Column("reference", "อ้างอิง", "reference", width=24),
            Column("before", "เดิม", "before", width=16),
            Column("after", "แก้เป็น", "after", width=16),
            Column("reason", "เหตุผล", "reason", width=36),
            Column("on", "วันที่", "date", "date"),
        ),
        read_only=True,
    ),
)
BY_KEY = {sheet.key: sheet for sheet in SHEETS}
# The column that dates each sheet's rows (a command's business date, or what stands for it).
DATE_COLUMN = {
    "about": "ordinance_date",
    "lines": "code",
    "projects": "planned_on",
    "steps": "on",
    "contracts": "signed_on",
    "contract_money": "paid_on",
    "inspections": "inspected_on",
    "payments": "paid_on",
    "expenditures": "paid_on",
    "transfers": "on",
    "supplementary": "ordinance_date",
    "project_ends": "on",
    "funded_lines": "added_on",
    "revenue_estimate": "category",
    "revenue": "received_on",
}
EXPLAINED = "คำอธิบาย"  # the first sheet: what each sheet holds
