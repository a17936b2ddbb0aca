"""The tables a catch-up from zero filled, their indexes built again, vacuumed and analysed
as it ends.

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

Only on PostgreSQL and on the live views: a verify's scratch tables (an engine whose
tables are translated to another schema) are compared once and dropped; SQLite has no
visibility map, and its planner's statistics are its own (ANALYZE left as it was).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, Table


def settle(engine: Engine, tables: Iterable[Table]) -> None:
    """The indexes of `tables` (those a fold filled) built again, a table at a time, then
    VACUUM (ANALYZE) of them in one statement, each outside a transaction; nothing on
    SQLite or on an engine writing another schema's tables."""
    names = sorted({table.name for table in tables})
    if not names or engine.dialect.name != "postgresql":
        return
    if engine.get_execution_options().get("schema_translate_map"):
        return
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        for name in names:
            connection.exec_driver_sql(f"REINDEX TABLE {quote(name)}")
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(quote(n) for n in names)}")
