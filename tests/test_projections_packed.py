"""A fold fills the pages of the views updated in place whole, and gives them their room
back before it commits (budget/projections/packed.py): the pages written after it, by live
batches, keep room for HOT updates."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from budget.application import BudgetOffice
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.follow import Positioned, catch_up, rebuild
from budget.projections.packed import pack, packed_in_fold
from budget.projections.project_state import ProjectState
from budget.projections.registry import all_projections
from budget.projections.storage import FILLFACTOR, UPDATED_IN_PLACE
from budget.projections.tables import budget_line_balance, project_state
from tests.builders import enacted_office

OPTIONS = text(
    "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(:names) AND relkind = 'r'"
)


@pytest.fixture
def store_url(postgres_url: str) -> str:
    """PostgreSQL alone (the settings and views of tests/conftest.py on it)."""
    return postgres_url


def _options(connection: Connection, names: Sequence[str]) -> dict[str, list[str]]:
    rows = connection.execute(OPTIONS, {"names": list(names)})
    return {row.relname: list(row.reloptions or []) for row in rows}


class Watched(ProjectState):
    """ProjectState noting its table's options each time it applies."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[list[str]] = []

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        self.seen.append(_options(connection, [project_state.name])[project_state.name])
        super().apply(connection, events)


def _watched() -> tuple[Watched, list[object]]:
    watched = Watched()
    others = [p for p in all_projections() if p.name != watched.name]
    return watched, [*others, watched]


def test_a_fold_fills_its_pages_whole_and_gives_their_room_back_before_it_commits(
    settings: Settings, views: Engine
) -> None:
    office = enacted_office(BudgetOffice(settings))
    watched, projections = _watched()
    try:
        rebuild(office, views, projections)  # type: ignore[arg-type]
    finally:
        office.close()
    assert watched.seen[0] == ["fillfactor=100"]  # the fold (then a pass that found nothing)
    with views.connect() as connection:
        options = _options(connection, [t.name for t in UPDATED_IN_PLACE])
    assert options == {t.name: [f"fillfactor={FILLFACTOR}"] for t in UPDATED_IN_PLACE}


def test_a_live_batch_writes_pages_with_their_room(settings: Settings, views: Engine) -> None:
    office = enacted_office(BudgetOffice(settings))
    watched, projections = _watched()
    try:
        catch_up(office, views, projections, batch_size=3)  # type: ignore[arg-type]
    finally:
        office.close()
    assert watched.seen
    assert all(seen == [f"fillfactor={FILLFACTOR}"] for seen in watched.seen)


def test_a_verify_s_scratch_tables_and_sqlite_are_not_packed(views: Engine, tmp_path: Path) -> None:
    translated = views.execution_options(schema_translate_map={None: "scratch"})
    with translated.connect() as connection:
        assert pack(connection, UPDATED_IN_PLACE) == []
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}", "BUDGET_HOME": str(tmp_path)}
    )
    engine = views_engine(settings)
    try:  # SQLite has no fillfactor: a syntax error, were it sent
        with engine.connect() as connection:
            assert pack(connection, UPDATED_IN_PLACE) == []
    finally:
        engine.dispose()
    assert packed_in_fold([project_state, budget_line_balance]) == [
        budget_line_balance.name,
        project_state.name,
    ]
