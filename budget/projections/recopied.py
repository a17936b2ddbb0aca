"""A view table copied whole into a fresh one of its description's columns, in key order,
which then takes the old one's name, key and indexes (each built sorted after the copy).

PostgreSQL cannot reorder a table's columns, and a dropped column keeps its place in every
row's null bitmap: a table whose columns change shape is copied instead (schema 0021, the
audit log's order; 0022, a budget line's texts out of its balances; 0023, who recorded an
audit entry out of its row; 0024, a deadline's row; 0025, a contract's party out of its
project's record)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql


def recopied(
    table: Table,
    *,
    new: str,
    values: Mapping[str, str] | None = None,
    fillfactor: int | None = None,
    key_fillfactor: int | None = None,
    order: str | None = None,
) -> list[str]:
    """PostgreSQL's statements: `table` (its description: the columns it is to have)
    copied into `new`, each column from the old table's column of its name or from its SQL
    expression in `values`, in key order (or `order`'s: the rows a statement reads together
    on the same pages); the old table dropped, `new` renamed to it, its
    key (with `key_fillfactor`) and its indexes made. `fillfactor`: the new table's."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    columns = ",\n".join(
        f"    {c.name} {c.type.compile(dialect=dialect)}{'' if c.nullable else ' NOT NULL'}"
        for c in table.columns
    )
    names = ", ".join(c.name for c in table.columns)
    selected = ", ".join((values or {}).get(c.name, c.name) for c in table.columns)
    key = ", ".join(c.name for c in table.primary_key.columns)
    name = table.name
    made_with = f" WITH (fillfactor = {fillfactor})" if fillfactor else ""
    key_with = f" WITH (fillfactor = {key_fillfactor})" if key_fillfactor else ""
    return [
        f"CREATE TABLE {new} (\n{columns}\n){made_with}",
        f"INSERT INTO {new} ({names})\nSELECT {selected} FROM {name} ORDER BY {order or key}",
        f"DROP TABLE {name}",
        f"ALTER TABLE {new} RENAME TO {name}",
        f"ALTER TABLE {name} ADD CONSTRAINT {name}_pkey PRIMARY KEY ({key}){key_with}",
        *(
            f"CREATE INDEX {index.name} ON {name} ({', '.join(c.name for c in index.columns)})"
            for index in sorted(table.indexes, key=lambda i: str(i.name))
        ),
    ]
