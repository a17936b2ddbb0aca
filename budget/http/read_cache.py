"""Answers of the read queries, kept per query and served while they are recent enough.

The views at a given position never change: an answer computed once the views had
reached position P shows everything recorded up to P. A reader is served a kept answer
when it shows what that reader must see and is recent:

- it shows the reader's own writes: its position is at least `after`, the position of
  the reader's last write answered by this process (budget.http.writes waits until the
  views include a write before it answers, so a write's position is at most the views');
- and either the views have not moved on since it was computed, or it was computed at
  most `recent` seconds ago (`RECENT`): a reader who did not just write may see the
  dashboards as they were a moment ago, and the views' follower moving them on with every
  write no longer makes every read compute its SQL again (issue 17: with 16 clerks writing,
  a fifth of the reads computed theirs, as many times as readers asked at once);
- or, while another reader computes it again, it was computed at most `recent` +
  `refreshing` seconds ago (`REFRESHING`): the readers who do not need the new answer are
  served the one before instead of waiting for the computation (issue 17: with writers
  moving the views, every key's answer fell out of `recent` once a second in every worker,
  and the readers of it queued behind its computation, which shared the cores and the
  GIL with the writes: the mixed phase's reads collapsed the more workers there were);
- never from a position later than the views' (they went back: they are being rebuilt,
  and the read is answered 503 as any read of them is).

One computation per query at a time: readers who need what is being computed wait for
it rather than each computing it again. `budget_read_cache_total{outcome}` counts the
reads: `hit` (kept at the views' position), `recent` (kept, older but recent),
`refreshing` (kept, older, served while another reader computes it again), `shared`
(waited for another reader's computation) and `computed`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from litestar import MediaType, Response
from litestar.response.base import ASGIResponse
from litestar.serialization import encode_json
from prometheus_client import Counter

T = TypeVar("T")
KEPT_ANSWERS = 512
RECENT = 1.0  # seconds an answer is served after the views moved past its position
REFRESHING = 1.0  # seconds more it is served while another reader computes it again
READS = Counter("budget_read_cache_total", "Kept reads by outcome", ["outcome"])
OUTCOMES = {
    name: READS.labels(name) for name in ("hit", "recent", "refreshing", "shared", "computed")
}


@dataclass(slots=True)
class Answer(Generic[T]):
    """A kept answer and its JSON body, encoded once, by the first reader who needs it
    (Litestar would encode the answer again for every reader), and the ASGI response that
    sends it, made once (`response`)."""

    value: T
    _body: bytes | None = None
    _sent: ASGIResponse | None = None  # its head and body as the first request made them

    @property
    def encoded(self) -> bool:
        """Is its JSON body encoded already (`json` costs nothing more)?"""
        return self._body is not None

    def json(self) -> bytes:
        body = self._body
        if body is None:
            body = self._body = encode_json(self.value)
        return body

    def response(self) -> KeptResponse:
        """Its JSON as a route's answer (`KeptResponse`)."""
        return KeptResponse(self)


class KeptResponse(Response[Any]):
    """A kept answer's JSON, answered by the ASGI response the first request made of it
    (Litestar's own `to_asgi_response`), kept with the answer and sent as it is to every
    later reader: its headers encoded once (issue 17). A route that adds headers, cookies
    or a background task has its own made each time."""

    __slots__ = ("kept",)

    def __init__(self, kept: Answer[Any]) -> None:
        super().__init__(kept.json(), media_type=MediaType.JSON)
        self.kept = kept

    def to_asgi_response(
        self,
        app: Any,
        request: Any,
        *,
        background: Any = None,
        cookies: Any = None,
        headers: dict[str, str] | None = None,
        **more: Any,
    ) -> ASGIResponse:
        plain = (
            background is None and not cookies and not headers and not more.get("encoded_headers")
        )
        sent = self.kept._sent if plain else None
        if sent is None:
            sent = super().to_asgi_response(
                app, request, background=background, cookies=cookies, headers=headers, **more
            )
            if plain:
                self.kept._sent = sent
        return sent


@dataclass(frozen=True, slots=True)
class _Kept:
    position: int  # the views had reached at least this position when it was computed
    at: float  # when its computation began (the clock's seconds)
    value: Any


class ReadCache:
    """At most `size` answers, the least recently used dropped first; an answer is served
    while the views stay at its position, or for `recent` seconds after (`refreshing`
    more while another reader computes it again)."""

    def __init__(
        self,
        size: int = KEPT_ANSWERS,
        recent: float = RECENT,
        clock: Callable[[], float] = time.monotonic,
        refreshing: float = REFRESHING,
    ) -> None:
        self.size = size
        self.recent = recent
        self.refreshing = refreshing
        self.clock = clock
        self._answers: OrderedDict[Hashable, _Kept] = OrderedDict()
        self._computing: dict[Hashable, tuple[int, Future[Any]]] = {}
        self._lock = threading.Lock()

    def answer(
        self, views: Callable[[], int], key: Hashable, compute: Callable[[], T], *, after: int = 0
    ) -> T:
        """The answer to `key` for a reader who must see position `after` while the views
        are at `views()`: kept, or being computed, or `compute()` (then kept)."""
        position = views()
        kept, going = self._answers.get(key), self._computing.get(key)  # a glance, no lock
        if (kept is not None and kept.position > position) or (
            going is not None and going[0] > position
        ):  # another reader saw the views later (this one was held up): look again
            position = views()
        with self._lock:
            kept = self._served(self._answers.get(key), key, position, after)
            if kept is not None:
                return cast(T, kept.value)
            going = self._computing.get(key)
            if going is not None and after <= going[0] <= position:  # it will be recent
                waited: Future[Any] | None = going[1]
            else:
                waited = None
                mine: Future[Any] = Future()
                self._computing[key] = (position, mine)
        if waited is not None:
            OUTCOMES["shared"].inc()
            return cast(T, waited.result())
        OUTCOMES["computed"].inc()
        started = self.clock()
        try:
            value = compute()
        except BaseException as error:
            self._done(key, mine)
            mine.set_exception(error)
            raise
        self._done(key, mine, _Kept(position, started, value))
        mine.set_result(value)
        return value

    def kept_now(self, views: Callable[[], int], key: Hashable, *, after: int = 0) -> Any:
        """The answer `answer` would serve as it is kept (a hit or a recent one), or None:
        nothing computed, nothing waited for, so an event loop may ask (issue 17)."""
        position = views()
        with self._lock:
            kept = self._answers.get(key)
            if kept is None:
                return None
            if kept.position > position:  # another reader saw the views later: look again
                position = views()
            served = self._served(kept, key, position, after)
        return None if served is None else served.value

    def _served(self, kept: _Kept | None, key: Hashable, position: int, after: int) -> _Kept | None:
        """`kept`, the answer kept for `key`, if a reader who must see `after` is served it
        while the views are at `position` (counted), else None; under the lock."""
        if kept is None or not after <= kept.position <= position:  # later: views rebuilt
            return None
        if kept.position == position:
            outcome = "hit"
        else:
            age = self.clock() - kept.at
            if age <= self.recent:
                outcome = "recent"
            elif age <= self.recent + self.refreshing and key in self._computing:
                outcome = "refreshing"  # another reader computes it again meanwhile
            else:
                return None
        self._answers.move_to_end(key)
        OUTCOMES[outcome].inc()
        return kept

    def _done(self, key: Hashable, mine: Future[Any], kept: _Kept | None = None) -> None:
        with self._lock:
            if self._computing.get(key, (0, None))[1] is mine:
                del self._computing[key]
            if kept is None:
                return
            older = self._answers.get(key)
            if older is None or older.position <= kept.position:
                self._answers[key] = kept
                self._answers.move_to_end(key)
            if len(self._answers) > self.size:
                self._answers.popitem(last=False)
