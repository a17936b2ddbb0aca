"""The registry of local authorities: names, type, place and merger, as they stand now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from budget.projections.follow import Positioned
from budget.projections.tables import authority
from budget.projections.upsert import upsert

PREFIX = "LocalAuthority."
Row = dict[str, Any]


class Authorities:
    name = "authority"
    tables: tuple[Table, ...] = (authority,)

    def apply(self, connection: Connection, events: Sequence[Positioned]) -> None:
        mine = [e for e in events if type(e.event).__qualname__.startswith(PREFIX)]
        if not mine:
            return
        ids = {str(e.event.originator_id) for e in mine}
        loaded = connection.execute(select(authority).where(authority.c.authority_id.in_(ids)))
        rows: dict[str, Row] = {r.authority_id: dict(r._mapping) for r in loaded}
        for positioned in mine:
            event = positioned.event
            aid = str(event.originator_id)
            kind = type(event).__qualname__.removeprefix(PREFIX)
            if kind == "Registered":
                rows[aid] = _registered(aid, event)
            row = rows[aid]
            if kind == "Renamed":
                row["name_th"], row["name_en"] = event.name_th, event.name_en
            elif kind == "TypeChanged":
                row["lao_type"] = event.new_type.value
            elif kind == "Merged":
                row["merged_into"] = event.successor_code
            row["last_position"] = positioned.position
        upsert(connection, authority, list(rows.values()))


def _registered(aid: str, event: Any) -> Row:
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
