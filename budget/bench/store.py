"""Benchmark of the event store: a synthetic national stream into SQLite and PostgreSQL.

Three figures per store:

* **commands**: real BudgetOffice use cases (plan, every procurement step, contract,
  inspections, payments, closing) on many projects of many LAOs, one call (= one
  transaction) at a time, interleaved step by step across the projects as many users
  would. Reported as events/s and commands/s.
* **batched import**: whole LAO years (authority, annual budget, projects with their
  procurement, contract, inspections and payments) built through the domain, as a bulk
  import of late e-LAAS data would, and saved about ``--batch-size`` events per
  transaction with ``BudgetOffice.record_many``. Reported end to end (building
  included), for the saving alone, and for the building alone.
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
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from eventsourcing.domain import Aggregate

from budget.application import BudgetOffice
from budget.bench.report import Figure, print_report
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR, Actor, Role
from budget.domain.authority import LocalAuthority
from budget.domain.budget import AnnualBudget
from budget.domain.budget_lines import BudgetLine
from budget.domain.calendar import appeal_window_end
from budget.domain.classification import BudgetGroup, Category, Programme
from budget.domain.contract import Contract, Installment
from budget.domain.ids import project_id
from budget.domain.procurement import Method, has_appeal_window, needs_public_hearing
from budget.domain.project import Project
from budget.registry.geography import generate_authorities
from budget.registry.records import AuthorityRecord

STORES = ("sqlite", "postgres")
FISCAL_YEAR = 2569  # 1 October 2025 - 30 September 2026
FY_START = date(2025, 10, 1)
FY_END = date(2026, 9, 30)
ENACTED_ON = date(2025, 9, 20)
LINE_CODE = "00310-INV-1"
PROJECTS_PER_LAO = 20
INSTALLMENTS = 3
CORRECT_EVERY = 10  # in the long project, every tenth payment is corrected
# psycopg 3.3's pipeline mode, which the library's PostgreSQL recorder uses for every
# insert, deadlocks when one transaction's data outgrows the socket buffers (from about
# 300 KB of stored events here): the library recorder gets batches well below that.


# --- the synthetic stream --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProjectScript:
    """One project's life, dates and amounts decided up front."""

    lao_code: str
    code: str
    method: Method
    installment_amount: Decimal
    installments: int
    planned_on: date
    correct_every: int = 0

    @property
    def id(self) -> uuid.UUID:
        return project_id(self.lao_code, FISCAL_YEAR, self.code)

    @property
    def amount(self) -> Decimal:
        return self.installment_amount * self.installments

    @property
    def name(self) -> str:
        return f"ก่อสร้างถนนคอนกรีตเสริมเหล็ก สายที่ {self.code}"

    @property
    def method_reason(self) -> str:
        return "" if self.method is Method.SPECIFIC else "ราคาเกินห้าแสนบาท"

    def day(self, offset: int) -> date:
        return self.planned_on + timedelta(days=offset)

    @property
    def signed_on(self) -> date:
        winner_on = self.day(6)
        if has_appeal_window(self.method):
            return appeal_window_end(winner_on) + timedelta(days=1)
        return winner_on + timedelta(days=1)

    def inspected_on(self, number: int) -> date:
        span = (FY_END - self.signed_on).days - 3
        return self.signed_on + timedelta(days=1 + (number - 1) * span // self.installments)

    def paid_on(self, number: int) -> date:
        return self.inspected_on(number) + timedelta(days=1)

    def contract(self) -> Contract:
        return Contract(
            number=f"สัญญาจ้างเลขที่ {self.code}/{FISCAL_YEAR}",
            contractor="ห้างหุ้นส่วนจำกัด ช่างไทยก่อสร้าง",
            contractor_tax_id="0103540000001",
            amount=self.amount,
            installments=[
                Installment(
                    number=n,
                    amount=self.installment_amount,
                    due_on=self.inspected_on(n),
                    description=f"งวดที่ {n}",
                )
                for n in range(1, self.installments + 1)
            ],
        )

    def corrects(self, number: int) -> bool:
        return self.correct_every > 0 and number % self.correct_every == 0


def project_scripts(lao_code: str, count: int, first: int = 0) -> list[ProjectScript]:
    """`count` projects of an LAO: alternately a specific purchase and an e-bidding."""
    scripts = []
    for index in range(first, first + count):
        specific = index % 2 == 0
        scripts.append(
            ProjectScript(
                lao_code=lao_code,
                code=f"P{index + 1:04d}",
                method=Method.SPECIFIC if specific else Method.E_BIDDING,
                installment_amount=Decimal("100000.00") if specific else Decimal("800000.00"),
                installments=INSTALLMENTS,
                planned_on=FY_START + timedelta(days=index % 20),
            )
        )
    return scripts


def long_project_script(lao_code: str, installments: int) -> ProjectScript:
    return ProjectScript(
        lao_code=lao_code,
        code="LONG-1",
        method=Method.E_BIDDING,
        installment_amount=Decimal("10000.00"),
        installments=installments,
        planned_on=FY_START,
        correct_every=CORRECT_EVERY,
    )


def budget_lines(money_needed: Decimal) -> list[BudgetLine]:
    return [
        BudgetLine(
            code=LINE_CODE,
            programme=Programme.INDUSTRY_AND_PUBLIC_WORKS,
            work_unit="กองช่าง",
            group=BudgetGroup.INVESTMENT,
            category=Category.LAND_AND_CONSTRUCTION,
            description="ค่าก่อสร้างสิ่งสาธารณูปโภค",
            amount=max(money_needed, Decimal("1000000.00")),
        ),
        BudgetLine(
            code="00110-OPS-1",
            programme=Programme.GENERAL_ADMINISTRATION,
            work_unit="สำนักปลัด",
            group=BudgetGroup.OPERATING,
            category=Category.MATERIALS,
            description="ค่าวัสดุสำนักงาน",
            amount=Decimal("250000.00"),
        ),
    ]


def new_authority(record: AuthorityRecord) -> LocalAuthority:
    return LocalAuthority.register(
        code=record.code,
        name_th=record.name_th,
        name_en=record.name_en,
        type=record.type,
        province_code=record.province_code,
        district_code=record.district_code,
        subdistrict_code=record.subdistrict_code,
        actor=SYSTEM_ACTOR,
        business_date=ENACTED_ON - timedelta(days=30),
    )


def enacted_budget(record: AuthorityRecord, scripts: Sequence[ProjectScript]) -> AnnualBudget:
    budget = AnnualBudget.draft(
        lao_code=record.code,
        province_code=record.province_code,
        lao_type=record.type,
        fiscal_year=FISCAL_YEAR,
        lines=budget_lines(sum((s.amount for s in scripts), Decimal("0.00"))),
        actor=SYSTEM_ACTOR,
        business_date=ENACTED_ON - timedelta(days=20),
    )
    budget.enact(
        ordinance_date=ENACTED_ON,
        approved_by="นายอำเภอ",
        actor=SYSTEM_ACTOR,
        business_date=ENACTED_ON,
    )
    return budget


def build_project(script: ProjectScript, budget: AnnualBudget, actor: Actor) -> Project:
    """The whole life of a project through the domain, as the use cases would drive it."""
    project = Project.plan(
        lao_code=script.lao_code,
        province_code=budget.province_code,
        lao_type=budget.lao_type,
        fiscal_year=FISCAL_YEAR,
        code=script.code,
        name=script.name,
        budget_id=budget.id,
        line_code=LINE_CODE,
        budget_group=BudgetGroup.INVESTMENT,
        method=script.method,
        amount=script.amount,
        method_reason=script.method_reason,
        actor=actor,
        business_date=script.planned_on,
    )
    project_key = str(project.id)
    budget.reserve(
        project_id=project_key,
        line_code=LINE_CODE,
        amount=project.amount,
        actor=actor,
        business_date=script.planned_on,
    )
    project.publish_plan(actor=actor, business_date=script.day(1))
    project.approve_procurement_report(
        estimate=script.amount, actor=actor, business_date=script.day(2)
    )
    project.set_terms_of_reference(
        reference_price=script.amount,
        public_hearing_ended_on=script.day(3) if needs_public_hearing(script.method) else None,
        actor=actor,
        business_date=script.day(3),
    )
    if script.method is not Method.SPECIFIC:
        project.announce_invitation(actor=actor, business_date=script.day(4))
    project.evaluate_bids(bids_received=3, actor=actor, business_date=script.day(5))
    project.announce_winner(
        winner="ห้างหุ้นส่วนจำกัด ช่างไทยก่อสร้าง",
        offered_amount=script.amount,
        actor=actor,
        business_date=script.day(6),
    )
    contract = script.contract()
    project.sign_contract(contract=contract, actor=actor, business_date=script.signed_on)
    budget.commit(
        project_id=project_key,
        line_code=LINE_CODE,
        amount=contract.amount,
        actor=actor,
        business_date=script.signed_on,
    )
    for number in range(1, script.installments + 1):
        project.inspect(
            installment=number,
            committee_note="ตรวจรับถูกต้องครบถ้วน",
            actor=actor,
            business_date=script.inspected_on(number),
        )
        paid_on = script.paid_on(number)
        amount = script.installment_amount
        if script.corrects(number):
            amount -= Decimal("100.00")
        project.record_payment(
            installment=number,
            amount=amount,
            voucher=f"ฎ{number:05d}/{FISCAL_YEAR}",
            actor=actor,
            business_date=paid_on,
        )
        budget.disburse(
            project_id=project_key,
            line_code=LINE_CODE,
            amount=amount,
            actor=actor,
            business_date=paid_on,
        )
        if script.corrects(number):
            version = project.version
            old = project.correct_payment(
                corrects_version=version,
                amount=script.installment_amount,
                reason="บันทึกจำนวนเงินผิด",
                actor=actor,
                business_date=paid_on,
            )
            budget.correct_disbursement(
                project_id=project_key,
                line_code=LINE_CODE,
                old_amount=old,
                new_amount=script.installment_amount,
                reason="บันทึกจำนวนเงินผิด",
                actor=actor,
                business_date=paid_on,
            )
    project.close(actor=actor, business_date=script.paid_on(script.installments))
    return project


def build_lao_year(record: AuthorityRecord, scripts: Sequence[ProjectScript]) -> list[Aggregate]:
    """An LAO's registration, its year's budget and every project, all events pending."""
    budget = enacted_budget(record, scripts)
    projects = [build_project(script, budget, SYSTEM_ACTOR) for script in scripts]
    return [new_authority(record), budget, *projects]


def command_steps(
    office: BudgetOffice, script: ProjectScript, actor: Actor
) -> list[Callable[[], Any]]:
    """The project's life as BudgetOffice use cases, each call one transaction."""
    pid = script.id
    steps: list[Callable[[], Any]] = [
        lambda: office.plan_project(
            script.lao_code,
            FISCAL_YEAR,
            code=script.code,
            name=script.name,
            line_code=LINE_CODE,
            method=script.method,
            amount=script.amount,
            method_reason=script.method_reason,
            actor=actor,
            business_date=script.planned_on,
        ),
        lambda: office.publish_procurement_plan(pid, actor=actor, business_date=script.day(1)),
        lambda: office.approve_procurement_report(
            pid, estimate=script.amount, actor=actor, business_date=script.day(2)
        ),
        lambda: office.set_terms_of_reference(
            pid,
            reference_price=script.amount,
            public_hearing_ended_on=script.day(3) if needs_public_hearing(script.method) else None,
            actor=actor,
            business_date=script.day(3),
        ),
    ]
    if script.method is not Method.SPECIFIC:
        steps.append(
            lambda: office.announce_invitation(pid, actor=actor, business_date=script.day(4))
        )
    steps += [
        lambda: office.evaluate_bids(
            pid, bids_received=3, actor=actor, business_date=script.day(5)
        ),
        lambda: office.announce_winner(
            pid,
            winner="ห้างหุ้นส่วนจำกัด ช่างไทยก่อสร้าง",
            offered_amount=script.amount,
            actor=actor,
            business_date=script.day(6),
        ),
        lambda: office.sign_contract(
            pid, script.contract(), actor=actor, business_date=script.signed_on
        ),
    ]

    def inspect(n: int) -> Callable[[], Any]:
        return lambda: office.inspect_installment(
            pid, n, actor=actor, business_date=script.inspected_on(n)
        )

    def pay(n: int) -> Callable[[], Any]:
        return lambda: office.record_payment(
            pid,
            n,
            amount=script.installment_amount,
            voucher=f"ฎ{n:05d}/{FISCAL_YEAR}",
            actor=actor,
            business_date=script.paid_on(n),
        )

    for number in range(1, script.installments + 1):
        steps += [inspect(number), pay(number)]
    steps.append(
        lambda: office.close_project(
            pid, actor=actor, business_date=script.paid_on(script.installments)
        )
    )
    return steps


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

    configured = os.environ.get("BUDGET_DATABASE_URL", "")
    if configured.startswith(("postgresql:", "postgres:")):
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
    """Whole LAO years built through the domain, saved about `batch_size` events per
    transaction (whole aggregates: an LAO's budget and its projects may be split)."""
    build_seconds = save_seconds = 0.0
    events = transactions = 0
    batch: list[Aggregate] = []
    pending = 0

    def flush() -> None:
        nonlocal save_seconds, events, transactions, batch, pending
        started = time.perf_counter()
        office.record_many(batch)
        save_seconds += time.perf_counter() - started
        events += pending
        transactions += 1
        batch, pending = [], 0

    while events + pending < plan.import_events:
        (record,) = laos.take(1)
        started = time.perf_counter()
        aggregates = build_lao_year(record, project_scripts(record.code, plan.projects_per_lao))
        build_seconds += time.perf_counter() - started
        for aggregate in aggregates:
            size = len(aggregate.pending_events)
            if batch and pending + size > batch_size:
                flush()
            batch.append(aggregate)
            pending += size
    if batch:
        flush()
    total = build_seconds + save_seconds
    note = f"{events:,} events, {events / transactions:,.0f} per transaction"
    return [
        Figure("batched_import", events / total, "events/s", store, note + ", domain+save"),
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
    setup: list[Aggregate] = []
    for record in records:
        scripts = project_scripts(record.code, min(per_lao, project_count - len(all_scripts)))
        all_scripts += scripts
        setup += [new_authority(record), enacted_budget(record, scripts)]
    office.record_many(setup)

    actors = {r.code: Actor(f"finance.{r.code}", Role.LAO_FINANCE, r.code) for r in records}
    queues = [command_steps(office, s, actors[s.lao_code]) for s in all_scripts]
    start_position = _position(office)
    commands = 0
    started = time.perf_counter()
    for step in range(max(len(q) for q in queues)):
        for queue in queues:
            if step < len(queue):
                queue[step]()
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
        office.save(*build_lao_year(record, [script]))
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
            _progress(f"{store}: batched import of {plan.import_events:,} events")
            figures += measure_import(office, store, plan, laos, batch_size=plan.batch_size)
            _progress(f"{store}: about {plan.command_events:,} events by single commands")
            figures += measure_commands(office, store, plan, laos)
        finally:
            office.close()
        _progress(f"{store}: replay of a project with {plan.installments:,} installments")
        figures += measure_replay(settings, store, plan, laos)
    return figures


def _progress(message: str) -> None:
    sys.stderr.write(f"... {message}\n")
    sys.stderr.flush()


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
    build_lao_year(warm_up, [long_project_script(warm_up.code, 2)])
    figures: list[Figure] = []
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="budget-bench-")))
        for store in args.stores:
            figures += run_store(store, plan, folder / store)
    print_report(figures, title="budget event store benchmark")
    return 0


if __name__ == "__main__":
    sys.exit(main())
