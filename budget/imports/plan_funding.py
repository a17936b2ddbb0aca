"""From a workbook's rows to commands: the money outside the ordinance (funded_lines), the
ordinance's revenue estimate (revenue_estimate) and the revenue received (revenue), against
what the system holds (see budget.imports.plan). A file of the format's first layout has
none of these sheets: nothing to do."""

from __future__ import annotations

from decimal import Decimal

from budget.application.commands import (
    AddFundedLine,
    CorrectRevenue,
    EstimateLineIn,
    EstimateRevenue,
    FundedLineIn,
    RecordRevenue,
)
from budget.domain.money import ZERO
from budget.domain.revenue import RevenueCategory
from budget.imports.amounts import Held, KeyedAmounts, amounts_by_key
from budget.imports.cells import Row, Workbook
from budget.imports.plan import Plan


def plan_funding(plan: Plan, book: Workbook) -> None:
    _funded_lines(plan, book.rows.get("funded_lines", []))
    _estimate(plan, book)
    _revenue(plan, book.rows.get("revenue", []))


def _funded_lines(plan: Plan, rows: list[Row]) -> None:
    """A line of money outside the ordinance the system does not hold yet: AddFundedLine
    on the day it came (after the enactment: the rows run in date order)."""
    for row, (funded, on) in plan.dated("funded_lines", rows, FundedLineIn):
        ledger = plan.budget.ledgers.get(funded.code) if plan.budget is not None else None
        if ledger is None:
            command = AddFundedLine.of(funded, **plan.of_budget)
            plan.add("funded_lines", row, on, command)
            continue
        plan.present["funded_lines"] += 1
        if ledger.line.amount != funded.amount:
            both = (funded.amount, ledger.line.amount)
            plan.disagree("funded_lines", row.number, funded.code, "amount", both)


def _estimate(plan: Plan, book: Workbook) -> None:
    """The estimate as a whole, dated with the draft (the ordinance's, else the year's
    first day): recorded when the system holds none, or another while still a draft; an
    enacted estimate that differs is a disagreement."""
    rows = book.rows.get("revenue_estimate", [])
    given: dict[RevenueCategory, Decimal] = {}
    lines = plan.read("revenue_estimate", rows, lambda checker, _: checker.command(EstimateLineIn))
    for _, line in lines:
        given[line.category] = given.get(line.category, ZERO) + line.amount
    if not rows or not given:
        return
    about = plan.checker(book.rows["about"][0])
    on = about.day("drafted_on") or about.day("ordinance_date")
    budget = plan.budget
    held = budget.revenue.estimate if budget is not None else {}
    if held and all(held.get(c, ZERO) == a for c, a in given.items()) and set(held) <= set(given):
        plan.present["revenue_estimate"] += len(rows)
        return
    if budget is not None and held and budget.is_enacted:
        for category in RevenueCategory:
            both = (given.get(category, ZERO), held.get(category, ZERO))
            if both[0] != both[1]:
                plan.disagree("revenue_estimate", rows[0].number, category.value, "amount", both)
        return
    day = on or (budget.year.starts_on if budget is not None else None)
    if day is None:
        return  # no budget in the file nor the system: the about sheet says so
    command = EstimateRevenue(
        **plan.of_budget,
        estimates=[EstimateLineIn(category=c, amount=a) for c, a in given.items()],
        business_date=day,
    )
    plan.add("revenue_estimate", rows[0], day, command)


def _revenue(plan: Plan, rows: list[Row]) -> None:
    """Each receipt by its reference (see `amounts_by_key`), in the category it names."""
    recorded = {}
    if plan.budget is not None:
        recorded = {
            r.reference: Held(version, r.category.value, r.amount)
            for version, r in plan.budget.revenue.receipts.items()
        }
    sheet = KeyedAmounts("revenue", RecordRevenue, CorrectRevenue, "reference", "category")
    amounts_by_key(plan, rows, sheet, recorded)
