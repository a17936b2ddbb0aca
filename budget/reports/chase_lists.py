"""The lists a provincial office sends to chase: the LAOs of a province (or the nation)
whose reports are late or missing, and whose data is missing; and a clerk's what-is-due,
every deadline of the LAO's year with its legal basis. Paper in the reports' layout
(budget.reports.document), from one snapshot of the live views (the footer names the
last event it includes), as the lists stand on a day.

The deadlines' legal basis is each rule's (budget/domain/deadlines.py): the Ministry of
Interior's regulations on the LAOs' budget procedure and on public procurement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.platypus import Flowable
from sqlalchemy import Engine

from budget.domain.calendar import BANGKOK
from budget.domain.deadlines import Standing
from budget.projections.queries import Authority, PageRequest, authority
from budget.projections.queries.deadlines import Deadline, lao_deadlines
from budget.projections.queries.missing import (
    Missing,
    MissingCount,
    MissingLao,
    who_is_missing,
)
from budget.projections.queries.paging import EXPORT_LIMIT
from budget.registry import check_province, province_name_th
from budget.reports.document import PageInfo, build_pdf
from budget.reports.parts import NOTE, heading, paragraph, title_block
from budget.reports.render import Rendered, safe_key
from budget.reports.sources import Snapshot, read_now
from budget.reports.tables import Column, data_table
from budget.reports.thai_dates import thai_date, thai_moment, thai_year
from budget.wording import deadline_name, missing_name, standing_name

LATE = frozenset({Missing.NO_REPORT, Missing.REPORT_OVERDUE})
# What the clerk's list shows first: what is to do, then what was done late or in time.
STANDING_ORDER = {
    Standing.OVERDUE: 0,
    Standing.DUE: 1,
    Standing.OPEN: 2,
    Standing.MET_LATE: 3,
    Standing.MET: 4,
    Standing.ENDED: 5,
    Standing.CANCELLED: 6,
}
DEADLINE_COLUMNS = [
    Column("ที่", 0.35, "right"),
    Column("เรื่อง", 1.6),
    Column("รายการ", 0.9),
    Column("กำหนด", 0.95),
    Column("สถานะ", 1.3),
    Column("ตามระเบียบ", 2.6),
]
LATE_COLUMNS = [
    Column("ที่", 0.35, "right"),
    Column("องค์กรปกครองส่วนท้องถิ่น", 1.9),
    Column("รายงาน", 2.3),
    Column("บันทึกล่าสุด", 0.9),
    Column("ติดต่อ", 2.0),
]
MISSING_COLUMNS = [*LATE_COLUMNS[:2], Column("ข้อมูลที่ขาด", 2.3), *LATE_COLUMNS[3:]]
COUNT_COLUMNS = [
    Column("พื้นที่", 1.6),
    Column("อปท.", 0.6, "right"),
    *(Column(missing_name(m.value), 0.9, "right") for m in Missing),
    Column("ขาดอย่างน้อยหนึ่งอย่าง", 0.9, "right"),
]


@dataclass(frozen=True, slots=True)
class DeadlineList:
    authority: Authority
    deadlines: list[Deadline]


@dataclass(frozen=True, slots=True)
class MissingList:
    province_code: str | None  # None: the nation
    counts: list[MissingCount]
    laos: list[MissingLao]  # those missing something, the most first (up to EXPORT_LIMIT)
    quiet_days: int
    total: int  # LAOs missing something, listed or not


def _day(day: date | None) -> str:
    return thai_date(day) if day is not None else "–"


def _pdf(
    title: str,
    subject: str,
    name: str,
    position: int,
    printed_at: datetime | None,
    *,
    story: Callable[[PageInfo], list[Flowable]],
) -> Rendered:
    """A list laid out: its metadata (`subject`, with the events it was read to), its pages,
    its file's `name`."""
    info = PageInfo(
        title=title,
        position=position,
        printed_at=printed_at or datetime.now(BANGKOK),
        subject=f"{subject}; events to position {position}",
    )
    pdf, pages = build_pdf(story(info), info)
    return Rendered(pdf, name, position, pages)


def _standing(d: Deadline) -> str:
    said = standing_name(d.standing.value)
    if d.standing in (Standing.OVERDUE, Standing.MET_LATE):
        return f"{said} {d.late_working_days} วันทำการ"
    if d.met_on is not None:
        return f"{said} {thai_date(d.met_on)}"
    return said


def deadline_rows(deadlines: list[Deadline]) -> tuple[list[list[str]], set[int]]:
    """The deadlines, what is overdue first (marked), then what is due, then what was met."""
    ordered = sorted(deadlines, key=lambda d: (STANDING_ORDER[d.standing], d.due_on))
    rows, late = [], set()
    for n, d in enumerate(ordered):
        subject = f"{d.subject} งวดที่ {d.number}" if d.number else d.subject
        rows.append(
            [
                str(n + 1),
                deadline_name(d.kind.value),
                subject,
                thai_date(d.due_on),
                _standing(d),
                d.basis_th,
            ]
        )
        if d.standing is Standing.OVERDUE:
            late.add(n)
    return rows, late


def deadlines_story(
    found: DeadlineList, info: PageInfo, fiscal_year: int, day: date
) -> list[Flowable]:
    a = found.authority
    tally = Counter(d.standing for d in found.deadlines)
    facts = [
        ("อปท.", f"{a.name_th} ({a.lao_code})"),
        ("จังหวัด", f"{a.province_name} ({a.province_code})"),
        ("ปีงบประมาณ", f"พ.ศ. {fiscal_year}"),
        ("สถานะ ณ วันที่", thai_date(day, long=True)),
        ("เลยกำหนด", f"{tally[Standing.OVERDUE]:,} รายการ"),
        ("ยังไม่ถึงกำหนด", f"{tally[Standing.DUE] + tally[Standing.OPEN]:,} รายการ"),
        ("วันที่พิมพ์", thai_moment(info.printed_at)),
    ]
    rows, late = deadline_rows(found.deadlines)
    return [
        *title_block(f"กำหนดเวลาที่ต้องดำเนินการของ{a.name_th}", thai_year(fiscal_year), facts),
        *heading("รายการตามกำหนดเวลา (นับวันทำการตามปฏิทินราชการไทย)"),
        data_table(DEADLINE_COLUMNS, rows, marked=late)
        if rows
        else paragraph("ยังไม่มีกำหนดเวลาในปีงบประมาณนี้"),
        paragraph(
            "แถวพื้นสีแดง: เลยกำหนดแล้ว · วันทำการไม่นับวันเสาร์ อาทิตย์ วันหยุดนักขัตฤกษ์"
            " และวันหยุดที่คณะรัฐมนตรีประกาศเพิ่ม",
            NOTE,
        ),
    ]


def _missing_words(lao: MissingLao, reasons: frozenset[Missing] = frozenset(Missing)) -> str:
    words = []
    for reason in lao.missing:
        if reason in reasons:
            said = missing_name(reason.value)
            if reason is Missing.REPORT_OVERDUE:
                said += f" {lao.overdue_reports} งวด"
            words.append(said)
    return ", ".join(words)


def _contact(lao: MissingLao) -> str:
    """Whom to call or write to, a line each: the officer, โทร. the phone, the e-mail."""
    lines = [lao.officer, f"โทร. {lao.phone}" if lao.phone else "", lao.email]
    return "\n".join(line for line in lines if line) or "–"


def lao_rows(laos: list[MissingLao], reasons: frozenset[Missing]) -> list[list[str]]:
    """The LAOs missing one of `reasons`, with what they miss of them and their contact."""
    chosen = [lao for lao in laos if reasons.intersection(lao.missing)]
    return [
        [
            str(n + 1),
            f"{lao.name_th} ({lao.lao_code})",
            _missing_words(lao, reasons),
            _day(lao.last_entry_on),
            _contact(lao),
        ]
        for n, lao in enumerate(chosen)
    ]


def count_rows(counts: list[MissingCount], national: bool) -> list[list[str]]:
    rows = []
    for c in counts:
        if c.province_code is None:
            place = "ทั้งประเทศ" if national else "รวม"
        else:
            place = f"{province_name_th(c.province_code)} ({c.province_code})"
        figures = [getattr(c, m.value) for m in Missing]
        rows.append([place, f"{c.laos:,}", *(f"{x:,}" for x in figures), f"{c.any_missing:,}"])
    return rows


def missing_story(
    found: MissingList, info: PageInfo, fiscal_year: int, day: date
) -> list[Flowable]:
    if found.province_code is None:
        place, counts = "ทั่วประเทศ", found.counts
    else:
        place, counts = f"จังหวัด{province_name_th(found.province_code)}", found.counts[-1:]
    total = found.counts[-1]
    late = lao_rows(found.laos, LATE)
    every = lao_rows(found.laos, frozenset(Missing))
    facts = [
        ("พื้นที่", place),
        ("ปีงบประมาณ", f"พ.ศ. {fiscal_year}"),
        ("สถานะ ณ วันที่", thai_date(day, long=True)),
        ("จำนวน อปท.", f"{total.laos:,} แห่ง"),
        ("รายงานล่าช้า", f"{len(late):,} แห่ง"),
        ("ข้อมูลขาด", f"{total.any_missing:,} แห่ง"),
        ("วันที่พิมพ์", thai_moment(info.printed_at)),
    ]
    return [
        *title_block(
            f"รายชื่อ อปท. ที่ส่งรายงานล่าช้าและข้อมูลขาดหาย {place}", thai_year(fiscal_year), facts
        ),
        *heading("1. สรุปจำนวน อปท. ที่ข้อมูลขาด"),
        data_table(COUNT_COLUMNS, count_rows(counts, found.province_code is None), totals=1),
        *heading("2. อปท. ที่ส่งรายงานผลการเบิกจ่ายล่าช้าหรือยังไม่ส่ง"),
        data_table(LATE_COLUMNS, late) if late else paragraph("ไม่มี อปท. ที่ส่งรายงานล่าช้า"),
        *heading("3. อปท. ที่ข้อมูลขาดทั้งหมด"),
        data_table(MISSING_COLUMNS, every) if every else paragraph("ไม่มี อปท. ที่ข้อมูลขาด"),
        *_cut(found),
        paragraph(
            f"ไม่บันทึกข้อมูล: ไม่มีการบันทึกงบประมาณ ขั้นตอนโครงการ หรือรายงาน"
            f" ในช่วง {found.quiet_days} วันก่อนวันที่ข้างต้น · รายงานเลยกำหนดนับตามปฏิทินการรายงาน"
            " ที่กรมส่งเสริมการปกครองท้องถิ่นกำหนด",
            NOTE,
        ),
    ]


def _cut(found: MissingList) -> list[Flowable]:
    """A line saying the lists stop at the first EXPORT_LIMIT LAOs, where they do."""
    if found.total <= len(found.laos):
        return []
    return [
        paragraph(
            f"แสดง {len(found.laos):,} แห่งแรกจาก {found.total:,} แห่งที่ข้อมูลขาด"
            " (รายชื่อทั้งหมด: ดาวน์โหลดเป็นไฟล์ทีละช่วง)",
            NOTE,
        )
    ]


def render_deadlines(
    views: Engine,
    lao_code: str,
    fiscal_year: int,
    day: date,
    *,
    printed_at: datetime | None = None,
) -> Rendered:
    """A clerk's what-is-due: every deadline of the LAO's year as it stands on `day`
    (NotFound for an LAO the registry does not hold)."""

    def gather(snapshot: Snapshot) -> DeadlineList:
        found = authority(snapshot.connection, lao_code)
        return DeadlineList(found, lao_deadlines(snapshot.connection, lao_code, fiscal_year, day))

    found, position = read_now(views, gather, today=day)
    return _pdf(
        f"กำหนดเวลาที่ต้องดำเนินการ {found.authority.name_th} ปีงบประมาณ {fiscal_year}",
        f"deadlines LAO {lao_code}; FY {fiscal_year}; as of {day.isoformat()}",
        f"deadlines-{safe_key(lao_code)}-{fiscal_year}-{day:%Y%m%d}.pdf",
        position,
        printed_at,
        story=lambda info: deadlines_story(found, info, fiscal_year, day),
    )


def render_missing(
    views: Engine,
    province_code: str | None,
    fiscal_year: int,
    day: date,
    *,
    quiet_days: int,
    printed_at: datetime | None = None,
) -> Rendered:
    """The LAOs of a province (None: the nation) with late reports and missing data on
    `day` (NotFound for a code no province has)."""
    if province_code is not None:
        check_province(province_code)

    def gather(snapshot: Snapshot) -> MissingList:
        found = who_is_missing(
            snapshot.connection,
            fiscal_year,
            day,
            PageRequest(offset=0, limit=EXPORT_LIMIT),  # the nation's ~7,850 at most
            province_code=province_code,
            quiet_days=quiet_days,
        )
        laos = found.laos
        return MissingList(province_code, found.counts, laos.items, quiet_days, laos.total)

    found, position = read_now(views, gather, today=day)
    key = province_code or "TH"
    return _pdf(
        f"อปท. ที่ส่งรายงานล่าช้าและข้อมูลขาดหาย ปีงบประมาณ {fiscal_year}",
        f"missing {key}; FY {fiscal_year}; as of {day.isoformat()}",
        f"missing-{safe_key(key.lower())}-{fiscal_year}-{day:%Y%m%d}.pdf",
        position,
        printed_at,
        story=lambda info: missing_story(found, info, fiscal_year, day),
    )
