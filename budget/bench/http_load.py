"""The load of the HTTP benchmark: concurrent clients on loopback, each with its own
connection, timing every request by endpoint.

Every client logs in before the load (:func:`log_in`). A writer, its LAO's clerk, takes
project after project through its life (:func:`budget.bench.http_world.project_life`),
each write with an ``Idempotency-Key`` and the ``If-Match`` of the last, as a careful
client does; every response has waited until the views include the write. A reader, the
DLA executive, reads the national, province and LAO dashboards in turn.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import httpx

from budget.bench.http_world import (
    FISCAL_YEAR,
    PASSWORD,
    PROVINCE,
    READER,
    clerk_name,
    project_life,
)


@dataclass
class Timings:
    """Seconds per request by endpoint, and the failures (status ≥ 400 or no answer)."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    first_failure: str = ""

    def add(self, endpoint: str, started: float, response: httpx.Response | None) -> None:
        elapsed = time.perf_counter() - started
        if response is None or response.status_code >= 400:
            self.failures[endpoint] += 1
            if not self.first_failure:
                detail = "no response" if response is None else response.text[:300]
                status = "-" if response is None else response.status_code
                self.first_failure = f"{endpoint}: {status} {detail}"
            return
        self.seconds[endpoint].append(elapsed)


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


def _client(base_url: str, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    )


async def _writer(
    base_url: str, token: str, number: int, deadline: float, *, timings: Timings, tag: str
) -> None:
    lao = f"{PROVINCE}{number:06d}"
    async with _client(base_url, token) as client:
        for project in itertools.count(1):
            project_path, etag = "", ""
            for write in project_life(number, project, tag):
                if time.perf_counter() >= deadline:
                    return
                headers = {"Idempotency-Key": uuid.uuid4().hex}
                if etag:
                    headers["If-Match"] = etag
                path = (
                    project_path + write.path
                    if project_path
                    else (f"/api/authorities/{lao}/budgets/{FISCAL_YEAR}/projects")
                )
                started = time.perf_counter()
                try:
                    response: httpx.Response | None = await client.post(
                        path, json=write.body, headers=headers
                    )
                except httpx.HTTPError:
                    response = None
                timings.add(write.endpoint, started, response)
                if response is None or response.status_code >= 400:
                    break  # this project is spoilt: start the next one
                etag = response.headers["etag"]
                if not project_path:
                    project_path = f"/api/projects/{response.json()['id']}"


async def _reader(
    base_url: str, token: str, laos: Sequence[str], deadline: float, *, timings: Timings, seed: int
) -> None:
    chance = random.Random(seed)
    reads = [
        ("national dashboard", "/api/dashboards/national"),
        ("province dashboard", f"/api/dashboards/provinces/{PROVINCE}"),
        ("LAO dashboard", "/api/dashboards/authorities/"),
    ]
    async with _client(base_url, token) as client:
        for endpoint, path in itertools.cycle(reads):
            if time.perf_counter() >= deadline:
                return
            started = time.perf_counter()
            try:
                response: httpx.Response | None = await client.get(
                    path + chance.choice(laos) if path.endswith("/") else path,
                    params={"fiscal_year": FISCAL_YEAR},
                )
            except httpx.HTTPError:
                response = None
            timings.add(endpoint, started, response)


def run_phase(
    base_url: str,
    tokens: dict[str, str],
    laos: Sequence[str],
    *,
    writers: int,
    readers: int,
    seconds: float,
    tag: str,
) -> tuple[Timings, float]:
    """`writers` clerks (writer n on LAO n, its projects coded `tag`n/…) and `readers`
    executives for `seconds`; the timings and the seconds the phase really took."""
    timings = Timings()
    started = time.perf_counter()
    deadline = started + seconds

    async def everyone() -> None:
        await asyncio.gather(
            *(
                _writer(base_url, tokens[clerk_name(n)], n, deadline, timings=timings, tag=tag)
                for n in range(1, writers + 1)
            ),
            *(
                _reader(base_url, tokens[READER], laos, deadline, timings=timings, seed=seed)
                for seed in range(readers)
            ),
        )

    asyncio.run(everyone())
    return timings, time.perf_counter() - started
