"""How the stored JSON spells the values projections read, as msgspec types.

The application's transcoder (budget/application/transcoding.py) writes a value of a
registered type as ``{"_type_": name, "_data_": data}``: a date or a moment as ISO
text, money as a decimal string, a UUID as hex, an enum member as ``[topic, value]``
and a value object as ``{"t": topic, "f": fields}``. These Structs decode that shape
directly (msgspec parses and checks in one pass, in C); each gives what it holds as
``.value``, as an Enum member does.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar
from uuid import UUID

from eventsourcing.utils import get_topic
from msgspec import Struct, field

T = TypeVar("T")


class Wrapped(Struct, Generic[T], frozen=True, gc=False):
    """A date, moment, amount or id as the transcoder wraps it."""

    value: T = field(name="_data_")


class Member(Struct, frozen=True, gc=False):
    """An enum member, written with its enum's topic: ``.value`` is the member's value."""

    data: tuple[str, str] = field(name="_data_")

    @property
    def value(self) -> str:
        return self.data[1]


class _Fields(Struct, Generic[T], frozen=True, gc=False):
    f: T


class Valued(Struct, Generic[T], frozen=True, gc=False):
    """A value object: ``.value`` holds the fields a projection reads."""

    data: _Fields[T] = field(name="_data_")

    @property
    def value(self) -> T:
        return self.data.f


Day = Wrapped[date]
Moment = Wrapped[datetime]
Money = Wrapped[Decimal]
Id = Wrapped[UUID]


class ActorFields(Struct, frozen=True, gc=False):
    user_id: str
    role: Member
    acting_for: str


class Event(Struct, frozen=True, kw_only=True, gc=False):
    """What every projection reads of an event: the day it happened in the business.
    (Fields not named are skipped by the decoder: nothing is built for them.)"""

    business_date: Day


class Recorded(Event, frozen=True, gc=False):
    """An event read with when it was recorded and by whom (a report's review steps)."""

    timestamp: Moment
    actor: Valued[ActorFields]


def topics_of(aggregate: type, *events: type[Event]) -> dict[str, type[Event]]:
    """Each event Struct by the stored topic of the aggregate's event of the same name
    (an AttributeError at import if the aggregate has no such event)."""
    return {get_topic(getattr(aggregate, event.__name__)): event for event in events}
