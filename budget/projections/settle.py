"""The tables a catch-up from zero filled, laid in the order they are read or their indexes
built again, vacuumed and analysed as it ends.

A fold (fold.py) writes a projection's every row in one transaction, by COPY, into tables
emptied for it. They are then new to PostgreSQL's planner (no statistics: it guesses
their sizes) and to its visibility map (no page known all-visible, no row's hint bits
set), so the first reads after the catch-up plan blind and each row read dirties its
page while setting its hints, until autovacuum comes by: at scale 0.1 the LAO dashboard
took 8.6-9.4 ms at p95 right after a catch-up and 2.9 ms after a VACUUM ANALYZE.
`settle` does the VACUUM (ANALYZE) at once, outside any transaction (VACUUM runs in none),
on the tables the fold filled alone.

Before it, each of those tables' indexes is built again, sorted (REINDEX, issue 16: views
on disk per million events). A fold inserts its rows in the order its events name them,
not in key order, and most keys begin with a project's or a budget's random uuid: each
index took its entries at random places and its leaves split half empty as they filled
(~70 % full), where one built sorted fills them to 90 % (the default fillfactor; the audit
log's key, appended in key order, is already full). At scale 0.1 (1,441,720 events) the
views' indexes went from 110.4 to 87.7 MiB per million events, in 4.3 s of the server's
CPU (3.0 µs an event; docs/benchmarks.md, session 36). Each table's REINDEX is a
transaction of its own, after the catch-up committed: a write to that table, or a read
through its indexes, waits the seconds it takes (SHARE on the table, ACCESS EXCLUSIVE on
the index being built), never the whole catch-up.

The tables a dashboard reads by an area's key, many rows a key (READ_TOGETHER), are
rewritten in that key's order instead (CLUSTER, which builds their indexes again too). A
fold writes rows in the order their events came, LAOs interleaved all year: an LAO's
137 projects lay on 64 pages of project_state and a province's 562 reports on ~560 pages
of report_state, each page a read and its buffer's lock for a few rows. Laid in the key's
order they take a few pages. At the nation's size, warm (docs/benchmarks.md, session 37):
the LAO dashboard's p95 6.1-7.9 -> 4.0-5.1 ms (PostgreSQL's CPU a dashboard 2.1-2.9 ->
1.1-1.7 ms), the province's 6.1-10.7 -> 4.1-9.4 ms; 2.6-3.5 and 3.7-8.6 ms once this
settle had vacuumed them too. A table updated in place is rewritten
with its pages whole (packed.py, as the fold wrote them; at fillfactor 70 CLUSTER grew
project_state from 448 to 623 MB) and gets its room back for the pages written later.
CLUSTER holds the table (ACCESS EXCLUSIVE) for its seconds (project_state nationally:
~13 s), a transaction a table, so any read of it waits that long once.

Only on PostgreSQL and on the live views: a verify's scratch tables (an engine whose
tables are translated to another schema) are compared once and dropped; SQLite has no
visibility map, and its planner's statistics are its own (ANALYZE left as it was).
The order is the table's state after the rebuild: live writes later put their rows and
their new versions where there is room, as before (a later rebuild lays them again).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, Table

from budget.projections.packed import pack, unpack

# Table -> the index whose order its rows take: what a dashboard reads of it together.
READ_TOGETHER: dict[str, str] = {
    "lao_progress": "lao_progress_pkey",  # an LAO's sums (lao_code first)
    "project_state": "ix_project_state_lao_code",  # an LAO's projects
    "province_lao_progress": "province_lao_progress_pkey",  # a province's LAOs
    "report_state": "ix_report_state_inbox",  # a province's reports by status
    "revenue_month": "ix_revenue_month_lao_year",  # an LAO's receipts by month
    "stage_count": "stage_count_pkey",  # a province's stages (province_code first)
}


def settle(engine: Engine, tables: Iterable[Table]) -> None:
    """The tables a fold filled (`tables`) laid in the order they are read
    (READ_TOGETHER, a transaction a table) or their indexes built again (a REINDEX a
    table), then VACUUM (ANALYZE) of them in one statement outside any transaction;
    nothing on SQLite or on an engine writing another schema's tables."""
    by_name = {table.name: table for table in tables}
    names = sorted(by_name)
    if not names or engine.dialect.name != "postgresql":
        return
    if engine.get_execution_options().get("schema_translate_map"):
        return
    quote = engine.dialect.identifier_preparer.quote
    for name in names:
        if name in READ_TOGETHER:
            with engine.begin() as connection:
                _lay_in_order(connection, by_name[name], READ_TOGETHER[name])
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        for name in names:
            if name not in READ_TOGETHER:
                connection.exec_driver_sql(f"REINDEX TABLE {quote(name)}")
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(quote(n) for n in names)}")


def _lay_in_order(connection: Connection, table: Table, index: str) -> None:
    """`table` rewritten in `index`'s order (its indexes built again), its pages whole,
    in the caller's transaction."""
    quote = connection.dialect.identifier_preparer.quote
    connection.exec_driver_sql(f"LOCK TABLE {quote(table.name)} IN ACCESS EXCLUSIVE MODE")
    packed = pack(connection, [table])
    connection.exec_driver_sql(f"CLUSTER {quote(table.name)} USING {quote(index)}")
    unpack(connection, packed)
