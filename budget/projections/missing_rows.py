"""What who is missing reads, one row per LAO and fiscal year (lao_missing): the LAO's
province as the registry holds it, its budget's drafted and enacted days (as
budget_state), and its year's lao_compliance row; so the national list and its counts
read one table of ~7,850 rows a year and join nothing but the page's names and contacts
(budget/projections/queries/missing_sql.py).

Every LAO of the registry not merged away has a row in every year that has one (a year
"opened"), so the list never leaves one out: fiscal_year 0 holds the registry alone (the
rows of a year nothing was entered for), an LAO registered gets a row in year 0 and in
every year opened, a year's first entry (a budget drafted, a project or report of the
year) opens it with a copy of year 0, and an LAO merged away loses its rows (the list
leaves it out, as it leaves out the registry's merged LAOs).

A rollup of lao_compliance, as that one is of project_state and reports: applied in the
same batch and transaction right after Compliance (registry.all_projections keeps that
order, lanes.LANES puts them in one lane), it copies the rows that batch's projects and
reports touched as Compliance has just written them. The registry's and the budgets'
events (the four that change a row: Registered, Merged, Drafted, Enacted) it reads itself:
their views are kept in other lanes. A store upgraded to it fills it from the first event
by the next catch-up: what it copies of lao_compliance is then where that view ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Table,
    bindparam,
    delete,
    exists,
    insert,
    literal,
    null,
    select,
)

from budget.projections.compliance import PROJECT_TOPICS, REPORT_TOPICS, touched_rows
from budget.projections.events import annual_budget as ab
from budget.projections.events import authority as lao
from budget.projections.follow import Positioned
from budget.projections.tables import lao_missing
from budget.projections.upsert import append, as_read, rows_by_keys, save

REGISTRY = 0  # the fiscal year of the registry's rows: every LAO, nothing entered
KEY = ("fiscal_year", "lao_code")
COPIED = ("latest_stage_on", "reports_submitted", "last_report_on")  # of lao_compliance
# What lao_missing holds, from the views it copies: every LAO of the registry not merged
# away, in the registry's year and each year some budget, project or report was entered
# for, with that year's budget and lao_compliance row (sample.py checks it, as a rollup).
COLUMNS = (
    "fiscal_year, lao_code, province_code, drafted_on, enacted_on, latest_stage_on, "
    "reports_submitted, last_report_on"
)
PARTS = (
    "SELECT y.fiscal_year, a.lao_code, a.province_code, b.drafted_on, b.enacted_on, "
    "c.latest_stage_on, coalesce(c.reports_submitted, 0), c.last_report_on "
    f"FROM authority a CROSS JOIN (SELECT {REGISTRY} AS fiscal_year "
    "UNION SELECT fiscal_year FROM budget_state "
    "UNION SELECT fiscal_year FROM lao_compliance) y "
    "LEFT JOIN budget_state b ON b.lao_code = a.lao_code AND b.fiscal_year = y.fiscal_year "
    "LEFT JOIN lao_compliance c ON c.lao_code = a.lao_code AND c.fiscal_year = y.fiscal_year "
    "WHERE a.merged_into = ''"
)
Key = tuple[int, str]
Row = dict[str, Any]


def _topics(topics: dict[str, type], *events: type) -> frozenset[str]:
    return frozenset(topic for topic, event in topics.items() if event in events)


REGISTRY_TOPICS = _topics(lao.TOPICS, lao.Registered, lao.Merged)
BUDGET_TOPICS = _topics(ab.TOPICS, ab.Drafted, ab.Enacted)


class MissingRows:
    name = "lao_missing"
    tables: tuple[Table, ...] = (lao_missing,)
    # the topics it decodes: of a project's or a report's events it reads only the topic
    # and the originator (every event of a batch comes to `apply`, decoded or not), so a
    # catch-up that applies it alone (after a fold: fold.py) has the store send, and
    # decodes, only the registry's and the budgets' (issue 16)
    topics = REGISTRY_TOPICS | BUDGET_TOPICS
    folds = False  # it copies lao_compliance's rows as written (fold.py), as Compliance reads
    # a drafted budget's LAO, year and day it reads, never its lines (events.heads_read)
    heads = frozenset(ab.HEADS)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        batch = _Batch()
        for positioned in events:
            batch.add(positioned)
        _register(connection, batch.registered)
        complied = _complied(connection, batch.projects, batch.reports)
        budgets = {key: (bid, on) for bid, (key, on) in batch.drafted.items()}
        _open(connection, {key[0] for key in (*budgets, *complied)})
        keys = set(budgets) | set(complied)
        loaded = rows_by_keys(connection, lao_missing, KEY, keys)
        loaded += _enacted(connection, batch.enacted.keys() - batch.drafted.keys(), keys)
        read = as_read(lao_missing, loaded)
        rows = {(row["fiscal_year"], row["lao_code"]): row for row in loaded}
        for key, (bid, on) in budgets.items():
            if key in rows:  # else an LAO not (or no longer) in the registry
                rows[key]["budget_id"], rows[key]["drafted_on"] = bid, on
        for row in rows.values():
            if row["budget_id"] in batch.enacted:
                row["enacted_on"] = batch.enacted[row["budget_id"]]
            if (key := (row["fiscal_year"], row["lao_code"])) in complied:
                row.update(complied[key])
        save(connection, lao_missing, rows.values(), read)
        if batch.merged:
            _merge(connection, batch.merged)


@dataclass
class _Batch:
    """A batch's events that change rows, by kind."""

    registered: list[tuple[lao.Registered, str]] = field(default_factory=list)  # authority id
    merged: list[str] = field(default_factory=list)  # authority ids
    drafted: dict[str, tuple[Key, date]] = field(default_factory=dict)  # by budget id
    enacted: dict[str, date] = field(default_factory=dict)  # the ordinance's day, by budget id
    projects: set[str] = field(default_factory=set)
    reports: set[str] = field(default_factory=set)

    def add(self, positioned: Positioned) -> None:
        event, topic, originator = positioned.event, positioned.topic, positioned.originator_id
        if isinstance(event, lao.Registered):
            self.registered.append((event, originator))
        elif isinstance(event, lao.Merged):
            self.merged.append(originator)
        elif isinstance(event, ab.DraftedHead):  # or the whole, where a pass reads it
            key = (event.fiscal_year, event.lao_code)
            self.drafted[originator] = (key, event.business_date.value)
        elif isinstance(event, ab.Enacted):
            self.enacted[originator] = event.ordinance_date.value
        elif topic in PROJECT_TOPICS:
            self.projects.add(originator)
        elif topic in REPORT_TOPICS:
            self.reports.add(originator)


def _register(connection: Connection, registered: list[tuple[lao.Registered, str]]) -> None:
    """Each LAO registered given its row in the registry's year and in every year opened
    (read once a batch: by the key's first column, only the years' rows)."""
    if not registered:
        return
    m = lao_missing
    opened = select(m.c.fiscal_year).where(m.c.fiscal_year > REGISTRY).distinct()
    years: list[int] = sorted(connection.scalars(opened))
    rows = []
    for event, authority_id in registered:
        rows.append(blank_row(REGISTRY, event.code, event.province_code, authority_id))
        rows += [blank_row(year, event.code, event.province_code, None) for year in years]
    append(connection, m, rows)


def blank_row(year: int, lao_code: str, province_code: str, authority_id: str | None) -> Row:
    """An LAO's row of a year with nothing entered (the registry's: with its authority)."""
    return {
        "fiscal_year": year,
        "lao_code": lao_code,
        "province_code": province_code,
        "authority_id": authority_id,
        "budget_id": None,
        "drafted_on": None,
        "enacted_on": None,
        "latest_stage_on": None,
        "reports_submitted": 0,
        "last_report_on": None,
    }


def _open(connection: Connection, years: set[int]) -> None:
    """Each of `years` not opened yet given a row for every LAO of the registry: one
    INSERT a year that copies nothing once the year has rows, its answer read by nobody
    (issue 17: a small batch's pipeline sends it with the next read; before, the year was
    looked up first, a round trip of its own every batch)."""
    for year in sorted(years - {REGISTRY}):
        connection.execute(_OPEN, {"year": year})


def _opening() -> Any:
    """_open's INSERT of a year (bound as "year"), built once: made for each batch, its
    construction and cache key cost the live follower more than its run (issue 17)."""
    m = lao_missing
    opened = m.alias("opened")
    year = bindparam("year", type_=Integer)
    columns = ["fiscal_year", "lao_code", "province_code", "authority_id", "reports_submitted"]
    registry = select(year, m.c.lao_code, m.c.province_code, null(), literal(0)).where(
        m.c.fiscal_year == REGISTRY, ~exists().where(opened.c.fiscal_year == year)
    )
    return insert(m).from_select(columns, registry)


_OPEN = _opening()


def _complied(connection: Connection, projects: set[str], reports: set[str]) -> dict[Key, Row]:
    """The lao_compliance rows of the LAOs' years whose `projects` and `reports` the batch
    touched, as Compliance has just written them (one statement)."""
    return {
        (row["fiscal_year"], row["lao_code"]): {name: row[name] for name in COPIED}
        for row in touched_rows(connection, projects, reports)
    }


def _enacted(connection: Connection, budgets: set[str], loading: set[Key]) -> list[Row]:
    """The rows of the budgets enacted that were drafted in an earlier batch (but those of
    `loading`, read already)."""
    found = rows_by_keys(connection, lao_missing, ["budget_id"], {(bid,) for bid in budgets})
    return [row for row in found if (row["fiscal_year"], row["lao_code"]) not in loading]


def _merge(connection: Connection, authority_ids: list[str]) -> None:
    """The rows of the LAOs merged away deleted, in every year."""
    m = lao_missing
    codes = select(m.c.lao_code).where(
        m.c.fiscal_year == REGISTRY, m.c.authority_id.in_(authority_ids)
    )
    connection.execute(delete(m).where(m.c.lao_code.in_(codes.scalar_subquery())))
