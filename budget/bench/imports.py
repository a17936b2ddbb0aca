"""Benchmark of the workbook import: a synthetic national back-fill of half a year.

Workbooks for every LAO of ``--scale`` of the nation (whole provinces), generated through
the download: each authority type has a few template LAOs whose half year (to 31 March)
is recorded through the commands in memory and downloaded (budget.imports.year and
.writer); every LAO's workbook is its template's with the LAO's own code and name. Then
every file is imported, one after the other, into PostgreSQL (durable, fsync on), each
all or nothing in its own transaction, as ``budget import FOLDER`` does; and the views
are caught up after.

Figures: events recorded per second end to end (reading the files included), CPU per
event (this process, and the PostgreSQL server's), peak memory (and the memory after the
first tenth of the files, to show it does not grow with their number), and the views'
catch-up rate.

    python -m budget.bench.imports [--scale 0.1] [--quick] [--keep-files DIR]
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from budget.application import BudgetOffice
from budget.application.commands import SetTargets
from budget.bench.cpu import postmaster_pid, tree_seconds
from budget.bench.nation import assign_templates, sao_projects, select_authorities
from budget.bench.report import Figure, print_report, progress
from budget.bench.store import postgres_settings
from budget.config import Settings
from budget.demo import DemoOptions, demo_targets, record_year
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.ids import budget_id
from budget.imports.many import import_many
from budget.imports.writer import write_workbook
from budget.imports.year import year_rows
from budget.projections.engine import views_engine
from budget.projections.follow import BULK_BATCH_SIZE, catch_up
from budget.projections.registry import all_projections
from budget.registry.geography import generate_authorities
from budget.registry.records import AuthorityRecord

FISCAL_YEAR = 2570
HALF_YEAR = date(2027, 3, 31)
SEED = 2570
STORE = "postgres"


def template_workbooks(
    templates: Sequence[AuthorityRecord], projects: int
) -> dict[str, tuple[list[bytes], AuthorityRecord]]:
    """Each template LAO's half year, recorded in memory and downloaded: one workbook, or
    two when its ordinance passed late (last year's first: October's recurring items were
    paid under it, and an LAO's back-fill brings it)."""
    found = {}
    for template in templates:
        office = BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))
        try:
            options = DemoOptions(projects=projects, today=HALF_YEAR)
            record_year(office, [template], FISCAL_YEAR, SEED, options)
            years = (
                [FISCAL_YEAR - 1]
                if office.exists(budget_id(template.code, FISCAL_YEAR - 1))
                else []
            )
            found[template.code] = (
                [
                    write_workbook(year_rows(office, template.code, year))
                    for year in [*years, FISCAL_YEAR]
                ],
                template,
            )
        finally:
            office.close()
    return found


def copy_for(workbook: bytes, template: AuthorityRecord, lao: AuthorityRecord) -> bytes:
    """The template's workbook as the LAO's own: its code and name in the About sheet
    (the only place an LAO shows in its workbook: codes of lines, projects and vouchers
    are the LAO's own numbering)."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    output = io.BytesIO()
    swaps = {
        f"<t>{template.code}</t>".encode(): f"<t>{lao.code}</t>".encode(),
        f"<t>{escape(template.name_th)}</t>".encode(): f"<t>{escape(lao.name_th)}</t>".encode(),
    }
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                for old, new in swaps.items():
                    body = body.replace(old, new, 1)
            target.writestr(item, body)
    return output.getvalue()


def write_files(
    sample: Sequence[AuthorityRecord], folder: Path, args: argparse.Namespace
) -> list[list[Path]]:
    """The LAOs' workbooks, in the order they are imported: last year's of the LAOs whose
    ordinance passed late, then every LAO's year."""
    assignment = assign_templates(sample, args.templates)
    started = time.perf_counter()
    templates = template_workbooks(assignment.templates, args.projects or sao_projects(sample))
    progress(f"{len(templates)} template years downloaded in {time.perf_counter() - started:.1f} s")
    earlier: list[Path] = []
    paths: list[Path] = []
    for lao in sample:
        workbooks, template = templates[assignment.template_of[lao.code]]
        years = range(FISCAL_YEAR - len(workbooks) + 1, FISCAL_YEAR + 1)  # 2569, 2570
        for year, workbook in zip(years, workbooks, strict=True):
            path = folder / f"lao-{lao.code}-{year}.xlsx"
            path.write_bytes(copy_for(workbook, template, lao))
            (paths if year == FISCAL_YEAR else earlier).append(path)
    return [earlier, paths] if earlier else [paths]


class RefusedWorkbooks(Exception):  # noqa: N818 - says what happened
    """A generated workbook was refused: the figures would measure a failure."""

    def __init__(self, refused: Sequence[str]) -> None:
        super().__init__(f"{len(refused)} workbooks refused, e.g. {refused[0]}")
        self.refused = refused


_server_roots: dict[str, int] = {}  # the postmaster of the benchmark's server


def _server_cpu() -> float:
    """CPU seconds of the benchmark's PostgreSQL server: its postmaster and every process
    it started, alive now or reaped (bench/cpu.py)."""
    return sum(tree_seconds(_server_roots).values())


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_all(settings: Settings, batches: Sequence[Sequence[Path]], workers: int) -> list[Figure]:
    """Every file imported (budget.imports.many, as `budget import --workers`), a batch
    after the other (last year's before this year's), timed together."""
    paths = [path for batch in batches for path in batch]
    events = files = 0
    refused: list[str] = []
    own, children = resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN
    before = [resource.getrusage(who) for who in (own, children)]
    server, started = _server_cpu(), time.perf_counter()
    outcomes = (
        outcome
        for batch in batches
        for outcome in import_many(settings, batch, SYSTEM_ACTOR, workers=workers)
    )
    for outcome in outcomes:
        found = outcome.reconciliation
        if found is None or found.refused:
            why = outcome.refused[2] if outcome.refused else found.refused[0].en  # type: ignore[union-attr]
            refused.append(f"{outcome.path.name}: {why}")
        else:
            events += found.events
        files += 1
        if files % max(1, len(paths) // 20) == 0:
            rate = events / (time.perf_counter() - started)
            progress(f"{files:,}/{len(paths):,} files, {events:,} events, {rate:,.0f} events/s")
    seconds = time.perf_counter() - started
    after = [resource.getrusage(who) for who in (own, children)]
    cpu = sum(
        a.ru_utime + a.ru_stime - b.ru_utime - b.ru_stime
        for a, b in zip(after, before, strict=True)
    )
    server = _server_cpu() - server
    if refused:
        progress(f"{len(refused)} files refused, e.g. {refused[0]}")
        raise RefusedWorkbooks(refused)
    per = max(events, 1)
    peak = max(after[0].ru_maxrss, after[1].ru_maxrss) / 1024
    return [
        Figure(
            "import_events", events, "events", STORE, f"{files:,} workbooks, {len(refused)} refused"
        ),
        Figure(
            "import_rate", events / seconds, "events/s", STORE, f"end to end, {workers} workers"
        ),
        Figure("import_seconds", seconds, "s", STORE),
        Figure("import_cpu_per_event", cpu / per * 1e6, "us", STORE, "the importing processes"),
        Figure("import_server_cpu_per_event", server / per * 1e6, "us", STORE, "PostgreSQL"),
        Figure("import_peak_rss", peak, "MB", STORE, "the largest importing process"),
    ]


def catch_up_views(office: BudgetOffice, settings: Settings) -> list[Figure]:
    engine = views_engine(settings)
    try:
        cpu, started = time.process_time(), time.perf_counter()
        read = catch_up(office, engine, all_projections(), batch_size=BULK_BATCH_SIZE)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        engine.dispose()
    return [
        Figure("views_catch_up", read / seconds, "events/s", STORE, f"{read:,} events"),
        Figure("views_cpu_per_event", cpu / max(read, 1) * 1e6, "us", STORE, "the follow loop"),
    ]


def run(args: argparse.Namespace) -> list[Figure]:
    registry = generate_authorities()
    sample = select_authorities(registry, args.scale)
    if args.quick:
        sample = sample[:12]
    with ExitStack() as stack:
        folder = args.keep_files or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        batches = write_files(sample, folder, args)
        paths = [path for batch in batches for path in batch]
        written = time.perf_counter() - started
        size = sum(p.stat().st_size for p in paths)
        progress(f"{len(paths):,} workbooks ({size / 1e6:,.1f} MB) written in {written:.1f} s")
        # the service's today is the half year's end: no row is dated after it
        settings = replace(stack.enter_context(postgres_settings(folder)), today=HALF_YEAR)
        office = BudgetOffice(settings)
        stack.callback(office.close)
        office.import_authorities(sample, actor=SYSTEM_ACTOR)
        office.execute(
            SetTargets(fiscal_year=FISCAL_YEAR, targets=demo_targets(), source="bench"),
            actor=SYSTEM_ACTOR,
        )
        _server_roots["server"] = postmaster_pid(settings.database_url) or 0
        figures = [
            Figure("laos", len(sample), "LAOs", STORE, f"scale {args.scale}"),
            Figure("workbooks_written", written, "s", STORE, f"{size / 1e6:,.1f} MB"),
        ]
        progress(f"importing {len(paths):,} workbooks")
        figures += import_all(settings, batches, args.workers)
        progress("catching the views up")
        figures += catch_up_views(office, settings)
    return figures


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-import",
        description="Import a synthetic national back-fill of half a year (one workbook per "
        "LAO) into PostgreSQL and measure events/s, CPU per event, memory and the views' "
        "catch-up.",
    )
    parser.add_argument("--scale", type=float, default=0.1, help="share of the LAOs (0.1)")
    parser.add_argument("--quick", action="store_true", help="12 LAOs: a smoke test")
    parser.add_argument("--templates", type=int, default=4, help="template years per type (4)")
    parser.add_argument("--workers", type=int, default=2, help="importing processes (2)")
    parser.add_argument("--projects", type=int, default=None, help="projects of an SAO")
    parser.add_argument(
        "--keep-files", type=Path, default=None, help="write the workbooks here and keep them"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        figures = run(args)
    except RefusedWorkbooks as error:
        sys.stderr.write(f"bench-import: {error}\n")
        return 1
    print_report(figures, title=f"bench-import, scale {args.scale}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
