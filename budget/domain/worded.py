"""Worded: the enums whose members say their Thai words beside the value stored.

A member is written `MEMBER = "value", "คำไทย"`: the value is what events, views and the API
carry (unchanged by the words), the words are what pages, PDFs and refusals show (`name_th`).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Self


class Worded(Enum):
    """An enum whose members carry their Thai name: `MEMBER = "value", "ชื่อ"`."""

    _value_: str
    name_th: str

    def __new__(cls, value: Any, name_th: str = "") -> Self:
        # (the default only types a look-up, `Kind("value")` or `Kind(member)`: Enum answers
        # those without calling this)
        member = object.__new__(cls)
        member._value_ = value
        member.name_th = name_th
        return member

    @property
    def value(self) -> str:
        """The code stored (typed: a custom __new__ hides the members' values from mypy)."""
        return self._value_
