"""A record as it stood, laid out the way its own page shows it: facts with Thai labels,
a project's stages as a timeline, its contract, installments and payments as tables, a
budget's lines, a report's figures and review; what the last event changed marked.

`document(record, lang)` lays out any record; `mark_changes(now, before)` marks the
facts and rows that differ from the record one version earlier.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from budget.application.results import EventRecord
from budget.domain.account import UserAccount
from budget.domain.authority import LocalAuthority
from budget.domain.budget import AnnualBudget
from budget.domain.procurement import Stage
from budget.domain.project import Project
from budget.domain.report import ProgressReport
from budget.domain.targets import DisbursementTargets
from budget.wording import record_kind_name, role_name, status_name
from budget.wording_history import said


@dataclass(slots=True)
class Fact:
    label: str
    value: str
    changed: bool = False


@dataclass(slots=True)
class Row:
    cells: list[str]
    changed: bool = False


@dataclass(slots=True)
class Section:
    title: str
    facts: list[Fact] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()  # columns of amounts, right-aligned
    rows: list[Row] = field(default_factory=list)
    empty: str = ""  # said when there are no facts and no rows


Tr = Callable[[str, str], str]


class Layout:
    """What a document is built with: the language's words and values."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def tr(self, th: str, en: str) -> str:
        return en if self.lang == "en" else th

    def v(self, value: Any) -> str:
        return said(value, self.lang)

    def facts(self, *pairs: tuple[str, str, Any]) -> list[Fact]:
        """(Thai label, English label, value); values never recorded are left out."""
        return [
            Fact(self.tr(th, en), self.v(value))
            for th, en, value in pairs
            if value is not None and value != ""
        ]


def document(record: Any, lang: str) -> list[Section]:
    """The record's sections, in reading order."""
    layout = Layout(lang)
    match record:
        case Project():
            return project_document(record, layout)
        case AnnualBudget():
            return budget_document(record, layout)
        case ProgressReport():
            return report_document(record, layout)
        case UserAccount():
            return account_document(record, layout)
        case LocalAuthority():
            return authority_document(record, layout)
        case DisbursementTargets():
            return targets_document(record, layout)
    return [Section(layout.tr("ข้อมูล", "Record"))]


def project_document(p: Project, t: Layout) -> list[Section]:
    tr = t.tr
    paid = p.paid
    sections = [
        Section(
            tr("โครงการ", "Project"),
            t.facts(
                ("รหัสโครงการ", "Code", p.code),
                ("ชื่อโครงการ", "Name", p.name),
                ("อปท.", "LAO", p.lao_code),
                ("ปีงบประมาณ", "Fiscal year", p.fiscal_year),
                ("รายการงบประมาณ", "Budget line", p.line_code),
                ("งบ", "Budget group", p.budget_group),
                ("วิธีจัดหา", "Method", p.method),
                ("งบประมาณโครงการ", "Budget", p.amount),
                ("ขั้นตอนปัจจุบัน", "Stage now", p.stage),
                ("อุทธรณ์ได้ถึง", "Appeals until", p.appeal_ends_on),
                ("เบิกจ่ายแล้ว", "Paid", paid),
                ("กันเงินเบิกได้ถึง", "Carried money payable until", p.carried_until),
            ),
        ),
        Section(
            tr("ขั้นตอนที่ผ่านมา", "Stages reached"),
            headers=[tr("ขั้นตอน", "Stage"), tr("วันที่", "Date")],
            rows=[
                Row([t.v(stage), t.v(day)])
                for stage, day in sorted(p.stage_dates.items(), key=lambda s: _stage_order(s[0]))
            ],
            empty=tr("ยังไม่มี", "None yet"),
        ),
    ]
    contract = p.contract
    if contract is not None:
        sections.append(
            Section(
                tr("สัญญา", "Contract"),
                t.facts(
                    ("เลขที่สัญญา", "Number", contract.number),
                    ("ผู้รับจ้าง", "Contractor", contract.contractor),
                    ("เลขประจำตัวผู้เสียภาษี", "Tax id", contract.contractor_tax_id),
                    ("วงเงินตามสัญญา", "Amount", contract.amount),
                ),
            )
        )
        sections.append(
            Section(
                tr("งวดงาน", "Installments"),
                headers=[
                    tr("งวด", "No."),
                    tr("จำนวนเงิน", "Amount"),
                    tr("กำหนดส่ง", "Due"),
                    tr("เนื้องาน", "Work"),
                    tr("ตรวจรับเมื่อ", "Inspected"),
                    tr("จ่ายแล้ว", "Paid"),
                ],
                numeric=frozenset({1, 5}),
                rows=[
                    Row(
                        [
                            t.v(i.number),
                            t.v(i.amount),
                            t.v(i.due_on),
                            i.description or "–",
                            t.v(p.inspected.get(i.number)),
                            t.v(p.paid_on(i.number)),
                        ]
                    )
                    for i in contract.installments
                ],
            )
        )
    sections.append(
        Section(
            tr("การเบิกจ่าย", "Payments"),
            headers=[
                tr("งวด", "Installment"),
                tr("จำนวนเงิน", "Amount"),
                tr("เลขที่ฎีกา", "Voucher"),
                tr("วันที่จ่าย", "Paid on"),
                tr("บันทึกฉบับที่", "Record version"),
            ],
            numeric=frozenset({1}),
            rows=[
                Row([t.v(e.installment), t.v(e.amount), e.voucher, t.v(e.paid_on), t.v(version)])
                for version, e in sorted(p.payments.items())
            ],
            empty=tr("ยังไม่มีการเบิกจ่าย", "Nothing paid yet"),
        )
    )
    if p.has_ended:
        sections[0].facts.append(
            Fact(
                tr("สถานะ", "Status"),
                tr("ยกเลิก", "Cancelled") if p.cancelled else tr("ปิดแล้ว", "Closed"),
            )
        )
    return sections


def _stage_order(stage: Stage) -> int:
    return list(Stage).index(stage)


def budget_document(b: AnnualBudget, t: Layout) -> list[Section]:
    tr = t.tr
    ledgers = sorted(b.ledgers.values(), key=lambda ledger: ledger.line.code)
    return [
        Section(
            tr("งบประมาณรายจ่ายประจำปี", "Annual budget"),
            t.facts(
                ("อปท.", "LAO", b.lao_code),
                ("ประเภท", "Type", b.lao_type),
                ("ปีงบประมาณ", "Fiscal year", b.fiscal_year),
                ("ประกาศใช้เมื่อ", "Enacted on", b.enacted_on),
                ("ปิดปีเมื่อ", "Year closed on", b.closed_on),
                ("จำนวนรายการ", "Lines", len(ledgers)),
            ),
        ),
        Section(
            tr("รายการงบประมาณ", "Budget lines"),
            headers=[
                tr("รายการ", "Line"),
                tr("รายละเอียด", "Description"),
                tr("ตั้งไว้", "Appropriated"),
                tr("ได้รับจัดสรร", "Allocated"),
                tr("ก่อหนี้ผูกพัน", "Obligated"),
                tr("เบิกจ่าย", "Disbursed"),
                tr("คงเหลือ", "Available"),
            ],
            numeric=frozenset({2, 3, 4, 5, 6}),
            rows=[
                Row(
                    [
                        ledger.line.code,
                        ledger.line.description,
                        t.v(ledger.appropriated),
                        t.v(ledger.allocated),
                        t.v(ledger.obligated),
                        t.v(ledger.disbursed),
                        t.v(ledger.available),
                    ]
                )
                for ledger in ledgers
            ],
        ),
    ]


def report_document(r: ProgressReport, t: Layout) -> list[Section]:
    tr = t.tr
    return [
        Section(
            tr("รายงานผลการดำเนินงาน", "Progress report"),
            [
                *t.facts(
                    ("อปท.", "LAO", r.lao_code),
                    ("งวด", "Period", r.period),
                ),
                Fact(tr("สถานะ", "Status"), status_name(r.status.value, t.lang)),
                *t.facts(
                    ("ผู้บริหารลงนามรับรอง", "Signed off by", r.signed_off_by),
                    ("ส่งแล้ว (ครั้ง)", "Submissions", r.submissions),
                    ("ผลการดำเนินงาน", "Progress", r.narrative),
                    ("ปัญหาอุปสรรค", "Problems", r.problems),
                ),
            ],
        ),
        Section(
            tr("ตัวเลขตามที่รายงาน", "Figures as reported"),
            headers=[
                tr("งบ", "Group"),
                tr("ได้รับจัดสรร", "Allocated"),
                tr("ก่อหนี้ผูกพัน", "Obligated"),
                tr("เบิกจ่าย", "Disbursed"),
            ],
            numeric=frozenset({1, 2, 3}),
            rows=[
                Row([t.v(f.group), t.v(f.allocated), t.v(f.obligated), t.v(f.disbursed)])
                for f in r.figures
            ],
            empty=tr("ยังไม่ได้ส่งตัวเลข", "No figures yet"),
        ),
        Section(
            tr("ความเห็นของผู้ตรวจ", "The reviewer's comments"),
            headers=[tr("ครั้งที่", "No."), tr("ความเห็น", "Comment")],
            rows=[Row([str(n), c]) for n, c in enumerate(r.comments, 1)],
            empty=tr("ไม่มี", "None"),
        ),
    ]


def account_document(a: UserAccount, t: Layout) -> list[Section]:
    tr = t.tr
    return [
        Section(
            tr("บัญชีผู้ใช้", "Account"),
            t.facts(("ชื่อผู้ใช้", "Username", a.username), ("ชื่อ", "Name", a.display_name)),
        ),
        Section(
            tr("บทบาท", "Roles"),
            headers=[tr("บทบาท", "Role"), tr("สำหรับ", "For")],
            rows=[
                Row([role_name(role, t.lang), place or "–"])
                for role, place in sorted(a.grants, key=lambda g: (g[0].value, g[1]))
            ],
            empty=tr("ไม่มีบทบาท", "No roles"),
        ),
    ]


def authority_document(a: LocalAuthority, t: Layout) -> list[Section]:
    return [
        Section(
            t.tr("องค์กรปกครองส่วนท้องถิ่น", "Local authority"),
            t.facts(
                ("รหัส", "Code", a.code),
                ("ชื่อ", "Name (Thai)", a.name_th),
                ("ชื่อภาษาอังกฤษ", "Name", a.name_en),
                ("ประเภท", "Type", a.type),
                ("จังหวัด", "Province", a.province_code),
                ("อำเภอ", "District", a.district_code),
                ("ตำบล", "Subdistrict", a.subdistrict_code),
                ("ควบรวมเข้ากับ", "Merged into", a.merged_into),
            ),
        )
    ]


def targets_document(d: DisbursementTargets, t: Layout) -> list[Section]:
    tr = t.tr
    return [
        Section(
            tr("เป้าหมายการเบิกจ่าย", "Disbursement targets"),
            t.facts(("ปีงบประมาณ", "Fiscal year", d.fiscal_year)),
        ),
        Section(
            tr("เป้าหมายรายไตรมาส", "Targets by quarter"),
            headers=[
                tr("ไตรมาส", "Quarter"),
                tr("งบ", "Group"),
                tr("เบิกจ่าย (%)", "Disbursed (%)"),
                tr("ก่อหนี้ (%)", "Obligated (%)"),
            ],
            numeric=frozenset({2, 3}),
            rows=[
                Row(
                    [
                        str(g.quarter),
                        t.v(g.group) if g.group else tr("ทุกงบ", "All groups"),
                        f"{g.percent}",
                        f"{g.obligated_percent}" if g.obligated_percent is not None else "–",
                    ]
                )
                for g in d.targets
            ],
        ),
    ]


def record_title(events: Sequence[EventRecord], lang: str) -> str:
    """What the record is, from its first event: `โครงการ 002 ปรับปรุงระบบประปา...`."""
    if not events:
        return ""
    first = events[0]
    kind = first.event_type.partition(".")[0]
    d = first.details
    named = {
        "Project": f"{d.get('code', '')} {d.get('name', '')}",
        "AnnualBudget": f"{d.get('lao_code', '')} · {said(d.get('fiscal_year'), lang)}",
        "ProgressReport": f"{d.get('lao_code', '')} · {said(d.get('period'), lang)}",
        "UserAccount": f"{d.get('username', '')} ({d.get('display_name', '')})",
        "LocalAuthority": str(d.get("name_en" if lang == "en" else "name_th", "")),
        "DisbursementTargets": said(d.get("fiscal_year"), lang),
    }.get(kind, "")
    return f"{record_kind_name(kind, lang)} {named}".strip()


def mark_changes(now: list[Section], before: Iterable[Section]) -> list[Section]:
    """Mark the facts and rows of `now` that differ from `before` (the record one version
    earlier): a fact by its label, a row by its first cell."""
    earlier = {s.title: s for s in before}
    for section in now:
        then = earlier.get(section.title)
        old_facts = {f.label: f.value for f in then.facts} if then else {}
        old_rows = {tuple(r.cells[:1]): r.cells for r in then.rows} if then else {}
        for fact in section.facts:
            fact.changed = old_facts.get(fact.label) != fact.value
        for row in section.rows:
            row.changed = old_rows.get(tuple(row.cells[:1])) != row.cells
    return now
