"""What an import did, row by row and in totals: the reconciliation an import ends with
(as JSON, a page, and an XLSX to keep)."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import msgspec


class Refusal(msgspec.Struct, kw_only=True):
    """A row a rule refused (row 0: the whole file): where, what was there, and why."""

    sheet: str
    sheet_th: str
    row: int
    column: str
    column_th: str
    value: str
    code: str
    th: str
    en: str


class Disagreement(msgspec.Struct, kw_only=True):
    """The file and the system disagree on something the import does not change (row 0:
    what the system holds and the file no longer lists)."""

    sheet: str
    sheet_th: str
    row: int
    reference: str
    column: str
    in_file: str
    in_system: str
    th: str
    en: str


class SheetCount(msgspec.Struct, kw_only=True):
    sheet: str
    sheet_th: str
    rows: int = 0
    recorded: int = 0
    corrected: int = 0
    present: int = 0
    refused: int = 0
    total_in_file: Decimal | None = None  # the sheet's amounts added up
    total_in_system: Decimal | None = None  # the same figure as the system holds it after


class GroupTotal(msgspec.Struct, kw_only=True):
    """A budget group's allocation and disbursement: the file's against the system's."""

    budget_group: str
    name_th: str
    allocated_in_file: Decimal
    allocated_in_system: Decimal
    disbursed_in_file: Decimal
    disbursed_in_system: Decimal
    obligated_in_system: Decimal


class Reconciliation(msgspec.Struct, kw_only=True):
    import_id: UUID
    file_name: str
    sha256: str
    lao_code: str
    lao_name: str
    fiscal_year: int
    dry_run: bool
    recorded: bool  # the file's events were saved (all of them), else none
    events: int = 0
    position: int = 0  # the last event the import saved (0: none)
    be_dates_converted: int = 0
    sheets: list[SheetCount] = msgspec.field(default_factory=list)
    groups: list[GroupTotal] = msgspec.field(default_factory=list)
    refused: list[Refusal] = msgspec.field(default_factory=list)
    disagreements: list[Disagreement] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)

    @property
    def refused_count(self) -> int:
        return len(self.refused)
