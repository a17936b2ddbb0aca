"""From a workbook's rows to the commands they ask for, against what the system holds.

Each row is read into the application's own command Structs (budget.application.from_text
checks every cell by the command's field types) and compared with the record it names:
a row the system already holds asks for nothing; a new one for its command; a payment
or expenditure whose amount differs for the matching correction (with the row's reason,
or "back-fill: FILE sheet row"); a procurement date that differs for a stage-date
correction. What the file says otherwise and the import cannot change (a project's
name, a contract's terms) is a disagreement, reported; what the system holds and the
file no longer lists is reported too, never cancelled.

This module reads the workbook's first part (the budget, its lines, transfers,
supplementary budgets, spending without a project); budget.imports.plan_projects the
projects; budget.imports.plan_funding the money outside the ordinance and the revenue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from budget.application import BudgetOffice
from budget.application.commands import (
    AdditionIn,
    AddSupplementaryBudget,
    Command,
    CorrectExpenditure,
    DraftBudget,
    EnactBudget,
    LineIn,
    RecordExpenditure,
    TransferFunds,
)
from budget.application.from_text import Checker
from budget.domain.budget import AnnualBudget
from budget.domain.errors import BudgetNotFound
from budget.domain.ids import budget_id
from budget.imports.amounts import Held, KeyedAmounts, amounts_by_key
from budget.imports.cells import Row, Workbook
from budget.imports.reconciliation import Disagreement, Refusal
from budget.imports.rows import D, council_approval, dated_command
from budget.imports.sheets import BY_KEY

# On one business date: the budget and its changes before the projects they fund.
RUN_ORDER = (
    "about",
    "lines",
    "revenue_estimate",
    "transfers",
    "supplementary",
    "funded_lines",
    "projects",
    "steps",
    "contracts",
    "contract_money",
    "inspections",
    "payments",
    "expenditures",
    "revenue",
    "project_ends",
)
ORDER = {key: index for index, key in enumerate(RUN_ORDER)}
T = TypeVar("T")
BUDGET: Any = AnnualBudget  # the event classes @event makes (mypy cannot see them)


@dataclass(frozen=True, slots=True)
class Planned:
    """A command a row asks for, in the order the year lived it."""

    on: date
    sheet: str
    row: int
    command: Command
    correction: bool = False

    @property
    def key(self) -> tuple[date, int, int]:
        return (self.on, ORDER[self.sheet], self.row)


@dataclass(slots=True)
class Plan:
    office: BudgetOffice
    lao_code: str
    fiscal_year: int
    file_name: str
    budget: AnnualBudget | None = None
    entries: list[Planned] = field(default_factory=list)
    present: Counter[str] = field(default_factory=Counter)
    refused: list[Refusal] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)

    def add(
        self, sheet: str, row: Row, on: date, command: Command, *, correction: bool = False
    ) -> None:
        self.entries.append(Planned(on, sheet, row.number, command, correction))

    @property
    def of_budget(self) -> dict[str, Any]:
        """The fields that name the budget a command is about."""
        return {"lao_code": self.lao_code, "fiscal_year": self.fiscal_year}

    def checker(self, row: Row) -> Checker:
        return Checker(row.cells, "th")

    def read(
        self, sheet: str, rows: Iterable[Row], read: Callable[[Checker, Row], T | None]
    ) -> Iterator[tuple[Row, T]]:
        """Each row as `read` makes it of the row's checked cells; a row it cannot make
        (None) is refused, with every cell the checker found wrong."""
        for row in rows:
            checker = self.checker(row)
            made = read(checker, row)
            if made is None:
                self.refuse_cells(sheet, row, checker)
            else:
                yield row, made

    def dated(
        self, sheet: str, rows: Iterable[Row], kind: type[D], given: Mapping[str, Any] | None = None
    ) -> Iterator[tuple[Row, tuple[D, date]]]:
        """Each row's command of `kind` with its day (rows.dated_command), as `read`."""
        return self.read(sheet, rows, lambda checker, _: dated_command(checker, sheet, kind, given))

    def refuse_cells(self, sheet: str, row: Row, checker: Checker) -> None:
        """Every cell the checker found wrong, as refusals of the row."""
        by_key = BY_KEY[sheet].by_key
        for name, words in checker.problems.items():
            column = name if name in by_key else ""
            value = row.cells.get(name, "")
            self.refuse(sheet, row.number, column, "invalid_cell", words, value=value)

    def refuse(
        self,
        sheet: str,
        row: int,
        column: str,
        code: str,
        words: tuple[str, str],
        *,
        value: str = "",
    ) -> None:
        part = BY_KEY[sheet]
        found = part.by_key.get(column)
        th, en = words
        self.refused.append(
            Refusal(
                sheet=sheet,
                sheet_th=part.th,
                row=row,
                column=column,
                column_th=found.th if found else "",
                value=value,
                code=code,
                th=th,
                en=en,
            )
        )

    def disagree(
        self, sheet: str, row: int, reference: str, column: str, values: tuple[Any, Any]
    ) -> None:
        in_file, in_system = values
        part = BY_KEY[sheet]
        name = part.by_key[column].th if column in part.by_key else column
        self.disagreements.append(
            Disagreement(
                sheet=sheet,
                sheet_th=part.th,
                row=row,
                reference=reference,
                column=column,
                in_file=str(in_file),
                in_system=str(in_system),
                th=f"{part.th} {reference}: {name} ในไฟล์ไม่ตรงกับที่บันทึกไว้ (ไม่ได้แก้ไข)",
                en=f"{part.en} {reference}: {column} in the file differs from the record "
                "(unchanged)",
            )
        )

    def missing(self, sheet: str, reference: str) -> None:
        """The system holds it; the file no longer lists it (reported, never cancelled)."""
        part = BY_KEY[sheet]
        self.disagreements.append(
            Disagreement(
                sheet=sheet,
                sheet_th=part.th,
                row=0,
                reference=reference,
                column="",
                in_file="",
                in_system=reference,
                th=f"{part.th} {reference} บันทึกไว้แล้วแต่ไม่มีในไฟล์ (ไม่ได้ยกเลิก)",
                en=f"{part.en} {reference} is recorded but not in the file (not cancelled)",
            )
        )

    def reason(self, sheet: str, row: Row, given: str = "") -> str:
        return given or f"back-fill: {self.file_name} {BY_KEY[sheet].th} row {row.number}"


def plan_budget(plan: Plan, book: Workbook) -> None:
    """The budget, its lines, transfers, supplementary budgets and spending."""
    try:
        plan.budget = plan.office.budget(plan.lao_code, plan.fiscal_year, for_change=True)
    except BudgetNotFound:
        plan.budget = None
    lines = _lines(plan, book.rows.get("lines", []))
    _draft_and_enact(plan, book.rows["about"][0], lines)
    history = _budget_history(plan)
    _transfers(plan, book.rows.get("transfers", []), history["transfers"])
    _supplementary(plan, book.rows.get("supplementary", []), history["supplementary"])
    _expenditures(plan, book.rows.get("expenditures", []))


def _lines(plan: Plan, rows: list[Row]) -> list[tuple[Row, LineIn]]:
    return list(plan.read("lines", rows, lambda checker, _: checker.command(LineIn)))


def _draft_and_enact(plan: Plan, about: Row, lines: list[tuple[Row, LineIn]]) -> None:
    checker = plan.checker(about)
    drafted = checker.day("drafted_on")
    ordinance = checker.day("ordinance_date")
    approved_by = checker.text("approved_by", required=ordinance is not None, limit=500)
    if checker.problems:
        plan.refuse_cells("about", about, checker)
        return
    lao, fiscal_year = plan.lao_code, plan.fiscal_year
    budget = plan.budget
    if budget is None:
        if not lines:
            return  # an empty template: nothing to record
        if drafted is None:
            words = ("กรุณากรอกวันที่จัดทำร่าง", "Give the date the budget was drafted")
            plan.refuse("about", about.number, "drafted_on", "required", words)
            return
        draft = DraftBudget(
            lao_code=lao,
            fiscal_year=fiscal_year,
            lines=[line for _, line in lines],
            business_date=drafted,
        )
        plan.add("about", about, drafted, draft)
    else:
        plan.present["about"] += 1
        for row, line in lines:
            _compare_line(plan, budget, row, line)
    if ordinance is None:
        return
    if budget is not None and budget.enacted_on is not None:
        if budget.enacted_on != ordinance:
            plan.disagree(
                "about",
                about.number,
                plan.lao_code,
                "ordinance_date",
                (ordinance, budget.enacted_on),
            )
        return
    enact = EnactBudget(
        lao_code=lao, fiscal_year=fiscal_year, ordinance_date=ordinance, approved_by=approved_by
    )
    plan.add("about", about, ordinance, enact)


def _compare_line(plan: Plan, budget: AnnualBudget, row: Row, line: LineIn) -> None:
    ledger = budget.ledgers.get(line.code)
    if ledger is None:
        if budget.enacted_on is None:
            from budget.application.commands import AddDraftLine

            command = AddDraftLine.of(line, **plan.of_budget)
            plan.add("lines", row, budget.year.starts_on, command)
        else:
            plan.disagree(
                "lines", row.number, line.code, "code", (line.code, "(not in the ordinance)")
            )
        return
    plan.present["lines"] += 1
    if ledger.line.amount != line.amount:
        plan.disagree("lines", row.number, line.code, "amount", (line.amount, ledger.line.amount))
    if ledger.line.source.kind is not line.source:
        held = ledger.line.source.kind.value
        plan.disagree("lines", row.number, line.code, "source", (line.source.value, held))


def _budget_history(plan: Plan) -> dict[str, set[Any]]:
    """What the budget's events already hold: transfers and supplementary budgets."""
    found: dict[str, set[Any]] = {"transfers": set(), "supplementary": set()}
    if plan.budget is None:
        return found
    for event in plan.office.events.get(budget_id(plan.lao_code, plan.fiscal_year)):
        match event:
            case BUDGET.FundsTransferred(from_line=source, to_line=target, amount=amount):
                found["transfers"].add((event.business_date, source, target, amount))
            case BUDGET.SupplementaryBudgetEnacted(ordinance_date=on):
                found["supplementary"].add(on)
            case _:
                pass
    return found


def _new_line(checker: Checker, code: str, amount: Decimal) -> LineIn | None:
    """A new line's classification, when the row gives one."""
    if not checker.values.get("description") and not checker.values.get("category"):
        return None
    values = {**checker.values, "code": code, "amount": str(amount)}
    reader = Checker(values, checker.lang)
    line = reader.command(LineIn)
    for name, (th, en) in reader.problems.items():
        checker.fail(name, th, en)
    return line


def _transfers(plan: Plan, rows: list[Row], recorded: set[Any]) -> None:
    for row in rows:
        checker = plan.checker(row)
        on = checker.day("on", required=True)
        source = checker.text("from_line", limit=100)
        target = checker.text("to_line", limit=100)
        amount = checker.amount("amount")
        approval = council_approval(checker)
        if checker.problems or on is None or amount is None:
            plan.refuse_cells("transfers", row, checker)
            continue
        if (on, source, target, amount) in recorded:
            plan.present["transfers"] += 1
            continue
        new_line = _new_line(checker, target, amount)
        if checker.problems:
            plan.refuse_cells("transfers", row, checker)
            continue
        command = TransferFunds(
            **plan.of_budget,
            from_line=source,
            to_line=target,
            amount=amount,
            changes_item=checker.flag("changes_item") and new_line is None,
            new_line=new_line,
            council_approval=approval,
            business_date=on,
        )
        plan.add("transfers", row, on, command)


def _supplementary(plan: Plan, rows: list[Row], recorded: set[Any]) -> None:
    budgets: dict[date, tuple[Row, list[AdditionIn], list[LineIn]]] = {}
    for row in rows:
        checker = plan.checker(row)
        on = checker.day("ordinance_date", required=True)
        code = checker.text("line_code", limit=100)
        amount = checker.amount("amount")
        if checker.problems or on is None or amount is None:
            plan.refuse_cells("supplementary", row, checker)
            continue
        if on in recorded:
            plan.present["supplementary"] += 1
            continue
        _, additions, new_lines = budgets.setdefault(on, (row, [], []))
        new_line = _new_line(checker, code, amount)
        if checker.problems:
            plan.refuse_cells("supplementary", row, checker)
        elif new_line is not None:
            new_lines.append(new_line)
        else:
            additions.append(AdditionIn(line_code=code, amount=amount))
    for on, (row, additions, new_lines) in budgets.items():
        command = AddSupplementaryBudget(
            **plan.of_budget,
            ordinance_date=on,
            additions=additions,
            new_lines=new_lines,
        )
        plan.add("supplementary", row, on, command)


def _expenditures(plan: Plan, rows: list[Row]) -> None:
    """Each expenditure by its voucher (see `amounts_by_key`), on the line it names."""
    recorded = {}
    if plan.budget is not None:
        recorded = {
            voucher: Held(version, line_code, amount)
            for version, (line_code, amount, voucher) in plan.budget.expenditures.items()
        }
    sheet = KeyedAmounts(
        "expenditures", RecordExpenditure, CorrectExpenditure, "voucher", "line_code"
    )
    amounts_by_key(plan, rows, sheet, recorded)
