"""Benchmark of the PDF reports on a synthetic national fiscal year (FY 2570) in
PostgreSQL, generated as ``bench-projections`` does (:func:`budget.bench.projections.generate`).

Measured, with the views caught up: one LAO's progress report (LAOs drawn at random,
p50 and p95), one province's summary (random provinces, and the province with the most
LAOs), the national summary, an LAO's report as of a past moment (its own aggregates
replayed), the first report of a process (the font and the word dictionary loaded), and
pages per second over everything rendered. Goals (issue 5): an LAO report under 150 ms;
the national summary of all ~7,800 LAOs under 15 s.

    python -m budget.bench.reports [--scale 0.1] [--quick] [--database URL] [--help]

``--database`` measures a store that already holds a year (e.g. kept by
``bench-projections --keep``): nothing is generated, the views are caught up first.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.bench.nation import FISCAL_YEAR, SEED, TODAY, sao_projects, select_authorities
from budget.bench.projections import add_year_options, checked_year_options, generate
from budget.bench.report import Figure, print_report, progress
from budget.bench.store import postgres_settings, refuse_keep_without_a_server
from budget.bench.views_measures import STORE, percentile
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up
from budget.projections.registry import all_projections
from budget.registry import generate_authorities
from budget.reports import Rendered, ReportRequest, render_lao, render_national, render_province

AS_OF_REPORTS = 5


class Pages:
    """Pages and seconds of everything rendered, for pages per second."""

    def __init__(self) -> None:
        self.pages = 0
        self.seconds = 0.0
        self.cpu: list[float] = []  # this process's CPU seconds of each report

    def timed(self, render: Callable[[], Rendered]) -> tuple[float, Rendered]:
        started, cpu = time.perf_counter(), time.process_time()
        rendered = render()
        seconds = time.perf_counter() - started
        self.cpu.append(time.process_time() - cpu)
        self.pages += rendered.pages
        self.seconds += seconds
        return seconds, rendered


def _spread(name: str, timings: Sequence[float], pages: Sequence[int], note: str) -> list[Figure]:
    mean_pages = sum(pages) / max(1, len(pages))
    detail = f"{len(timings)} reports, {mean_pages:.1f} pages on average; {note}"
    return [
        Figure(f"{name}_p50", percentile(timings, 0.5) * 1000, "ms", STORE, detail),
        Figure(f"{name}_p95", percentile(timings, 0.95) * 1000, "ms", STORE, detail),
    ]


def measure(
    office: BudgetOffice, settings: Settings, codes: Sequence[str], args: argparse.Namespace
) -> list[Figure]:
    views = views_engine(settings)
    rng = random.Random(args.seed)
    request = ReportRequest(fiscal_year=FISCAL_YEAR, today=TODAY)
    tally = Pages()
    figures: list[Figure] = []
    try:
        started = time.perf_counter()
        read = catch_up(office, views, all_projections(), batch_size=args.batch_size)
        figures.append(
            Figure("views_catch_up", time.perf_counter() - started, "s", STORE, f"{read:,} events")
        )
        first, _ = tally.timed(lambda: render_lao(office, views, codes[0], request))
        note = "Sarabun registered, PyThaiNLP's dictionary loaded"
        figures.append(Figure("lao_report_first_in_process", first * 1000, "ms", STORE, note))
        chosen = [rng.choice(codes) for _ in range(args.repeat)]
        timed = [tally.timed(partial(render_lao, office, views, c, request)) for c in chosen]
        figures += _spread(
            "lao_report", [t for t, _ in timed], [r.pages for _, r in timed], "goal < 150 ms"
        )
        cpu = percentile(tally.cpu[-len(chosen) :], 0.5) * 1000
        note = "CPU time of this process (the database's and other processes' not counted)"
        figures.append(Figure("lao_report_cpu_p50", cpu, "ms", STORE, note))
        by_province = Counter(_province(code) for code in codes)
        provinces = sorted(by_province)
        picked = [rng.choice(provinces) for _ in range(max(3, args.repeat // 10))]
        timed = [tally.timed(partial(render_province, office, views, p, request)) for p in picked]
        figures += _spread(
            "province_summary", [t for t, _ in timed], [r.pages for _, r in timed], "random"
        )
        biggest, laos = by_province.most_common(1)[0]
        seconds, rendered = tally.timed(lambda: render_province(office, views, biggest, request))
        note = f"province {biggest}, {laos:,} LAOs, {rendered.pages} pages"
        figures.append(Figure("province_summary_biggest", seconds * 1000, "ms", STORE, note))
        for run in range(2):
            seconds, rendered = tally.timed(lambda: render_national(office, views, request))
            note = f"{len(codes):,} LAOs, {rendered.pages} pages; goal < 15 s"
            figures.append(
                Figure(f"national_summary{'' if run else '_first'}", seconds, "s", STORE, note)
            )
        figures += _as_of(office, views, codes, rng, tally)
        note = f"{tally.pages:,} pages in {tally.seconds:,.1f} s of rendering"
        figures.append(
            Figure("pages_per_second", tally.pages / tally.seconds, "pages/s", STORE, note)
        )
    finally:
        views.dispose()
    return figures


def _province(code: str) -> str:
    return code[1:3]  # the registry's codes: type digit, then the area (province first)


def _as_of(
    office: BudgetOffice, views: Engine, codes: Sequence[str], rng: random.Random, tally: Pages
) -> list[Figure]:
    """LAO reports as of a moment: each LAO's own aggregates replayed. The moment is now,
    so the whole year is replayed (the generated store's copied events keep their
    templates' times, so a moment inside its log would mean little)."""
    request = ReportRequest(fiscal_year=FISCAL_YEAR, as_of=datetime.now(UTC), today=TODAY)
    chosen = [rng.choice(codes) for _ in range(AS_OF_REPORTS)]
    timed = [tally.timed(partial(render_lao, office, views, c, request)) for c in chosen]
    note = "the LAO's own aggregates replayed, its whole year"
    return _spread("lao_report_as_of", [t for t, _ in timed], [r.pages for _, r in timed], note)


@contextmanager
def _store(args: argparse.Namespace, folder: Path) -> Iterator[Settings]:
    if args.database:
        yield Settings(database_url=args.database, home=folder)
        return
    with postgres_settings(folder, keep=args.keep) as settings:
        yield settings


def run(args: argparse.Namespace) -> list[Figure]:
    registry = generate_authorities()
    args.projects = args.projects or sao_projects(registry)
    sample = select_authorities(registry, args.scale, args.provinces)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budget-bench-")))
        if not args.database:
            progress("starting PostgreSQL")
        settings = stack.enter_context(_store(args, folder))
        office = BudgetOffice(settings)
        stack.callback(office.close)
        figures: list[Figure] = []
        if not args.database:
            _, figures = generate(office, sample, args)
        codes = [a.code for a in sample]
        progress(f"rendering reports ({args.repeat} LAO reports)")
        figures += measure(office, settings, codes, args)
        if args.keep and not args.database:
            progress(f"kept: BUDGET_DATABASE_URL={settings.database_url}")
        return figures


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-reports",
        description="Generate a synthetic national fiscal year in PostgreSQL (as "
        "bench-projections does), then time the PDF reports.",
    )
    add_year_options(parser, repeat="LAO reports (default 50; --quick: 10)")
    parser.add_argument("--seed", type=int, default=SEED, help="of the LAOs and provinces drawn")
    parser.add_argument("--keep", action="store_true", help="keep the generated database")
    parser.add_argument(
        "--database",
        default="",
        metavar="URL",
        help="a PostgreSQL database already holding the year (with --scale or --provinces "
        "naming the LAOs it holds): nothing is generated",
    )
    args = parser.parse_args(argv)
    checked_year_options(parser, args, repeat=50)
    refuse_keep_without_a_server(parser, args.keep)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    figures = run(args)
    print_report(figures, title=f"budget reports benchmark, FY {FISCAL_YEAR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
