"""The tables a catch-up from zero filled, vacuumed and analysed as it ends.

A fold (fold.py) writes a projection's every row in one transaction, by COPY, into tables
emptied for it. They are then new to PostgreSQL's planner (no statistics: it guesses
their sizes) and to its visibility map (no page known all-visible, no row's hint bits
set), so the first reads after the catch-up plan blind and each row read dirties its
page while setting its hints, until autovacuum comes by: at scale 0.1 the LAO dashboard
took 8.6-9.4 ms at p95 right after a catch-up and 2.9 ms after a VACUUM ANALYZE.
`settle` does the VACUUM (ANALYZE) at once, outside any transaction (VACUUM runs in none),
on the tables the fold filled alone.

Only on PostgreSQL and on the live views: a verify's scratch tables (an engine whose
tables are translated to another schema) are compared once and dropped; SQLite has no
visibility map, and its planner's statistics are its own (ANALYZE left as it was).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, Table


def settle(engine: Engine, tables: Iterable[Table]) -> None:
    """VACUUM (ANALYZE) `tables` (those a fold filled), in one statement outside a
    transaction; nothing on SQLite or on an engine writing another schema's tables."""
    names = sorted({table.name for table in tables})
    if not names or engine.dialect.name != "postgresql":
        return
    if engine.get_execution_options().get("schema_translate_map"):
        return
    quote = engine.dialect.identifier_preparer.quote
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(quote(n) for n in names)}")
