"""The marker base of value objects that events carry.

Frozen dataclasses that derive from :class:`ValueObject` are stored by the
application's transcoder field by field, so events can hold them.
"""

from __future__ import annotations


class ValueObject:
    """Base of the frozen dataclasses an event may carry."""

    __slots__ = ()
