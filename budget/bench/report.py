"""How benchmarks print their figures: a table for people, then one JSON line per figure.

Every benchmark under ``budget.bench`` collects :class:`Figure` objects and hands them to
:func:`print_report`. The JSON lines (``{"metric", "value", "unit", "store"}``) are what
scripts and CI read; the table above them is for the person at the terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure, e.g. 31,250 events/s of batched import into PostgreSQL."""

    metric: str
    value: float
    unit: str
    store: str
    note: str = ""

    def as_json(self) -> str:
        value: float | int = round(self.value, 3)
        if float(value).is_integer() and self.unit not in {"s", "ms"}:
            value = int(value)
        return json.dumps(
            {"metric": self.metric, "value": value, "unit": self.unit, "store": self.store},
            ensure_ascii=False,
        )


def progress(message: str) -> None:
    """A line of progress for the person at the terminal, on stderr (stdout holds the
    figures)."""
    sys.stderr.write(f"... {message}\n")
    sys.stderr.flush()


def format_value(value: float, unit: str) -> str:
    """Thousands separators for rates and counts; three decimals for durations."""
    if unit in {"s", "ms"}:
        return f"{value:,.3f}"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def table(figures: Sequence[Figure], title: str = "") -> str:
    """The figures as an aligned text table: metric, store, value, unit, note."""
    header = ("metric", "store", "value", "unit", "note")
    rows = [header] + [
        (f.metric, f.store, format_value(f.value, f.unit), f.unit, f.note) for f in figures
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [title] if title else []
    for number, row in enumerate(rows):
        cells = [
            cell.rjust(widths[i]) if i == 2 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def print_report(figures: Iterable[Figure], *, title: str = "", out: TextIO | None = None) -> None:
    """The table, a blank line, then one JSON line per figure."""
    stream = out if out is not None else sys.stdout
    collected = list(figures)
    stream.write(table(collected, title) + "\n\n")
    for figure in collected:
        stream.write(figure.as_json() + "\n")
    stream.flush()
