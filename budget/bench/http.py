"""Benchmark of the HTTP API on loopback against PostgreSQL: recorded writes/s and
dashboard reads/s with concurrent clients, and p50/p95/p99 per endpoint.

1. A throwaway durable PostgreSQL (fsync on) unless ``BUDGET_DATABASE_URL`` names a
   PostgreSQL server (a fresh database is made there and dropped after).
2. The world (:mod:`budget.bench.http_world`): one LAO per writer with an enacted budget
   and its clerk, and a DLA executive who reads.
3. ``budget serve`` in its own process (uvicorn), as in production, and beside it
   ``budget projections follow`` keeping the views (``--follow outside``, the default;
   ``inside``: the service's own thread does); the clients run in a process of their
   own (:mod:`budget.bench.http_load`), one keep-alive connection each.
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
import sysconfig
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from budget.application import BudgetOffice
from budget.bench.cpu import postmaster_pid, tree_seconds
from budget.bench.http_load import WRITES, Timings, log_in, run_phase
from budget.bench.http_world import READER, SERVICE_TODAY, clerk_name, set_up
from budget.bench.report import Figure, print_report, progress
from budget.bench.service_metrics import (
    cache_figures,
    cache_reads,
    stage_figures,
    write_stages,
)
from budget.bench.store import postgres_settings
from budget.bench.views_measures import percentile
from budget.config import Settings

STORE = "postgres"
READY_SECONDS = 120.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(
    folder: Path, name: str, env: dict[str, str], *arguments: str, code: Path | None = None
) -> subprocess.Popen[bytes]:
    """`budget ARGUMENTS...` in its own process (run from FOLDER), its output in
    FOLDER/NAME.log; the package under `code` if given, else the installed one."""
    command = [sys.executable, "-c", "from budget.cli import main; main()", *arguments]
    if code is not None:
        # without site (whose .pth installs this checkout's editable finder): that checkout
        # first, then the virtualenv's packages
        packages = sysconfig.get_paths()["purelib"]
        env = {**env, "PYTHONPATH": f"{code}{os.pathsep}{packages}"}
        command.insert(1, "-S")
    with (folder / f"{name}.log").open("w") as log:
        return subprocess.Popen(command, env=env, cwd=folder, stdout=log, stderr=subprocess.STDOUT)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass(frozen=True, slots=True)
class Served:
    """A running service: its base URL and the processes whose CPU it costs."""

    base_url: str
    roots: dict[str, int]  # "service", "follower", "postgres" → root process id


@contextmanager
def serving(
    settings: Settings,
    folder: Path,
    follow: str,
    *,
    workers: int = 1,
    code: Path | None = None,
) -> Iterator[Served]:
    """`budget serve` on a free loopback port (with `follow` "outside", beside it a
    `budget projections follow` process), with `workers` worker processes, running the
    code under `code` if given (another checkout, e.g. main's, measured in the same run);
    its base URL and process ids once it answers."""
    port = _free_port()
    env = dict(
        os.environ,
        BUDGET_DATABASE_URL=settings.database_url,
        BUDGET_HOME=str(folder),
        BUDGET_FOLLOW=follow,
        BUDGET_TODAY=SERVICE_TODAY.isoformat(),
    )
    processes = []
    roots: dict[str, int] = {}
    if follow == "outside":
        processes.append(_start(folder, f"follow-{port}", env, "projections", "follow", code=code))
        roots["follower"] = processes[-1].pid
    more = ["--workers", str(workers)] if workers > 1 else []
    processes.append(
        _start(folder, f"serve-{port}", env, "serve", "--port", str(port), *more, code=code)
    )
    roots["service"] = processes[-1].pid
    postmaster = postmaster_pid(settings.database_url)
    if postmaster is not None:
        roots["postgres"] = postmaster
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
        yield Served(base_url, roots)
    finally:
        for process in reversed(processes):
            _stop(process)


def cpu_figures(
    phase: str, spent: dict[str, float], load: float, writes: int, reads: int
) -> list[Figure]:
    """Server CPU per request (every server process, and each kind), and the load
    generator's, in ms: per write in a writes-only phase, per read in a reads-only one,
    per request in a mixed one."""
    done = writes + reads
    if not done:
        return []
    unit = "write" if not reads else "read" if not writes else "request"
    server = sum(spent.values())
    figures = [Figure(f"{phase}: server CPU per {unit}", server * 1000 / done, "ms", STORE)]
    figures += [
        Figure(f"{phase}: {name} CPU per {unit}", seconds * 1000 / done, "ms", STORE)
        for name, seconds in sorted(spent.items())
    ]
    figures.append(
        Figure(f"{phase}: load generator CPU per {unit}", load * 1000 / done, "ms", STORE)
    )
    return figures


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
    """Every run (the code under --before first, if given, then each --workers count) on
    one database: the same world, each run's projects coded apart."""
    figures: list[Figure] = []
    with postgres_settings(folder) as settings:
        clients = max(args.writers, 1)
        progress(f"setting up {clients} LAOs, their budgets and clerks")
        office = BudgetOffice(settings)
        try:
            laos = set_up(office, clients)
        finally:
            office.close()
        runs: list[tuple[str, int, Path | None]] = []
        if args.before is not None:
            runs.append(("before", 1, args.before))
        runs += [(f"{n} worker{'s' if n > 1 else ''}", n, None) for n in args.workers]
        for number, (label, workers, code) in enumerate(runs):
            progress(f"{label}: starting budget serve")
            with serving(settings, folder, args.follow, workers=workers, code=code) as served:
                progress("logging every client in")
                names = [READER, *(clerk_name(n) for n in range(1, clients + 1))]
                tokens = log_in(served.base_url, names)
                figures += run_phases(args, served, tokens, laos, label=label, tag=f"R{number}")
    return figures


def run_phases(
    args: argparse.Namespace,
    served: Served,
    tokens: dict[str, str],
    laos: Sequence[str],
    *,
    label: str,
    tag: str,
) -> list[Figure]:
    figures: list[Figure] = []
    phases = [
        ("writes", args.writers, 0),
        ("reads", 0, args.readers),
        ("mixed", args.writers, args.readers),
    ]
    stages = write_stages(served.base_url)
    kept = cache_reads(served.base_url)
    for phase, writers, readers in phases:
        if writers + readers == 0:
            continue
        progress(f"{label}, {phase}: {writers} writers, {readers} readers, {args.seconds:.0f} s")
        before = tree_seconds(served.roots)
        timings, seconds, load = run_phase(
            served.base_url,
            tokens,
            laos,
            writers=writers,
            readers=readers,
            seconds=args.seconds,
            tag=tag + phase[0].upper(),
        )
        after = tree_seconds(served.roots)
        spent = {name: after[name] - before[name] for name in after}
        if timings.first_failure:
            progress(f"{phase}: first failure: {timings.first_failure}")
        name = f"{label}, {phase}"
        figures += phase_figures(name, timings, seconds)
        figures += stage_figures(name, served.base_url, stages)
        stages = write_stages(served.base_url)
        figures += cache_figures(name, served.base_url, kept)
        kept = cache_reads(served.base_url)
        writes = sum(len(timings.seconds.get(e, [])) for e in WRITES)
        reads = sum(len(v) for e, v in timings.seconds.items() if e not in WRITES)
        figures += cpu_figures(name, spent, load, writes, reads)
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
    parser.add_argument(
        "--workers",
        type=_counts,
        default=[1],
        help="worker counts of `budget serve` to measure in turn, e.g. 1,2,4 (default 1)",
    )
    parser.add_argument(
        "--before",
        type=Path,
        default=None,
        metavar="DIR",
        help="first measure the service of another checkout (its folder holding budget/, "
        "e.g. main's from `git archive`), one worker, in the same run on the same database",
    )
    parser.add_argument("--quick", action="store_true", help="4 writers, 4 readers, 3 s phases")
    args = parser.parse_args(argv)
    if args.quick:
        args.writers, args.readers, args.seconds = 4, 4, 3.0
    if args.writers < 0 or args.readers < 0 or args.seconds <= 0:
        parser.error("--writers and --readers at least 0, --seconds above 0")
    return args


def _counts(text: str) -> list[int]:
    counts = [int(part) for part in text.split(",") if part.strip()]
    if not counts or min(counts) < 1:
        msg = "give worker counts of 1 or more, e.g. 1,2,4"
        raise argparse.ArgumentTypeError(msg)
    return counts


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
        f"{args.seconds:.0f} s per phase, views followed {args.follow} the service; "
        "CPU per request from /proc (service with its workers, follower, PostgreSQL)",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
