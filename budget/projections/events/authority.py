"""The LocalAuthority events as the authorities projection reads them
(budget/domain/authority.py)."""

from __future__ import annotations

from budget.domain.authority import LocalAuthority
from budget.projections.events.wire import Event, Member, topics_of


class Registered(Event, frozen=True, gc=False):
    code: str
    name_th: str
    name_en: str
    type: Member
    province_code: str
    district_code: str
    subdistrict_code: str


class Renamed(Event, frozen=True, gc=False):
    name_th: str
    name_en: str


class TypeChanged(Event, frozen=True, gc=False):
    new_type: Member


class Merged(Event, frozen=True, gc=False):
    successor_code: str


class PlacedInDistrict(Event, frozen=True, gc=False):
    district_code: str


class ContactSet(Event, frozen=True, gc=False):
    officer: str
    phone: str
    email: str


TOPICS = topics_of(
    LocalAuthority, Registered, Renamed, TypeChanged, Merged, PlacedInDistrict, ContactSet
)
