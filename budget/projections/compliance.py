"""Who is missing, one row per LAO and fiscal year (lao_compliance): the latest day one of
its projects entered the stage it is in now, the periods whose report was submitted, the
latest day one of its reports was drafted or first submitted. The national list reads
these ~7,850 rows instead of every report and project of the year
(budget/projections/queries/missing.py).

A rollup of two views, as the stage counts are of project_state: applied in the same batch
and transaction right after ProjectState and Reports (registry.all_projections keeps that
order, lanes.LANES puts the three in one lane), it reads the rows their events touched as
those projections have just written them. So the stage logic is not copied, and a store
upgraded to it fills it from the first event by the next catch-up: the rows it reads are
where the two views end, and what it keeps of them only grows until then.

Incremental: a report's drafted day and first submission never change once set. A
project's stage day moves only to the day of one of its events (ProjectState.apply), so
an LAO's latest only grows, unless an event is dated before that latest or corrects a
stage's date: then the LAO's latest is read again from all its projects.

A catch-up from zero does not apply its events one batch after another: right after
ProjectState and Reports have folded the history (fold.py) it is rolled up from their rows
in the same transaction (`roll_up`), what applying every event to those rows leaves (each
LAO's year's latest stage day over all its projects, its reports filed), at their position.
Applied event by event after the fold, it read the log again and looked up every project
of each batch: at scale 0.1 about half of its lane's time (issue 16).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from typing import Any, cast

from psycopg import sql
from psycopg.rows import dict_row
from sqlalchemy import Connection, Table, bindparam, func, select, tuple_, union

from budget.projections.bulk_copy import table_schema
from budget.projections.events import project, report
from budget.projections.events.wire import Event
from budget.projections.follow import Positioned
from budget.projections.pipelined import in_pipeline
from budget.projections.tables import lao_compliance, project_state, report_state
from budget.projections.upsert import (
    Lookup,
    append,
    as_read,
    rows_by_keys,
    rows_by_keys_together,
    save,
)

PROJECT_TOPICS = frozenset(project.TOPICS)
REPORT_TOPICS = frozenset(report.TOPICS)
KEY = ("lao_code", "fiscal_year")
Key = tuple[str, int]
Row = dict[str, Any]


def period_bit(kind: str, number: int) -> int:
    """The bit of a reporting period in `reports_submitted`: months 1-12 (by the calendar,
    10 = October) the bits 0-11, quarters 1-4 the bits 12-15."""
    return 1 << (number - 1 if kind == "M" else 11 + number)


class Compliance:
    name = "lao_compliance"
    tables: tuple[Table, ...] = (lao_compliance,)
    topics = PROJECT_TOPICS | REPORT_TOPICS
    folds = False  # it reads project_state and report_state as written (fold.py)
    rolls_up = ("project_state", "reports")  # from their rows alone, at zero (fold.py)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        projects: dict[str, list[Positioned]] = {}
        reports: set[str] = set()
        for positioned in events:
            if positioned.topic in PROJECT_TOPICS:
                projects.setdefault(positioned.originator_id, []).append(positioned)
            elif positioned.topic in REPORT_TOPICS:
                reports.add(positioned.originator_id)
        if not projects and not reports:
            return
        staged, filed, loaded = _read(connection, set(projects), reports)
        keys = {_key(row) for row in (*staged, *filed)}
        read = as_read(lao_compliance, loaded)
        rows = {_key(row): row for row in loaded}
        for key in keys - rows.keys():
            rows[key] = _new(key)
        latest_before = {key: row["latest_stage_on"] for key, row in rows.items()}
        again: set[Key] = set()
        for stage in staged:
            key = _key(stage)
            before = latest_before[key]
            if before is not None and _may_lower(projects[stage["project_id"]], before):
                again.add(key)
            row = rows[key]
            row["latest_stage_on"] = _later(row["latest_stage_on"], stage["stage_entered_on"])
        for key, latest in _latest_stages(connection, again).items():
            rows[key]["latest_stage_on"] = latest
        for filing in filed:
            _file(rows[_key(filing)], filing)
        save(connection, lao_compliance, rows.values(), read)

    def roll_up(self, connection: Connection) -> None:
        """Its rows from zero, made from project_state and report_state as they are
        (its table empty): what `apply` leaves after every event that made them."""
        p = project_state
        latest = select(p.c.lao_code, p.c.fiscal_year, func.max(p.c.stage_entered_on)).group_by(
            p.c.lao_code, p.c.fiscal_year
        )
        rows: dict[Key, Row] = {}
        for lao, year, on in connection.execute(latest):
            key = (str(lao), cast(int, year))
            rows[key] = _new(key)
            rows[key]["latest_stage_on"] = on
        filed = select(*(report_state.c[n] for n in REPORT_COLUMNS))
        for found in connection.execute(filed).mappings():
            filing = dict(found)
            key = _key(filing)
            row = rows.get(key)
            if row is None:
                row = rows[key] = _new(key)
            _file(row, filing)
        append(connection, lao_compliance, list(rows.values()))


def _read(
    connection: Connection, projects: set[str], reports: set[str]
) -> tuple[list[Row], list[Row], list[Row]]:
    """The stage days of `projects`, `reports` as the reports view holds them, and the
    lao_compliance rows of their LAOs' years. In a live batch's pipeline (PostgreSQL) all
    three in one round trip (issue 17: the rows were looked up by the years the others
    found, a round trip of their own each batch); elsewhere by those years, as before."""
    lookups: list[Lookup] = [
        (project_state, ["project_id"], {(i,) for i in projects}, STAGE_COLUMNS),
        (report_state, ["report_id"], {(i,) for i in reports}, REPORT_COLUMNS),
    ]
    raw: Any = connection.connection.driver_connection
    if connection.dialect.name != "postgresql" or not in_pipeline(raw):
        staged, filed = rows_by_keys_together(connection, lookups)
        keys = {_key(row) for row in (*staged, *filed)}
        return staged, filed, rows_by_keys(connection, lao_compliance, KEY, keys)
    touched = raw.cursor(row_factory=dict_row)
    touched.execute(_touched(connection), [sorted(projects), sorted(reports)])
    staged, filed = rows_by_keys_together(connection, lookups)  # (their fetch sends all)
    rows: list[Row] = touched.fetchall()
    touched.close()
    return staged, filed, rows


def touched_rows(connection: Connection, projects: set[str], reports: set[str]) -> list[Row]:
    """The lao_compliance rows of the LAOs' years of `projects` and `reports` (as
    ProjectState and Reports wrote them), in one statement (issue 17: the years, then
    their rows, were two round trips); who is missing copies them."""
    if not projects and not reports:
        return []
    if connection.dialect.name == "postgresql":
        raw: Any = connection.connection.driver_connection
        with raw.cursor(row_factory=dict_row) as cursor:
            cursor.execute(_touched(connection), [sorted(projects), sorted(reports)])
            found: list[Row] = cursor.fetchall()
            return found
    ids = {"projects": sorted(projects), "reports": sorted(reports)}
    return [dict(row._mapping) for row in connection.execute(_TOUCHED, ids)]


_TOUCHED = select(*lao_compliance.c).where(
    tuple_(lao_compliance.c.lao_code, lao_compliance.c.fiscal_year).in_(
        union(
            select(project_state.c.lao_code, project_state.c.fiscal_year).where(
                project_state.c.project_id.in_(bindparam("projects", expanding=True))
            ),
            select(report_state.c.lao_code, report_state.c.fiscal_year).where(
                report_state.c.report_id.in_(bindparam("reports", expanding=True))
            ),
        )
    )
)


def _touched(connection: Connection) -> str:
    """PostgreSQL, touched_rows' statement: the ids as two arrays, so its text is the same
    whatever their number and psycopg prepares it; the tables as this connection names
    them. The arrays are joined as unnest's rows, cast once: a filter `id = ANY(CAST($1
    AS uuid[]))` casts the whole array again for every row a sequential scan reads (a
    prepared statement's generic plan, made while the tables were small, keeps that scan:
    under bench-http 0.58 ms a call, a third of the follower's statements' time; joined,
    0.13 ms, pg_stat_statements)."""
    return _touched_in(
        *(table_schema(connection, t) for t in (lao_compliance, project_state, report_state))
    )


@functools.cache
def _touched_in(*schemas: str | None) -> str:
    c, p, r = (
        sql.Identifier(schema, table.name) if schema else sql.Identifier(table.name)
        for schema, table in zip(
            schemas, (lao_compliance, project_state, report_state), strict=True
        )
    )
    return (
        sql.SQL(
            "SELECT c.lao_code, c.fiscal_year, c.latest_stage_on, c.reports_submitted, "
            "c.last_report_on FROM {c} c WHERE (c.lao_code, c.fiscal_year) IN "
            "(SELECT lao_code, fiscal_year FROM {p} "
            "JOIN unnest(CAST(%b AS uuid[])) AS wanted (project_id) USING (project_id) "
            "UNION SELECT lao_code, fiscal_year FROM {r} "
            "JOIN unnest(CAST(%b AS uuid[])) AS wanted (report_id) USING (report_id))"
        )
        .format(c=c, p=p, r=r)
        .as_string()
    )


STAGE_COLUMNS = ("project_id", "lao_code", "fiscal_year", "stage_entered_on")
REPORT_COLUMNS = (
    "report_id",
    "lao_code",
    "fiscal_year",
    "period_kind",
    "period_number",
    "drafted_on",
    "first_submitted_on",
)


def _key(row: Row) -> Key:
    return (row["lao_code"], row["fiscal_year"])


def _new(key: Key) -> Row:
    return {
        "lao_code": key[0],
        "fiscal_year": key[1],
        "latest_stage_on": None,
        "reports_submitted": 0,
        "last_report_on": None,
    }


def _may_lower(events: list[Positioned], latest: date) -> bool:
    """Could these events of a project have moved its stage day before `latest`?"""
    for positioned in events:
        event = positioned.event
        assert isinstance(event, Event)
        if isinstance(event, project.StageDateCorrected) or event.business_date.value < latest:
            return True
    return False


def _later(one: date | None, other: date | None) -> date | None:
    if one is None or (other is not None and other > one):
        return other
    return one


def _latest_stages(connection: Connection, keys: set[Key]) -> dict[Key, date]:
    """The latest stage day of each LAO's year of `keys`, over all its projects."""
    if not keys:
        return {}
    found = connection.execute(_LATEST, {"laos": sorted({lao for lao, _ in keys})})
    latest: dict[Key, date] = {}
    for lao, year, on in found:
        key = (str(lao), cast(int, year))
        if key in keys:
            latest[key] = cast(date, on)
    return latest


# _latest_stages' statement, built once: made for each batch that asked, its construction
# and cache key cost the live follower more than its run (issue 17).
_LATEST = (
    select(
        project_state.c.lao_code,
        project_state.c.fiscal_year,
        func.max(project_state.c.stage_entered_on),
    )
    .where(project_state.c.lao_code.in_(bindparam("laos", expanding=True)))
    .group_by(project_state.c.lao_code, project_state.c.fiscal_year)
)


def _file(row: Row, filing: Row) -> None:
    """What one report (as the reports view holds it now) adds to its LAO's year."""
    submitted = filing["first_submitted_on"]
    if submitted is not None:
        row["reports_submitted"] |= period_bit(filing["period_kind"], filing["period_number"])
    row["last_report_on"] = _later(_later(row["last_report_on"], filing["drafted_on"]), submitted)
