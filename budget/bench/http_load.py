"""The load of the HTTP benchmark, in a process of its own: concurrent clients on loopback,
each with one keep-alive HTTP/1.1 connection, timing every request by endpoint.

Every client logs in before the load (:func:`log_in`). A writer, its LAO's clerk, takes
project after project through its life (:func:`budget.bench.http_world.project_life`),
each write with an ``Idempotency-Key`` and the ``If-Match`` of the last, as a careful
client does; every response has waited until the views include the write. A reader, the
DLA executive, reads the national, province and LAO dashboards in turn.

The clients are cheap on purpose, so that the figures are the server's: asyncio streams,
requests framed and responses parsed by h11 (the HTTP/1.1 library under httpx, without
httpx's pools and models), each client's fixed headers prepared once, bodies encoded by
msgspec. :func:`run_phase` runs a phase in a spawned process and returns its timings and
the CPU seconds that process spent, the load generator's CPU per request.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from urllib.parse import urlsplit

import h11
import httpx
import msgspec

from budget.bench.http_world import (
    FISCAL_YEAR,
    PASSWORD,
    PROVINCE,
    READER,
    clerk_name,
    project_life,
)

TIMEOUT_SECONDS = 30.0
_READ_CHUNK = 65536


@dataclass
class Timings:
    """Seconds per request by endpoint, and the failures (status ≥ 400 or no answer)."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_failure: str = ""

    def add(self, endpoint: str, started: float, answer: Answer | None) -> None:
        elapsed = time.perf_counter() - started
        if answer is None or answer.status >= 400:
            self.failures[endpoint] += 1
            if not self.first_failure:
                detail = "no response" if answer is None else answer.body[:300].decode()
                status = "-" if answer is None else answer.status
                self.first_failure = f"{endpoint}: {status} {detail}"
            return
        self.seconds[endpoint].append(elapsed)

    def plain(self) -> Timings:
        """The same timings in plain dicts (to cross a process boundary)."""
        return Timings(dict(self.seconds), dict(self.failures), self.first_failure)


WRITES = (
    "plan project",
    "procurement step",
    "sign contract",
    "record inspection",
    "record payment",
)


def log_in(base_url: str, usernames: Sequence[str]) -> dict[str, str]:
    """Each user's bearer token, logging in one after the other before the load starts
    (a login hashes the password with argon2 on purpose: slow, and not what is measured)."""
    tokens = {}
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for username in usernames:
            response = client.post(
                "/api/auth/login", json={"username": username, "password": PASSWORD}
            )
            response.raise_for_status()
            tokens[username] = response.json()["token"]
    return tokens


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes


class Client:
    """One user's keep-alive HTTP/1.1 connection (opened again if the server closes it)."""

    def __init__(self, base_url: str, token: str) -> None:
        parts = urlsplit(base_url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        self._fixed = [
            (b"host", f"{self._host}:{self._port}".encode()),
            (b"authorization", f"Bearer {token}".encode()),
        ]
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._http = h11.Connection(h11.CLIENT)

    async def close(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
            self._streams = None

    async def request(
        self,
        method: bytes,
        target: str,
        body: bytes = b"",
        headers: Sequence[tuple[bytes, bytes]] = (),
    ) -> Answer | None:
        """The answer, or None when there was none (refused, closed, timed out)."""
        try:
            return await asyncio.wait_for(
                self._exchange(method, target, body, headers), TIMEOUT_SECONDS
            )
        except (OSError, TimeoutError, h11.ProtocolError):
            await self.close()
            return None

    async def _exchange(
        self, method: bytes, target: str, body: bytes, headers: Sequence[tuple[bytes, bytes]]
    ) -> Answer:
        if self._streams is None or self._http.our_state is not h11.IDLE:
            await self.close()
            self._streams = await asyncio.open_connection(self._host, self._port)
            self._http = h11.Connection(h11.CLIENT)
        reader, writer = self._streams
        http = self._http
        lines = [*self._fixed, *headers]
        if body:
            lines += [(b"content-type", b"application/json")]
            lines += [(b"content-length", b"%d" % len(body))]
        out = http.send(h11.Request(method=method, target=target, headers=lines)) or b""
        if body:
            out += http.send(h11.Data(data=body)) or b""
        out += http.send(h11.EndOfMessage()) or b""
        writer.write(out)
        status, answered, chunks = 0, {}, []
        while True:
            event = http.next_event()
            if event is h11.NEED_DATA:
                http.receive_data(await reader.read(_READ_CHUNK))
            elif isinstance(event, h11.Response):
                status, answered = event.status_code, dict(event.headers)
            elif isinstance(event, h11.Data):
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise ConnectionResetError("the server closed the connection")
        if http.our_state is h11.DONE and http.their_state is h11.DONE:
            http.start_next_cycle()
        return Answer(status, answered, b"".join(chunks))


async def _writer(
    base_url: str, token: str, number: int, deadline: float, *, timings: Timings, tag: str
) -> None:
    lao = f"{PROVINCE}{number:06d}"
    client = Client(base_url, token)
    encode = msgspec.json.encode
    try:
        for project in itertools.count(1):
            project_path, etag = "", b""
            for write in project_life(number, project, tag):
                if time.perf_counter() >= deadline:
                    return
                headers = [(b"idempotency-key", uuid.uuid4().hex.encode())]
                if etag:
                    headers.append((b"if-match", etag))
                path = (
                    project_path + write.path
                    if project_path
                    else f"/api/authorities/{lao}/budgets/{FISCAL_YEAR}/projects"
                )
                started = time.perf_counter()
                answer = await client.request(b"POST", path, encode(write.body), headers)
                timings.add(write.endpoint, started, answer)
                if answer is None or answer.status >= 400:
                    break  # this project is spoilt: start the next one
                etag = answer.headers[b"etag"]
                if not project_path:
                    project_path = f"/api/projects/{msgspec.json.decode(answer.body)['id']}"
    finally:
        await client.close()


async def _reader(
    base_url: str, token: str, laos: Sequence[str], deadline: float, *, timings: Timings, seed: int
) -> None:
    chance = random.Random(seed)
    year = f"?fiscal_year={FISCAL_YEAR}"
    reads = [
        ("national dashboard", "/api/dashboards/national"),
        ("province dashboard", f"/api/dashboards/provinces/{PROVINCE}"),
        ("LAO dashboard", "/api/dashboards/authorities/"),
    ]
    client = Client(base_url, token)
    try:
        for endpoint, path in itertools.cycle(reads):
            if time.perf_counter() >= deadline:
                return
            target = (path + chance.choice(laos) if path.endswith("/") else path) + year
            started = time.perf_counter()
            timings.add(endpoint, started, await client.request(b"GET", target))
    finally:
        await client.close()


@dataclass(frozen=True, slots=True)
class Phase:
    """What a phase runs: its clients, their tokens, the LAOs read, its length."""

    base_url: str
    tokens: dict[str, str]
    laos: list[str]
    writers: int
    readers: int
    seconds: float
    tag: str


def _phase_here(phase: Phase) -> tuple[Timings, float, float]:
    """The phase in this process: its timings, wall seconds and this process's CPU seconds."""
    timings = Timings()
    cpu, started = time.process_time(), time.perf_counter()
    deadline = started + phase.seconds
    url, tokens = phase.base_url, phase.tokens

    async def everyone() -> None:
        await asyncio.gather(
            *(
                _writer(url, tokens[clerk_name(n)], n, deadline, timings=timings, tag=phase.tag)
                for n in range(1, phase.writers + 1)
            ),
            *(
                _reader(url, tokens[READER], phase.laos, deadline, timings=timings, seed=seed)
                for seed in range(phase.readers)
            ),
        )

    asyncio.run(everyone())
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return timings.plain(), wall, cpu


def run_phase(
    base_url: str,
    tokens: dict[str, str],
    laos: Sequence[str],
    *,
    writers: int,
    readers: int,
    seconds: float,
    tag: str,
) -> tuple[Timings, float, float]:
    """`writers` clerks (writer n on LAO n, its projects coded `tag`n/…) and `readers`
    executives for `seconds`, in a process of their own; the timings, the seconds the phase
    really took, and the CPU seconds the load generator spent."""
    phase = Phase(base_url, tokens, list(laos), writers, readers, seconds, tag)
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_phase_here, phase).result()
