"""A fold's pages filled whole (issue 16: views on disk per million events).

The views updated in place keep room on every page (storage.py: fillfactor 70), so that a
live update that changes no indexed column stays on its page (HOT). A fold (fold.py)
writes each row once, by COPY, into tables emptied for it: the room it leaves on every
page waits for updates that come, if ever, after the catch-up, and a national year's
finished projects and closed budget lines are rarely updated again. Kept in a fold, it was
a third of those tables (`pgstattuple` after a rebuild at scale 0.1: project_state 32 %
free, budget_line_balance 40 %).

So while a fold writes, its tables updated in place take their pages whole (fillfactor
100), and get their room back (FILLFACTOR) in the same transaction before it commits: the
pages written later (live batches, new rows) have their room as before. What it costs:
the first live update of a row on a full page is not HOT (its new version goes to a page
with room, and each of the table's indexes gets an entry); the page's old version is
pruned as any dead row. ALTER TABLE ... SET (fillfactor) is a catalog change, undone
with the transaction if the fold fails.

A table that a fold read back and updated as it went (a Streamed batch's `recall`) would
keep its room in the fold: ROOMY_IN_FOLD (none: the deadlines' rows amended in the fold are
few, and their table shrank as the others did).

Only on PostgreSQL, and not for a verify's scratch tables (an engine translating the
tables to another schema: compared once and dropped).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table

from budget.projections.storage import FILLFACTOR, UPDATED_IN_PLACE

WHOLE = 100
# Updated in place during the fold itself: none that pays. A rebuild of the 0.1 year
# (docs/benchmarks.md, session 35), MiB per million events, at 70 -> whole: project_state
# 45.0 -> 32.8, deadline 43.4 -> 34.0 (its amended rows read back, `recall`),
# budget_line_balance 32.3 -> 24.7, budget_line_project 20.8 -> 16.9.
ROOMY_IN_FOLD: frozenset[str] = frozenset()


def packed_in_fold(tables: Iterable[Table]) -> list[str]:
    """The names of those of `tables` whose pages a fold fills whole, in name order."""
    names = {t.name for t in UPDATED_IN_PLACE} - ROOMY_IN_FOLD
    return sorted({t.name for t in tables} & names)


def pack(connection: Connection, tables: Iterable[Table]) -> list[str]:
    """Give those of `tables` a fold fills whole their pages whole until `unpack`; their
    names (none on SQLite, or where the tables are translated to another schema)."""
    if connection.dialect.name != "postgresql":
        return []
    if connection.get_execution_options().get("schema_translate_map"):
        return []
    names = packed_in_fold(tables)
    _set_fillfactor(connection, names, WHOLE)
    return names


def unpack(connection: Connection, names: Iterable[str]) -> None:
    """The room of the tables `pack` filled whole given back, for the pages written
    after the fold."""
    _set_fillfactor(connection, names, FILLFACTOR)


def _set_fillfactor(connection: Connection, names: Iterable[str], fillfactor: int) -> None:
    quote = connection.dialect.identifier_preparer.quote
    for name in names:
        connection.exec_driver_sql(f"ALTER TABLE {quote(name)} SET (fillfactor = {fillfactor})")
