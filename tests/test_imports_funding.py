"""The year's workbook carries where the money came from and the revenue: each line's source
(columns of the lines sheet), the money outside the ordinance (funded_lines), the revenue
estimate and the receipts, downloaded and imported into another store as they were; a
receipt's changed amount imports as its correction; a file of the format's first layout
(without those sheets and columns) imports its lines as the LAO's own revenue; a refused
source records nothing."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter

from budget.application import BudgetOffice
from budget.application.commands import RegisterAuthority
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.funding import OWN_REVENUE, FundingKind, UnusedGrant
from budget.domain.revenue import RevenueCategory
from budget.imports.run import import_workbook
from budget.imports.sheets import SHEETS
from budget.imports.writer import write_workbook
from budget.imports.year import year_rows
from tests.builders import FY, LAO, memory_office, record
from tests.funding_world import add_funded, estimate, grant_line, office_with_sources, receive

TAXES = RevenueCategory.TAXES


def imported(office: BudgetOffice, data: bytes) -> Any:
    return import_workbook(office, data, file_name="year.xlsx", actor=SYSTEM_ACTOR)


def registered() -> BudgetOffice:
    office = memory_office()
    office.execute(
        RegisterAuthority(authority=record(LAO), business_date=date(2026, 8, 1)),
        actor=SYSTEM_ACTOR,
    )
    return office


def a_year() -> BudgetOffice:
    office = office_with_sources()
    estimate(office, on=date(2026, 10, 3))
    add_funded(office, grant_line("KEEP", "100000.00", unused=UnusedGrant.CARRY))
    receive(office, TAXES, "1000.00", reference="R-1", on=date(2026, 10, 30))
    receive(office, RevenueCategory.SHARED_TAXES, "410000.00", reference="R-2")
    return office


def test_sources_funded_lines_and_revenue_go_through_the_workbook() -> None:
    source = a_year()
    rows = year_rows(source, LAO, FY)
    lines = {row["code"]: row for row in rows["lines"]}
    assert lines["GRANT"]["source"] == "specific_grant"
    assert lines["WELL"]["source_resolution"] == "มติสภา สมัยวิสามัญ 1/2569"
    assert [row["code"] for row in rows["funded_lines"]] == ["KEEP"]
    assert {row["reference"] for row in rows["revenue"]} == {"R-1", "R-2"}
    target = registered()
    found = imported(target, write_workbook(rows))
    assert found.recorded, found.refused
    copied, original = target.budget(LAO, FY), source.budget(LAO, FY)
    for code, ledger in original.ledgers.items():
        assert copied.ledger(code).line == ledger.line, code
        assert copied.ledger(code).allocated == ledger.allocated, code
    assert copied.ledger("KEEP").supplementary == Decimal("100000.00")  # outside the ordinance
    assert copied.revenue.estimate == original.revenue.estimate
    assert copied.revenue.received() == original.revenue.received()
    again = imported(target, write_workbook(rows))
    assert again.events == 0
    assert not again.refused


def test_a_receipts_changed_amount_imports_as_its_correction() -> None:
    office = a_year()
    rows = year_rows(office, LAO, FY)
    receipt = next(row for row in rows["revenue"] if row["reference"] == "R-1")
    receipt["amount"] = Decimal("100.00")
    receipt["correction_reason"] = "ใบเสร็จเขียนผิด"
    found = imported(office, write_workbook(rows))
    assert found.recorded, found.refused
    assert found.events == 1
    assert office.budget(LAO, FY).revenue.received()[TAXES] == Decimal("100.00")


def test_a_receipts_other_category_and_a_receipt_left_out_are_reported_not_changed() -> None:
    office = a_year()
    rows = year_rows(office, LAO, FY)
    kept = next(row for row in rows["revenue"] if row["reference"] == "R-1")
    kept["category"] = RevenueCategory.PROPERTY.value
    rows["revenue"] = [kept]  # R-2 no longer listed
    before = office.recorder.max_notification_id()
    found = imported(office, write_workbook(rows))
    assert office.recorder.max_notification_id() == before
    said = {(d.reference, d.column, d.in_file, d.in_system) for d in found.disagreements}
    assert ("R-1", "category", "property", "taxes") in said
    assert any(d.reference == "R-2" and d.row == 0 for d in found.disagreements)


def test_a_refused_source_records_nothing() -> None:
    office = a_year()
    rows = year_rows(office, LAO, FY)
    row = {**rows["funded_lines"][0], "code": "MORE", "grantor": ""}
    rows["funded_lines"].append(row)
    receipt = {**rows["revenue"][0], "reference": "R-9"}
    rows["revenue"].append(receipt)
    before = office.recorder.max_notification_id()
    found = imported(office, write_workbook(rows))
    assert not found.recorded
    assert {r.code for r in found.refused} == {"funding_not_allowed"}
    assert office.recorder.max_notification_id() == before


def first_layout_workbook() -> bytes:
    """A workbook as the format's first layout wrote it: no funding columns on the lines,
    no sheets of funds outside the ordinance or of revenue."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    new_sheets = {"funded_lines", "revenue_estimate", "revenue"}
    new_columns = {"source", "grantor", "grant_unused", "source_resolution", "source_approved_on"}
    for sheet in SHEETS:
        if sheet.key in new_sheets:
            continue
        worksheet = book.add_worksheet(sheet.title)
        columns = [c for c in sheet.columns if c.key not in new_columns or sheet.key != "lines"]
        for index, column in enumerate(columns):
            worksheet.write_string(0, index, column.header)
        if sheet.key == "about":
            worksheet.write_row(1, 0, [LAO, "ทดสอบ", FY, "15/08/2569"])
        if sheet.key == "lines":
            worksheet.write_row(
                1, 0, ["ROAD", "00310", "งานก่อสร้าง", "investment", "land_and_construction",
                       "ถนน", "2000000.00"],
            )  # fmt: skip
    book.close()
    return output.getvalue()


def test_a_workbook_of_the_first_layout_imports_its_lines_as_own_revenue() -> None:
    office = registered()
    found = imported(office, first_layout_workbook())
    assert found.recorded, found.refused
    line = office.budget(LAO, FY).ledger("ROAD").line
    assert line.source == OWN_REVENUE
    assert line.source.kind is FundingKind.OWN_REVENUE
