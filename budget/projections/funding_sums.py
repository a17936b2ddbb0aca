"""The money by source of the lines not funded by the LAO's own revenue, as running sums per
province (province_funding) and for the nation (national_funding), by LAO type, budget
group and source: what the province and national dashboards split the year's money by
(queries/funding.py), in a few hundred rows instead of one index lookup per such line
(~8,000 lines nationally).

Kept by the budget lines projection: every change of a line's money goes through
`LedgerRows.add`, which hands it here with the line's source. A line's source is in its
event when the line is made, and in budget_line_source (the line_funding projection's,
applied in the same lane, before budget lines: registry.py, lanes.py) when a later batch
loads the line. A source never changes, nor a line's budget group.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from budget.domain.funding import FundingKind
from budget.projections.events import annual_budget as ab
from budget.projections.positions import lock_views
from budget.projections.tables import budget_line_source, national_funding, province_funding
from budget.projections.upsert import accumulate, rows_by_keys

OWN = FundingKind.OWN_REVENUE.value
SUMS = ("allocated", "obligated", "disbursed", "lapsed")
# what one baht more in a ledger field changes in SUMS (as the lines count them: obligated
# is committed or spent, disbursed paid or spent)
EFFECT: dict[str, tuple[int, int, int, int]] = {
    "appropriated": (1, 0, 0, 0),
    "transferred_in": (1, 0, 0, 0),
    "transferred_out": (-1, 0, 0, 0),
    "supplementary": (1, 0, 0, 0),
    "committed": (0, 1, 0, 0),
    "paid": (0, 0, 1, 0),
    "spent": (0, 1, 1, 0),
    "lapsed": (0, 0, 0, 1),
}
# kind, grantor, unused ("" where a grant's letter says nothing, and for other kinds)
Source = tuple[str, str, str]
# province_code, lao_type, fiscal_year, budget_group, then the source
Key = tuple[str, str, int, str, str, str, str]
PROVINCE_KEY = ("province_code", "lao_type", "fiscal_year", "budget_group")
NATIONAL_KEY = ("lao_type", "fiscal_year", "budget_group")
SOURCE = ("kind", "grantor", "unused")

# province_funding as the lines hold it (its columns, in order): plain SQL for SQLite and
# PostgreSQL (money summed as stored), the fill of views kept before it and the check of
# a sample's verification (sample.py).
FROM_THE_LINES = (
    "SELECT b.province_code, b.lao_type, b.fiscal_year, b.budget_group, s.kind, s.grantor, "
    "coalesce(s.unused, ''), sum(b.allocated), sum(b.committed) + sum(b.spent), "
    "sum(b.paid) + sum(b.spent), sum(b.lapsed) "
    "FROM budget_line_source s JOIN budget_line_balance b "
    "ON b.budget_id = s.budget_id AND b.line_code = s.line_code "
    "GROUP BY 1, 2, 3, 4, 5, 6, 7"
)
NATIONAL_FROM_PROVINCES = (
    "SELECT lao_type, fiscal_year, budget_group, kind, grantor, unused, sum(allocated), "
    "sum(obligated), sum(disbursed), sum(lapsed) FROM province_funding "
    "GROUP BY 1, 2, 3, 4, 5, 6"
)


def source_of(spec: ab.LineSpec) -> Source | None:
    """A new line's source, None for the LAO's own revenue (or a line stored before lines
    had a source)."""
    if spec.source is None or spec.source.value.kind.value == OWN:
        return None
    source = spec.source.value
    return (source.kind.value, source.grantor, source.unused.value if source.unused else "")


def sources_of(
    connection: Connection, lines: Collection[tuple[Any, ...]]
) -> dict[tuple[Any, ...], Source]:
    """The source of each of `lines` (budget id, line code) not funded by own revenue."""
    found = rows_by_keys(
        connection, budget_line_source, ["budget_id", "line_code"], lines, selected=SOURCE_COLUMNS
    )
    return sources_from(found)


SOURCE_COLUMNS = ("budget_id", "line_code", "kind", "grantor", "unused")


def sources_from(found: Iterable[dict[str, Any]]) -> dict[tuple[Any, ...], Source]:
    """The sources of the rows `found` in budget_line_source (their SOURCE_COLUMNS)."""
    return {
        (r["budget_id"], r["line_code"]): (r["kind"], r["grantor"], r["unused"] or "")
        for r in found
    }


class FundingSums:
    """A batch's changes to the lines of other sources, by province and source."""

    def __init__(self, sources: dict[tuple[Any, ...], Source]) -> None:
        self.sources = sources  # by budget id, line code: those the batch loaded (sources_of)
        self.sums: dict[Key, list[Decimal]] = {}

    def made(self, line: dict[str, Any], spec: ab.LineSpec, field: str) -> None:
        """A new line: its source kept, and counted (a source with a line has a row)."""
        source = source_of(spec)
        if source is not None:
            self.sources[(line["budget_id"], line["line_code"])] = source
            self.add(line, source, field, Decimal(0))

    def moved(self, line: dict[str, Any], field: str, amount: Decimal) -> None:
        """`amount` more in a line's `field` (LedgerRows.add): counted if of another source."""
        source = self.sources.get((line["budget_id"], line["line_code"]))
        if source is not None:
            self.add(line, source, field, amount)

    def add(self, line: dict[str, Any], source: Source, field: str, amount: Decimal) -> None:
        effect = EFFECT.get(field)
        if effect is None:
            return
        key = (
            line["province_code"],
            line["lao_type"],
            line["fiscal_year"],
            line["budget_group"],
            *source,
        )
        sums = self.sums.get(key)
        if sums is None:
            sums = self.sums[key] = [Decimal(0)] * 4
        for i in range(4):
            if effect[i]:
                sums[i] += effect[i] * amount

    def save(self, connection: Connection) -> None:
        """The batch's changes added to both running sums (a new key with zeros too: a
        source with a line counts, as the lines joined to their sources count it)."""
        nation: dict[tuple[Any, ...], list[Decimal]] = {}
        for key, sums in self.sums.items():
            total = nation.setdefault(key[1:], [Decimal(0)] * 4)
            for i in range(4):
                total[i] += sums[i]
        accumulate(
            connection, province_funding, [_row(PROVINCE_KEY, k, s) for k, s in self.sums.items()]
        )
        accumulate(
            connection, national_funding, [_row(NATIONAL_KEY, k, s) for k, s in nation.items()]
        )


def _row(names: tuple[str, ...], key: tuple[Any, ...], sums: list[Decimal]) -> dict[str, Any]:
    return dict(zip(names + SOURCE, key, strict=True)) | dict(zip(SUMS, sums, strict=True))


def fill_funding_sums(connection: Connection) -> None:
    """province_funding and national_funding made from the lines and their sources, for
    views kept before them (schema 0015): the sums the budget lines projection keeps from
    then on. Under the locks of both projections whose rows they sum."""
    lock_views(connection, ["budget_lines", "line_funding"])
    connection.execute(text(f"INSERT INTO province_funding {FROM_THE_LINES}"))
    connection.execute(text(f"INSERT INTO national_funding {NATIONAL_FROM_PROVINCES}"))
