"""Benchmark of the HTTP API on loopback against PostgreSQL: recorded writes/s and
dashboard reads/s with concurrent clients, and p50/p95/p99 per endpoint.

1. A throwaway durable PostgreSQL (fsync on) unless ``BUDGET_DATABASE_URL`` names a
   PostgreSQL server (a fresh database is made there and dropped after).
2. The world (:mod:`budget.bench.http_world`): one LAO per writer with an enacted budget
   and its clerk, and a DLA executive who reads.
3. ``budget serve`` in its own process (uvicorn), as in production, and beside it
   ``budget projections follow`` keeping the views (``--follow outside``, the default;
   ``inside``: the service's own thread does); the clients run in this process, over
   one connection each.
4. Three phases of ``--seconds`` each: writes only (``--writers`` clerks), reads only
   (``--readers`` executives), then both at once. A write's time includes the wait until
   the views show it; a failure is any answer of 400 or more.

    python -m budget.bench.http [--writers 50] [--readers 50] [--seconds 20] [--quick]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx

from budget.application import BudgetOffice
from budget.bench.http_load import WRITES, Timings, log_in, run_phase
from budget.bench.http_world import READER, SERVICE_TODAY, clerk_name, set_up
from budget.bench.report import Figure, print_report
from budget.bench.store import postgres_settings
from budget.bench.views_measures import percentile
from budget.config import Settings

STORE = "postgres"
READY_SECONDS = 120.0


def _progress(message: str) -> None:
    sys.stderr.write(f"... {message}\n")
    sys.stderr.flush()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(
    folder: Path, name: str, env: dict[str, str], *arguments: str
) -> subprocess.Popen[bytes]:
    """`budget ARGUMENTS...` in its own process, its output in FOLDER/NAME.log."""
    command = [sys.executable, "-c", "from budget.cli import main; main()", *arguments]
    with (folder / f"{name}.log").open("w") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def serving(settings: Settings, folder: Path, follow: str) -> Iterator[str]:
    """`budget serve` on a free loopback port (with `follow` "outside", beside it a
    `budget projections follow` process); its base URL once it answers."""
    port = _free_port()
    env = dict(
        os.environ,
        BUDGET_DATABASE_URL=settings.database_url,
        BUDGET_HOME=str(folder),
        BUDGET_FOLLOW=follow,
        BUDGET_TODAY=SERVICE_TODAY.isoformat(),
    )
    processes = []
    if follow == "outside":
        processes.append(_start(folder, "follow", env, "projections", "follow"))
    processes.append(_start(folder, "serve", env, "serve", "--port", str(port)))
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + READY_SECONDS
        while True:
            for process in processes:
                if process.poll() is not None:
                    msg = f"{process.args!r} ended with {process.returncode}: see {folder}/*.log"
                    raise RuntimeError(msg)
            try:
                if httpx.get(f"{base_url}/schema/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"budget serve did not answer within {READY_SECONDS:.0f} s")
            time.sleep(0.2)
        yield base_url
    finally:
        for process in reversed(processes):
            _stop(process)


def phase_figures(phase: str, timings: Timings, seconds: float) -> list[Figure]:
    """Per endpoint: requests/s, p50, p95, p99 and failures; then writes/s and reads/s."""
    figures: list[Figure] = []
    writes = reads = 0
    for endpoint in sorted(timings.seconds.keys() | timings.failures.keys()):
        done = timings.seconds.get(endpoint, [])
        failed = timings.failures.get(endpoint, 0)
        if endpoint in WRITES:
            writes += len(done)
        else:
            reads += len(done)
        name = f"{phase}: {endpoint}"
        figures.append(Figure(f"{name} rate", len(done) / seconds, "requests/s", STORE))
        if done:
            millis = [s * 1000 for s in done]
            figures.append(Figure(f"{name} p50", statistics.median(millis), "ms", STORE))
            figures.append(Figure(f"{name} p95", percentile(millis, 0.95), "ms", STORE))
            figures.append(Figure(f"{name} p99", percentile(millis, 0.99), "ms", STORE))
        if failed:
            figures.append(Figure(f"{name} failures", failed, "requests", STORE))
    if writes:
        figures.append(Figure(f"{phase}: recorded writes", writes / seconds, "writes/s", STORE))
        every = [s * 1000 for e in WRITES for s in timings.seconds.get(e, [])]
        figures.append(Figure(f"{phase}: every write p95", percentile(every, 0.95), "ms", STORE))
    if reads:
        figures.append(Figure(f"{phase}: dashboard reads", reads / seconds, "reads/s", STORE))
        every = [s * 1000 for e, v in timings.seconds.items() if e not in WRITES for s in v]
        figures.append(Figure(f"{phase}: every read p95", percentile(every, 0.95), "ms", STORE))
    return figures


def run(args: argparse.Namespace, folder: Path) -> list[Figure]:
    figures: list[Figure] = []
    with postgres_settings(folder) as settings:
        clients = max(args.writers, 1)
        _progress(f"setting up {clients} LAOs, their budgets and clerks")
        office = BudgetOffice(settings)
        try:
            laos = set_up(office, clients)
        finally:
            office.close()
        _progress("starting budget serve")
        with serving(settings, folder, args.follow) as base_url:
            _progress("logging every client in")
            tokens = log_in(base_url, [READER, *(clerk_name(n) for n in range(1, clients + 1))])
            phases = [
                ("writes", args.writers, 0),
                ("reads", 0, args.readers),
                ("mixed", args.writers, args.readers),
            ]
            for phase, writers, readers in phases:
                if writers + readers == 0:
                    continue
                _progress(f"{phase}: {writers} writers, {readers} readers, {args.seconds:.0f} s")
                timings, seconds = run_phase(
                    base_url,
                    tokens,
                    laos,
                    writers=writers,
                    readers=readers,
                    seconds=args.seconds,
                    tag=phase[0].upper(),
                )
                if timings.first_failure:
                    _progress(f"{phase}: first failure: {timings.first_failure}")
                figures += phase_figures(phase, timings, seconds)
    return figures


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench-http",
        description="Concurrent clients against `budget serve` on PostgreSQL: payment entry, "
        "stage changes and dashboard reads; throughput and p50/p95/p99 per endpoint.",
    )
    parser.add_argument("--writers", type=int, default=50, help="clerk clients (default 50)")
    parser.add_argument("--readers", type=int, default=50, help="executive clients (default 50)")
    parser.add_argument(
        "--seconds", type=float, default=20.0, help="length of each phase (default 20)"
    )
    parser.add_argument(
        "--follow",
        choices=("outside", "inside"),
        default="outside",
        help="the views followed by a `budget projections follow` process beside the "
        "service (default), or inside the service (BUDGET_FOLLOW)",
    )
    parser.add_argument(
        "--server-log",
        type=Path,
        default=None,
        help="append the logs of the service (and the follower) to this file",
    )
    parser.add_argument("--quick", action="store_true", help="4 writers, 4 readers, 3 s phases")
    args = parser.parse_args(argv)
    if args.quick:
        args.writers, args.readers, args.seconds = 4, 4, 3.0
    if args.writers < 0 or args.readers < 0 or args.seconds <= 0:
        parser.error("--writers and --readers at least 0, --seconds above 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="budget-bench-http-") as folder:
        try:
            figures = run(args, Path(folder))
        finally:
            if args.server_log:
                for log in sorted(Path(folder).glob("*.log")):
                    with args.server_log.open("a") as kept:
                        kept.write(f"==> {log.name}\n{log.read_text()}")
    print_report(
        figures,
        title=f"HTTP on loopback: {args.writers} writers, {args.readers} readers, "
        f"{args.seconds:.0f} s per phase, views followed {args.follow} the service",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
