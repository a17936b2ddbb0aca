"""Events as the projections read them: typed msgspec Structs decoded straight from the
stored JSON, one decoder per stored topic, holding only the fields the views need.

Reviving a whole domain event through the application's mapper (every value object and
enum rebuilt through its transcoding) costs several times what the views need; a
projection matches on these classes instead (``match event: case project.Planned():``).
A test holds both decodings equal, on every field read here, over the demo year.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import msgspec

from budget.projections.events import (
    annual_budget,
    authority,
    holidays,
    project,
    report,
    reporting,
    revenue,
    targets,
)
from budget.projections.events.wire import Event

TOPICS: dict[str, type[Event]] = {
    **project.TOPICS,
    **annual_budget.TOPICS,
    **annual_budget.REPORTED,
    **revenue.TOPICS,
    **report.TOPICS,
    **authority.TOPICS,
    **targets.TOPICS,
    **holidays.TOPICS,
    **reporting.TOPICS,
}
_DECODERS = {topic: msgspec.json.Decoder(event) for topic, event in TOPICS.items()}
# A topic's event without its bulk (annual_budget.HEADS: a drafted budget's lines), for
# the passes where every projection that reads the topic names it among its `heads`.
HEADS: dict[str, type[Event]] = {**annual_budget.HEADS}
_HEAD_DECODERS = {topic: msgspec.json.Decoder(event) for topic, event in HEADS.items()}
# Named among its topics by a projection that reads every event's stored JSON (the audit
# log); the others never keep it (a national batch of stored JSON is ~100 MB).
STORED_JSON = "*"


class Positioned(msgspec.Struct, frozen=True, gc=False):
    """A stored event and its position in the notification log; `event` is its typed
    Struct when a projection of the pass reads its topic, else None. A Struct, made in C
    (a batch makes 100,000 of them: a frozen dataclass's `__init__` cost ~1 % of a
    rebuild's profile); never in a cycle, so not tracked by the cycle collector."""

    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes  # the stored JSON when a projection of the pass reads it, else b""
    event: Event | None


def decode(topic: str, state: bytes) -> Event | None:
    """The typed Struct of a stored event, None for a topic no projection reads."""
    decoder = _DECODERS.get(topic)
    return None if decoder is None else decoder.decode(state)


def positioned(
    position: int,
    originator_id: Any,
    version: int,
    topic: str,
    state: bytes,
    *,
    wanted: Collection[str],
    heads: Collection[str] = frozenset(),
) -> Positioned:
    """A stored event with its typed Struct decoded when its topic is `wanted` (without
    its bulk when the topic is among `heads`: heads_read), and its stored JSON kept when
    STORED_JSON is."""
    if topic not in wanted:
        event = None
    elif topic in heads:
        event = _HEAD_DECODERS[topic].decode(state)
    else:
        event = _DECODERS[topic].decode(state)
    kept = state if STORED_JSON in wanted else b""
    return Positioned(position, str(originator_id), version, topic, kept, event)


def topics_read(projections: Collection[Any]) -> frozenset[str]:
    """The topics any of `projections` reads typed (each names its own in `topics`)."""
    return frozenset(t for p in projections for t in p.topics)


def heads_read(projections: Collection[Any]) -> frozenset[str]:
    """The topics of HEADS that every one of `projections` reading them reads without
    their bulk (names among its `heads`): decoded as their head alone."""
    full = {t for p in projections for t in p.topics if t not in getattr(p, "heads", ())}
    return frozenset(t for t in HEADS if t not in full)
