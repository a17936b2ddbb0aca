"""Reports of a province or the nation as of a past moment, made as jobs.

Such a report replays every view from the first event (an hour at national scale), so it
never runs inside a request: a request asks for a job and polls it. The jobs run one at a
time in one thread, each within a deadline (checked after every batch replayed), under
the replays' own lock key and in scratch tables whose leftovers from a crash are dropped
when the jobs start. What a replay gathered is kept by the log position of the moment
(and the day counted to): another moment with no event between them is only laid out
again. The same request asked again (by anyone allowed to ask) is the same job. An LAO's
report as of a moment replays only its own aggregates and needs no job.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum

from sqlalchemy import Engine

from budget.application import BudgetOffice
from budget.projections.follow import OnBatch
from budget.projections.scratch import drop_leftover_scratch
from budget.registry import check_province
from budget.reports.render import (
    Rendered,
    ReportRequest,
    Seen,
    national_figures,
    national_pdf,
    province_figures,
    province_pdf,
)
from budget.reports.sources import AS_OF_SCRATCH, moment_today, recorded_by

logger = logging.getLogger(__name__)

KINDS = ("province", "national")
WAITING = 8  # jobs queued at most (beyond: busy)
KEPT = 16  # finished jobs and replayed figures kept in memory


class JobState(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ReportsBusyError(Exception):
    """Too many replays waiting: ask again later."""


class ReplayTimeoutError(Exception):
    """The replay took longer than its deadline."""


@dataclass(slots=True)
class ReplayJob:
    id: str
    kind: str  # "province" or "national"
    key: str  # the province code, or "TH"
    request: ReportRequest
    position: int  # the last event recorded by the moment
    owners: set[str] = field(default_factory=set)
    state: JobState = JobState.QUEUED
    replayed: int = 0  # the position the replay has reached
    problem: str = ""
    result: Rendered | None = None

    @property
    def progress(self) -> float:
        """From 0 to 1."""
        if self.state is JobState.DONE:
            return 1.0
        return min(1.0, self.replayed / self.position) if self.position else 0.0


def job_id(kind: str, key: str, request: ReportRequest, position: int) -> str:
    assert request.as_of is not None
    parts = [kind, key, request.fiscal_year, request.quarter, position, request.as_of.isoformat()]
    parts.append(request.today)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


FigureKey = tuple[str, str, int, int | None, int, str]


class ReplayJobs:
    """The queue of as-of replays and the one thread that runs them."""

    def __init__(self, office: BudgetOffice, views: Engine, *, timeout: float) -> None:
        self.office = office
        self.views = views
        self.timeout = timeout
        self._jobs: OrderedDict[str, ReplayJob] = OrderedDict()
        self._waiting: deque[ReplayJob] = deque()
        self._figures: OrderedDict[FigureKey, Seen] = OrderedDict()
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False

    def start(self) -> None:
        """Drop the scratch tables a crash left behind, then start the worker thread."""
        dropped = drop_leftover_scratch(self.views, AS_OF_SCRATCH)
        if dropped:
            logger.warning("dropped %d scratch schemas left by as-of replays", dropped)
        self._stopping = False
        self._thread = threading.Thread(target=self._work, name="as-of replays", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)

    def submit(self, owner: str, kind: str, key: str, request: ReportRequest) -> ReplayJob:
        """The job making this report (a new one, or the same request's); NotFound when
        nothing had been recorded by the moment; ReportsBusyError when too many wait."""
        if kind not in KINDS or request.as_of is None:
            msg = f"a replay job makes a {' or '.join(KINDS)} report as of a moment"
            raise ValueError(msg)
        if kind == "province":
            check_province(key)
        position = recorded_by(self.office, request.as_of)
        wanted = job_id(kind, key, request, position)
        with self._changed:
            job = self._jobs.get(wanted)
            if job is None or job.state is JobState.FAILED:
                if len(self._waiting) >= WAITING:
                    raise ReportsBusyError
                job = ReplayJob(wanted, kind, key, request, position)
                self._jobs[wanted] = job
                self._waiting.append(job)
                self._forget_finished()
                self._changed.notify_all()
            job.owners.add(owner)
            return job

    def find(self, owner: str, wanted: str) -> ReplayJob | None:
        """The job, if `owner` asked for it."""
        with self._changed:
            job = self._jobs.get(wanted)
        return job if job is not None and owner in job.owners else None

    def wait(self, job: ReplayJob, timeout: float) -> bool:
        """Wait (bounded) until the job is finished; whether it is."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while job.state in {JobState.QUEUED, JobState.RUNNING}:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
        return True

    def _forget_finished(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state in {JobState.DONE, JobState.FAILED}]
        for key in finished[: max(0, len(finished) - KEPT)]:
            del self._jobs[key]

    def _work(self) -> None:
        while True:
            with self._changed:
                while not self._waiting and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
                job = self._waiting.popleft()
                job.state = JobState.RUNNING
            try:
                result = self._run(job)
            except Exception as error:  # the job says why; the thread goes on
                logger.exception("as-of replay %s failed", job.id)
                outcome, problem, result = JobState.FAILED, _why(error), None
            else:
                outcome, problem = JobState.DONE, ""
            with self._changed:
                job.state, job.problem, job.result = outcome, problem, result
                self._changed.notify_all()

    def _run(self, job: ReplayJob) -> Rendered:
        request = job.request
        assert request.as_of is not None
        day = request.today or moment_today(request.as_of)
        key = (job.kind, job.key, request.fiscal_year, request.quarter, job.position, str(day))
        with self._changed:
            seen = self._figures.get(key)
        if seen is None:
            seen = self._replay(job, self._progress(job, time.monotonic() + self.timeout))
            with self._changed:
                self._figures[key] = seen
                while len(self._figures) > KEPT:
                    self._figures.popitem(last=False)
        seen = replace(seen, as_of=request.as_of)
        if job.kind == "province":
            return province_pdf(seen, job.key, request)
        return national_pdf(seen, request)

    def _replay(self, job: ReplayJob, on_batch: OnBatch) -> Seen:
        if job.kind == "province":
            return province_figures(self.office, self.views, job.key, job.request, on_batch)
        return national_figures(self.office, self.views, job.request, on_batch)

    def _progress(self, job: ReplayJob, deadline: float) -> Callable[[int, int], None]:
        def on_batch(position: int, _read: int) -> None:
            with self._changed:
                job.replayed = position
                self._changed.notify_all()
            if time.monotonic() > deadline:
                raise ReplayTimeoutError

        return on_batch


def _why(error: Exception) -> str:
    if isinstance(error, ReplayTimeoutError):
        return "the replay took longer than its time limit"
    return "the replay failed (see the service's log)"
