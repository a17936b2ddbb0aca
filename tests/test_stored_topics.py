"""The topics stored with the events are a contract with every store already written.

An event is stored with its class's topic (`module:qualname`, eventsourcing's `get_topic`)
and read back by resolving it. Moving a command method between modules, renaming an
aggregate or an event, or splitting a module could change a topic and leave stored events
unreadable. tests/stored_topics.txt lists every topic the domain writes: each must still
resolve to the class that writes it, and a new event class must be added to the list (so a
new topic is a decision, not an accident)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, resolve_topic

import budget.domain

LISTED = Path(__file__).with_name("stored_topics.txt")


def listed_topics() -> list[str]:
    lines = LISTED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def written_classes() -> dict[str, type]:
    """Every aggregate of budget.domain and every event class it defines, by its topic."""
    found: dict[str, type] = {}
    for info in pkgutil.iter_modules(budget.domain.__path__):
        module = importlib.import_module(f"budget.domain.{info.name}")
        for value in vars(module).values():
            if not (inspect.isclass(value) and issubclass(value, Aggregate)):
                continue
            if value is Aggregate or value.__module__ != module.__name__:
                continue
            found[get_topic(value)] = value
            for member in vars(value).values():
                if inspect.isclass(member) and issubclass(member, Aggregate.Event):
                    found[get_topic(member)] = member
    return found


def test_every_listed_topic_resolves_to_the_class_that_writes_it() -> None:
    written = written_classes()
    for topic in listed_topics():
        assert resolve_topic(topic) is written.get(topic), topic


def test_every_topic_the_domain_writes_is_listed() -> None:
    new = sorted(set(written_classes()) - set(listed_topics()))
    assert new == [], f"add these to {LISTED.name} (never change an old line): {new}"


def test_the_list_names_no_topic_twice() -> None:
    topics = listed_topics()
    assert len(topics) == len(set(topics))
