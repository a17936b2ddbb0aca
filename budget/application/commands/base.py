"""What every command shares: strict decoding, bounded amounts and dates, the business
date, and the council's approval some of them carry.

A command's *payload* (`PaymentIn`, `ContractIn`, ...) is what a person gives: the
JSON API's body, a form's fields, a workbook's row. The command itself (`RecordPayment`,
`SignContract`, ...) is the payload and the record it is about (`project_id`,
`lao_code` and `fiscal_year`, `report_id`, `username`), which the API takes from the
path. Each field is written once, on the payload.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Self, TypedDict, cast

import msgspec

from budget.application.fields import Name, Note, check_fields
from budget.domain.access import Actor
from budget.domain.budget_lines import CouncilApproval
from budget.domain.calendar import today


class Body(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, frozen=True):
    """Decoded strictly (an unknown field is an error), every amount and date bounded."""

    def __post_init__(self) -> None:
        check_fields(self)


class Noted(Body, kw_only=True, frozen=True):
    """A payload a person sends as a whole write: it may say why, in one line (`note`),
    which the events it records keep (budget.domain.access.Actor.note)."""

    note: Note = ""


class Dated(Noted, kw_only=True, frozen=True):
    """A fact of the business, on the date it happened (default: today in Thailand)."""

    business_date: date | None = None


class CouncilApprovalIn(Body, kw_only=True, frozen=True):
    """A resolution of the local council (มติสภาท้องถิ่น): its reference and date."""

    resolution: Name
    approved_on: date

    def approval(self) -> CouncilApproval:
        return CouncilApproval(resolution=self.resolution, approved_on=self.approved_on)


def approval_of(given: CouncilApprovalIn | None) -> CouncilApproval | None:
    return given.approval() if given is not None else None


class Stamp(TypedDict):
    """Who records a fact and the business date it happened on: the last two arguments of
    every command of the domain (`project.close(**c.stamp(actor))`)."""

    actor: Actor
    business_date: date


class Command:
    """A use case the application runs (`BudgetOffice.execute`): a payload and the
    record it is about. Mixed into the payload's Struct (no fields of its own)."""

    __slots__ = ()

    @property
    def said(self) -> str:
        """The note the person gave with this command ("" if none): its own, or its
        procurement step's."""
        own = getattr(self, "note", "")
        step = getattr(self, "step", None)
        return str(own or getattr(step, "note", "") or "")

    def stamp(self, actor: Actor) -> Stamp:
        """Who records the command's events and the day their fact happened."""
        return {"actor": actor, "business_date": self.happened_on}

    @property
    def happened_on(self) -> date:
        """The day the command's fact happened: its business date, else today in Thailand."""
        given: date | None = getattr(self, "business_date", None)
        return given or today()

    @classmethod
    def payload(cls) -> type[msgspec.Struct]:
        """The payload this command is made of: its first base (`RecordPayment(PaymentIn,
        Command)`), what the API decodes a body as."""
        made_of: type[msgspec.Struct] = cls.__bases__[0]
        return made_of

    @classmethod
    def of(cls, payload: msgspec.Struct, **address: Any) -> Self:
        """The command of a payload a door decoded, about the record `address` names
        (`RecordPayment.of(body, project_id=...)`); `address` may also set a field of
        the payload (its business date, say)."""
        fields = payload.__struct_fields__
        if not set(fields) <= set(cast(Any, cls).__struct_fields__):
            msg = f"{cls.__name__} is not made of a {type(payload).__name__}"
            raise TypeError(msg)
        values = {name: getattr(payload, name) for name in fields}
        made: Self = cast(Any, cls)(**{**values, **address})
        return made
