"""An import: a workbook read, planned against the system, and recorded all or nothing.

Every row goes through the same command Structs and handlers as the API, in one batch
(`BudgetOffice.batch`), in the order the year lived it (business date, then the
sheets' order). The person importing acts for the LAO as a back-fill
(`Role.BACKFILL`), and each event's actor names its source: the import's id, the file's
SHA-256, its sheet and row. A refused row refuses the file: nothing is recorded, and
the reconciliation lists every refused row (a refused command is rolled back in the
batch, so the rows after it are checked against what the accepted rows made).
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from datetime import date
from typing import Any

from budget.application import BudgetOffice
from budget.application.dates import check_dates
from budget.application.from_text import FIELD_OF_CODE
from budget.domain.access import Action, Actor, Role, authorize
from budget.domain.errors import BudgetNotFound, DomainError, NotFound
from budget.imports.cells import FileRefused, Workbook, read_workbook
from budget.imports.plan import Plan, Planned, plan_budget
from budget.imports.plan_funding import plan_funding
from budget.imports.plan_projects import plan_projects
from budget.imports.reconciliation import Reconciliation, Refusal, SheetCount
from budget.imports.sheets import BY_KEY, DATE_COLUMN, SHEETS
from budget.imports.totals import group_totals, sheet_totals, system_totals


def import_workbook(
    office: BudgetOffice,
    data: bytes,
    *,
    file_name: str,
    actor: Actor,
    dry_run: bool = False,
    lao_code: str | None = None,
    today: date | None = None,
) -> Reconciliation:
    """Import one workbook (see the module's docstring). FileRefused when the file as a
    whole cannot be read; NotPermitted when `actor` may not import for its LAO. Given
    `today` (the doors give the service's), a row dated after it is refused as the API
    refuses such a write (budget.application.dates: no fact before it happens)."""
    book = read_workbook(data)
    lao, fiscal_year = _whose(book, lao_code)
    try:
        authority = office.authority(lao)
    except NotFound:
        raise FileRefused(
            "lao_not_found",
            f"ไม่พบ อปท. รหัส {lao} ในทะเบียน",
            f"No LAO {lao} in the registry",
        ) from None
    authorize(actor, Action.IMPORT_WORKBOOK, lao=lao, province=authority.province_code)
    found = Reconciliation(
        import_id=uuid.uuid4(),
        file_name=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        lao_code=lao,
        lao_name=authority.name_th,
        fiscal_year=fiscal_year,
        dry_run=dry_run,
        recorded=False,
        be_dates_converted=book.be_dates,
        notes=[f"คอลัมน์ที่ไม่รู้จัก ไม่ได้อ่าน: {c}" for c in book.ignored_columns],
    )
    done: Counter[tuple[str, bool]] = Counter()
    with office.batch() as batch:
        plan = Plan(office, lao, fiscal_year, file_name)
        plan_budget(plan, book)
        plan_projects(plan, book)
        plan_funding(plan, book)
        found.refused.extend(plan.refused)
        found.disagreements.extend(plan.disagreements)
        for entry in sorted(plan.entries, key=lambda e: e.key):
            source = f"import:{found.import_id} sha256:{found.sha256} {entry.sheet}!{entry.row}"
            backfill = Actor(actor.user_id, Role.BACKFILL, lao, source=source)
            try:
                if today is not None:
                    check_dates(entry.command, today)
                batch.execute(entry.command, actor=backfill)
            except DomainError as error:
                found.refused.append(_refusal(entry, error))
            else:
                done[entry.sheet, entry.correction] += 1
        found.events = batch.pending
        held = None if found.refused else _held(office, lao, fiscal_year)  # the batch's own
        if not found.refused and not dry_run:
            found.position = batch.commit()
            found.recorded = found.position > 0 or not plan.entries
    _count(found, book, plan, done, held or _held(office, lao, fiscal_year))
    return found


Held = tuple[dict[str, Any], list[Any]]


def _held(office: BudgetOffice, lao: str, fiscal_year: int) -> Held:
    """What the system holds for the year (in a batch: with the batch's commands): each
    sheet's total, and the budget's figures by group."""
    try:
        figures = office.budget(lao, fiscal_year).figures_by_group()
    except BudgetNotFound:
        figures = []
    return system_totals(office, lao, fiscal_year), figures


def _whose(book: Workbook, lao_code: str | None) -> tuple[str, int]:
    about = book.rows.get("about", [])
    if len(about) != 1:
        raise FileRefused(
            "about_row",
            "แผ่นข้อมูลทั่วไปต้องมีหนึ่งแถว: รหัส อปท. และปีงบประมาณ",
            "The About sheet must have one row: the LAO code and the fiscal year",
        )
    cells = about[0].cells
    lao, year = cells.get("lao_code", "").strip(), cells.get("fiscal_year", "").strip()
    if not year.isdigit() or not 2500 <= int(year) <= 2700:
        raise FileRefused(
            "fiscal_year",
            "ปีงบประมาณในแผ่นข้อมูลทั่วไปต้องเป็นปี พ.ศ. เช่น 2570",
            "The About sheet's fiscal year must be a B.E. year, e.g. 2570",
        )
    if lao_code is not None and lao != lao_code:
        raise FileRefused(
            "another_lao",
            f"ไฟล์นี้เป็นของ อปท. รหัส {lao} ไม่ใช่ {lao_code}",
            f"This workbook is LAO {lao}'s, not {lao_code}'s",
        )
    return lao, int(year)


def _refusal(entry: Planned, error: DomainError) -> Refusal:
    sheet = BY_KEY[entry.sheet]
    column = FIELD_OF_CODE.get(error.code, DATE_COLUMN.get(entry.sheet, ""))
    if column not in sheet.by_key:
        column = DATE_COLUMN.get(entry.sheet, "")
    found = sheet.by_key.get(column)
    return Refusal(
        sheet=entry.sheet,
        sheet_th=sheet.th,
        row=entry.row,
        column=column,
        column_th=found.th if found else "",
        value="",
        code=error.code,
        th=error.thai,
        en=error.english,
    )


def _count(
    found: Reconciliation,
    book: Workbook,
    plan: Plan,
    done: Counter[tuple[str, bool]],
    held: Held,
) -> None:
    refused_rows = Counter(sheet for sheet, _ in {(r.sheet, r.row) for r in found.refused})
    kept = found.recorded or (found.dry_run and not found.refused)  # what was or would be
    counts = {}
    for sheet in SHEETS:
        if sheet.read_only:
            continue
        counts[sheet.key] = SheetCount(
            sheet=sheet.key,
            sheet_th=sheet.th,
            rows=len(book.rows.get(sheet.key, [])),
            recorded=done[sheet.key, False] if kept else 0,
            corrected=done[sheet.key, True] if kept else 0,
            present=plan.present[sheet.key],
            refused=refused_rows[sheet.key],
        )
    sheet_totals(counts, book, held[0])
    found.sheets = list(counts.values())
    found.groups = group_totals(book, held[1])
