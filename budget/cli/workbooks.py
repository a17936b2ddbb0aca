"""`budget workbook` and `budget import`: an LAO's year as a workbook, downloaded and
imported (budget.imports)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
import msgspec

from budget.cli.common import office, settings, workers_option
from budget.domain.access import Actor, Role
from budget.domain.calendar import today
from budget.domain.fiscal import FiscalYear
from budget.imports.many import import_many
from budget.imports.reconciliation import Reconciliation
from budget.imports.writer import write_reconciliation, write_workbook
from budget.imports.year import year_rows
from budget.reports.reconciliation import reconciliation_pdf


@click.command()
@click.argument("lao_code")
@click.option(
    "--fiscal-year", type=click.IntRange(2500, 2700), default=None, help="B.E. (default: now)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The file to write (default: lao-CODE-YEAR.xlsx).",
)
def workbook(lao_code: str, fiscal_year: int | None, output: Path | None) -> None:
    """Write LAO_CODE's year as a workbook (an empty, valid one for a year not begun)."""
    year = fiscal_year or FiscalYear.of(today()).be_year
    with office() as the_office:
        data = write_workbook(year_rows(the_office, lao_code, year))
    path = output or Path(f"lao-{lao_code}-{year}.xlsx")
    path.write_bytes(data)
    click.echo(f"{path}: LAO {lao_code}, fiscal year {year} ({len(data):,} bytes)")


def _files(paths: tuple[Path, ...]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
        else:
            yield path


@click.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and reconcile; record nothing.")
@click.option(
    "--user",
    default="system",
    show_default=True,
    help="Who is importing: named on every event recorded (as a back-fill for the LAO).",
)
@click.option(
    "--reconciliation",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep each file's reconciliation (JSON, XLSX and PDF) in this folder.",
)
@workers_option("Processes importing files side by side (each file still all or nothing).")
@click.pass_context
def import_files(
    ctx: click.Context,
    paths: tuple[Path, ...],
    *,
    dry_run: bool,
    user: str,
    reconciliation: Path | None,
    workers: int,
) -> None:
    """Import workbooks (files, or folders of .xlsx), each all or nothing.

    A file with any refused row records nothing; every refused row is listed (sheet,
    row, column, value, rule). Importing a file again records nothing again; a changed
    payment or expenditure amount records its correction.
    """
    files = list(_files(paths))
    actor = Actor(user, Role.SYSTEM)
    failed = 0
    outcomes = import_many(settings(), files, actor, workers=workers, dry_run=dry_run)
    with click.progressbar(outcomes, length=len(files), label="Importing", file=sys.stderr) as bar:
        for outcome in bar:
            if outcome.refused is not None:
                failed += 1
                code, th, en = outcome.refused
                click.echo(f"\n{outcome.path}: {en} ({th}) [{code}]", err=True)
                continue
            found = outcome.reconciliation
            assert found is not None
            failed += not _report(outcome.path, found)
            if reconciliation is not None:
                reconciliation.mkdir(parents=True, exist_ok=True)
                _keep(reconciliation / f"{outcome.path.stem}.reconciliation", found)
    click.echo(f"{len(files)} file(s), {failed} refused" + (" (dry run)" if dry_run else ""))
    if failed:
        ctx.exit(1)


def _keep(stem: Path, found: Reconciliation) -> None:
    """The reconciliation as JSON, a workbook and a PDF, beside each other."""
    named = stem.parent / stem.name
    Path(f"{named}.json").write_bytes(msgspec.json.format(msgspec.json.encode(found)))
    Path(f"{named}.xlsx").write_bytes(write_reconciliation(found))
    Path(f"{named}.pdf").write_bytes(reconciliation_pdf(found))


def _report(path: Path, found: Reconciliation) -> bool:
    """One line per file, and one per refused row; whether the file went through."""
    if found.refused:
        click.echo(f"\n{path}: {len(found.refused)} refused row(s); nothing recorded", err=True)
        for r in found.refused:
            where = f"{r.sheet_th} row {r.row}" + (f", {r.column_th}" if r.column_th else "")
            value = f" '{r.value}'" if r.value else ""
            click.echo(f"  {where}{value}: {r.en} ({r.th}) [{r.code}]", err=True)
        return False
    recorded = sum(s.recorded for s in found.sheets)
    corrected = sum(s.corrected for s in found.sheets)
    present = sum(s.present for s in found.sheets)
    verb = "would record" if found.dry_run else "recorded"
    click.echo(
        f"\n{path}: LAO {found.lao_code} {found.fiscal_year}: {verb} {recorded:,} command(s) "
        f"and {corrected:,} correction(s), {found.events:,} events; {present:,} row(s) "
        "already present"
        + (f"; {len(found.disagreements)} disagreement(s)" if found.disagreements else "")
        + (f"; {found.be_dates_converted} B.E. date(s) read" if found.be_dates_converted else "")
    )
    return True
