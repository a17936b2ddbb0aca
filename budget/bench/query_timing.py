"""Timing the dashboards' queries on the views of a generated year: p50 and p95 of each
kind, and the CPU one query takes (this process and the PostgreSQL server), for this
checkout's code and, in the same run, for another checkout's (`--before DIR`).

The other checkout's queries run in a child process whose `budget` package is DIR's: it
runs this file by its path (`runpy`), so the timing is this file's and the queries
(`budget.bench.views_measures.query_kinds` and what they call) are DIR's, on the same
views. Besides this file it needs of DIR's code only what both have had since the
projections benchmark exists: `query_kinds`, `ServerClock` (in `views_measures` before it
moved to `cpu`), `process_cpu`, `percentile`, `Figure`, the national year's `FISCAL_YEAR`,
`TODAY` and `select_authorities` (and `ping_when_idle` where it has it, `_engine`).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine

try:
    from budget.bench.cpu import ServerClock
except ImportError:  # a checkout (--before) from before ServerClock moved to bench/cpu.py
    from budget.bench.views_measures import ServerClock  # type: ignore[attr-defined]
from budget.bench.report import Figure
from budget.bench.views_measures import percentile, process_cpu
from budget.domain.errors import NotFound

STORE = "postgres"
DASHBOARDS = "dashboards"  # `only` naming dashboard_kinds instead of query_kinds' kinds


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    make: Callable[[random.Random], Callable[[Connection], Any]]


def dashboard_kinds(sample: Sequence[Any], fiscal_year: int) -> list[Kind]:
    """The national, province and LAO dashboards under each filter of issue 3 alone (the
    year, a quarter, an authority type, a budget group) and all of them together, each
    drawn at random (a province, an LAO, a quarter, a type, a group of the sample's).
    Written here, not in views_measures, so another checkout's dashboards are timed by
    the same kinds: it needs of that checkout only the three dashboards and Filters."""
    from budget.domain.classification import BudgetGroup
    from budget.projections.queries import (
        Filters,
        lao_dashboard,
        national_dashboard,
        province_dashboard,
    )

    provinces = sorted({a.province_code for a in sample})
    codes = [a.code for a in sample]
    types = sorted({a.type.value for a in sample})
    groups = [group.value for group in BudgetGroup]
    narrowing: dict[str, Callable[[random.Random], dict[str, Any]]] = {
        "year": lambda _: {},
        "quarter": lambda rng: {"quarter": rng.randint(1, 4)},
        "lao_type": lambda rng: {"lao_type": rng.choice(types)},
        "budget_group": lambda rng: {"budget_group": rng.choice(groups)},
        "all_filters": lambda rng: {
            "quarter": rng.randint(1, 4),
            "lao_type": rng.choice(types),
            "budget_group": rng.choice(groups),
        },
    }
    boards: dict[str, Callable[[random.Random, Any], Callable[[Connection], Any]]] = {
        "national": lambda _, f: lambda c: national_dashboard(c, f),
        "province": lambda rng, f: _of(province_dashboard, rng.choice(provinces), f),
        "lao": lambda rng, f: _of(lao_dashboard, rng.choice(codes), f),
    }
    kinds = []
    for board, make in boards.items():
        for filter_name, narrow in narrowing.items():
            if board == "lao" and filter_name == "lao_type":
                continue  # an LAO is of one type

            def one(rng: random.Random, make: Any = make, narrow: Any = narrow) -> Any:
                return make(rng, Filters(fiscal_year=fiscal_year, **narrow(rng)))

            kinds.append(Kind(f"{board}_dashboard_{filter_name}", one))
    return kinds


def _of(board: Callable[..., Any], code: str, filters: Any) -> Callable[[Connection], Any]:
    return lambda connection: board(connection, code, filters)


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    """A connection from the pool as the service reads the views with one
    (budget.projections.engine.reading, written again here: the queries of a checkout
    that lacks it are timed the same way): outside a transaction."""
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        yield connection


def measure_queries(
    engine: Engine,
    kinds: Sequence[Any],
    repeat: int,
    seed: int,
    skipped: Callable[[str], None],
) -> list[Figure]:
    """p50 and p95 of each kind over `repeat` runs, each on a connection taken from the
    pool as the service reads (outside a transaction), and the CPU of one run: this
    process's and the PostgreSQL server's (all its processes)."""
    rng = random.Random(seed)
    server = ServerClock(engine)
    figures: list[Figure] = []
    for kind in kinds:
        try:
            with _reading(engine) as connection:  # warm up: statements compiled, pages cached
                kind.make(rng)(connection)
        except NotFound as error:
            skipped(f"{kind.name}: skipped, the views lack what it reads ({error})")
            continue
        timings = []
        mine, theirs = process_cpu(), server.seconds()
        for _ in range(repeat):
            query = kind.make(rng)
            started = time.perf_counter()
            with _reading(engine) as connection:
                query(connection)
            timings.append(time.perf_counter() - started)
        client = (process_cpu() - mine) / repeat * 1000
        database = (server.seconds() - theirs) / repeat * 1000
        note = f"{repeat} runs"
        cpu = f"{client:.2f} ms this process + {database:.2f} ms PostgreSQL"
        figures += [
            Figure(f"{kind.name}_p50", percentile(timings, 0.5) * 1000, "ms", STORE, note),
            Figure(f"{kind.name}_p95", percentile(timings, 0.95) * 1000, "ms", STORE, note),
            Figure(f"{kind.name}_cpu", client + database, "ms", STORE, cpu),
        ]
    return figures


def measure_before(args: argparse.Namespace, views_url: str, *, only: str = "") -> list[Figure]:
    """The queries of the code in the checkout `args.before` timed on the same views, in a
    child process, with the year's options of `args` (projections.add_year_options: scale,
    provinces, repeat, seed): each figure named `before_...`; `only`: the kinds whose name
    starts so."""
    checkout: Path = args.before
    scale, provinces, repeat, seed = args.scale, args.provinces, args.repeat, args.seed
    program = (
        "import runpy, sys; sys.path.insert(0, sys.argv[1]); "
        f"runpy.run_path({str(Path(__file__).resolve())!r}, run_name='__main__')"
    )
    arguments = [str(checkout.resolve()), views_url, str(scale), ",".join(provinces)]
    done = subprocess.run(
        [sys.executable, "-c", program, *arguments, str(repeat), str(seed), only],
        check=True,
        capture_output=True,
        text=True,
        cwd=checkout,
    )
    figures = []
    for line in done.stdout.splitlines():
        found = json.loads(line)
        note = f"{checkout}: {found['note']}"
        figures.append(
            Figure(f"before_{found['metric']}", found["value"], found["unit"], STORE, note)
        )
    return figures


def _say(message: str) -> None:
    sys.stderr.write(f"... {message}\n")


def _engine(views_url: str) -> Engine:
    """An engine on the views whose connections are pinged as views_engine's are (the
    engine this process's own figures are timed on): only after they sat idle. SQLAlchemy's
    `pool_pre_ping`, which this child had, paid a round trip on every checkout, one per
    dashboard, that the figures beside it did not (the LAO dashboard's one statement was
    two round trips here). A checkout from before issue 17 pings as it did."""
    try:
        from budget.projections.engine import ping_when_idle
    except ImportError:
        return create_engine(views_url, pool_pre_ping=True)
    engine = create_engine(views_url)
    ping_when_idle(engine)
    return engine


def _main(argv: Sequence[str]) -> int:
    """In the child process: the queries of the `budget` found first on sys.path (the
    checkout's), timed here; one JSON line per figure."""
    import budget
    from budget.bench.nation import FISCAL_YEAR, TODAY, select_authorities
    from budget.bench.views_measures import query_kinds
    from budget.registry import generate_authorities

    checkout, views_url, scale, provinces, repeat, seed, *rest = argv
    only = rest[0] if rest else ""
    if not Path(budget.__file__).resolve().is_relative_to(Path(checkout)):
        sys.stderr.write(f"budget comes from {budget.__file__}, not from {checkout}\n")
        return 2
    chosen = [p for p in provinces.split(",") if p]
    sample = select_authorities(generate_authorities(), float(scale), chosen)
    engine = _engine(views_url)
    try:
        if only == DASHBOARDS:
            kinds: Sequence[Any] = dashboard_kinds(sample, FISCAL_YEAR)
        else:
            kinds = [k for k in query_kinds(sample, FISCAL_YEAR, TODAY) if k.name.startswith(only)]
        figures = measure_queries(engine, kinds, int(repeat), int(seed), _say)
    finally:
        engine.dispose()
    for figure in figures:
        line = {"metric": figure.metric, "value": figure.value, "unit": figure.unit}
        sys.stdout.write(json.dumps({**line, "note": figure.note}, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
