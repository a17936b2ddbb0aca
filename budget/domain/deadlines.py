"""Deadlines the law sets on what an LAO records, counted on Thai working days.

Each kind of deadline is one row of `RULES`: what starts it, how long it runs and how the
days are counted, the event that meets it, and its legal basis (Thai and English). The
periods are data kept in this one table, so a regulation that changes (or a clause we
read wrongly) is changed here and nowhere else. Where the exact text of a clause could
not be confirmed while writing this, `confirmed` is False and the basis says so.

A deadline is due, met (on which day, by which event), or overdue by N working days;
the days are counted with the cabinet's extra holidays (budget/domain/holidays.py), so a
holiday announced later moves every deadline still running across it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from budget.domain.calendar import APPEAL_WINDOW_WORKING_DAYS, WorkingCalendar


class DeadlineKind(Enum):
    PROCUREMENT_PLAN = "procurement_plan"
    TRANSFER_REPORT = "transfer_report"
    APPEAL_WINDOW = "appeal_window"
    INSTALLMENT_DELIVERY = "installment_delivery"
    CARRY_OVER = "carry_over"
    PROGRESS_REPORT = "progress_report"


class Counting(Enum):
    CALENDAR = "calendar"  # days; a period ending on a holiday ends on the next working day
    WORKING = "working"  # working days
    FIXED = "fixed"  # a date set by the record itself (a contract's, a carry-over's)


class Standing(Enum):
    DUE = "due"  # not met, and not yet late
    MET = "met"  # met on or before its day
    MET_LATE = "met_late"  # met, N working days after its day
    OVERDUE = "overdue"  # not met, N working days after its day
    OPEN = "open"  # a window (the appeal window) still running
    ENDED = "ended"  # a window that has run out
    CANCELLED = (
        "cancelled"  # what it was about is gone (a project cancelled, carried money cancelled)
    )


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    kind: DeadlineKind
    days: int  # 0 for FIXED
    counting: Counting
    starts_th: str
    met_by: str  # the event that meets it ("" for a window)
    basis_th: str
    basis_en: str
    confirmed: bool
    window: bool = False  # a period others have (the bidders' appeal), not an LAO's duty


RULES: dict[DeadlineKind, DeadlineRule] = {
    rule.kind: rule
    for rule in (
        DeadlineRule(
            DeadlineKind.PROCUREMENT_PLAN,
            30,
            Counting.CALENDAR,
            "นับแต่วันที่ข้อบัญญัติงบประมาณประกาศใช้ (หรือวันที่บรรจุโครงการ หากภายหลัง)",
            "ProcurementPlanPublished",
            "ประกาศเผยแพร่แผนการจัดซื้อจัดจ้างภายใน 30 วันนับแต่วันที่ได้รับงบประมาณ "
            "(พ.ร.บ.การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560 มาตรา 11 และระเบียบ"
            "กระทรวงการคลังฯ พ.ศ. 2560 ข้อ 11 — ยังไม่ได้ตรวจสอบถ้อยคำของข้อ)",
            "Procurement plan published within 30 days of the budget's allocation (Public "
            "Procurement Act B.E. 2560 s. 11, MoF Regulation B.E. 2560 cl. 11; the clauses' "
            "exact text not confirmed)",
            confirmed=False,
        ),
        DeadlineRule(
            DeadlineKind.TRANSFER_REPORT,
            15,
            Counting.CALENDAR,
            "นับแต่วันที่อนุมัติการโอน",
            "TransferReported",
            "รายงานการโอนงบประมาณให้ผู้ว่าราชการจังหวัดหรือนายอำเภอทราบภายใน 15 วัน "
            "(ระเบียบกระทรวงมหาดไทยว่าด้วยวิธีการงบประมาณขององค์กรปกครองส่วนท้องถิ่น "
            "พ.ศ. 2563 — ยังไม่ได้ตรวจสอบเลขข้อ)",
            "An approved transfer reported to the governor (or district chief) within 15 days "
            "(MoI Regulation on LAO budget methods B.E. 2563; the clause number not confirmed)",
            confirmed=False,
        ),
        DeadlineRule(
            DeadlineKind.APPEAL_WINDOW,
            APPEAL_WINDOW_WORKING_DAYS,
            Counting.WORKING,
            "นับแต่วันประกาศผู้ชนะการเสนอราคา",
            "",
            "ระยะเวลาอุทธรณ์ 7 วันทำการนับแต่วันประกาศผล ห้ามลงนามในสัญญาก่อนพ้นระยะเวลา "
            "(พ.ร.บ.การจัดซื้อจัดจ้างฯ พ.ศ. 2560 มาตรา 117 และมาตรา 66 วรรคสอง — ตามที่เราอ่าน "
            "ยังไม่ได้ตรวจสอบถ้อยคำ)",
            "The appeal window: 7 working days from the announcement; no contract before it "
            "ends (Public Procurement Act B.E. 2560 s. 117 and s. 66 para. 2, as we read them; "
            "exact text not confirmed)",
            confirmed=False,
            window=True,
        ),
        DeadlineRule(
            DeadlineKind.INSTALLMENT_DELIVERY,
            0,
            Counting.FIXED,
            "วันส่งมอบงานตามสัญญา",
            "InstallmentInspected",
            "ส่งมอบงานงวดนี้ตามกำหนดในสัญญา และคณะกรรมการตรวจรับพัสดุตรวจรับแล้ว "
            "(สัญญาจ้างหรือใบสั่ง; ระเบียบกระทรวงการคลังฯ พ.ศ. 2560 ว่าด้วยการตรวจรับ "
            "— ยังไม่ได้ตรวจสอบเลขข้อ)",
            "The installment delivered by the contract's date and inspected (the contract or "
            "purchase order; MoF Regulation B.E. 2560 on inspection, clause not confirmed)",
            confirmed=False,
        ),
        DeadlineRule(
            DeadlineKind.CARRY_OVER,
            0,
            Counting.FIXED,
            "กำหนดเวลาที่กันเงินไว้",
            "Closed",
            "เบิกจ่ายเงินที่กันไว้ให้แล้วเสร็จภายในกำหนด มิฉะนั้นเงินนั้นถูกยกเลิก "
            "(ระเบียบกระทรวงมหาดไทยว่าด้วยการรับเงิน การเบิกจ่ายเงิน ... ขององค์กรปกครอง"
            "ส่วนท้องถิ่น — ยังไม่ได้ตรวจสอบเลขข้อ)",
            "Carried-over money paid by its deadline, else cancelled (MoI regulation on LAO "
            "receipts and payments; the clause number not confirmed)",
            confirmed=False,
        ),
        DeadlineRule(
            DeadlineKind.PROGRESS_REPORT,
            0,  # the days and their counting: DLA's reporting calendar of the year
            Counting.CALENDAR,
            "นับแต่วันสิ้นงวดที่รายงาน",
            "Submitted",
            "ส่งรายงานผลการเบิกจ่ายของงวดภายในกำหนดตามปฏิทินการรายงานที่ สถ. กำหนดในปีงบประมาณ "
            "(หนังสือสั่งการของ สถ.; ไม่พบระเบียบที่กำหนดจำนวนวันไว้ — ยังไม่ได้ตรวจสอบ)",
            "The period's progress report submitted by the day DLA's reporting calendar of the "
            "year sets (DLA's letters; no regulation fixing the days found — not confirmed)",
            confirmed=False,
        ),
    )
}


def due_date(
    rule: DeadlineRule, starts_on: date, calendar: WorkingCalendar, fixed: date | None = None
) -> date:
    """The last day to meet the deadline (the window's last day)."""
    if rule.counting is Counting.FIXED:
        if fixed is None:
            msg = f"{rule.kind.value} needs its date"
            raise ValueError(msg)
        return fixed
    if rule.counting is Counting.WORKING:
        return calendar.add_working_days(starts_on, rule.days)
    return calendar.working_day_on_or_after(starts_on + timedelta(days=rule.days))


@dataclass(frozen=True, slots=True)
class Status:
    standing: Standing
    late_working_days: int = 0  # how late it was met, or is still (0 otherwise)


def standing(
    rule: DeadlineRule,
    due: date,
    *,
    met_on: date | None,
    cancelled_on: date | None,
    as_of: date,
    calendar: WorkingCalendar,
) -> Status:
    """Where a deadline stands on `as_of`."""
    if met_on is not None and met_on <= as_of:
        late = calendar.working_days_after(due, met_on)
        return Status(Standing.MET_LATE if late else Standing.MET, late)
    if cancelled_on is not None and cancelled_on <= as_of:
        return Status(Standing.CANCELLED)
    if rule.window:
        return Status(Standing.OPEN if as_of <= due else Standing.ENDED)
    late = calendar.working_days_after(due, as_of)
    # late from the first working day after its day (a weekend after a Friday is not)
    return Status(Standing.OVERDUE, late) if late else Status(Standing.DUE)
