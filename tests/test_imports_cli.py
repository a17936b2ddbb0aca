"""`budget workbook` and `budget import` on a throwaway SQLite store: a year written, read
back into another store (in two processes), nothing recorded twice, a bad file refused
with its rows and exit code 1; the reconciliation kept as JSON, XLSX and PDF."""

from __future__ import annotations

import io
from pathlib import Path

import msgspec
from click.testing import CliRunner, Result
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from budget.cli import main
from budget.imports.reconciliation import Reconciliation

LAO = "45001010"  # the demo's city municipality of Chiang Mai


def run(home: Path, *args: str) -> Result:
    # The demo records its whole fiscal year; an import refuses a row dated after the
    # service's today (issue 13, item 5), so these stores' today is after that year.
    env = {"BUDGET_HOME": str(home), "BUDGET_DATABASE_URL": "", "BUDGET_TODAY": "2028-12-31"}
    return CliRunner().invoke(main, list(args), env=env)


def test_a_year_goes_out_and_into_another_store_once(tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    # the year 2570 (the store's today, 2028-12-31, is in another year: the demo runs the
    # service's current year unless told which)
    assert run(source, "demo", "--limit", "3", "--fiscal-year", "2570").exit_code == 0
    workbook = tmp_path / "year.xlsx"
    written = run(source, "workbook", LAO, "--fiscal-year", "2570", "-o", str(workbook))
    assert written.exit_code == 0, written.output
    assert workbook.read_bytes()[:2] == b"PK"

    assert run(target, "authorities", "generate", "--province", "50").exit_code == 0
    # its ordinance passed late in the demo: October's salaries were paid under last year's,
    # which the empty store needs first (without it: no_previous_ordinance)
    last_year = tmp_path / "last-year.xlsx"
    written = run(source, "workbook", LAO, "--fiscal-year", "2569", "-o", str(last_year))
    assert written.exit_code == 0, written.output
    alone = run(target, "import", str(workbook), "--dry-run")
    assert alone.exit_code == 1
    assert "no_previous_ordinance" in alone.output
    assert run(target, "import", str(last_year)).exit_code == 0
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "year.xlsx").write_bytes(workbook.read_bytes())
    kept = tmp_path / "kept"
    first = run(target, "import", str(folder), "--workers", "2", "--reconciliation", str(kept))
    assert first.exit_code == 0, first.output
    assert "1 file(s), 0 refused" in first.output
    found = msgspec.json.decode(
        (kept / "year.reconciliation.json").read_bytes(), type=Reconciliation
    )
    assert found.recorded
    assert found.events > 0
    book = CalamineWorkbook.from_filelike(
        io.BytesIO((kept / "year.reconciliation.xlsx").read_bytes())
    )
    assert "สรุปการนำเข้า" in book.sheet_names
    pdf = PdfReader(kept / "year.reconciliation.pdf")
    assert len(pdf.pages) >= 1
    assert LAO in pdf.pages[0].extract_text()

    again = run(target, "import", str(workbook))
    assert again.exit_code == 0
    assert "recorded 0 command(s) and 0 correction(s), 0 events" in again.output


def test_a_bad_file_is_refused_with_its_rows_and_exit_code_1(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "authorities", "generate", "--province", "50").exit_code == 0
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("this is not a workbook", encoding="utf-8")
    result = run(home, "import", str(not_a_workbook))
    assert result.exit_code == 1
    assert "not_a_workbook" in result.output
    assert "1 file(s), 1 refused" in result.output
