"""Reports of a province or the nation as of a past moment are jobs (issue 20, item 4):
202 and a job to poll, one at a time, under a deadline, under their own lock, in scratch
tables cleaned at start, cached by the log position of the moment; an LAO's as-of report
still comes at once."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.schema import CreateSchema

from budget.config import Settings
from budget.domain.calendar import BANGKOK
from budget.http.pages.i18n import thai_moment
from budget.projections.positions import FOLLOW_LOCK_KEY
from budget.projections.scratch import IN_USE, folder_prefix
from tests.builders import FY, LAO
from tests.http_world import Api, build_world, serving, settings_for
from tests.report_world import subject
from tests.test_pages import log_in


def poll(api: Api, href: str, user: str, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while True:
        job: dict[str, Any] = api.get(href, user).json()
        if job["state"] in {"done", "failed"} or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def test_a_national_report_as_of_a_moment_is_a_job_to_poll(api: Api) -> None:
    moment = datetime.now(BANGKOK)
    started = api.get("/api/pdf/national", "auditor", fiscal_year=FY, as_of=moment.isoformat())
    assert started.status_code == 202, started.text
    job = started.json()
    assert started.headers["location"] == job["href"] == f"/api/pdf/jobs/{job['id']}"
    assert job["state"] in {"queued", "running", "done"}
    assert job["events_to_replay"] == api.position()

    done = poll(api, job["href"], "auditor")
    assert done["state"] == "done", done
    assert done["progress"] == 1.0
    assert done["events_replayed"] == api.position()
    pdf = api.get(done["pdf"], "auditor")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert f"as of {moment.isoformat()}" in subject(pdf.content)
    assert int(pdf.headers["x-budget-position"]) == api.position()

    assert api.get(job["href"], "dla").status_code == 404  # not theirs
    assert api.get(done["pdf"], "dla").status_code == 404


def test_a_province_report_as_of_a_moment_is_a_job_an_lao_report_is_not(api: Api) -> None:
    moment = datetime.now(BANGKOK).isoformat()
    province = api.get("/api/pdf/provinces/50", "reviewer", fiscal_year=FY, as_of=moment)
    assert province.status_code == 202
    assert poll(api, province.json()["href"], "reviewer")["state"] == "done"
    lao = api.get(f"/api/pdf/authorities/{LAO}", "clerk", fiscal_year=FY, as_of=moment)
    assert lao.status_code == 200
    assert lao.headers["content-type"] == "application/pdf"
    unknown = api.get("/api/pdf/provinces/00", "dla", fiscal_year=FY, as_of=moment)
    assert unknown.status_code == 404


def test_the_same_log_position_is_replayed_once(api: Api) -> None:
    first = datetime.now(BANGKOK)
    one = api.get("/api/pdf/national", "dla", fiscal_year=FY, as_of=first.isoformat())
    assert poll(api, one.json()["href"], "dla")["events_replayed"] == api.position()
    second = first.replace(microsecond=(first.microsecond + 1) % 1_000_000)
    two = api.get("/api/pdf/national", "dla", fiscal_year=FY, as_of=second.isoformat())
    again = poll(api, two.json()["href"], "dla")
    assert again["state"] == "done"
    assert again["events_replayed"] == 0  # laid out from the figures kept for that position
    pdf = api.get(again["pdf"], "dla")
    assert f"as of {second.isoformat()}" in subject(pdf.content)


@pytest.fixture
def slow_api(store_url: str, tmp_path: Path) -> Iterator[Api]:
    settings = settings_for(store_url, tmp_path)
    hurried = Settings(**{**_fields(settings), "replay_timeout": 0.0})
    with serving(hurried, build_world) as started:
        yield started


def _fields(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}


def test_a_replay_past_its_time_limit_is_stopped(slow_api: Api) -> None:
    moment = datetime.now(BANGKOK).isoformat()
    started = slow_api.get("/api/pdf/national", "dla", fiscal_year=FY, as_of=moment)
    failed = poll(slow_api, started.json()["href"], "dla")
    assert failed["state"] == "failed"
    assert "time limit" in failed["problem"]
    pdf = slow_api.get(f"{started.json()['href']}/pdf", "dla")
    assert pdf.status_code == 503
    assert pdf.json()["code"] == "report_failed"


def test_a_replay_does_not_wait_for_the_live_follow_loop(postgres_url: str, tmp_path: Path) -> None:
    with serving(settings_for(postgres_url, tmp_path), build_world) as api:
        api.headers("dla")  # logged in before the lock is taken
        outcome: dict[str, Any] = {}

        def ask() -> None:
            moment = datetime.now(BANGKOK).isoformat()
            started = api.get("/api/pdf/national", "dla", fiscal_year=FY, as_of=moment)
            outcome["job"] = poll(api, started.json()["href"], "dla", seconds=20)

        with api.services.views.connect() as follower:  # the live loop, mid-batch
            follower.execute(select(func.pg_advisory_lock(FOLLOW_LOCK_KEY)))
            asking = threading.Thread(target=ask, daemon=True)
            try:
                asking.start()
                asking.join(30)
                finished_while_locked = not asking.is_alive()
            finally:
                follower.execute(select(func.pg_advisory_unlock(FOLLOW_LOCK_KEY)))
                follower.commit()
                asking.join(60)
        assert finished_while_locked, "the replay waited for the follow loop's lock"
        assert outcome["job"]["state"] == "done", outcome


# Another process replaying in its own scratch folder: it holds the folder's lock.
HOLD_LOCK = (
    "import fcntl, os, sys, time\n"
    "held = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)\n"
    "fcntl.flock(held, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "time.sleep(120)\n"
)


def test_scratch_left_by_a_crash_is_dropped_at_start(file_store_url: str, tmp_path: Path) -> None:
    settings = settings_for(file_store_url, tmp_path)
    leftover = Path(tempfile.mkdtemp(prefix=folder_prefix("asof")))  # SQLite's scratch folder
    (leftover / IN_USE).touch()  # its lock file, held by nobody: the process crashed
    theirs = Path(tempfile.mkdtemp(prefix=folder_prefix("asof")))  # another process's replay
    running = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(theirs / IN_USE)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None
        assert running.stdout.readline() == "held\n"
        with serving(settings, build_world) as api:
            views = api.services.views
            if views.dialect.name == "postgresql":
                with views.begin() as connection:
                    connection.execute(CreateSchema("asof_0123456789ab"))
            api.services.replays.stop()
            api.services.replays.start()  # what a restart does
            if views.dialect.name == "postgresql":
                with views.connect() as connection:
                    left = connection.execute(
                        text("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'asof%'")
                    ).scalar_one()
                assert left == 0
            else:
                assert not leftover.exists()
                assert theirs.exists()  # another live process's replay is left alone
    finally:
        running.kill()
        running.communicate()
        shutil.rmtree(theirs, ignore_errors=True)
        shutil.rmtree(leftover, ignore_errors=True)


def test_the_page_shows_the_replay_s_progress_then_the_pdf(api: Api) -> None:
    log_in(api, "dla")
    nation = api.client.get("/nation")
    assert 'action="/report-jobs/new"' in nation.text
    moment = (datetime.now(BANGKOK) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    asked = api.client.get(
        "/report-jobs/new", params={"fiscal_year": FY, "as_of": moment}, follow_redirects=False
    )
    assert asked.status_code == 303
    where = asked.headers["location"]
    assert where.startswith("/report-jobs/")
    first = api.client.get(where)
    assert first.status_code == 200
    assert 'data-testid="report-job"' in first.text
    if 'data-state="done"' not in first.text:
        assert 'http-equiv="refresh"' in first.text  # it reloads itself
        assert "<progress" in first.text
    poll(api, "/api/pdf/jobs/" + where.rsplit("/", 1)[1], "dla")
    log_in(api, "dla")
    done = api.client.get(where)
    assert 'data-state="done"' in done.text
    assert 'http-equiv="refresh"' not in done.text
    asked_at = datetime.strptime(moment, "%Y-%m-%dT%H:%M").replace(tzinfo=BANGKOK)
    assert f"ณ {thai_moment(asked_at)}" in done.text  # B.E., not 2027-01-15 10:00
    link = re.search(r'href="(/api/pdf/jobs/[0-9a-f]+/pdf)"', done.text)
    assert link is not None
    pdf = api.client.get(link.group(1))
    assert pdf.headers["content-type"] == "application/pdf"

    province = api.client.get(
        "/report-jobs/new",
        params={"fiscal_year": FY, "as_of": moment, "province_code": "51"},
        follow_redirects=False,
    )
    assert province.status_code == 303
    log_in(api, "reviewer")  # province 50's reviewer asks for province 51's: refused
    refused = api.client.get(
        "/report-jobs/new", params={"fiscal_year": FY, "as_of": moment, "province_code": "51"}
    )
    assert refused.status_code == 403
    odd = api.client.get(
        "/report-jobs/new", params={"fiscal_year": FY, "as_of": "25:00", "province_code": "50"}
    )
    assert odd.status_code == 400


def test_replays_run_one_at_a_time(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = api.services.replays
    release = threading.Event()
    real = jobs._replay

    def held(job: Any, on_batch: Any) -> Any:
        assert release.wait(30)
        return real(job, on_batch)

    monkeypatch.setattr(jobs, "_replay", held)
    now = datetime.now(BANGKOK)
    first = api.get("/api/pdf/national", "dla", fiscal_year=FY, as_of=now.isoformat())
    later = (now + timedelta(seconds=1)).isoformat()
    second = api.get("/api/pdf/provinces/50", "dla", fiscal_year=FY, as_of=later)
    deadline = time.monotonic() + 10
    while api.get(first.json()["href"], "dla").json()["state"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert api.get(second.json()["href"], "dla").json()["state"] == "queued"  # waits its turn
    release.set()
    assert poll(api, first.json()["href"], "dla")["state"] == "done"
    assert poll(api, second.json()["href"], "dla")["state"] == "done"
