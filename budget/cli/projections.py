"""`budget projections`: keep the read views caught up, rebuild them, prove them right."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from types import FrameType
from typing import Any, TypeVar

import click
from sqlalchemy import Engine, make_url

from budget import bootstrap
from budget.application import BudgetOffice
from budget.cli.common import describe_store, last_position, office_and_views, settings
from budget.projections.follow import BATCH_SIZE, BULK_BATCH_SIZE, OnBatch, rebuild
from budget.projections.lanes import lanes_of, parallel, rebuild_in_lanes
from budget.projections.registry import all_projections
from budget.projections.runner import POLL_INTERVAL, ProjectionRunner
from budget.projections.sample import verify_sample
from budget.projections.verify import (
    RowDifference,
    TableCheck,
    Verification,
    ViewsKeptMovingError,
    verify,
)

REPORT_EVERY = 1.0  # seconds between progress lines while following
F = TypeVar("F", bound=Callable[..., Any])


def batch_option(default: int) -> Callable[[F], F]:
    """--batch-size, defaulting to `default` events per transaction."""
    return click.option(
        "--batch-size",
        type=click.IntRange(1),
        default=default,
        show_default=True,
        help="Events applied per transaction.",
    )


@click.group()
def projections() -> None:
    """The read views: follow the event store, rebuild them, prove them."""


@contextmanager
def _views() -> Iterator[tuple[BudgetOffice, Engine]]:
    chosen = settings()
    views = make_url(chosen.views_url).render_as_string(hide_password=True)
    click.echo(f"Store: {describe_store(chosen)}; views: {views}")
    with office_and_views() as stores:
        yield stores


@contextmanager
def _progress(label: str, start: int, end: int) -> Iterator[OnBatch]:
    """A progress bar over positions start..end, advanced by a follow loop's on_batch."""
    with click.progressbar(length=max(end - start, 0), label=label) as bar:

        def advance(position: int, read: int) -> None:  # noqa: ARG001
            bar.update(position - start - bar.pos)

        yield advance


def _rate(events: int, seconds: float) -> str:
    per_second = f", {events / seconds:,.0f} events/s" if seconds > 0 else ""
    return f"{events:,} events read in {seconds:.1f} s{per_second}"


@projections.command()
@click.option("--once", is_flag=True, help="Catch up, then stop instead of following.")
@batch_option(BATCH_SIZE)
@click.option(
    "--poll-interval",
    type=click.FloatRange(0.01),
    default=POLL_INTERVAL,
    show_default=True,
    metavar="SECONDS",
    help="Look for new events this often (PostgreSQL also announces them at once).",
)
def follow(*, once: bool, batch_size: int, poll_interval: float) -> None:
    """Keep the views caught up with the event store until Ctrl-C (or SIGTERM)."""
    with _views() as (the_office, engine):
        runner = bootstrap.runner(
            the_office, engine, batch_size=batch_size, poll_interval=poll_interval
        )
        start, end = runner.position(), last_position(the_office)
        began = time.perf_counter()
        with _progress("Catching up", start, end) as advance:
            runner.on_batch = advance
            read = runner.catch_up()
        runner.on_batch = None
        click.echo(
            f"Caught up to position {runner.reached:,}: " + _rate(read, time.perf_counter() - began)
        )
        if not once:
            _follow(runner)


def _follow(runner: ProjectionRunner) -> None:
    """Print a line whenever the views move on or a pass fails, until Ctrl-C."""
    click.echo("Following (Ctrl-C stops).")
    runner.start()
    shown, failures = runner.reached, 0
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            time.sleep(REPORT_EVERY)
            now = datetime.now().strftime("%H:%M:%S")  # noqa: DTZ005 - the operator's clock
            if runner.reached != shown:
                click.echo(f"{now} position {runner.reached:,} (+{runner.reached - shown:,})")
                shown = runner.reached
            if runner.failures != failures:
                failures = runner.failures
                if failures:
                    click.echo(
                        f"{now} failing ({failures} in a row): {runner.last_error}", err=True
                    )
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        runner.stop()
    click.echo(f"Stopped at position {runner.reached:,}.")


def _interrupt(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001
    """SIGTERM (a service manager's stop) ends following as Ctrl-C does."""
    raise KeyboardInterrupt


@projections.command(name="rebuild")
@batch_option(BULK_BATCH_SIZE)
@click.option(
    "--one-process",
    is_flag=True,
    help="On PostgreSQL too, rebuild in this process instead of one process per lane.",
)
def rebuild_command(*, batch_size: int, one_process: bool) -> None:
    """Empty every view and replay every event from the first (on PostgreSQL, one
    process per lane of projections, side by side)."""
    with _views() as (the_office, engine):
        chosen = all_projections()
        began = time.perf_counter()
        if parallel(engine) and not one_process:
            click.echo(f"Rebuilding in lanes: {'; '.join(map(', '.join, lanes_of(chosen)))}")
            done = rebuild_in_lanes(the_office.settings, engine, chosen, batch_size)
            read = max((lane.read for lane in done), default=0)
        else:
            with _progress("Rebuilding", 0, last_position(the_office)) as advance:
                read = rebuild(the_office, engine, chosen, batch_size, on_batch=advance)
        seconds = time.perf_counter() - began
    click.echo(f"Rebuilt {len(chosen)} projections: {_rate(read, seconds)}.")


@projections.command(name="verify")
@batch_option(BULK_BATCH_SIZE)
@click.option(
    "--rows",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Differing rows shown per table.",
)
@click.option(
    "--sample",
    type=click.IntRange(1),
    default=None,
    metavar="LAOS",
    help="Verify this many LAOs drawn at random, each replayed alone, and the rollups "
    "against their parts, instead of rebuilding everything (minutes at national scale).",
)
@click.option("--seed", type=int, default=None, help="Of the --sample draw.")
@click.pass_context
def verify_command(
    ctx: click.Context, *, batch_size: int, rows: int, sample: int | None, seed: int | None
) -> None:
    """Rebuild every view into scratch tables and prove them equal to the live ones.

    Exit code 0 when every table is equal, 1 when any differs (its rows are named).
    """
    if sample is not None:
        with _views() as (the_office, engine):
            began = time.perf_counter()
            result = verify_sample(the_office, engine, sample, seed=seed, rows=rows)
            seconds = time.perf_counter() - began
        laos = next((t.rows for t in result.tables if t.table == "authority"), 0)
        click.echo(
            f"Replayed {laos:,} LAOs ({result.events:,} events) and compared them with the "
            f"live views at position {result.position:,} in {seconds:.1f} s."
        )
        _conclude(ctx, result)
        return
    with _views() as (the_office, engine):
        began = time.perf_counter()
        try:
            with _progress("Rebuilding into scratch", 0, last_position(the_office)) as advance:
                result = verify(
                    the_office, engine, batch_size=batch_size, sample=rows, on_batch=advance
                )
        except ViewsKeptMovingError as error:
            raise click.ClickException(str(error)) from None
        seconds = time.perf_counter() - began
    click.echo(
        f"Rebuilt into scratch tables to position {result.position:,} and compared in "
        f"{seconds:.1f} s ({result.events:,} events read)."
    )
    _conclude(ctx, result)


def _check_lines(check: TableCheck) -> Iterator[str]:
    if not check.differing:
        yield f"{check.table}: equal ({check.rows:,} rows)"
        return
    rows = "1 row differs" if check.differing == 1 else f"{check.differing:,} rows differ"
    yield f"{check.table}: {rows} (of {check.rows:,} live rows)"
    for difference in check.samples:
        yield "  " + _describe(difference)
    if check.differing > len(check.samples):
        yield f"  ... and {check.differing - len(check.samples):,} more"


def _describe(difference: RowDifference) -> str:
    key = ", ".join(f"{name}={value}" for name, value in difference.key.items())
    if difference.live is None:
        return f"{key}: missing from the live view"
    if difference.rebuilt is None:
        return f"{key}: in the live view only"
    live, rebuilt = difference.live, difference.rebuilt
    return f"{key}: " + "; ".join(
        f"{name} live {_shown(live[name])}, rebuilt {_shown(rebuilt[name])}"
        for name in difference.columns
    )


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _conclude(ctx: click.Context, result: Verification) -> None:
    """Each table compared, then the verdict (exit 1 when any differs)."""
    for check in result.tables:
        for line in _check_lines(check):
            click.echo(line)
    if result.equal:
        click.echo(f"Every view equals its rebuild ({len(result.tables)} tables).")
        return
    differing = sum(1 for t in result.tables if t.differing)
    click.echo(f"{differing} of {len(result.tables)} tables differ from their rebuild.", err=True)
    ctx.exit(1)
