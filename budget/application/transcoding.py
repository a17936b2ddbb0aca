"""How events' values are written to the store and read back.

One transcoder for every application that reads these events: dates, enums
and the domain's value objects. Subclasses of a registered type (freezegun's
fake dates, each Enum) use the transcoding of their nearest registered base.

The stored format is the eventsourcing library's JSON (``JSONTranscoder``): a
value of a registered type is written ``{"_type_": name, "_data_": data}``.
With msgspec installed, :class:`BudgetTranscoder` writes the same JSON faster:
it turns an event's state into plain JSON values in one pass, driven by a
per-type table, and lets msgspec serialise that (the standard encoder calls a
Python hook object by object); reading parses with msgspec, then decodes the
``_type_`` objects innermost first, as the library's ``object_hook`` does. The
bytes are the same for every type events carry (a float may be spelled
differently, ``1e16`` for ``1e+16``); non-finite floats and whatever msgspec
refuses take the library's path. Without msgspec the library's path is used.
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any

import msgspec
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from eventsourcing.utils import get_topic, resolve_topic

from budget.domain.values import ValueObject

TYPE_KEY = "_type_"
DATA_KEY = "_data_"


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

    def __init__(self) -> None:
        self._classes: dict[str, type[Enum]] = {}

    def encode(self, obj: Enum) -> list[Any]:
        return [get_topic(type(obj)), obj.value]

    def decode(self, data: list[Any]) -> Enum:
        topic, value = data
        try:
            enum_class = self._classes[topic]
        except KeyError:
            enum_class = self._classes[topic] = resolve_topic(topic)
        return enum_class(value)


class ValueObjectByTopic(Transcoding):
    type = ValueObject
    name = "value"

    def __init__(self) -> None:
        self._shapes: dict[builtins.type, tuple[str, tuple[str, ...]]] = {}
        self._classes: dict[str, builtins.type] = {}

    def shape(self, cls: builtins.type) -> tuple[str, tuple[str, ...]]:
        """The topic of a value object's class and the names of its fields."""
        try:
            return self._shapes[cls]
        except KeyError:
            assert is_dataclass(cls)
            shape = self._shapes[cls] = (get_topic(cls), tuple(f.name for f in fields(cls)))
            return shape

    def encode(self, obj: ValueObject) -> dict[str, Any]:
        topic, names = self.shape(type(obj))
        return {"t": topic, "f": {name: getattr(obj, name) for name in names}}

    def decode(self, data: dict[str, Any]) -> ValueObject:
        topic = data["t"]
        try:
            value_class = self._classes[topic]
        except KeyError:
            value_class = self._classes[topic] = resolve_topic(topic)
        instance: ValueObject = value_class(**data["f"])
        return instance


class _NeedsStandardEncoder(Exception):  # noqa: N818 - a signal, not an error
    """A value the fast path does not write exactly like the standard encoder."""


_ENCODE = msgspec.json.Encoder().encode
_DECODE = msgspec.json.Decoder().decode
_EXACT_NATIVE = frozenset({str, int, bool, type(None)})
_Converter = Callable[[Any], Any]


def _non_str_key(_key: object) -> str:
    """The standard encoder converts or refuses such keys: let it do so."""
    raise _NeedsStandardEncoder


class BudgetTranscoder(JSONTranscoder):
    """JSONTranscoder's format, written and read faster; subclasses use their base's transcoding."""

    def __init__(self) -> None:
        super().__init__()
        self._converters: dict[type, _Converter] = {}
        self._decoders: dict[str, Callable[[Any], Any]] = {}

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._converters.clear()
        self._decoders = {name: t.decode for name, t in self.names.items()}

    # -- writing ---------------------------------------------------------------

    def encode(self, obj: Any) -> bytes:
        try:
            return _ENCODE(self._native(obj))
        except (_NeedsStandardEncoder, OverflowError, TypeError, ValueError):
            return super().encode(obj)  # the library's own path: same output, or its error

    def _native(self, o: Any) -> Any:
        """`o` as plain JSON values, registered types wrapped as the library wraps them."""
        kind = type(o)
        if kind in _EXACT_NATIVE:
            return o
        if kind is dict:
            # The commonest case inlined: an event's state, a value object's fields.
            native, converters, out = self._native, self._converters, {}
            for key, value in o.items():
                if type(key) is not str:
                    key = _non_str_key(key)  # noqa: PLW2901
                if type(value) in _EXACT_NATIVE:
                    out[key] = value
                else:
                    converter = converters.get(type(value))
                    out[key] = native(value) if converter is None else converter(value)
            return out
        if kind is list or kind is tuple:
            return [self._native(v) for v in o]
        try:
            converter = self._converters[kind]
        except KeyError:
            converter = self._converters[kind] = self._converter_for(kind)
        return converter(o)

    def _converter_for(self, kind: type) -> _Converter:
        """The rule for one type, in the order json's C encoder applies them."""
        native = self._native
        if issubclass(kind, str):
            return str.__str__
        if issubclass(kind, int):  # IntEnum and friends are written as numbers
            return int.__int__
        if issubclass(kind, float):
            return self._float
        if issubclass(kind, list | tuple):
            return lambda o: [native(v) for v in o]
        if issubclass(kind, dict):
            return lambda o: native(dict(o))
        transcoding = self._transcoding_for(kind)
        name = transcoding.name
        if isinstance(transcoding, ValueObjectByTopic):
            topic, names = transcoding.shape(kind)

            def value_object(o: Any) -> dict[str, Any]:
                fields = {n: native(getattr(o, n)) for n in names}
                return {TYPE_KEY: name, DATA_KEY: {"t": topic, "f": fields}}

            return value_object
        encode = transcoding.encode
        if isinstance(transcoding, EnumByTopic):
            members: dict[Any, dict[str, Any]] = {}  # written once per member

            def enum_member(o: Any) -> dict[str, Any]:
                try:
                    return members[o]
                except KeyError:
                    written = members[o] = {TYPE_KEY: name, DATA_KEY: native(encode(o))}
                    return written

            return enum_member

        def wrapped(o: Any) -> dict[str, Any]:
            data = encode(o)
            return {TYPE_KEY: name, DATA_KEY: data if type(data) is str else native(data)}

        return wrapped

    @staticmethod
    def _float(o: float) -> float:
        value = float(o)
        if not math.isfinite(value):  # msgspec would write null; json writes NaN/Infinity
            raise _NeedsStandardEncoder
        return value

    def _transcoding_for(self, kind: type) -> Transcoding:
        for base in kind.__mro__:
            if base in self.types:
                self.types[kind] = self.types[base]
                return self.types[base]
        msg = (
            f"Object of type {kind} is not "
            "serializable. Please define and register "
            "a custom transcoding for this type."
        )
        raise TranscodingNotRegisteredError(msg)

    def _encode_obj(self, o: Any) -> dict[str, Any]:
        """The standard encoder's hook (used only on the fallback path)."""
        self._transcoding_for(type(o))  # registers a subclass under its base's transcoding
        return super()._encode_obj(o)

    # -- reading ---------------------------------------------------------------

    def decode(self, data: bytes) -> Any:
        parsed = _DECODE(data)
        kind = type(parsed)
        if kind is dict or kind is list:
            return self._revive(parsed)
        return parsed

    def _revive(self, o: Any) -> Any:
        """Freshly parsed JSON (a dict or list) with its `_type_` objects decoded,
        innermost first; containers are updated in place."""
        if type(o) is dict:
            if len(o) == 2 and TYPE_KEY in o and DATA_KEY in o:
                return self._revive_wrapped(o)
            for key, value in o.items():
                kind = type(value)
                if kind is dict:
                    if len(value) == 2 and TYPE_KEY in value and DATA_KEY in value:
                        o[key] = self._revive_wrapped(value)
                    else:
                        o[key] = self._revive(value)
                elif kind is list:
                    o[key] = self._revive(value)
            return o
        for index, value in enumerate(o):
            kind = type(value)
            if kind is dict or kind is list:
                o[index] = self._revive(value)
        return o

    def _revive_wrapped(self, o: dict[str, Any]) -> Any:
        data = o[DATA_KEY]
        kind = type(data)
        if kind is dict or kind is list:
            data = self._revive(data)
        name = o[TYPE_KEY]
        try:
            decode = self._decoders[name]
        except KeyError as e:
            msg = (
                f"Data serialized with name '{name}' is not "
                "deserializable. Please register a "
                "custom transcoding for this type."
            )
            raise TranscodingNotRegisteredError(msg) from e
        return decode(data)


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
