"""Benchmark of the catch-up's batch-by-batch path alone: every batch reads back the rows
its events touch and writes them again, as the live follow loop does and as a rebuild does
once the fold has saved its rows (fold.FOLD_MIB reached: most of a national year).

A year generated once (``scripts/bench-projections --keep --generate-only``) is copied
into a fresh database for each run (CREATE DATABASE ... TEMPLATE), so every run starts
from the same store and its own empty views, each run's schema that of its code. A run is
one process applying every projection from zero, either batch by batch (``batch``:
`follow.catch_up` without its fold, i.e. as with FOLD_MIB 0) or as a whole rebuild
(``rebuild``: `follow.rebuild`, the fold then the batches). With ``--before DIR`` the
same runs go first through the code in DIR (``git archive main budget | tar -x -C DIR``),
so before and after are measured in one run of this script.

Printed, one JSON line per run: events, seconds, µs CPU per event of the follower and of
the PostgreSQL server (every backend: the server should be the benchmark's alone), the
views' size in all and of each table per million events (``tables_mib_per_million``); with
``--modes small --from N --count M --batch-size 8``: the live follower's path, the views
rebuilt up to event N (untimed), then M events caught up in batches of 8, timed (with
``ms_per_batch``). ``--statements N``, PostgreSQL's N costliest statements of the run
(pg_stat_statements, where the server preloads it): calls, rows, total ms.

    python -m budget.bench.batch_path --database URL [--before DIR] [--modes batch,rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from budget.bench.cpu import ServerClock

# Run in a child process, on the code of its PYTHONPATH (this checkout or --before's):
# only names that both have.
CHILD = """
import json, resource, sys, tempfile
from pathlib import Path
from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.follow import catch_up, empty_views, rebuild
from budget.projections.registry import all_projections

url, mode, size, names = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
start, count = int(sys.argv[5]), int(sys.argv[6])
settings = Settings(database_url=url, home=Path(tempfile.mkdtemp()))
office = BudgetOffice(settings)
engine = views_engine(settings)
projections = [p for p in all_projections() if not names or p.name in names.split(",")]
from budget.projections import fold
saved = []  # the reads after which a fold was saved part-way (its memory full)
full = fold.Fold.full
fold.Fold.full = lambda self: saved.append(1) or True if full(self) else False
empty_views(office, engine, projections)
if mode == "small":  # the views made up to `start` first, untimed
    rebuild(office, engine, projections, until=start)
batches = []
import budget
print(json.dumps({"ready": True, "code": budget.__file__}), flush=True)
sys.stdin.readline()
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
if mode == "batch":
    read = catch_up(office, engine, projections, batch_size=size)
elif mode == "small":
    read = catch_up(
        office, engine, projections, batch_size=size, until=start + count,
        on_batch=lambda *_: batches.append(1),
    )
else:
    read = rebuild(office, engine, projections, batch_size=size)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "read": read,
    "cpu": usage.ru_utime + usage.ru_stime - cpu,
    "peak_mib": usage.ru_maxrss / 1024,
    "fold_saved_part_way": len(saved),
    "batches": len(batches),
}), flush=True)
engine.dispose()
office.close()
"""


def _server_url(url: str, database: str) -> str:
    return make_url(url).set(database=database).render_as_string(hide_password=False)


def one_run(
    url: str,
    code: Path,
    mode: str,
    batch_size: int,
    statements: int,
    *,
    names: str = "",
    small: tuple[int, int] = (0, 0),
) -> dict[str, Any]:
    """A fresh copy of `url`'s year, caught up from zero by the code in `code` (only the
    projections `names`, comma-separated, when given: a lane of lanes.py, say); in mode
    ``small``, `small` = (start, count): the views rebuilt up to event `start`, untimed,
    then `count` events timed in batches of `batch_size`."""
    template = make_url(url).database
    name = f"p16_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_server_url(url, "postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    copy = _server_url(url, name)
    engine = create_engine(copy, isolation_level="AUTOCOMMIT")
    try:
        env = {**os.environ, "PYTHONPATH": str(code)}
        env.pop("BUDGET_DATABASE_URL", None)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, copy, mode, str(batch_size), names, *map(str, small)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=code,  # `-c` puts the working folder first on sys.path, before PYTHONPATH
        )
        assert child.stdin is not None
        assert child.stdout is not None
        ready = child.stdout.readline()  # views emptied, schema made: the run starts now
        if not ready:
            msg = f"the run of {code} failed before it started"
            raise RuntimeError(msg)
        ran = Path(json.loads(ready)["code"]).resolve()
        if not ran.is_relative_to(code.resolve()):
            msg = f"the run of {code} imported the code in {ran.parent}"
            raise RuntimeError(msg)
        profiled = _reset_statements(engine)
        server = ServerClock(engine)
        started = time.perf_counter()
        child.stdin.write("go\n")
        child.stdin.flush()
        result = json.loads(child.stdout.readline())
        seconds = time.perf_counter() - started
        database = server.seconds()
        child.wait()
        read = max(int(result["read"]), 1)
        figures: dict[str, Any] = {
            "code": str(code),
            "mode": mode,
            "projections": names or "all",
            "batch_size": batch_size,
            "events": result["read"],
            "seconds": round(seconds, 2),
            "events_per_s": round(read / seconds),
            "follower_us_per_event": round(result["cpu"] / read * 1e6, 1),
            "postgres_us_per_event": round(database / read * 1e6, 1),
            "cpu_us_per_event": round((result["cpu"] + database) / read * 1e6, 1),
            "peak_mib": round(result["peak_mib"]),
            "fold_saved_part_way": result["fold_saved_part_way"],
            "views_mib": round(_views_bytes(engine) / 2**20, 1),
            "tables_mib_per_million": _tables_mib_per_million(engine, read),
        }
        if mode == "small":
            figures["ms_per_batch"] = round(seconds / max(int(result["batches"]), 1) * 1e3, 2)
        if profiled and statements:
            figures["statements"] = _costliest(engine, statements)
            figures["tables"] = _table_writes(engine)
        return figures
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _reset_statements(engine: Any) -> bool:
    with engine.connect() as connection:
        try:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            connection.execute(text("SELECT pg_stat_statements_reset()"))
        except Exception:  # pg_stat_statements not preloaded: no profile
            return False
    return True


def _costliest(engine: Any, limit: int) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT calls, rows, round(total_exec_time::numeric, 1) AS ms, "
                "left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query "
                "FROM pg_stat_statements WHERE dbid = "
                "(SELECT oid FROM pg_database WHERE datname = current_database()) "
                "ORDER BY total_exec_time DESC LIMIT :limit"
            ),
            {"limit": limit},
        )
        return [{**row._mapping, "ms": float(row.ms)} for row in rows]


def _table_writes(engine: Any) -> list[dict[str, Any]]:
    """Rows inserted, updated (HOT among them) and the size of each table written."""
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_stat_force_next_flush()"))
        rows = connection.execute(
            text(
                "SELECT relname AS table, n_tup_ins AS inserted, n_tup_upd AS updated, "
                "n_tup_hot_upd AS hot, idx_scan, seq_scan, "
                "round(pg_total_relation_size(relid) / 1048576.0, 1)::float AS mib "
                "FROM pg_stat_user_tables WHERE n_tup_ins + n_tup_upd > 0 "
                "AND relname NOT LIKE '%events%' ORDER BY n_tup_ins + n_tup_upd DESC"
            )
        )
        return [dict(row._mapping) for row in rows]


# The event store's tables (the application's recorder names them NAME_events and
# NAME_snapshots, e.g. budgetoffice_events), left out of the views' size.
NOT_THE_STORE = "right(c.relname, 7) <> '_events' AND right(c.relname, 10) <> '_snapshots'"


def _tables_mib_per_million(engine: Any, events: int) -> dict[str, float]:
    """Each view table's size (indexes and TOAST included) in MiB per million events, the
    biggest first (tables under 0.05 MiB per million left out)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.relname, pg_total_relation_size(c.oid) AS bytes FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' "
                f"AND {NOT_THE_STORE} "
                "ORDER BY bytes DESC"
            )
        )
        sized = {row.relname: round(row.bytes / 2**20 / events * 1e6, 1) for row in rows}
    return {name: mib for name, mib in sized.items() if mib >= 0.05}


def _views_bytes(engine: Any) -> int:
    """Every table of the public schema but the event store's (stored_events), indexes
    and TOAST included."""
    with engine.connect() as connection:
        found = connection.scalar(
            text(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r' "
                f"AND {NOT_THE_STORE}"
            )
        )
    return int(found or 0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench-batch-path", description=__doc__)
    parser.add_argument("--database", required=True, metavar="URL", help="a year, only copied")
    parser.add_argument("--before", type=Path, default=None, metavar="DIR")
    parser.add_argument(
        "--modes",
        default="batch",
        help="batch, rebuild, small (the live follower's small batches: --from, --count, "
        "--batch-size 8, say), or several: batch,rebuild",
    )
    parser.add_argument("--from", dest="start", type=int, default=0, metavar="N")
    parser.add_argument("--count", type=int, default=2_000, metavar="N")
    parser.add_argument("--batch-size", type=int, default=100_000)
    parser.add_argument("--statements", type=int, default=0, metavar="N")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--projections", default="", metavar="NAMES", help="only these (comma-separated)"
    )
    args = parser.parse_args(argv)
    here = Path(__file__).resolve().parents[2]
    codes = ([args.before.resolve()] if args.before else []) + [here]
    for _ in range(args.repeat):
        for mode in args.modes.split(","):
            for code in codes:
                figures = one_run(
                    args.database,
                    code,
                    mode,
                    args.batch_size,
                    args.statements,
                    names=args.projections,
                    small=(args.start, args.count),
                )
                sys.stdout.write(json.dumps(figures, ensure_ascii=False) + "\n")
                sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
