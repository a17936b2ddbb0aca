"""Benchmark of the read side on a synthetic national fiscal year (FY 2570) in PostgreSQL.

1. **Generation.** The LAOs of the registry (``--scale`` of them, whole provinces; see
   :mod:`budget.bench.nation`) each get a demo year of about 150 projects on average.
   Recording ~15 million events through the commands would take hours, so a pool of
   template years per authority type is recorded through the real commands in memory
   (``--workers`` processes), and every LAO's year is a copy of one of them with its
   own ids and codes (:mod:`budget.bench.clone`), inserted into the event store in
   batches, interleaved day by day (:mod:`budget.bench.nation_load`). The registry,
   the year's targets and the reviewers' accounts go through the commands.
2. **Catch-up.** Every projection of ``all_projections()`` from zero (the views emptied
   first) into views on the same PostgreSQL, ``--batch-size`` events per transaction, in
   events/s; beside it the rate of reading and decoding alone (the first million events).
3. **Queries.** p50 and p95 of the national, province and LAO dashboards, plain and
   narrowed to a quarter or an authority type, of who is missing (the nation, a
   province) and of an LAO's deadlines on the year's last day, over ``--repeat`` runs
   each with random provinces and LAOs, and the CPU one query takes (this process and the
   PostgreSQL server). ``--before DIR`` times another checkout's queries first, on the
   same views (:mod:`budget.bench.query_timing`).
4. **Sizes.** The event store and the views on disk, in total and per million events.

``--missing-laos N`` measures who is missing alone at N LAOs (whole provinces; 7,861:
the nation) without generating a year: the rows it reads written straight into fresh
views (:mod:`budget.bench.missing_views`), its queries timed as in 3.
``--dashboard-laos N --template-views URL`` measures the three dashboards alone at N LAOs
under every filter: the rows they read copied into fresh views from a year caught up in
URL, each LAO taking a template LAO's of its type (:mod:`budget.bench.dashboard_views`).

PostgreSQL is a throwaway durable server (fsync on) unless ``BUDGET_DATABASE_URL``
names a PostgreSQL server; a fresh database is then created on it, and dropped after
unless ``--keep``. ``--database URL`` measures a year kept that way (nothing is
generated; ``--no-catch-up`` times the queries on the views already there).

    python -m budget.bench.projections [--scale 0.1] [--quick] [--keep] [--help]
    python -m budget.bench.projections --scale 1.0 --database URL [--no-catch-up]
    python -m budget.bench.projections --missing-laos 7861 [--before DIR]
    python -m budget.bench.projections --dashboard-laos 7861 --template-views URL [--before DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from budget.application import BudgetOffice
from budget.bench.dashboard_views import measure_dashboards
from budget.bench.floor import measure_floor
from budget.bench.library_runner import library_rate
from budget.bench.missing_views import measure_missing
from budget.bench.nation import (
    FISCAL_YEAR,
    SEED,
    TODAY,
    assign_templates,
    sao_projects,
    select_authorities,
)
from budget.bench.nation_load import copies, insert_all, interleaved, record_templates, set_up_year
from budget.bench.query_timing import measure_before, measure_queries
from budget.bench.report import Figure, print_report, progress
from budget.bench.store import postgres_settings, refuse_keep_without_a_server
from budget.bench.views_measures import (
    STORE,
    measure_catch_up,
    measure_decode,
    measure_sizes,
    query_kinds,
)
from budget.config import Settings
from budget.demo import DemoOptions
from budget.projections.engine import views_engine
from budget.projections.follow import BULK_BATCH_SIZE
from budget.registry import generate_authorities
from budget.registry.records import AuthorityRecord

QUICK_PROVINCES = ("83",)  # Phuket: 20 LAOs, the smallest province but Bangkok
LIBRARY_SAMPLE = 2_000  # events the library's runner applies, one transaction each


def generate(
    office: BudgetOffice, sample: Sequence[AuthorityRecord], args: argparse.Namespace
) -> tuple[int, list[Figure]]:
    """The national year into the office's store: how many events, how long it took."""
    started = time.perf_counter()
    assignment = assign_templates(sample, args.templates)
    options = DemoOptions(projects=args.projects, today=TODAY)
    progress(
        f"recording {len(assignment.templates)} template years through the commands "
        f"({args.projects} projects per SAO, {args.workers} processes)"
    )
    templates = record_templates(assignment.templates, FISCAL_YEAR, SEED, options, args.workers)
    recorded = time.perf_counter() - started
    laos = copies(sample, assignment, templates)
    total = sum(len(lao.template.events) for lao in laos)
    projects = sum(sum(k[0] == "project" for k in lao.template.keys) for lao in laos)
    progress(f"{len(sample):,} LAOs, {projects:,} projects: inserting {total:,} events")
    set_up_year(office, sample, FISCAL_YEAR)
    loaded = insert_all(
        office, interleaved(laos), args.insert_batch, progress=progress, total=total
    )
    seconds = time.perf_counter() - started
    events = office.recorder.max_notification_id() or 0
    template_events = sum(len(t.events) for t in templates)
    return events, [
        Figure(
            "laos",
            len(sample),
            "LAOs",
            STORE,
            f"{len({a.province_code for a in sample})} provinces",
        ),
        Figure("projects", projects, "projects", STORE, f"{projects / len(sample):,.1f} per LAO"),
        Figure("events", events, "events", STORE, f"{events / len(sample):,.0f} per LAO"),
        Figure(
            "template_recording",
            recorded,
            "s",
            STORE,
            f"{len(templates)} templates, {template_events:,} events by commands in memory",
        ),
        Figure(
            "copy_and_insert",
            loaded.events / (seconds - recorded),
            "events/s",
            STORE,
            f"{loaded.transactions:,} transactions of up to {args.insert_batch:,}",
        ),
        Figure("generation_seconds", seconds, "s", STORE, "templates, registry, copies inserted"),
    ]


def baselines(figures: list[Figure], library: float) -> list[Figure]:
    """The library's runner's rate, and the catch-up's against it and against decoding."""
    rates = {f.metric: float(f.value) for f in figures}
    catch_up = rates["catch_up"]
    note = f"first {LIBRARY_SAMPLE:,} events, one transaction each, every projection"
    return [
        Figure("library_runner", library, "events/s", STORE, note),
        Figure("catch_up_vs_library_runner", catch_up / library, "x", STORE, "ratio of rates"),
        Figure(
            "catch_up_vs_decode_only",
            catch_up / rates["decode_only"],
            "x",
            STORE,
            "ratio of rates (decoding alone: the limit the loop approaches)",
        ),
    ]


def run(
    settings: Settings, sample: Sequence[AuthorityRecord], args: argparse.Namespace
) -> list[Figure]:
    office = BudgetOffice(settings)
    engine = views_engine(settings)
    try:
        figures: list[Figure] = []
        if args.database:
            events = office.recorder.max_notification_id() or 0
            progress(f"{args.database}: {events:,} events already recorded")
        else:
            events, figures = generate(office, sample, args)
        if not args.generate_only:
            if not args.no_catch_up:
                progress(f"reading and decoding {events:,} events")
                figures += measure_decode(office)
                progress("catching every projection up from zero")
                figures += measure_catch_up(
                    settings, office, engine, args.batch_size, lanes=not args.one_process
                )
                progress(f"the library's ProjectionRunner on the first {LIBRARY_SAMPLE:,} events")
                figures += baselines(
                    figures, library_rate(settings, office, engine, LIBRARY_SAMPLE)
                )
            if args.floor:
                progress("the floor: the views' rows copied once into empty copies of them")
                figures += measure_floor(engine, events, progress)
            if args.before is not None:
                progress(f"the queries of {args.before}, {args.repeat} runs each")
                figures += measure_before(args, settings.views_url)
            progress(f"dashboard queries, {args.repeat} runs each")
            kinds = query_kinds(sample, FISCAL_YEAR, TODAY)
            figures += measure_queries(engine, kinds, args.repeat, args.seed, progress)
        figures += measure_sizes(office, engine, events, progress)
        if args.keep and not args.database:
            progress(f"kept: BUDGET_DATABASE_URL={settings.database_url}")
        return figures
    finally:
        engine.dispose()
        office.close()


def add_year_options(parser: argparse.ArgumentParser, repeat: str) -> None:
    """The options of the synthetic national year that bench-projections and
    bench-reports generate (or find in --database), and of how often they measure."""
    parser.add_argument(
        "--scale",
        type=float,
        default=0.1,
        help="share of the registry's LAOs, whole provinces (default 0.1)",
    )
    parser.add_argument(
        "--provinces", default="", help="comma-separated province codes instead of --scale"
    )
    parser.add_argument(
        "--projects",
        type=int,
        default=None,
        help="projects of an SAO, bigger types up to 2.5x (default: 150 per LAO on average)",
    )
    parser.add_argument(
        "--templates", type=int, default=12, help="template years per authority type (default 12)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="processes recording templates (default 2)"
    )
    parser.add_argument(
        "--insert-batch",
        type=int,
        default=5_000,
        help="events per insert transaction (default 5,000)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=BULK_BATCH_SIZE,
        help=f"events per catch-up batch (default {BULK_BATCH_SIZE:,})",
    )
    parser.add_argument("--repeat", type=int, default=None, help=repeat)
    parser.add_argument(
        "--quick", action="store_true", help="a tiny run (seconds): Phuket, 3 projects per SAO"
    )


def checked_year_options(
    parser: argparse.ArgumentParser, args: argparse.Namespace, repeat: int
) -> None:
    """`add_year_options`' values checked, --quick's applied; `repeat`: the runs of each
    measure unless --repeat or --quick (10) says otherwise."""
    args.provinces = [p.strip() for p in args.provinces.split(",") if p.strip()]
    if args.quick:
        args.provinces = args.provinces or list(QUICK_PROVINCES)
        args.projects = args.projects or 3
        args.templates = 1
        args.workers = 1
    args.repeat = args.repeat or (10 if args.quick else repeat)
    if not 0 < args.scale <= 1:
        parser.error("--scale: a share of the registry, above 0 and at most 1")
    if min(args.templates, args.insert_batch, args.batch_size, args.repeat) < 1:
        parser.error("--templates, --insert-batch, --batch-size and --repeat must be at least 1")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-projections",
        description="Generate a synthetic national fiscal year in PostgreSQL, then measure "
        "the projections' catch-up, the dashboard queries and the sizes.",
    )
    add_year_options(parser, repeat="runs of each query (default 200; --quick: 10)")
    parser.add_argument("--seed", type=int, default=SEED, help="of the random query arguments")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the database made on BUDGET_DATABASE_URL's server (a throwaway one is removed)",
    )
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="generate the year and measure the event store's size, nothing else",
    )
    parser.add_argument(
        "--database",
        default="",
        metavar="URL",
        help="a PostgreSQL database already holding the year (kept by --keep; with --scale "
        "or --provinces naming the LAOs it holds): nothing is generated, the views are "
        "rebuilt from zero",
    )
    parser.add_argument(
        "--no-catch-up",
        action="store_true",
        help="with --database: time the queries on the views already there",
    )
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        metavar="DIR",
        help="first time the queries of the code in DIR (another checkout, e.g. `git archive "
        "main budget | tar -x -C DIR`) on the same views: figures named before_...",
    )
    parser.add_argument(
        "--one-process",
        action="store_true",
        help="catch up in one process instead of one per lane (budget/projections/lanes.py)",
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="after the catch-up, what PostgreSQL alone costs to write the views' rows once "
        "(budget/bench/floor.py): figures named floor_...",
    )
    parser.add_argument(
        "--missing-laos",
        type=int,
        default=0,
        metavar="N",
        help="time only who is missing, at N LAOs (whole provinces; 7861: the nation) whose "
        "rows are written straight into fresh views: no year generated",
    )
    parser.add_argument(
        "--dashboard-laos",
        type=int,
        default=0,
        metavar="N",
        help="time only the dashboards, under every filter, at N LAOs (whole provinces; 7861: "
        "the nation) whose rows are copied into fresh views from --template-views",
    )
    parser.add_argument(
        "--template-views",
        default="",
        metavar="URL",
        help="with --dashboard-laos: a PostgreSQL database of a year caught up (e.g. scale "
        "0.1), only read: each LAO takes the rows of one of its LAOs of its type",
    )
    args = parser.parse_args(argv)
    checked_year_options(parser, args, repeat=200)
    refuse_keep_without_a_server(parser, args.keep)
    if args.dashboard_laos < 0 or (args.dashboard_laos and args.database):
        parser.error("--dashboard-laos: a number of LAOs, on a fresh database (no --database)")
    if bool(args.dashboard_laos) != bool(args.template_views):
        parser.error("--dashboard-laos and --template-views go together")
    if args.missing_laos < 0 or (args.missing_laos and args.database):
        parser.error("--missing-laos: a number of LAOs, on a fresh database (no --database)")
    if args.no_catch_up and not args.database:
        parser.error("--no-catch-up needs --database (a generated year has no views yet)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    registry = generate_authorities()
    args.projects = args.projects or sao_projects(registry)
    if args.missing_laos or args.dashboard_laos:
        laos = args.missing_laos or args.dashboard_laos
        args.scale = min(1.0, laos / len(registry))
    sample = select_authorities(registry, args.scale, args.provinces)
    if not sample:
        sys.stderr.write(f"bench-projections: no LAO in provinces {args.provinces}\n")
        return 2
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budget-bench-")))
        if args.database:
            settings = Settings(database_url=args.database, home=folder)
        else:
            progress("starting PostgreSQL")
            settings = stack.enter_context(postgres_settings(folder, keep=args.keep))
        if args.missing_laos:
            figures = measure_missing(settings, sample, args)
        elif args.dashboard_laos:
            figures = measure_dashboards(settings, sample, args)
        else:
            figures = run(settings, sample, args)
    print_report(figures, title=f"budget projections benchmark, FY {FISCAL_YEAR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
