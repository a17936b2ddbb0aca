"""The floor under the catch-up: what PostgreSQL alone costs to write the views' rows.

However lean the follower, a catch-up from zero must at least write every row the views
end with, once, into tables with their indexes. This measures that, table by table: each
view's rows streamed by binary COPY from the view into an empty copy of it (`LIKE ...
INCLUDING ALL`: its columns, keys and indexes) on a second connection, and, apart, the same
COPY out alone (the rows read and thrown away), so the write is the difference. The
catch-up writes more than this (a row is updated as its project moves on; a batch reads
rows before it writes them), so a rate above `2 cores / floor` is out of reach of any
follower writing these views; beside it the reading and decoding of the events
(`decode_only`, measured apart) is a floor of its own.

The CPU is the PostgreSQL server's (every process of it, read from /proc: a throwaway
server serves only the benchmark) plus this process's, per event of the log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from budget.bench.cpu import ServerClock
from budget.bench.report import Figure
from budget.bench.views_measures import STORE, process_cpu
from budget.projections.tables import metadata

SCRATCH = "floor_copy"  # the schema the empty copies are made in, dropped after


def measure_floor(engine: Engine, events: int, progress: Callable[[str], None]) -> list[Figure]:
    """The views' rows copied into empty copies of their tables: CPU per event of the
    log for the rows written, in all and for the biggest tables, and the rate two cores
    could reach if writing them were all a catch-up did."""
    per_table: dict[str, tuple[int, float]] = {}  # rows, CPU seconds of the write
    source, target = engine.raw_connection(), engine.raw_connection()
    try:
        reader, writer = source.driver_connection, target.driver_connection
        assert reader is not None
        assert writer is not None
        writer.execute(f"DROP SCHEMA IF EXISTS {SCRATCH} CASCADE")
        writer.execute(f"CREATE SCHEMA {SCRATCH}")
        writer.commit()
        for table in metadata.sorted_tables:
            rows, read_only = _copy(engine, reader, None, table.name)
            writer.execute(
                f"CREATE TABLE {SCRATCH}.{table.name} (LIKE public.{table.name} INCLUDING ALL)"
            )
            writer.commit()
            _, through = _copy(engine, reader, writer, table.name)
            per_table[table.name] = (rows, max(through - read_only, 0.0))
        writer.execute(f"DROP SCHEMA {SCRATCH} CASCADE")
        writer.commit()
    finally:
        source.close()
        target.close()
    rows = sum(n for n, _ in per_table.values())
    spent = sum(s for _, s in per_table.values())
    per_event = spent / max(events, 1) * 1e6
    biggest = sorted(per_table.items(), key=lambda item: -item[1][1])[:5]
    split = ", ".join(
        f"{name} {s / max(events, 1) * 1e6:.1f} µs ({n:,} rows)" for name, (n, s) in biggest
    )
    progress(f"floor, CPU per event by table: {split}")
    note = (
        f"{rows:,} rows of {len(per_table)} views written once by COPY with their indexes: {split}"
    )
    return [
        Figure("floor_write_cpu_per_event", per_event, "µs", STORE, note),
        Figure("floor_rows_per_event", rows / max(events, 1), "rows", STORE, f"{events:,} events"),
        Figure(
            "floor_write_max_rate_two_cores",
            2e6 / per_event if per_event else 0.0,
            "events/s",
            STORE,
            "two cores doing nothing but write the views' rows once",
        ),
    ]


def _copy(engine: Engine, reader: Any, writer: Any | None, name: str) -> tuple[int, float]:
    """The rows of view `name` read by binary COPY and written into its copy in SCRATCH
    (thrown away when `writer` is None): how many, and the CPU seconds it took (the server
    and this process)."""
    server, cpu, rows = ServerClock(engine), process_cpu(), 0
    with reader.cursor() as out:
        with out.copy(f"COPY public.{name} TO STDOUT (FORMAT BINARY)") as copy_out:
            if writer is None:
                for _ in copy_out:
                    pass
            else:
                with writer.cursor() as into:
                    with into.copy(f"COPY {SCRATCH}.{name} FROM STDIN (FORMAT BINARY)") as copy_in:
                        for data in copy_out:
                            copy_in.write(data)
                    rows = into.rowcount
        if writer is None:
            rows = out.rowcount
    reader.commit()
    if writer is not None:
        writer.commit()  # the commit's flush is part of the write
    return rows, server.seconds() + process_cpu() - cpu
