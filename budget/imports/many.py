"""Many workbooks at once (DLA's bulk back-fill): each file imported all or nothing in
its own transaction, by a pool of worker processes that each keep their own BudgetOffice
on the same store (one file at a time per worker: memory does not grow with the number
of files). With one worker, the files are imported in this process, in order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import msgspec

from budget.application import BudgetOffice
from budget.config import Settings
from budget.domain.access import Actor
from budget.domain.errors import DomainError
from budget.imports.cells import FileRefused
from budget.imports.reconciliation import Reconciliation
from budget.imports.run import import_workbook

_office: BudgetOffice | None = None  # a worker process's own


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file's import: its reconciliation, or why the file as a whole was refused."""

    path: Path
    reconciliation: Reconciliation | None = None
    refused: tuple[str, str, str] | None = None  # code, Thai, English


def _open(settings: Settings) -> None:
    global _office  # noqa: PLW0603 - one office per worker process, for its life
    _office = BudgetOffice(settings)


def _import(
    path: Path, actor: Actor, dry_run: bool, today: date
) -> tuple[bytes, tuple[str, str, str] | None]:
    assert _office is not None
    outcome = one_file(_office, path, actor, dry_run, today)
    encoded = msgspec.json.encode(outcome.reconciliation) if outcome.reconciliation else b""
    return encoded, outcome.refused


def one_file(
    office: BudgetOffice, path: Path, actor: Actor, dry_run: bool, today: date | None = None
) -> Outcome:
    try:
        found = import_workbook(
            office,
            path.read_bytes(),
            file_name=path.name,
            actor=actor,
            dry_run=dry_run,
            today=today,
        )
    except FileRefused as error:
        return Outcome(path, refused=(error.code, error.th, error.en))
    except DomainError as error:
        return Outcome(path, refused=(error.code, error.thai, error.english))
    return Outcome(path, reconciliation=found)


def import_many(
    settings: Settings,
    paths: Sequence[Path],
    actor: Actor,
    *,
    workers: int = 1,
    dry_run: bool = False,
) -> Iterator[Outcome]:
    """Each file's outcome, as it finishes (in order with one worker); a row dated after
    the service's today is refused (`BUDGET_TODAY`, else the date in Thailand)."""
    today = settings.today_now()
    if workers <= 1:
        office = BudgetOffice(settings)
        try:
            for path in paths:
                yield one_file(office, path, actor, dry_run, today)
        finally:
            office.close()
        return
    spawn = multiprocessing.get_context("spawn")  # nothing of this process is shared
    with ProcessPoolExecutor(
        workers, mp_context=spawn, initializer=_open, initargs=(settings,)
    ) as pool:
        futures = [(path, pool.submit(_import, path, actor, dry_run, today)) for path in paths]
        for path, future in futures:
            encoded, refused = future.result()
            found = msgspec.json.decode(encoded, type=Reconciliation) if encoded else None
            yield Outcome(path, found, refused)
