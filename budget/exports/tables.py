"""A Table: named columns over the rows of an answer, each column reading one field
(a dotted path into nested Structs) and saying how it is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from budget import wording

WORDS: dict[str, Callable[[str], str]] = {
    "stage": wording.stage_name,
    "method": wording.method_name,
    "group": wording.group_name,
    "lao_type": wording.type_name,
    "status": wording.status_name,
    "role": wording.role_name,
    "event": wording.event_name,
    "missing": wording.missing_name,
    "deadline": wording.deadline_name,
    "standing": wording.standing_name,
    "source": wording.source_name,
    "goes_to": wording.goes_to_name,
    "unused_grant": wording.unused_grant_name,
    "revenue": wording.revenue_name,
    "revenue_group": wording.revenue_group_name,
}
KINDS = frozenset({"text", "amount", "percent", "int", "date", "datetime", "flag", *WORDS})


def _code(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


@dataclass(frozen=True, slots=True)
class Column:
    """`path` names the field (`progress.allocated`); `kind` how it is shown: text,
    amount (baht), percent, int, date, datetime, flag (ใช่ or empty), or one of the
    domain's codes written in Thai words (stage, method, group, lao_type, status, role,
    event, missing, deadline, standing, source, goes_to, unused_grant, revenue,
    revenue_group; a list of codes as their words joined)."""

    path: str
    th: str
    en: str
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def header(self) -> str:
        return f"{self.th} / {self.en}"

    def value(self, item: Any) -> Any:
        """The cell of `item`: a Decimal, an int, a date or datetime, text, or None."""
        found = item
        for name in self.path.split("."):
            found = getattr(found, name, None)
            if found is None:
                return None
        if self.kind in WORDS:
            words = WORDS[self.kind]
            if isinstance(found, list):
                return ", ".join(words(_code(one)) for one in found)
            return words(_code(found))
        if self.kind == "flag":
            return "ใช่" if found else ""
        if isinstance(found, bool):
            return "ใช่" if found else ""
        if isinstance(found, Decimal | int | date | datetime):
            return found
        return str(found)


@dataclass(frozen=True, slots=True)
class Table:
    """One table of an answer: `name` is what `?table=` chooses; the rows are cells in
    the columns' order."""

    name: str
    th: str
    en: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]

    @classmethod
    def of(
        cls, name: str, words: tuple[str, str], columns: tuple[Column, ...], items: Iterable[Any]
    ) -> Table:
        return cls(
            name=name,
            th=words[0],
            en=words[1],
            columns=columns,
            rows=[tuple(column.value(item) for column in columns) for item in items],
        )

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]
