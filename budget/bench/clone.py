"""Copies of a template LAO year for other LAOs of the same type, as stored events.

A copy fills the template's slots with the LAO's own values: its code (in ``lao_code``,
``acting_for`` and its users' names), its province (in ``province_code``, a reviewer's
``acting_for`` and name), its Thai name, and the ids of its aggregates, derived from
their natural keys as the office derives them. A project id in a budget event and the
project's own id come from the same key, so the copy is as consistent as the template.
"""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import StoredEvent

from budget.bench.template_year import EventShape, TemplateYear, json_text, natural_id
from budget.registry.records import AuthorityRecord


class LaoCopy:
    """One LAO's year, copied from a template of its type."""

    def __init__(self, template: TemplateYear, authority: AuthorityRecord) -> None:
        if authority.type is not template.authority.type:
            kind, other = authority.type.value, template.authority.type.value
            msg = f"LAO {authority.code} ({kind}) cannot copy the year of a {other}"
            raise ValueError(msg)
        self.template = template
        self.authority = authority
        self.ids: list[UUID] = [
            natural_id(key, authority.code, template.fiscal_year) for key in template.keys
        ]
        values = [
            authority.code.encode(),
            authority.province_code.encode(),
            json_text(authority.name_th),
        ]
        for aggregate_id in self.ids:
            values += [str(aggregate_id).encode(), aggregate_id.hex.encode()]
        self.values = values

    def event(self, shape: EventShape) -> StoredEvent:
        values = self.values
        return StoredEvent(
            originator_id=self.ids[shape.originator],
            originator_version=shape.version,
            topic=shape.topic,
            state=shape.state % tuple([values[i] for i in shape.slots]),
        )

    def events(self, start: int = 0, stop: int | None = None) -> list[StoredEvent]:
        """The copied events, in the template's order (a slice of it if asked)."""
        return [self.event(shape) for shape in self.template.events[start:stop]]
