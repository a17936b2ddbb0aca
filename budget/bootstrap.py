"""The one composition root: the Settings, read once from the environment
(budget.config), build everything else. The BudgetOffice on its event store, the views'
engine, the projection runner that keeps the views, and the web app with its CSRF key,
for the service (`budget serve`), the CLI and the benchmarks alike.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.runner import ProjectionRunner

if TYPE_CHECKING:
    from litestar import Litestar

    from budget.http.services import Services


def settings() -> Settings:
    """The settings of this process, from the environment (ValueError if one is wrong)."""
    return Settings.from_env()


def office(chosen: Settings) -> BudgetOffice:
    """The BudgetOffice on the event store `chosen` names."""
    return BudgetOffice(chosen)


def views(chosen: Settings) -> Engine:
    """The engine of the views' database, its tables created if missing."""
    return views_engine(chosen)


def runner(the_office: BudgetOffice, engine: Engine, **options: Any) -> ProjectionRunner:
    """The follow loop that keeps every view of `engine` caught up with the office's
    events (options: batch_size, poll_interval, on_batch, follows)."""
    return ProjectionRunner(the_office, engine, **options)


@dataclass(slots=True)
class Parts:
    """An office and the views' engine, closed together."""

    settings: Settings
    office: BudgetOffice
    views: Engine

    def close(self) -> None:
        self.office.close()
        self.views.dispose()


@contextmanager
def parts(chosen: Settings) -> Iterator[Parts]:
    """The office and the views of `chosen`, closed when the block ends."""
    built = Parts(chosen, office(chosen), views(chosen))
    try:
        yield built
    finally:
        built.close()


def services(chosen: Settings) -> Services:
    """What the web app owns: the office, the views and the runner (which follows the
    events itself unless another process does, `BUDGET_FOLLOW=outside`)."""
    from budget.http.services import Services

    the_office, engine = office(chosen), views(chosen)
    follows = chosen.follow == "inside"
    return Services(chosen, the_office, engine, runner(the_office, engine, follows=follows))


def web_app(chosen: Settings, owned: Services | None = None) -> Litestar:
    """The service: the API and the pages on `chosen`'s stores (its own Services unless
    given)."""
    from budget.http.app import create_app

    return create_app(owned or services(chosen))


def warm_up_and_freeze() -> None:
    """Before a `budget serve` process serves: the reports' fonts and Thai word dictionary
    loaded (budget.reports.fonts), then everything built so far left out of the cyclic
    garbage collector (`gc.freeze`). It lives as long as the process, and each full
    collection walked all of it again: 542,000 objects, ~5 % of a write's service CPU (perf,
    issue 17). The service's processes only: a frozen object is never collected."""
    from budget.reports import warm_up

    warm_up()
    gc.freeze()


def worker_app(owned: Services | None = None) -> Litestar:
    """A worker of `budget serve` (uvicorn's factory, one worker or N): the app made on the
    worker's running event loop, after uvicorn's logging configuration, so the app's own
    (budget.http.log_lines) is the one in force; its handler threads; its Services (`owned`,
    else its own from the environment, the views followed by another process)."""
    from budget.http.threads import use_handler_threads

    use_handler_threads()
    app = web_app(owned.settings if owned is not None else settings(), owned)
    warm_up_and_freeze()
    return app
