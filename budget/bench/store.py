"""Benchmark of the event store: a synthetic national stream into SQLite and PostgreSQL.

Three figures per store:

* **commands**: real BudgetOffice use cases (plan, every procurement step, contract,
  inspections, payments, closing) on many projects of many LAOs, one call (= one
  transaction) at a time, interleaved step by step across the projects as many users
  would. Reported as events/s and commands/s.
* **batched import**: whole LAO years (authority, annual budget, projects with their
  procurement, contract, inspections and payments) run through the same commands in a
  batch (``BudgetOffice.batch``), as a bulk import of late e-LAAS data would, and saved
  about ``--batch-size`` events per transaction. Reported end to end (the commands
  included), for the saving alone, and for the commands alone.
* **replay**: ``office.project(id)`` of one project with a long history
  (``--installments`` installments each inspected and paid, every tenth payment
  corrected), on a fresh office so nothing is cached.

On PostgreSQL the application's own recorder is measured
(:class:`budget.application.postgres_recorder.BulkSafeRecorder`: the library's recorder
hangs in psycopg's pipeline mode on large transactions).

PostgreSQL is a throwaway durable server (fsync on) unless ``BUDGET_DATABASE_URL`` names
a PostgreSQL server; then a fresh database is created on it for the run and dropped
after. SQLite is a file in a temporary folder.

    python -m budget.bench.store [--events N] [--stores sqlite,postgres] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from budget import bootstrap
from budget.application import BudgetOffice
from budget.bench.report import Figure, print_report, progress
from budget.bench.stream import (
    PROJECTS_PER_LAO,
    ProjectScript,
    enacted_budget,
    lao_year,
    long_project_script,
    project_commands,
    project_scripts,
    registration,
)
from budget.config import Settings
from budget.demo.steps import finance_actor
from budget.registry.geography import generate_authorities
from budget.registry.records import AuthorityRecord

STORES = ("sqlite", "postgres")
# psycopg 3.3's pipeline mode, which the library's PostgreSQL recorder uses for every
# insert, deadlocks when one transaction's data outgrows the socket buffers (from about
# 300 KB of stored events here): the library recorder gets batches well below that.


# --- the stores ------------------------------------------------------------------------


@contextmanager
def sqlite_settings(folder: Path) -> Iterator[Settings]:
    path = folder / "bench.sqlite3"
    yield Settings(database_url=f"sqlite:///{path}", home=folder)


@contextmanager
def postgres_settings(folder: Path, *, keep: bool = False) -> Iterator[Settings]:
    """A fresh database: on BUDGET_DATABASE_URL's server if it is PostgreSQL, else throwaway.

    `keep`: the fresh database on BUDGET_DATABASE_URL's server is not dropped after (a
    throwaway server is always removed)."""
    from budget.testing.postgres import create_database, drop_database, throwaway_postgres

    chosen = bootstrap.settings()
    configured = chosen.database_url
    if chosen.store == "postgres":
        name = f"budget_bench_{uuid.uuid4().hex[:12]}"
        url = create_database(configured, name)
        try:
            yield Settings(database_url=url, home=folder)
        finally:
            if not keep:
                drop_database(configured, name)
        return
    with throwaway_postgres(durable=True) as url:
        yield Settings(database_url=url, home=folder)


def refuse_keep_without_a_server(parser: argparse.ArgumentParser, keep: bool) -> None:
    """--keep keeps a database on BUDGET_DATABASE_URL's PostgreSQL server: without one the
    year would go to a throwaway server, removed with everything on it at the end, so
    the option is refused rather than printing a URL that no longer exists."""
    if keep and bootstrap.settings().store != "postgres":
        parser.error(
            "--keep needs BUDGET_DATABASE_URL naming a PostgreSQL server (a throwaway server "
            "is removed at the end, with the year on it); start one with "
            "`python -m budget.testing.postgres --serve --durable`"
        )


def store_settings(store: str, folder: Path) -> Any:
    return sqlite_settings(folder) if store == "sqlite" else postgres_settings(folder)


def _position(office: BudgetOffice) -> int:
    return office.recorder.max_notification_id() or 0


# --- the measurements ------------------------------------------------------------------


@dataclass(slots=True)
class Plan:
    """How big each part of the run is."""

    import_events: int
    command_events: int
    installments: int
    batch_size: int
    projects_per_lao: int = PROJECTS_PER_LAO
    replays: int = 3


@dataclass(slots=True)
class Authorities:
    """Hands out LAOs of the generated registry, each used once per store."""

    records: list[AuthorityRecord] = field(default_factory=generate_authorities)
    used: int = 0

    def take(self, count: int) -> list[AuthorityRecord]:
        if self.used + count > len(self.records):
            self.records += [
                AuthorityRecord(
                    code=f"9{len(self.records) + i:07d}",
                    name_th=f"องค์การบริหารส่วนตำบลทดสอบ {i}",
                    name_en=f"Test SAO {i}",
                    type=self.records[-1].type,
                    province_code=self.records[-1].province_code,
                    district_code=self.records[-1].district_code,
                    subdistrict_code=self.records[-1].subdistrict_code,
                )
                for i in range(self.used + count - len(self.records))
            ]
        taken = self.records[self.used : self.used + count]
        self.used += count
        return taken


def measure_import(
    office: BudgetOffice,
    store: str,
    plan: Plan,
    laos: Authorities,
    *,
    batch_size: int,
) -> list[Figure]:
    """Whole LAO years run through the commands in a batch (`BudgetOffice.batch`), saved
    about `batch_size` events per transaction, as a back-fill of late e-LAAS data would."""
    build_seconds = save_seconds = 0.0
    events = transactions = 0
    with office.batch() as batch:

        def flush() -> None:
            nonlocal save_seconds, events, transactions
            pending = batch.pending
            started = time.perf_counter()
            batch.commit()
            save_seconds += time.perf_counter() - started
            events += pending
            transactions += 1

        while events + batch.pending < plan.import_events:
            (record,) = laos.take(1)
            started = time.perf_counter()
            for command, actor in lao_year(
                record, project_scripts(record.code, plan.projects_per_lao)
            ):
                batch.execute(command, actor=actor)
            build_seconds += time.perf_counter() - started
            if batch.pending >= batch_size:
                flush()
        if batch.pending:
            flush()
    total = build_seconds + save_seconds
    note = f"{events:,} events, {events / transactions:,.0f} per transaction"
    return [
        Figure("batched_import", events / total, "events/s", store, note + ", commands+save"),
        Figure("batched_import_save", events / save_seconds, "events/s", store, note),
        Figure("batched_import_build", events / build_seconds, "events/s", store),
    ]


def measure_commands(
    office: BudgetOffice, store: str, plan: Plan, laos: Authorities
) -> list[Figure]:
    """Use cases on many projects, one transaction each, interleaved step by step."""
    per_lao = plan.projects_per_lao
    project_count = max(1, plan.command_events // 20)
    records = laos.take(-(-project_count // per_lao))
    all_scripts: list[ProjectScript] = []
    with office.batch() as batch:
        for record in records:
            scripts = project_scripts(record.code, min(per_lao, project_count - len(all_scripts)))
            all_scripts += scripts
            for command, actor in [registration(record), *enacted_budget(record, scripts)]:
                batch.execute(command, actor=actor)
        batch.commit()

    queues = [list(project_commands(s)) for s in all_scripts]
    actors = [finance_actor(s.lao_code) for s in all_scripts]
    start_position = _position(office)
    commands = 0
    started = time.perf_counter()
    for step in range(max(len(q) for q in queues)):
        for queue, actor in zip(queues, actors, strict=True):
            if step < len(queue):
                office.execute(queue[step], actor=actor)
                commands += 1
    seconds = time.perf_counter() - started
    events = _position(office) - start_position
    note = f"{commands:,} commands, {events:,} events, {len(all_scripts)} projects"
    return [
        Figure("command_per_transaction", events / seconds, "events/s", store, note),
        Figure("command_per_transaction_commands", commands / seconds, "commands/s", store),
    ]


def measure_replay(settings: Settings, store: str, plan: Plan, laos: Authorities) -> list[Figure]:
    """office.project(id) of a long-lived project, cold: on a new office every time."""
    (record,) = laos.take(1)
    script = long_project_script(record.code, plan.installments)
    office = BudgetOffice(settings)
    try:
        with office.batch() as batch:
            for command, actor in lao_year(record, [script]):
                batch.execute(command, actor=actor)
            batch.commit()
        version = office.project(script.id).version
    finally:
        office.close()
    timings = []
    for _ in range(plan.replays):
        office = BudgetOffice(settings)
        try:
            office.exists(uuid.uuid4())  # connect first: the pool is not what is measured
            started = time.perf_counter()
            project = office.project(script.id)
            timings.append(time.perf_counter() - started)
            assert project.version == version
        finally:
            office.close()
    best, median = min(timings), statistics.median(timings)
    note = f"{version:,} events, {plan.installments:,} installments"
    return [
        Figure("replay_long_project", median * 1000, "ms", store, note + ", median cold"),
        Figure("replay_long_project_best", best * 1000, "ms", store, note + ", best cold"),
        Figure("replay_events", version / median, "events/s", store, "median cold"),
    ]


def run_store(store: str, plan: Plan, folder: Path) -> list[Figure]:
    laos = Authorities()
    figures: list[Figure] = []
    with store_settings(store, folder) as settings:
        office = BudgetOffice(settings)
        try:
            progress(f"{store}: batched import of {plan.import_events:,} events")
            figures += measure_import(office, store, plan, laos, batch_size=plan.batch_size)
            progress(f"{store}: about {plan.command_events:,} events by single commands")
            figures += measure_commands(office, store, plan, laos)
        finally:
            office.close()
        progress(f"{store}: replay of a project with {plan.installments:,} installments")
        figures += measure_replay(settings, store, plan, laos)
    return figures


# --- command line ----------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-store",
        description="Append a synthetic national stream to SQLite and PostgreSQL; "
        "print events/s for single commands and batched import, and replay time.",
    )
    parser.add_argument(
        "--events",
        type=int,
        default=None,
        help="events of the batched import (default 200,000; --quick: 5,000)",
    )
    parser.add_argument(
        "--command-events",
        type=int,
        default=None,
        help="about how many events the single commands append (default 10,000; --quick: 600)",
    )
    parser.add_argument(
        "--installments",
        type=int,
        default=None,
        help="installments of the long project replayed (default 1,000; --quick: 100)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=2_000,
        help="events per transaction in the batched import (default 2,000)",
    )
    parser.add_argument(
        "--stores",
        default=",".join(STORES),
        help="comma-separated stores to measure (default sqlite,postgres)",
    )
    parser.add_argument("--quick", action="store_true", help="a tiny run (seconds)")
    args = parser.parse_args(argv)
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    unknown = [s for s in stores if s not in STORES]
    if unknown or not stores:
        parser.error(f"--stores: choose from {', '.join(STORES)} (got {args.stores!r})")
    args.stores = stores
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    plan = Plan(
        import_events=args.events or (5_000 if args.quick else 200_000),
        command_events=args.command_events or (600 if args.quick else 10_000),
        installments=args.installments or (100 if args.quick else 1_000),
        batch_size=args.batch_size,
    )
    warm_up = generate_authorities(["10"])[0]  # holidays, topics: loaded before any timing
    warm = BudgetOffice(Settings.from_env({"BUDGET_DATABASE_URL": "memory:"}))
    for command, actor in lao_year(warm_up, [long_project_script(warm_up.code, 2)]):
        warm.execute(command, actor=actor)
    warm.close()
    figures: list[Figure] = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budget-bench-")))
        for store in args.stores:
            figures += run_store(store, plan, folder / store)
    print_report(figures, title="budget event store benchmark")
    return 0


if __name__ == "__main__":
    sys.exit(main())
