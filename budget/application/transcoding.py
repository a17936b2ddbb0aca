"""How events' values are written to the store and read back.

One transcoder for every application that reads these events: dates, enums
and the domain's value objects. Subclasses of a registered type (freezegun's
fake dates, each Enum) use the transcoding of their nearest registered base.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic, resolve_topic

from budget.domain.values import ValueObject


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class EnumByTopic(Transcoding):
    type = Enum
    name = "enum"

    def encode(self, obj: Enum) -> list[Any]:
        return [get_topic(type(obj)), obj.value]

    def decode(self, data: list[Any]) -> Enum:
        topic, value = data
        enum_class: type[Enum] = resolve_topic(topic)
        return enum_class(value)


class ValueObjectByTopic(Transcoding):
    type = ValueObject
    name = "value"

    def encode(self, obj: ValueObject) -> dict[str, Any]:
        assert is_dataclass(obj)
        return {"t": get_topic(type(obj)), "f": {f.name: getattr(obj, f.name) for f in fields(obj)}}

    def decode(self, data: dict[str, Any]) -> ValueObject:
        value_class = resolve_topic(data["t"])
        instance: ValueObject = value_class(**data["f"])
        return instance


class BudgetTranscoder(JSONTranscoder):
    def _encode_obj(self, o: Any) -> dict[str, Any]:
        if type(o) not in self.types:
            for base in type(o).__mro__[1:]:
                if base in self.types:
                    self.types[type(o)] = self.types[base]
                    break
        return super()._encode_obj(o)


def register_transcodings(transcoder: JSONTranscoder) -> None:
    for transcoding in (
        UUIDAsHex(),
        DecimalAsStr(),
        DatetimeAsISO(),
        DateAsISO(),
        EnumByTopic(),
        ValueObjectByTopic(),
    ):
        transcoder.register(transcoding)
