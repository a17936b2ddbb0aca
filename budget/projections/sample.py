"""Verify a random sample of LAOs fully, in minutes at national scale: each LAO's own
events (replay.py) are replayed into an in-memory database and its rows of every view
compared with the live ones; the rollups kept across LAOs (province and national sums,
stage counts) are checked against the sums of their parts over the whole live views.

Positions are left out of the comparison (a replay numbers its events afresh): audit rows
are matched by aggregate and version instead.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Table, create_engine, select, text
from sqlalchemy.pool import StaticPool

from budget.application import BudgetOffice
from budget.projections.follow import catch_up
from budget.projections.funding_sums import FROM_THE_LINES, NATIONAL_FROM_PROVINCES
from budget.projections.missing_rows import COLUMNS as MISSING_COLUMNS
from budget.projections.missing_rows import PARTS as MISSING_PARTS
from budget.projections.positions import tracked_positions
from budget.projections.progress import PROVINCES_THROUGH_QUARTERS, THROUGH_QUARTERS
from budget.projections.registry import all_projections
from budget.projections.replay import lao_events, replay_into
from budget.projections.tables import (
    audit_actor,
    audit_log,
    authority,
    authority_contact,
    budget_expenditure,
    budget_line_balance,
    budget_line_before_enactment,
    budget_line_project,
    budget_line_text,
    budget_state,
    contractor,
    lao_compliance,
    lao_progress,
    metadata,
    project_carry_over,
    project_installment,
    project_payment,
    project_record,
    project_record_installment,
    project_record_payment,
    project_state,
    province_lao_progress,
    report_state,
    report_step,
)
from budget.projections.verify import RowDifference, TableCheck, Verification

# The views with rows of one LAO, and the column naming it: an LAO code, or the id of
# one of its aggregates.
BY_LAO = (
    authority,
    authority_contact,
    budget_state,
    budget_line_balance,
    budget_line_before_enactment,
    lao_compliance,
    lao_progress,
    province_lao_progress,
    project_state,
    report_state,
)
BY_BUDGET = (budget_line_project, budget_expenditure)
BY_PROJECT = (
    project_carry_over,
    project_installment,
    project_payment,
    project_record,
    project_record_installment,
    project_record_payment,
)
BY_REPORT = (report_step,)
POSITIONS = frozenset({"last_position", "position"})
AUDIT_KEY = ("aggregate_id", "version")
CHUNK = 500  # ids per IN list

# Each rollup against the sum of its parts: (name, key columns, its rows, the parts
# summed), both selecting the key columns then the sums, in the same order.
ROLLUPS = (
    (
        "province_progress",
        5,
        "SELECT province_code, lao_type, fiscal_year, quarter, budget_group, allocated, "
        "obligated, disbursed FROM province_progress",
        "SELECT province_code, lao_type, fiscal_year, quarter, budget_group, sum(allocated), "
        "sum(obligated), sum(disbursed) FROM lao_progress GROUP BY 1, 2, 3, 4, 5",
    ),
    (
        "province_lao_progress",
        5,
        "SELECT province_code, fiscal_year, budget_group, quarter, lao_code, lao_type, "
        "allocated, obligated, disbursed FROM province_lao_progress",
        THROUGH_QUARTERS,
    ),
    (
        "national_progress",
        4,
        "SELECT lao_type, fiscal_year, quarter, budget_group, allocated, obligated, disbursed "
        "FROM national_progress",
        "SELECT lao_type, fiscal_year, quarter, budget_group, sum(allocated), sum(obligated), "
        "sum(disbursed) FROM province_progress GROUP BY 1, 2, 3, 4",
    ),
    (
        "stage_count",
        6,
        "SELECT province_code, lao_type, fiscal_year, budget_group, method, stage, projects, "
        "budget_amount, contract_amount, paid FROM stage_count",
        "SELECT province_code, lao_type, fiscal_year, budget_group, method, stage, count(*), "
        "sum(budget_amount), sum(coalesce(contract_amount, 0)), sum(paid) FROM project_state "
        "GROUP BY 1, 2, 3, 4, 5, 6",
    ),
    (
        "national_stage_count",
        5,
        "SELECT lao_type, fiscal_year, budget_group, method, stage, projects, budget_amount, "
        "contract_amount, paid FROM national_stage_count",
        "SELECT lao_type, fiscal_year, budget_group, method, stage, sum(projects), "
        "sum(budget_amount), sum(contract_amount), sum(paid) FROM stage_count "
        "GROUP BY 1, 2, 3, 4, 5",
    ),
    (
        "national_province_progress",
        5,
        "SELECT fiscal_year, lao_type, budget_group, quarter, province_code, allocated, "
        "obligated, disbursed FROM national_province_progress",
        PROVINCES_THROUGH_QUARTERS,
    ),
    (
        "province_funding",
        7,
        "SELECT province_code, lao_type, fiscal_year, budget_group, kind, grantor, unused, "
        "allocated, obligated, disbursed, lapsed FROM province_funding",
        FROM_THE_LINES,
    ),
    (
        "national_funding",
        6,
        "SELECT lao_type, fiscal_year, budget_group, kind, grantor, unused, allocated, "
        "obligated, disbursed, lapsed FROM national_funding",
        NATIONAL_FROM_PROVINCES,
    ),
    (
        "lao_compliance",
        2,
        "SELECT lao_code, fiscal_year, latest_stage_on FROM lao_compliance "
        "WHERE latest_stage_on IS NOT NULL",
        "SELECT lao_code, fiscal_year, max(stage_entered_on) FROM project_state GROUP BY 1, 2",
    ),
    ("lao_missing", 2, f"SELECT {MISSING_COLUMNS} FROM lao_missing", MISSING_PARTS),
)


def verify_sample(
    office: BudgetOffice, live: Engine, laos: int, *, seed: int | None = None, rows: int = 10
) -> Verification:
    """The live views caught up, then `laos` LAOs drawn at random (with `seed`) each
    replayed alone and compared, and every rollup checked against its parts."""
    projections = all_projections()
    catch_up(office, live, projections)
    with live.connect() as connection:
        position = min(tracked_positions(connection, [p.name for p in projections]).values())
        codes: list[str] = sorted(connection.scalars(select(authority.c.lao_code)))
    chosen = sorted(random.Random(seed).sample(codes, min(laos, len(codes))))
    replayed = create_engine("sqlite://", poolclass=StaticPool)
    try:
        metadata.create_all(replayed)
        events = _replay(office, live, replayed, chosen)
        with live.connect() as mine, replayed.connect() as theirs:
            checks = _compare(mine, theirs, chosen, rows)
            checks += [_rollup(mine, rollup, rows) for rollup in ROLLUPS]
    finally:
        replayed.dispose()
    return Verification(position, events, tuple(checks))


def _replay(office: BudgetOffice, live: Engine, into: Engine, codes: Sequence[str]) -> int:
    """Each LAO's events of every fiscal year the live views know it by, replayed into
    `into`; how many events."""
    everything = datetime.max.replace(tzinfo=UTC)
    years_of = text(
        "SELECT DISTINCT fiscal_year FROM budget_state WHERE lao_code = :code "
        "UNION SELECT DISTINCT fiscal_year FROM report_state WHERE lao_code = :code"
    )
    events: dict[tuple[Any, int], Any] = {}  # an aggregate's event once, whatever the year
    with live.connect() as connection:
        for code in codes:
            for year in connection.scalars(years_of, {"code": code}):
                for event in lao_events(office, code, int(year), everything):
                    events.setdefault((event.originator_id, event.originator_version), event)
    ordered = sorted(
        events.values(), key=lambda e: (e.timestamp, str(e.originator_id), e.originator_version)
    )
    replay_into(office, into, ordered, all_projections())
    return len(ordered)


def _compare(
    live: Connection, replayed: Connection, codes: Sequence[str], rows: int
) -> list[TableCheck]:
    """Each per-LAO view's rows of the LAOs, live against replayed."""
    ids = {
        "budget_id": _ids(replayed, budget_state, "budget_id"),
        "project_id": _ids(replayed, project_state, "project_id"),
        "report_id": _ids(replayed, report_state, "report_id"),
    }
    aggregates = sorted(_ids(replayed, audit_log, "aggregate_id"))
    # the texts of the LAOs' lines, by their codes (budget_line_text: kept once a text)
    texts: list[Any] = sorted(set(replayed.scalars(select(budget_line_text.c.text_code))))
    # who recorded the LAOs' entries, by their codes (audit_actor: kept once an actor)
    actors: list[Any] = sorted(set(replayed.scalars(select(audit_actor.c.actor_code))))
    # the parties of the LAOs' contracts, by their codes (contractor: kept once a party)
    parties: list[Any] = sorted(set(replayed.scalars(select(contractor.c.contractor_code))))
    by: list[tuple[Table, tuple[str, Sequence[Any]]]] = [
        (budget_line_text, ("text_code", texts)),
        (audit_actor, ("actor_code", actors)),
        (contractor, ("contractor_code", parties)),
        *((t, ("lao_code", codes)) for t in BY_LAO),
        *((t, ("budget_id", ids["budget_id"])) for t in BY_BUDGET),
        *((t, ("project_id", ids["project_id"])) for t in BY_PROJECT),
        *((t, ("report_id", ids["report_id"])) for t in BY_REPORT),
    ]
    checks = [_check(live, replayed, t, which, rows=rows) for t, which in by]
    audit = ("aggregate_id", aggregates)
    checks.append(_check(live, replayed, audit_log, audit, rows=rows, key=AUDIT_KEY))
    return checks


def _ids(connection: Connection, table: Table, column: str) -> list[str]:
    found: list[Any] = list(connection.scalars(select(table.c[column])))
    return sorted({str(value) for value in found})


def _check(
    live: Connection,
    replayed: Connection,
    table: Table,
    by: tuple[str, Sequence[Any]],
    *,
    rows: int,
    key: Sequence[str] | None = None,
) -> TableCheck:
    """`table`'s rows whose column `by[0]` holds one of `by[1]`, live against replayed."""
    names = [c.name for c in table.columns if c.name not in POSITIONS]
    keys = list(key or [c.name for c in table.primary_key.columns])
    mine = _rows(live, table, names, keys, by)
    theirs = _rows(replayed, table, names, keys, by)
    differing = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
    samples = tuple(
        RowDifference(dict(zip(keys, k, strict=True)), mine.get(k), theirs.get(k))
        for k in differing[:rows]
    )
    return TableCheck(table.name, len(mine), len(differing), samples)


def _rows(
    connection: Connection,
    table: Table,
    names: Sequence[str],
    keys: Sequence[str],
    by: tuple[str, Sequence[Any]],
) -> dict[tuple[Any, ...], dict[str, Any]]:
    column, values = by
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    columns = [table.c[n] for n in names]
    for start in range(0, len(values), CHUNK):
        chunk = list(values[start : start + CHUNK])
        for row in connection.execute(select(*columns).where(table.c[column].in_(chunk))):
            mapped = dict(row._mapping)
            found[tuple(mapped[k] for k in keys)] = mapped
    return found


def _rollup(connection: Connection, rollup: tuple[str, int, str, str], rows: int) -> TableCheck:
    """A rollup against the sum of its parts over the whole live views."""
    name, width, kept, parts = rollup
    mine = {tuple(r[:width]): tuple(r[width:]) for r in connection.execute(text(kept))}
    summed = {tuple(r[:width]): tuple(r[width:]) for r in connection.execute(text(parts))}
    differing = sorted(k for k in mine.keys() | summed.keys() if mine.get(k) != summed.get(k))
    samples = tuple(
        RowDifference(
            {"key": "/".join(map(str, k))},
            None if k not in mine else {"sums": mine[k]},
            None if k not in summed else {"sums": summed[k]},
        )
        for k in differing[:rows]
    )
    return TableCheck(f"{name} (against its parts)", len(mine), len(differing), samples)
