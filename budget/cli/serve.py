"""`budget serve`: the HTTP API and the pages (uvicorn), in one process or N workers.

Who keeps the views: one process only. On the embedded store with one worker the service
follows them itself, in a thread. On PostgreSQL, or with several workers, the workers only
wait for the views (woken by the follower's notifications on PostgreSQL) and `budget serve`
starts one `budget projections follow` beside them, unless `BUDGET_FOLLOW=outside` says
one runs elsewhere (another machine, its own service unit).
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
from typing import Any

import click

from budget.cli.common import describe_store, settings, workers_option
from budget.config import Settings


def follower_needed(chosen: Settings, workers: int) -> bool:
    """True if the workers must leave the views to a follower process (PostgreSQL, or
    more than one worker on the embedded store)."""
    return chosen.store == "postgres" or workers > 1


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port."
)
@workers_option("Worker processes (uvicorn's), sharing the port; sessions are in the database.")
def serve(*, host: str, port: int, workers: int) -> None:
    """Serve the API and the pages on http://HOST:PORT (OpenAPI at /schema/openapi.json)."""
    chosen = settings()
    if workers > 1 and chosen.store == "memory":
        raise click.ClickException("--workers needs a store the workers share (not memory:)")
    metrics_folder = ""
    if workers > 1:  # every worker's counters in files a scrape of any worker adds up
        metrics_folder = tempfile.mkdtemp(prefix="budget-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_folder
    follower: subprocess.Popen[bytes] | None = None
    if follower_needed(chosen, workers):
        if chosen.follow == "inside":
            follower = start_follower(chosen)
        os.environ["BUDGET_FOLLOW"] = "outside"  # the workers only wait for the views
        chosen = settings()
    try:
        run_service(chosen, follower, host=host, port=port, workers=workers)
    finally:
        if follower is not None:
            follower.terminate()
            follower.wait(30)
        if metrics_folder:
            shutil.rmtree(metrics_folder, ignore_errors=True)


def run_service(
    chosen: Settings,
    follower: subprocess.Popen[bytes] | None,
    *,
    host: str,
    port: int,
    workers: int,
) -> None:
    """Say what is served, then run uvicorn on the app's factory, in one process (on
    `chosen`'s Services, built here) or N workers."""
    import uvicorn

    from budget import bootstrap
    from budget.cli.demo import print_demo_accounts
    from budget.demo import present_demo_accounts
    from budget.demo.store import holds_demo_accounts

    try:
        services = bootstrap.services(chosen)
    except ValueError as error:  # a setting the service refuses (a short secret key)
        raise click.ClickException(str(error)) from None
    click.echo(f"Store: {describe_store(chosen)}")
    if follower is not None:
        click.echo(f"Views: followed by `budget projections follow` (process {follower.pid})")
    elif chosen.follow == "outside":
        click.echo("Views: followed by another process (run `budget projections follow`)")
    if holds_demo_accounts(services.office):
        print_demo_accounts(present_demo_accounts(services.office))
    click.echo(f"\nServing http://{host}:{port}/api with {workers} worker(s)")
    click.echo(f"Pages for people: http://{host}:{port}/ (log in with a demo account)")
    common: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "info",
        # each request is one JSON line on budget.http.requests (docs/api.md): uvicorn's
        # own access line would say it again, at a logging call per request (issue 17)
        "access_log": False,
        # compiled HTTP/1.1 parser and event loop (pyproject.toml): a kept dashboard read
        # costs the service ~40 % less CPU than on uvicorn's h11 and asyncio (issue 17);
        # each answer's head and body written in one call (budget.http.one_write); named,
        # not given: a worker imports it once it answers uvicorn's health checks (a class
        # would be imported with budget.http, the whole app, before: the parent then took
        # the loaded machine's slow start for a hung worker and killed it, again and again)
        "http": ONE_WRITE,
        "loop": EVENT_LOOP,
        **chosen.proxy_options(),  # X-Forwarded-* believed from BUDGET_TRUSTED_PROXIES only
    }
    if workers == 1:
        # the app made by uvicorn's factory, as each of N workers makes its own: after
        # uvicorn's logging configuration, which closes the handlers configured before it
        # (the app's batched log lines, budget.http.log_lines), and on its running loop
        uvicorn.run(functools.partial(bootstrap.worker_app, services), factory=True, **common)
        return
    services.office.close()  # each worker builds its own
    services.views.dispose()
    uvicorn.run("budget.bootstrap:worker_app", factory=True, workers=workers, **common)


ONE_WRITE = "budget.http.one_write:OneWriteProtocol"

# uvloop is not made for Windows (pyproject.toml installs it elsewhere)
EVENT_LOOP = "asyncio" if sys.platform == "win32" else "uvloop"

# On SQLite nothing announces new events to another process: the follower looks this often
# (a write's answer waits for its views, up to 2 s).
SQLITE_POLL = "0.05"


def start_follower(chosen: Settings) -> subprocess.Popen[bytes]:
    """`budget projections follow` in a child process (the same environment)."""
    command = [sys.executable, "-m", "budget", "projections", "follow"]
    if chosen.store != "postgres":
        command += ["--poll-interval", SQLITE_POLL]
    return subprocess.Popen(command)
