"""Domain errors: a stable code, a Thai and an English message.

Every broken rule raises a subclass of :class:`DomainError`. The code never
changes once published (HTTP problem types and tests depend on it); the
messages are templates filled from the keyword arguments given when raising.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar


class DomainError(Exception):
    """A business rule refused a command. Nothing was recorded."""

    code: ClassVar[str] = "domain_error"
    message_th: ClassVar[str] = "คำสั่งขัดกับกฎ"
    message_en: ClassVar[str] = "The command breaks a rule"

    def __init__(self, **details: Any) -> None:
        self.details = details
        super().__init__(self.english)

    @property
    def english(self) -> str:
        return self.message_en.format(**self.details)

    @property
    def thai(self) -> str:
        """The Thai message, its dates in the Buddhist Era (`4 ต.ค. 2569`)."""
        return self.message_th.format(**self.thai_details())

    def thai_details(self) -> dict[str, Any]:
        from budget.domain.fiscal import thai_date  # here: budget.domain.fiscal imports this module

        return {
            name: thai_date(value) if type(value) is date else value
            for name, value in self.details.items()
        }

    def __str__(self) -> str:
        return f"[{self.code}] {self.english}"

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its class and details (an Exception pickles its args, which are not
        # what __init__ takes): a rule broken in another process (multiprocessing) reaches
        # its caller as itself, not as an unpickling error that hangs the pool
        return (_revived, (type(self), self.details))


def _revived(cls: type[DomainError], details: dict[str, Any]) -> DomainError:
    """The error as it was raised, its details as given (not passed through __init__ again)."""
    error = cls.__new__(cls)
    error.details = details
    Exception.__init__(error, error.english)
    return error


def _error(code: str, th: str, en: str) -> type[DomainError]:
    name = "".join(part.capitalize() for part in code.split("_"))
    return type(name, (DomainError,), {"code": code, "message_th": th, "message_en": en})


class _ProblemError(DomainError):
    """An error whose `problem` says what is wrong in English; `problem_th` says it in
    Thai. Without one the Thai message stops at its first clause: never English."""

    def __init__(self, *, problem: str, problem_th: str = "", **details: Any) -> None:
        shown_th = f": {problem_th}" if problem_th else ""
        super().__init__(problem=problem, problem_th=shown_th, **details)


def _problem_error(code: str, th: str, en: str) -> type[DomainError]:
    name = "".join(part.capitalize() for part in code.split("_"))
    return type(name, (_ProblemError,), {"code": code, "message_th": th, "message_en": en})


# Input
InvalidAmount = _error(
    "invalid_amount",
    "จำนวนเงิน {amount} ไม่ถูกต้อง ต้องไม่ติดลบและมีทศนิยมไม่เกินสองตำแหน่ง",
    "Amount {amount} is invalid: it must be non-negative with at most two decimal places",
)
InvalidInput = _problem_error(
    "invalid_input", "ข้อมูลไม่ถูกต้อง{problem_th}", "Invalid input: {problem}"
)
NotPermitted = _error(
    "not_permitted",
    "ผู้ใช้ {user} ในบทบาท{role_th} ไม่มีสิทธิ์{action_th} ของ{scope_th}",
    "User {user} as {role} may not {action} for {scope}",
)

# Local authorities and accounts
AuthorityMerged = _error(
    "authority_merged",
    "อปท. {code} ถูกควบรวมเข้ากับ {merged_into} แล้ว",
    "Local authority {code} has been merged into {merged_into}",
)
AuthorityNotFound = _error(
    "authority_not_found", "ไม่พบ อปท. รหัส {code}", "No local authority with code {code}"
)
RoleAlreadyGranted = _error(
    "role_already_granted",
    "ผู้ใช้ได้รับบทบาท{role_th} ขอบเขต {scope_th} อยู่แล้ว",
    "The user already holds role {role} for {scope}",
)
RoleNotGranted = _error(
    "role_not_granted",
    "ผู้ใช้ไม่ได้รับบทบาท{role_th} ขอบเขต {scope_th}",
    "The user does not hold role {role} for {scope}",
)

# Budgets
BudgetAlreadyEnacted = _error(
    "budget_already_enacted",
    "ข้อบัญญัติงบประมาณปี {fiscal_year} ประกาศใช้แล้ว แก้ไขได้โดยการโอนหรืองบเพิ่มเติมเท่านั้น",
    "The budget of FY {fiscal_year} is enacted: change it by transfer or supplementary budget",
)
WrongOrdinanceApprover = _error(
    "wrong_ordinance_approver",
    "ข้อบัญญัติงบประมาณของ{lao_type_th}ต้องได้รับอนุมัติจาก{lawful_th} ไม่ใช่{approver_th}",
    "The budget ordinance of a {lao_type} is approved by the {lawful}, not the {approver}",
)
BudgetNotEnacted = _error(
    "budget_not_enacted",
    "งบประมาณปี {fiscal_year} ยังไม่ประกาศใช้",
    "The budget of FY {fiscal_year} is not enacted yet",
)
BudgetNotFound = _error(
    "budget_not_found",
    "ไม่พบงบประมาณปี {fiscal_year} ของ อปท. {lao}",
    "No budget for FY {fiscal_year} of local authority {lao}",
)
BudgetLineNotFound = _error(
    "budget_line_not_found", "ไม่พบรายการงบประมาณ {line}", "No budget line {line}"
)
DuplicateBudgetLine = _error(
    "duplicate_budget_line", "รายการงบประมาณ {line} ซ้ำ", "Budget line {line} appears twice"
)
InsufficientFunds = _error(
    "insufficient_funds",
    "เงินคงเหลือในรายการ {line} มี {available} บาท ไม่พอสำหรับ {amount} บาท",
    "Line {line} has {available} baht available, not enough for {amount} baht",
)
CouncilApprovalRequired = _error(
    "council_approval_required",
    "การโอนงบลงทุนที่เปลี่ยนแปลงลักษณะ ปริมาณ คุณภาพ หรือตั้งรายการใหม่ ต้องได้รับอนุมัติจากสภาท้องถิ่น (ข้อ 27)",
    "An investment transfer that changes an item or creates a new one needs the council's "
    "approval (clause 27)",
)
DateAfterToday = _error(
    "date_after_today",
    "{field_th} {date} อยู่หลังวันนี้ ({today}) บันทึกเหตุการณ์ก่อนที่จะเกิดขึ้นไม่ได้",
    "{field} {date} is after today ({today}): a fact is recorded once it has happened",
)
PeriodNotStarted = _error(
    "period_not_started",
    "งวดรายงาน {period} ยังไม่เริ่ม (เริ่มวันที่ {starts_on}) รายงานได้เมื่องวดเริ่มแล้ว",
    "Period {period} has not started (it starts on {starts_on}): report on it once it has",
)
DateOutsideFiscalYear = _error(
    "date_outside_fiscal_year",
    "วันที่ {date} อยู่นอกปีงบประมาณ {fiscal_year}",
    "Date {date} is outside fiscal year {fiscal_year}",
)
BudgetYearClosed = _error(
    "budget_year_closed",
    "ปีงบประมาณ {fiscal_year} ปิดแล้ว เงินที่ไม่ได้ก่อหนี้หรือกันไว้ตกไป",
    "Fiscal year {fiscal_year} is closed: money not committed or carried over has lapsed",
)
ExceedsCarriedAmount = _error(
    "exceeds_carried_amount",
    "หลังสิ้นปีงบประมาณเบิกจ่ายได้ไม่เกินเงินที่กันไว้ ({carried} บาท) ขอเบิก {amount} บาท",
    "After the fiscal year only carried-over money ({carried} baht) may be paid, not {amount}",
)
NotSpendableBeforeEnactment = _error(
    "not_spendable_before_enactment",
    "ก่อนข้อบัญญัติปี {fiscal_year} ประกาศใช้ จ่ายได้เฉพาะรายจ่ายประจำตามข้อบัญญัติปีที่แล้ว "
    "(เงินเดือน ค่าจ้าง ค่าตอบแทน ค่าสาธารณูปโภค งบกลาง) รายการ {line} หมวด{category_th} จ่ายไม่ได้",
    "Before the FY {fiscal_year} ordinance is enacted only recurring items (salaries, wages, "
    "remuneration, utilities, the central fund) are paid under last year's: line {line} "
    "({category}) is not one",
)
NoPreviousOrdinance = _error(
    "no_previous_ordinance",
    "ข้อบัญญัติปี {fiscal_year} ยังไม่ประกาศใช้ และไม่มีข้อบัญญัติปี {previous} ที่ประกาศใช้แล้วให้ใช้ไปพลางก่อน",
    "The FY {fiscal_year} budget is not enacted and there is no enacted FY {previous} ordinance "
    "to spend under in the meantime",
)
ExceedsPreviousOrdinance = _error(
    "exceeds_previous_ordinance",
    "ตามข้อบัญญัติปี {previous} รายการ {line} ใช้ไปพลางก่อนได้อีก {left} บาท ไม่พอสำหรับ {amount} บาท",
    "Under the FY {previous} ordinance line {line} has {left} baht left to spend in the "
    "meantime, not enough for {amount} baht",
)
CarryOverNotAllowed = _problem_error(
    "carry_over_not_allowed", "กันเงินไม่ได้{problem_th}", "Cannot carry over: {problem}"
)
FundingNotAllowed = _problem_error(
    "funding_not_allowed", "แหล่งเงินไม่ถูกต้อง{problem_th}", "Funding source not allowed: {problem}"
)

# Revenue
DuplicateReceipt = _error(
    "duplicate_receipt",
    "รายรับเลขที่ {reference} บันทึกแล้ว",
    "Revenue receipt {reference} is already recorded",
)
RevenueEstimateEnacted = _error(
    "revenue_estimate_enacted",
    "ประมาณการรายรับของข้อบัญญัติปีงบประมาณ {fiscal_year} บันทึกแล้ว แก้ไขได้ด้วยข้อบัญญัติเพิ่มเติมเท่านั้น",
    "The enacted ordinance's revenue estimate of FY {fiscal_year} is recorded already",
)

# Projects and procurement
MethodDoesNotFitAmount = _error(
    "method_does_not_fit_amount",
    "วิธี{method_th}ใช้กับวงเงิน {amount} บาทไม่ได้ หากไม่ระบุเหตุผลตามระเบียบ ({rule})",
    "Method {method} does not fit {amount} baht without the reason the regulation asks for "
    "({rule})",
)
StageOutOfOrder = _error(
    "stage_out_of_order",
    "ขั้นตอน{stage_th}ทำไม่ได้ในขณะนี้ {next_th}",
    "Stage {stage} cannot come now: {next_en}",
)
DateBeforePreviousStage = _error(
    "date_before_previous_stage",
    "วันที่ {date} ก่อนวันที่ของขั้นตอนก่อนหน้า ({previous})",
    "Date {date} is before the previous stage's date ({previous})",
)
InsideAppealWindow = _error(
    "inside_appeal_window",
    "ลงนามสัญญาไม่ได้ภายในระยะเวลาอุทธรณ์ ซึ่งสิ้นสุดวันที่ {appeal_ends_on}",
    "The contract cannot be signed inside the appeal window, which ends on {appeal_ends_on}",
)
PublicHearingRequired = _error(
    "public_hearing_required",
    "วิธี e-bidding ต้องรับฟังความคิดเห็นร่างขอบเขตงาน (ข้อ 45-47)",
    "e-bidding needs a public hearing of the draft terms of reference (cl. 45-47)",
)
TooFewInvitedFirms = _error(
    "too_few_invited_firms",
    "วิธีคัดเลือกต้องเชิญผู้ประกอบการอย่างน้อย 3 ราย (เชิญ {invited} ราย)",
    "Selection needs at least 3 invited firms ({invited} invited)",
)
InstallmentsDoNotAddUp = _error(
    "installments_do_not_add_up",
    "ผลรวมงวดงาน {total} บาท ไม่เท่ากับวงเงินสัญญา {amount} บาท",
    "Installments total {total} baht, not the contract amount {amount} baht",
)
InstallmentNotFound = _error(
    "installment_not_found", "ไม่พบงวดที่ {number}", "No installment {number}"
)
InstallmentAlreadyInspected = _error(
    "installment_already_inspected",
    "งวดที่ {number} ตรวจรับแล้ว",
    "Installment {number} is already inspected",
)
InstallmentNotInspected = _error(
    "installment_not_inspected",
    "งวดที่ {number} ยังไม่ได้ตรวจรับ จึงเบิกจ่ายไม่ได้",
    "Installment {number} is not inspected yet, so it cannot be paid",
)
PaymentExceedsInstallment = _error(
    "payment_exceeds_installment",
    "เบิกจ่ายงวดที่ {number} รวม {total} บาท เกินวงเงินงวด {amount} บาท",
    "Payments on installment {number} would total {total} baht, above its {amount} baht",
)
DuplicateVoucher = _error(
    "duplicate_voucher",
    "ฎีกาเลขที่ {voucher} บันทึกแล้ว",
    "Payment voucher {voucher} is already recorded",
)
PaymentDateNotAllowed = _error(
    "payment_date_not_allowed",
    "วันที่เบิกจ่าย {date} ต้องอยู่ในปีงบประมาณ {fiscal_year} หรือในระยะเวลากันเงิน",
    "Payment date {date} must fall inside FY {fiscal_year} or its carry-over period",
)
EventNotCorrectable = _problem_error(
    "event_not_correctable",
    "แก้ไขเหตุการณ์ลำดับที่ {version} ไม่ได้{problem_th}",
    "Event {version} cannot be corrected: {problem}",
)
ReasonRequired = _error("reason_required", "ต้องระบุเหตุผล", "A reason is required")


ProjectClosed = _error(
    "project_closed",
    "โครงการ{state}แล้ว บันทึกเพิ่มไม่ได้",
    "The project is {state_en}: nothing more can be recorded",
)
ProjectNotFinished = _problem_error(
    "project_not_finished",
    "ปิดโครงการไม่ได้{problem_th}",
    "The project cannot be closed: {problem}",
)

AdvanceNotAllowed = _problem_error(
    "advance_not_allowed",
    "จ่ายเงินล่วงหน้าไม่ได้{problem_th}",
    "The advance cannot be paid: {problem}",
)
RetentionNotReleasable = _problem_error(
    "retention_not_releasable",
    "คืนเงินประกันผลงานไม่ได้{problem_th}",
    "The retention cannot be released: {problem}",
)
ContractAmendmentNotAllowed = _problem_error(
    "contract_amendment_not_allowed",
    "แก้ไขสัญญาไม่ได้{problem_th}",
    "The contract cannot be amended: {problem}",
)

# Progress reports
ReportNotEditable = _error(
    "report_not_editable",
    "รายงานอยู่ในสถานะ{status_th} แก้ไขไม่ได้",
    "The report is {status} and cannot be edited",
)
ReportStatusConflict = _error(
    "report_status_conflict",
    "{action_th}รายงานไม่ได้ เพราะ{status_th}",
    "Cannot {action} a report that is {status}",
)
CommentsRequired = _error(
    "comments_required",
    "การส่งคืนรายงานต้องมีความเห็น",
    "Returning a report needs comments",
)

# The calendar of working days
HolidayAlreadyRecorded = _error(
    "holiday_already_recorded",
    "วันที่ {day} บันทึกเป็นวันหยุดไว้แล้ว",
    "{day} is recorded as a holiday already",
)
NotAWorkingDay = _error(
    "not_a_working_day",
    "วันที่ {day} เป็นวันหยุดอยู่แล้ว (วันเสาร์ อาทิตย์ หรือวันหยุดนักขัตฤกษ์)",
    "{day} is not a working day anyway (a weekend or a public holiday)",
)

# Storage outcomes the application reports in the same way
KIND_TH = {
    "LocalAuthority": "อปท.",
    "AnnualBudget": "งบประมาณ",
    "Project": "โครงการ",
    "ProgressReport": "รายงานความก้าวหน้า",
    "UserAccount": "บัญชีผู้ใช้",
    "DisbursementTargets": "เป้าหมายการเบิกจ่าย",
    "CabinetHolidays": "วันหยุดที่คณะรัฐมนตรีประกาศเพิ่ม",
    "ReportingCalendar": "ปฏิทินการรายงาน",
}


class _KindError(DomainError):
    """An error about a kind of record: the Thai message names the kind in Thai."""

    def __init__(self, *, what: str, key: str) -> None:
        super().__init__(what=what, what_th=KIND_TH.get(what, "ข้อมูล"), key=key)


class NotFound(_KindError):  # noqa: N818 -- named like every other domain error
    code = "not_found"
    message_th = "ไม่พบ{what_th} {key}"
    message_en = "No {what} {key}"


class AlreadyExists(_KindError):  # noqa: N818
    code = "already_exists"
    message_th = "{what_th} {key} มีอยู่แล้ว"
    message_en = "{what} {key} already exists"


ConcurrentUpdate = _error(
    "concurrent_update",
    "มีผู้อื่นบันทึกรายการนี้ไปก่อน กรุณาโหลดข้อมูลใหม่แล้วลองอีกครั้ง",
    "Someone else recorded a change first: reload and try again",
)
StaleVersion = _error(
    "stale_version",
    "ข้อมูลที่แก้ไขเป็นฉบับที่ {expected} แต่ฉบับปัจจุบันคือ {actual}",
    "You changed version {expected} but the current version is {actual}",
)
