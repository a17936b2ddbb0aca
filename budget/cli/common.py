"""What every command shares: the office (and the views), one-line errors, and tables
that line up."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from sqlalchemy import Engine

from budget import bootstrap
from budget.application import BudgetOffice
from budget.application.commands import Command
from budget.config import Settings
from budget.domain.access import SYSTEM_ACTOR
from budget.domain.errors import DomainError
from budget.projections.follow import catch_up
from budget.projections.registry import all_projections

F = TypeVar("F", bound=Callable[..., Any])


MAX_WORKERS = 64


def workers_option(help_text: str) -> Callable[[F], F]:
    """`--workers N`: processes side by side, 1 to MAX_WORKERS (default 1)."""
    return click.option(
        "--workers",
        type=click.IntRange(1, MAX_WORKERS),
        default=1,
        show_default=True,
        help=help_text,
    )


def settings() -> Settings:
    try:
        return bootstrap.settings()
    except ValueError as error:
        raise click.ClickException(str(error)) from None


@contextmanager
def office() -> Iterator[BudgetOffice]:
    """The BudgetOffice on the store chosen by the environment, closed afterwards."""
    chosen = settings()
    try:
        the_office = bootstrap.office(chosen)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    try:
        yield the_office
    finally:
        the_office.close()


@contextmanager
def office_and_views(*, catch_up_first: bool = False) -> Iterator[tuple[BudgetOffice, Engine]]:
    """The office and the views' engine the environment chooses, both closed afterwards;
    the views caught up with the store first if asked."""
    with office() as the_office:
        engine = bootstrap.views(settings())
        try:
            if catch_up_first:
                catch_up(the_office, engine, all_projections())
            yield the_office, engine
        finally:
            engine.dispose()


def run(*commands: Command) -> None:
    """Run each command as the system, in order, on the office the environment chooses
    (the CLI's audited writes)."""
    with office() as the_office:
        for command in commands:
            the_office.execute(command, actor=SYSTEM_ACTOR)


def describe_store(chosen: Settings) -> str:
    store = chosen.store
    if store == "memory":
        return "in memory (nothing is kept)"
    if store == "sqlite":
        return f"SQLite {chosen.database_url.removeprefix('sqlite:///')}"
    return "PostgreSQL " + chosen.eventsourcing_env()["POSTGRES_DBNAME"]


def one_line(error: DomainError) -> str:
    """`English (Thai) [code]` on one line."""
    text = f"{error.english} ({error.thai}) [{error.code}]"
    return " ".join(text.split())


def last_position(the_office: BudgetOffice) -> int:
    """The position of the last event in the notification log (0 when empty)."""
    return the_office.recorder.max_notification_id() or 0


def width(text: str) -> int:
    """How many terminal columns text takes: Thai vowel and tone marks take none."""
    return sum(
        0
        if unicodedata.category(c) in {"Mn", "Me", "Cf"}
        else 2
        if unicodedata.east_asian_width(c) in {"W", "F"}
        else 1
        for c in text
    )


def fit(text: str, columns: int, *, right: bool = False) -> str:
    """Text cut or padded to `columns` terminal columns."""
    while width(text) > columns:
        text = text[:-1]
    padding = " " * (columns - width(text))
    return padding + text if right else text + padding


def table(
    rows: Sequence[Sequence[object] | None], limits: list[int], right: set[int]
) -> Iterator[str]:
    """Lines of a table, each column as wide as its widest cell up to its limit.

    The columns whose index is in `right` are aligned right; a None row is a rule.
    """
    cells = [[str(v) for v in row] for row in rows if row is not None]
    widths = [min(limit, max(width(c[i]) for c in cells)) for i, limit in enumerate(limits)]
    for row in rows:
        if row is None:
            yield "  ".join("-" * w for w in widths)
            continue
        yield "  ".join(
            fit(str(v), w, right=i in right)
            for i, (v, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
