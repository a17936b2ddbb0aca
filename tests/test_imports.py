"""Workbooks in and out: what the system downloads it imports, into another store giving
the same dashboards; importing again records nothing; a changed payment records one
correction; a file with a refused row records nothing and lists every refused row."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
import xlsxwriter
from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.application.commands import SetTargets
from budget.config import Settings
from budget.demo import DemoOptions, demo_targets, record_year
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.errors import NotPermitted
from budget.domain.ids import budget_id, project_id
from budget.imports.cells import MAX_FILE_BYTES, MAX_ROWS, FileRefused, read_workbook
from budget.imports.run import import_workbook
from budget.imports.writer import write_workbook
from budget.imports.year import year_rows
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.queries import (
    Filters,
    lao_dashboard,
    national_dashboard,
    province_dashboard,
)
from budget.projections.registry import all_projections
from budget.registry import AuthorityRecord, generate_authorities

FY = 2570
OPTIONS = DemoOptions(projects=8, today=date(2026, 12, 31))  # before the first report
CLERK_OF = "clerk.{}"


@dataclass
class Store:
    office: BudgetOffice
    views: Engine

    def dashboards(self, laos: list[AuthorityRecord]) -> bytes:
        catch_up(self.office, self.views, all_projections(), batch_size=2000)
        filters = Filters(fiscal_year=FY)
        with self.views.connect() as c:
            found: list[Any] = [
                national_dashboard(c, filters),
                province_dashboard(c, "50", filters),
            ]
            found += [lao_dashboard(c, lao.code, filters) for lao in laos]
        return msgspec.json.encode(found)


def open_store(url: str, home: Path) -> Store:
    settings = Settings.from_env({"BUDGET_DATABASE_URL": url, "BUDGET_HOME": str(home)})
    return Store(BudgetOffice(settings), views_engine(settings))


@pytest.fixture(scope="module")
def laos() -> list[AuthorityRecord]:
    return generate_authorities(["50"])[:4]


@pytest.fixture(scope="module")
def source(
    laos: list[AuthorityRecord], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    home = tmp_path_factory.mktemp("source")
    store = open_store(f"sqlite:///{home / 'budget.sqlite3'}", home)
    record_year(store.office, laos, FY, 7, OPTIONS)
    yield store
    store.office.close()


@pytest.fixture(scope="module")
def workbooks(source: Store, laos: list[AuthorityRecord]) -> dict[str, bytes]:
    return {lao.code: write_workbook(year_rows(source.office, lao.code, FY)) for lao in laos}


def last_years(source: Store, laos: list[AuthorityRecord]) -> dict[str, bytes]:
    """Last year's workbook of each LAO whose ordinance passed late: its October salaries
    were paid under last year's ordinance, which an empty store needs first."""
    return {
        lao.code: write_workbook(year_rows(source.office, lao.code, FY - 1))
        for lao in laos
        if source.office.exists(budget_id(lao.code, FY - 1))
    }


def same_registry(office: BudgetOffice, laos: list[AuthorityRecord]) -> None:
    """The national reference data an LAO's workbook does not carry: the registry and
    the year's targets (set by DLA)."""
    office.import_authorities(laos, actor=SYSTEM_ACTOR)
    targets = SetTargets(fiscal_year=FY, targets=demo_targets(), source="มติ ครม.")
    office.execute(targets, actor=SYSTEM_ACTOR)


def imported(office: BudgetOffice, data: bytes, **options: Any) -> Any:
    return import_workbook(office, data, file_name="year.xlsx", actor=SYSTEM_ACTOR, **options)


def test_a_downloaded_year_imports_into_an_empty_store_as_the_same_dashboards(
    file_store_url: str,
    tmp_path: Path,
    source: Store,
    laos: list[AuthorityRecord],
    workbooks: dict[str, bytes],
) -> None:
    earlier = last_years(source, laos)
    assert earlier, "the demo has an LAO whose ordinance passed late"
    target = open_store(file_store_url, tmp_path)
    try:
        same_registry(target.office, laos)
        for lao in laos:
            if lao.code in earlier:
                alone = imported(target.office, workbooks[lao.code])
                assert {r.code for r in alone.refused} == {"no_previous_ordinance"}
                assert imported(target.office, earlier[lao.code]).recorded
            found = imported(target.office, workbooks[lao.code])
            assert found.recorded, found.refused
            assert not found.refused
            assert found.events > 0
        assert target.dashboards(laos) == source.dashboards(laos)
        before = target.office.recorder.max_notification_id()
        for lao in laos:  # again: nothing new
            again = imported(target.office, workbooks[lao.code])
            assert again.events == 0
            assert sum(s.recorded + s.corrected for s in again.sheets) == 0
            assert sum(s.present for s in again.sheets) > 0
        assert target.office.recorder.max_notification_id() == before
    finally:
        target.office.close()
        target.views.dispose()


def _rows_of(store: Store, lao: str) -> dict[str, list[dict[str, Any]]]:
    return year_rows(store.office, lao, FY)


def _changed_payment(store: Store, lao: str) -> tuple[bytes, dict[str, Any]]:
    rows = _rows_of(store, lao)
    payment = rows["payments"][0]
    payment["amount"] = payment["amount"] - Decimal("0.01")
    return write_workbook(rows), payment


def test_a_changed_payment_records_exactly_one_correction_with_its_reason(
    tmp_path: Path, laos: list[AuthorityRecord]
) -> None:
    store = open_store("memory:", tmp_path)
    record_year(store.office, laos[:2], FY, 7, OPTIONS)
    lao = next(a.code for a in laos[:2] if _rows_of(store, a.code)["payments"])
    data, payment = _changed_payment(store, lao)
    before = store.office.recorder.max_notification_id()
    found = imported(store.office, data)
    assert found.recorded
    assert [(s.sheet, s.corrected) for s in found.sheets if s.corrected] == [("payments", 1)]
    assert sum(s.recorded for s in found.sheets) == 0
    project = store.office.project(project_id(lao, FY, payment["project_code"]))
    history = store.office.history(project.id, actor=SYSTEM_ACTOR)
    last = history[-1]
    assert last.event_type.endswith("PaymentCorrected")
    assert last.reason == "back-fill: year.xlsx เบิกจ่าย row 2"
    assert last.role == Role.BACKFILL.value
    events = list(store.office.events.get(project.id))
    source = events[-1].actor.source
    assert f"import:{found.import_id}" in source
    assert f"sha256:{found.sha256}" in source
    assert source.endswith("payments!2")
    # the project's events and the budget's correction: one command
    assert (store.office.recorder.max_notification_id() or 0) - (before or 0) == 2


def test_a_file_with_refused_rows_records_nothing_and_lists_every_one(
    tmp_path: Path, laos: list[AuthorityRecord]
) -> None:
    store = open_store("memory:", tmp_path)
    store.office.import_authorities(laos, actor=SYSTEM_ACTOR)
    source = open_store("memory:", tmp_path)
    record_year(source.office, laos[:1], FY, 7, OPTIONS)
    rows = _rows_of(source, laos[0].code)
    rows["payments"][0]["amount"] = Decimal("999999999.99")  # more than the installment
    rows["projects"][0]["amount"] = "12.345"  # three decimals
    rows["steps"][0]["on"] = "31/02/2569"  # no such day
    found = imported(store.office, write_workbook(rows))
    assert not found.recorded
    assert store.office.recorder.max_notification_id() in (None, 0) or found.events >= 0
    codes = {(r.sheet, r.code) for r in found.refused}
    assert ("projects", "invalid_cell") in codes
    assert ("steps", "invalid_cell") in codes
    assert any(
        r.sheet == "payments" and r.code == "payment_exceeds_installment" for r in found.refused
    )
    for refusal in found.refused:
        assert refusal.th
        assert refusal.en
        assert refusal.row >= 2
    nothing = store.office.recorder.max_notification_id()
    assert nothing == store.office.recorder.max_notification_id()
    assert not any(
        store.office.exists(project_id(laos[0].code, FY, r["code"])) for r in rows["projects"]
    )


def _workbook(build: Any) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    build(book)
    book.close()
    return output.getvalue()


def test_files_that_are_not_clean_workbooks_are_refused_whole(workbooks: dict[str, bytes]) -> None:
    def refused(data: bytes) -> str:
        with pytest.raises(FileRefused) as raised:
            read_workbook(data)
        assert raised.value.th
        assert raised.value.en
        return raised.value.code

    assert refused(b"name,amount\nroad,100\n") == "not_a_workbook"
    assert refused(b"\xd0\xcf\x11\xe0" + b"\0" * 512) == "protected_or_old_workbook"
    assert refused(b"PK\x03\x04 broken") == "not_a_workbook"
    assert refused(_workbook(lambda b: b.add_worksheet("other"))) == "sheet_missing"
    assert refused(b"x" * (MAX_FILE_BYTES + 1)) == "file_too_large"

    rows = read_workbook(next(iter(workbooks.values())))
    assert rows.rows["about"]


def _layout_book(edit: Any) -> bytes:
    """A workbook of the layout with one sheet edited by `edit(book, sheets)`."""
    from budget.imports.sheets import SHEETS

    def build(book: Any) -> None:
        sheets = {}
        for sheet in SHEETS:
            worksheet = book.add_worksheet(sheet.title)
            for index, column in enumerate(sheet.columns):
                worksheet.write_string(0, index, column.header)
            sheets[sheet.key] = worksheet
        sheets["about"].write_row(1, 0, ["50010000", "x", 2570])
        edit(book, sheets)

    return _workbook(build)


def test_formulas_merged_cells_and_too_many_rows_are_refused() -> None:
    def refused(data: bytes) -> str:
        with pytest.raises(FileRefused) as raised:
            read_workbook(data)
        return raised.value.code

    assert (
        refused(_layout_book(lambda b, s: s["payments"].write_formula(1, 4, "=1+1")))
        == "formulas_in_file"
    )
    assert (
        refused(_layout_book(lambda b, s: s["lines"].merge_range("A2:B2", "x"))) == "merged_cells"
    )

    def many(book: Any, sheets: dict[str, Any]) -> None:
        for row in range(1, MAX_ROWS + 2):
            sheets["expenditures"].write_string(row, 0, "L")

    assert refused(_layout_book(many)) == "too_many_rows"


def test_amounts_and_dates_are_read_exactly_in_either_era(
    tmp_path: Path, laos: list[AuthorityRecord]
) -> None:
    def book(build: Any) -> bytes:
        return _layout_book(build)

    def cells(book_: Any, sheets: dict[str, Any]) -> None:
        payments = sheets["payments"]
        payments.write_row(1, 0, ["P1", 1, "V1", "23/11/2569", "1,234,567.89"])
        payments.write_row(2, 0, ["P1", 2, "V2", "2026-11-24"])
        payments.write_number(2, 4, 999_999_999_999.99)
        payments.write_row(3, 0, ["P1", 3, "V3"])
        payments.write_datetime(3, 3, datetime(2569, 11, 25))
        payments.write_number(3, 4, 1234.567)  # three decimals: refused, never rounded

    found = read_workbook(book(cells))
    read = [r.cells for r in found.rows["payments"]]
    assert read[0]["amount"] == "1,234,567.89"
    assert read[1]["amount"] == "999999999999.99"
    assert read[2]["amount"] == "1234.567"
    assert read[2]["paid_on"] == "2026-11-25"
    assert found.be_dates == 2  # the B.E. text and the B.E. date cell
    from budget.application.from_text import FieldProblem, parse_amount, parse_day

    assert parse_amount(read[0]["amount"]) == Decimal("1234567.89")
    assert parse_day(read[0]["paid_on"]) == date(2026, 11, 23)
    with pytest.raises(FieldProblem):
        parse_amount(read[2]["amount"])


def test_text_is_written_so_that_no_spreadsheet_runs_it_and_read_back_as_typed(
    tmp_path: Path, laos: list[AuthorityRecord]
) -> None:
    store = open_store("memory:", tmp_path)
    record_year(store.office, laos[:1], FY, 7, OPTIONS)
    rows = _rows_of(store, laos[0].code)
    rows["expenditures"][0]["description"] = '=HYPERLINK("http://x")'
    data = write_workbook(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode()
    assert "'=HYPERLINK" in strings
    assert b"<f>" not in data
    back = read_workbook(data)
    assert back.rows["expenditures"][0].cells["description"] == '=HYPERLINK("http://x")'


def test_only_the_lao_s_own_clerk_or_a_dla_administrator_may_import(
    tmp_path: Path, laos: list[AuthorityRecord], workbooks: dict[str, bytes]
) -> None:
    store = open_store("memory:", tmp_path)
    store.office.import_authorities(laos, actor=SYSTEM_ACTOR)
    lao = laos[0].code
    other = Actor("clerk.other", Role.LAO_FINANCE, laos[1].code)
    with pytest.raises(NotPermitted):
        import_workbook(store.office, workbooks[lao], file_name="x.xlsx", actor=other)
    reviewer = Actor("reviewer", Role.PROVINCIAL_REVIEWER, "50")
    with pytest.raises(NotPermitted):
        import_workbook(store.office, workbooks[lao], file_name="x.xlsx", actor=reviewer)
    own = Actor("clerk", Role.LAO_FINANCE, lao)
    assert (
        import_workbook(
            store.office, workbooks[lao], file_name="x.xlsx", actor=own, dry_run=True
        ).events
        > 0
    )
    assert store.office.recorder.max_notification_id() == len(laos)  # a dry run records nothing
    admin = Actor("admin", Role.DLA_ADMINISTRATOR)
    assert import_workbook(store.office, workbooks[lao], file_name="x.xlsx", actor=admin).recorded
    with pytest.raises(FileRefused):
        import_workbook(
            store.office, workbooks[lao], file_name="x.xlsx", actor=admin, lao_code=laos[1].code
        )


def test_a_file_made_before_the_advances_sheet_still_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sheet of advances and retention (issue 14, item 4) came after the format's first
    files: a file without it reads, with no rows there; any other sheet missing refuses."""
    from budget.imports import sheets, writer

    earlier = tuple(s for s in sheets.SHEETS if s.key != "contract_money")
    monkeypatch.setattr(writer, "SHEETS", earlier)
    empty = {sheet.key: [] for sheet in earlier}
    old = write_workbook({**empty, "about": [{"lao_code": "50010101", "fiscal_year": FY}]})
    monkeypatch.undo()
    found = read_workbook(old)
    assert found.rows["contract_money"] == []
    assert found.rows["about"][0].cells["lao_code"] == "50010101"
    without_steps = tuple(s for s in earlier if s.key != "steps")
    monkeypatch.setattr(writer, "SHEETS", without_steps)
    broken = write_workbook({**empty, "about": [{"lao_code": "50010101", "fiscal_year": FY}]})
    monkeypatch.undo()
    with pytest.raises(FileRefused) as refused:
        read_workbook(broken)
    assert refused.value.code == "sheet_missing"


def test_a_row_naming_no_project_and_a_wrong_cell_are_refused_where_they_stand(
    tmp_path: Path, laos: list[AuthorityRecord]
) -> None:
    store = open_store("memory:", tmp_path)
    store.office.import_authorities(laos, actor=SYSTEM_ACTOR)
    source = open_store("memory:", tmp_path)
    record_year(source.office, laos[:1], FY, 7, OPTIONS)
    rows = _rows_of(source, laos[0].code)
    rows["inspections"][0]["project_code"] = "NO-SUCH"
    rows["payments"][0]["amount"] = "12.345"
    rows["lines"][0]["amount"] = "-"
    found = imported(store.office, write_workbook(rows))
    assert not found.recorded
    seen = {(r.sheet, r.row, r.column, r.column_th, r.value, r.code) for r in found.refused}
    assert seen >= {  # and what the line refused leaves without a line
        ("inspections", 2, "project_code", "รหัสโครงการ", "", "project_not_found"),
        ("payments", 2, "amount", "จำนวนเงิน (บาท)", "12.345", "invalid_cell"),
        ("lines", 2, "amount", "จำนวนเงิน (บาท)", "-", "invalid_cell"),
    }
