"""Given/when/then for the rule tests: which events a command recorded, with which fields.

    with when(office) as recorded:
        pay(office, project, 1, "300000.00", on=date(2027, 1, 20))
    then_recorded(recorded, Project.PaymentRecorded, installment=1, amount=Decimal("300000.00"))

A refused command is `refused(office, code, **details)` (tests/builders.py): the error, and
nothing recorded. At the domain's own door (an aggregate, no store), `refused_by(aggregate,
code, **details)`: the error, and nothing triggered.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from budget.application import BudgetOffice
from budget.domain.errors import DomainError


@contextmanager
def when(office: BudgetOffice) -> Iterator[list[Any]]:
    """When a command runs: the events it recorded, read back from the store, in order."""
    before = office.recorder.max_notification_id() or 0
    recorded: list[Any] = []
    yield recorded
    notifications = office.recorder.select_notifications(start=before + 1, limit=1_000)
    recorded.extend(office.mapper.to_domain_event(n) for n in notifications)


def then_recorded(recorded: list[Any], event_class: type, **fields: object) -> Any:
    """Then exactly one `event_class` event was recorded, with these fields; returns it."""
    kinds = [type(event).__qualname__ for event in recorded]
    matching = [event for event in recorded if isinstance(event, event_class)]
    assert len(matching) == 1, f"expected one {event_class.__qualname__}, recorded {kinds}"
    event = matching[0]
    for name, value in fields.items():
        actual = getattr(event, name)
        assert actual == value, f"{event_class.__qualname__}.{name}: {actual!r} != {value!r}"
    return event


def then_recorded_only(recorded: list[Any], *event_classes: type) -> None:
    """Then these events, and only these, were recorded, in this order."""
    assert [type(event) for event in recorded] == list(event_classes), [
        type(event).__qualname__ for event in recorded
    ]


@contextmanager
def refused_by(
    aggregate: Aggregate | None, error_code: str, /, **details: object
) -> Iterator[None]:
    """Then the aggregate refuses the command with `error_code` and these details (the words and
    figures its message shows) and triggers no event."""
    pending = len(aggregate.pending_events) if aggregate is not None else 0
    with pytest.raises(DomainError) as raised:
        yield
    error = raised.value
    assert error.code == error_code, f"expected {error_code}, got {error.code}: {error}"
    assert None not in error.details.values(), f"a message shows None: {error.details}"
    for name, value in details.items():
        assert error.details.get(name) == value, f"{error_code}.{name}: {error.details.get(name)!r}"
    if aggregate is not None:
        assert len(aggregate.pending_events) == pending, "a refused command triggered an event"
