"""How the office runs a command: by its type. Each use case's handler registers for
its command class (`@handles(RecordPayment)`); `BudgetOffice.execute` looks it up.
Nothing is chosen by a name in a string."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from budget.application.commands import Command
from budget.application.results import Recorded
from budget.domain.access import Actor

Handler = Callable[[Any, Any, Actor, "int | None"], Recorded]
H = TypeVar("H", bound=Callable[..., Recorded])

_HANDLERS: dict[type[Command], Handler] = {}


def handles(kind: type[Command]) -> Callable[[H], H]:
    """Register the decorated method as the one handler of `kind`."""

    def register(handler: H) -> H:
        if kind in _HANDLERS:
            msg = f"{kind.__name__} has a handler already"
            raise TypeError(msg)
        _HANDLERS[kind] = handler
        return handler

    return register


def handler_of(command: Command) -> Handler:
    try:
        return _HANDLERS[type(command)]
    except KeyError:
        msg = f"{type(command).__name__} is not a command the office runs"
        raise TypeError(msg) from None


def handled() -> frozenset[type[Command]]:
    """Every command class with a handler (a test holds it equal to every command)."""
    return frozenset(_HANDLERS)
