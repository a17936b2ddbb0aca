"""The registry of local authorities: names, type, place (its district as last placed),
merger and contact, as they stand now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table

from budget.projections.events import authority as lao
from budget.projections.follow import Positioned
from budget.projections.tables import authority, authority_contact
from budget.projections.upsert import rows_by_id, upsert

Row = dict[str, Any]


class Authorities:
    name = "authority"
    tables: tuple[Table, ...] = (authority, authority_contact)
    topics = frozenset(lao.TOPICS)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        mine = [e for e in events if e.topic in self.topics]
        if not mine:
            return
        rows = rows_by_id(connection, authority, "authority_id", (e.originator_id for e in mine))
        contacts: dict[str, Row] = {}
        for positioned in mine:
            aid = positioned.originator_id
            match positioned.event:
                case lao.Registered() as registered:
                    rows[aid] = _registered(aid, registered)
                case lao.Renamed(name_th=name_th, name_en=name_en):
                    rows[aid]["name_th"], rows[aid]["name_en"] = name_th, name_en
                case lao.TypeChanged(new_type=new_type):
                    rows[aid]["lao_type"] = new_type.value
                case lao.Merged(successor_code=successor):
                    rows[aid]["merged_into"] = successor
                case lao.PlacedInDistrict(district_code=district):
                    rows[aid]["district_code"] = district
                case lao.ContactSet() as contact:
                    contacts[aid] = _contact(rows[aid]["lao_code"], contact, positioned.position)
            rows[aid]["last_position"] = positioned.position
        upsert(connection, authority, list(rows.values()))
        upsert(connection, authority_contact, list(contacts.values()))


def _registered(aid: str, event: lao.Registered) -> Row:
    return {
        "lao_code": event.code,
        "authority_id": aid,
        "name_th": event.name_th,
        "name_en": event.name_en,
        "lao_type": event.type.value,
        "province_code": event.province_code,
        "district_code": event.district_code,
        "subdistrict_code": event.subdistrict_code,
        "merged_into": "",
        "last_position": 0,
    }


def _contact(lao_code: str, event: lao.ContactSet, position: int) -> Row:
    return {
        "lao_code": lao_code,
        "officer": event.officer,
        "phone": event.phone,
        "email": event.email,
        "set_on": event.business_date.value,
        "last_position": position,
    }
