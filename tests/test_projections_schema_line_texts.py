"""Issue 16, schema 0022: a budget line's text (programme, work unit, category, description)
kept once a text in budget_line_text, by its code, not in its budget_line_balance row
written again on every change of its money (which holds the code). Views made before
keep every line's text and money, through the views' engine (both databases) as through
the versioned file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData, create_engine, insert, inspect, select, text

from budget.config import Settings
from budget.projections.ddl import LINE_TEXTS_FILE, SCHEMA_FOLDER, versioned_ddl
from budget.projections.engine import views_engine
from budget.projections.tables import (
    LINE_TEXTS,
    Money,
    budget_line_balance,
    budget_line_text,
    metadata,
)
from budget.projections.tables.budgets import LINE_INDEX, line_balance_table, text_code

BUDGET = "0b1c5f3e-8f4a-5d7e-9c2b-1a2b3c4d5e6f"
# the line's money columns, as the ledger takes them (line_ledger._LINE_MONEY)
MONEY = [c.name for c in budget_line_balance.columns if isinstance(c.type, Money)]


def _line(code: str, description: str, paid: str) -> dict[str, Any]:
    """A line's balances as the files before schema 0022 made the table (its text in it)."""
    return {
        "budget_id": BUDGET,
        "line_code": code,
        "lao_code": "10101010",
        "province_code": "10",
        "lao_type": "sao",
        "fiscal_year": 2570,
        "programme": "00310",
        "work_unit": "กองช่าง",
        "budget_group": "investment",
        "category": "land_and_construction",
        "description": description,
        **{name: Decimal("0.00") for name in MONEY},
        "paid": Decimal(paid),
        "last_position": 5,
    }


# two lines of the same text: kept once
LINES = [
    _line("ROAD", "ถนน คสล. หมู่ 3", "1330.00"),
    _line("ROAD2", "ถนน คสล. หมู่ 3", "7.00"),
    _line("WELL", "บ่อบาดาล", "0.00"),
]


def _old_rows(url: str) -> None:
    old = MetaData()
    balance = line_balance_table(old, texts=True)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                old.create_all(connection)
            connection.execute(insert(balance), LINES)
    finally:
        engine.dispose()


def _made_before(postgres_url: str) -> str:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for name in versioned_ddl():
            if name < LINE_TEXTS_FILE:
                connection.execute((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))  # type: ignore[call-overload]
    return postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)


def _kept(url: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """The lines' texts, their balances and the balances' columns, through the views'
    engine."""
    given = {"BUDGET_DATABASE_URL": url, "BUDGET_VIEWS_URL": url}
    engine = views_engine(Settings.from_env(given))
    try:
        with engine.connect() as reading:
            columns = [c["name"] for c in inspect(reading).get_columns(budget_line_balance.name)]
            texts = reading.execute(select(budget_line_text).order_by(budget_line_text.c.text_code))
            balances = reading.execute(
                select(budget_line_balance).order_by(budget_line_balance.c.line_code)
            )
            return [dict(r._mapping) for r in texts], [dict(r._mapping) for r in balances], columns
    finally:
        engine.dispose()


def _expected() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    coded = [{**line, "text_code": text_code(*(line[n] for n in LINE_TEXTS))} for line in LINES]
    kept = {line["text_code"]: line for line in coded}
    texts = [{n: str(kept[c][n]) for n in ("text_code", *LINE_TEXTS)} for c in sorted(kept)]
    names = [c.name for c in budget_line_balance.columns]
    balances = [{n: str(line[n]) for n in names} for line in coded]
    return texts, balances, names


def _as_text(
    found: tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    texts, balances, columns = found
    return (
        [{n: str(v) for n, v in row.items()} for row in texts],
        [{n: str(v) for n, v in row.items()} for row in balances],
        columns,
    )


def test_postgresql_views_made_before_schema_0022_keep_every_line_text(postgres_url: str) -> None:
    _old_rows(_made_before(postgres_url))
    assert _as_text(_kept(postgres_url)) == _expected()
    with psycopg.connect(postgres_url) as connection:  # its key, index and room kept
        found = connection.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'budget_line_balance' ORDER BY 1"
        ).fetchall()
        (options,) = connection.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'budget_line_balance'"
        ).fetchone() or (None,)
    # its index on the LAO, then schema 0026's on LAO and year in its place (line_index.py)
    assert found == [("budget_line_balance_pkey",), (LINE_INDEX,)]
    assert options == ["fillfactor=70"]


def test_the_versioned_file_moves_the_texts_as_the_engine_does(postgres_url: str) -> None:
    _old_rows(_made_before(postgres_url))
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(  # type: ignore[call-overload]
            (SCHEMA_FOLDER / LINE_TEXTS_FILE).read_text(encoding="utf-8")
        )
    assert _as_text(_kept(postgres_url)) == _expected()


def test_sqlite_views_made_before_schema_0022_keep_every_line_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    _old_rows(url)
    texts, balances, columns = _as_text(_kept(url))
    expected_texts, expected_balances, expected_columns = _expected()
    assert (texts, balances) == (expected_texts, expected_balances)
    assert sorted(columns) == sorted(expected_columns)  # SQLite adds a column at the end


def test_new_views_have_no_line_text_in_the_balances(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'views.sqlite3'}"
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            metadata.create_all(connection)
            there = {c["name"] for c in inspect(connection).get_columns(budget_line_balance.name)}
            assert there.isdisjoint(LINE_TEXTS)
            assert connection.execute(text("SELECT count(*) FROM budget_line_text")).scalar() == 0
    finally:
        engine.dispose()


def test_a_texts_code_is_the_one_postgresql_works_out(postgres_url: str) -> None:
    """The code the projection gives a text is the one the conversion of views made before
    works out in SQL (line_texts._code_sql), Thai and the separator included."""
    parts = ("00310", "กองช่าง", "land_and_construction", "ถนน คสล. หมู่ 3 (ช่วงที่ 2)")
    with psycopg.connect(postgres_url) as connection:
        found = connection.execute(
            "SELECT ('x' || substr(md5(%s || chr(31) || %s || chr(31) || %s || chr(31) || %s),"
            " 1, 16))::bit(64)::bigint",
            parts,
        ).fetchone()
    assert found == (text_code(*parts),)
