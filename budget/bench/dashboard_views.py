"""The dashboards at the nation's size without catching a national year up (hours): the
rows the national, province and LAO dashboards read, for N LAOs (whole provinces; 7,861:
the nation), copied into fresh views from a year already caught up (`--template-views`,
e.g. the scale 0.1 year), then the three dashboards timed under every filter as
`bench-projections` times its queries (with `--before DIR`, another checkout's first, on
the same rows).

Each LAO of the sample takes the rows of a template LAO of its type (in turn), so its
budget lines, projects, progress, reports and revenue are as the generator drew them for
that type: the national proportions. Its own code, province and ids (uuid5 of its code
and the template's id) replace the template's. The rollups kept across LAOs (province and
national progress, stage counts, revenue, money by source) are then summed from those
rows, as the projections keep them (the parts `verify --sample` checks them against).
"""

from __future__ import annotations

import argparse
import io
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text

from budget.bench.missing_views import authority_row
from budget.bench.nation import FISCAL_YEAR
from budget.bench.query_timing import DASHBOARDS, dashboard_kinds, measure_before, measure_queries
from budget.bench.report import Figure, progress
from budget.bench.views_measures import STORE
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.funding_sums import FROM_THE_LINES, NATIONAL_FROM_PROVINCES
from budget.projections.progress import PROVINCES_THROUGH_QUARTERS, THROUGH_QUARTERS
from budget.projections.sample import ROLLUPS
from budget.registry.records import AuthorityRecord

# The views of one LAO's rows that the dashboards read, copied LAO by LAO.
BY_LAO = (
    "budget_state",
    "budget_line_balance",
    "budget_line_source",
    "budget_line_before_enactment",
    "lao_progress",
    "project_state",
    "report_state",
    "revenue_category",
    "revenue_month",
)
WHOSE = ("lao_code", "province_code", "lao_type")  # replaced by the LAO's own
IDS = ("budget_id", "project_id", "report_id")  # replaced by uuid5 of its code and the id
SUMMED = {name: kept for name, _, kept, _ in ROLLUPS}
# Each rollup the dashboards read, made from its parts: (table, the SELECT of its rows).
ROLLED_UP = (
    ("province_progress", next(p for n, _, _, p in ROLLUPS if n == "province_progress")),
    ("national_progress", next(p for n, _, _, p in ROLLUPS if n == "national_progress")),
    ("province_lao_progress", THROUGH_QUARTERS),
    ("national_province_progress", PROVINCES_THROUGH_QUARTERS),
    ("stage_count", next(p for n, _, _, p in ROLLUPS if n == "stage_count")),
    ("national_stage_count", next(p for n, _, _, p in ROLLUPS if n == "national_stage_count")),
    ("province_funding", FROM_THE_LINES),
    ("national_funding", NATIONAL_FROM_PROVINCES),
)
REVENUE_ROLLUP = (
    "INSERT INTO revenue_rollup (province_code, lao_type, fiscal_year, category, estimated, "
    "received) SELECT province_code, lao_type, fiscal_year, category, sum(estimated), "
    "sum(received) FROM revenue_category GROUP BY 1, 2, 3, 4"
)


def measure_dashboards(
    settings: Settings, sample: Sequence[AuthorityRecord], args: argparse.Namespace
) -> list[Figure]:
    """The rows copied into fresh views, then the dashboards timed on them (the code of
    `args.before` first, when given): p50, p95 and the CPU of one query."""
    engine = views_engine(settings)
    template = create_engine(args.template_views)
    try:
        started = time.perf_counter()
        written = write_dashboard_rows(engine, template, sample)
        seconds = time.perf_counter() - started
        figures = [
            Figure("laos", len(sample), "LAOs", STORE, "rows copied into fresh views"),
            Figure("rows_written_seconds", seconds, "s", STORE, _counts(written)),
        ]
        if args.before is not None:
            figures += measure_before(args, settings.views_url, only=DASHBOARDS)
        kinds = dashboard_kinds(sample, FISCAL_YEAR)
        return figures + measure_queries(engine, kinds, args.repeat, args.seed, progress)
    finally:
        template.dispose()
        engine.dispose()


def _counts(written: dict[str, int]) -> str:
    return ", ".join(f"{name} {rows:,}" for name, rows in written.items())


def write_dashboard_rows(
    engine: Engine, template: Engine, sample: Sequence[AuthorityRecord]
) -> dict[str, int]:
    """Every LAO of `sample` registered, each given a template LAO's rows of BY_LAO (one of
    its type, in turn), the year's targets copied, the rollups summed; rows per table."""
    written: dict[str, int] = {}
    with template.connect() as source, engine.begin() as into:
        templates = _templates(source)
        chosen = _choose(sample, templates)
        progress(f"{len(sample):,} LAOs from {sum(map(len, templates.values())):,} template LAOs")
        written["authority"] = _copy_in(into, "authority", *_authorities(sample))
        columns, rows = _copy_out(source, "disbursement_target")
        written["disbursement_target"] = _copy_in(into, "disbursement_target", columns, rows)
        for table in BY_LAO:
            columns, rows = _copy_out(source, table)
            by_lao = _by_lao(columns, rows)
            lines = _for_each(sample, chosen, columns, by_lao)
            written[table] = _copy_in(into, table, columns, lines)
            progress(f"{table}: {written[table]:,} rows")
        for table, parts in ROLLED_UP:
            names = _kept_columns(table)
            into.execute(text(f"INSERT INTO {table} ({names}) {parts}"))
        into.execute(text(REVENUE_ROLLUP))
    with engine.connect() as connection:  # as a catch-up leaves them: analysed
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("VACUUM (ANALYZE)")
    return written


def _kept_columns(table: str) -> str:
    """The columns a rollup's rows are listed in (its `verify --sample` SELECT)."""
    if table == "province_lao_progress":
        return (
            "province_code, fiscal_year, budget_group, quarter, lao_code, lao_type, "
            "allocated, obligated, disbursed"
        )
    kept = SUMMED[table]
    return kept[len("SELECT ") : kept.index(" FROM ")]


def _templates(source: Connection) -> dict[str, list[str]]:
    """The template LAOs (those with a budget) by type."""
    found: dict[str, list[str]] = defaultdict(list)
    rows = source.execute(
        text("SELECT DISTINCT lao_type, lao_code FROM budget_state ORDER BY 1, 2")
    )
    for lao_type, code in rows:
        found[str(lao_type)].append(str(code))
    return dict(found)


def _choose(sample: Sequence[AuthorityRecord], templates: dict[str, list[str]]) -> dict[str, str]:
    """Each LAO's template: the next of its type (of any type where none is of its)."""
    everyone = sorted(code for codes in templates.values() for code in codes)
    turn: dict[str, int] = defaultdict(int)
    chosen = {}
    for record in sample:
        pool = templates.get(record.type.value) or everyone
        chosen[record.code] = pool[turn[record.type.value] % len(pool)]
        turn[record.type.value] += 1
    return chosen


def _authorities(sample: Sequence[AuthorityRecord]) -> tuple[list[str], list[list[str]]]:
    rows = [authority_row(record) for record in sample]
    columns = list(rows[0])
    return columns, [[_text(row[c]) for c in columns] for row in rows]


def _text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _copy_out(source: Connection, table: str) -> tuple[list[str], list[list[str]]]:
    """A table's rows in COPY's text format, its fields split (tabs inside a field stay
    escaped), and its column names."""
    cursor = source.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"SELECT * FROM {table} LIMIT 0")
    columns = [d.name for d in cursor.description]
    buffer = io.BytesIO()
    with cursor.copy(f"COPY {table} TO STDOUT") as copy:
        for chunk in copy:
            buffer.write(chunk)
    lines = buffer.getvalue().decode().split("\n")
    return columns, [line.split("\t") for line in lines if line]


def _by_lao(columns: list[str], rows: list[list[str]]) -> dict[str, list[list[str]]]:
    at = columns.index("lao_code")
    found: dict[str, list[list[str]]] = defaultdict(list)
    for row in rows:
        found[row[at]].append(row)
    return found


def _for_each(
    sample: Sequence[AuthorityRecord],
    chosen: dict[str, str],
    columns: list[str],
    by_lao: dict[str, list[list[str]]],
) -> Iterator[list[str]]:
    """The template's rows of each LAO, as its own."""
    whose = [(columns.index(c), c) for c in WHOSE if c in columns]
    ids = [columns.index(c) for c in IDS if c in columns]
    for record in sample:
        own = {
            "lao_code": record.code,
            "province_code": record.province_code,
            "lao_type": record.type.value,
        }
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"bench-lao:{record.code}")
        renamed: dict[str, str] = {}
        for row in by_lao.get(chosen[record.code], ()):
            mine = list(row)
            for at, name in whose:
                mine[at] = own[name]
            for at in ids:
                old = row[at]
                if old != "\\N":
                    new = renamed.get(old)
                    if new is None:
                        new = renamed[old] = str(uuid.uuid5(namespace, old))
                    mine[at] = new
            yield mine


def _copy_in(
    into: Connection, table: str, columns: list[str], rows: Iterator[list[str]] | list[list[str]]
) -> int:
    """Rows in COPY's text format written into `table`; how many."""
    cursor = into.connection.driver_connection.cursor()  # type: ignore[union-attr]
    count = 0
    names = ", ".join(columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        chunk: list[str] = []
        for row in rows:
            chunk.append("\t".join(row))
            count += 1
            if len(chunk) >= 10_000:
                copy.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            copy.write("\n".join(chunk) + "\n")
    return count
