"""Every benchmark's entry point runs once in the suite (`main(["--quick"])`, as
scripts/bench-store, bench-reports, bench-http and bench-import call it) on the session's
PostgreSQL server, and prints the figures its documentation promises as JSON lines.
(bench-projections has its own test: tests/test_bench_projections.py.) No timing is asserted:
the figures are counts, positive rates and percentiles in order."""

from __future__ import annotations

import json

import pytest

from budget.bench import http, imports, reports, store


def figures_printed(capsys: pytest.CaptureFixture[str]) -> dict[tuple[str, str], dict[str, object]]:
    """The JSON figures by (store, metric); each with a number for a value."""
    out = capsys.readouterr().out.splitlines()
    found = {}
    for line in [json.loads(text) for text in out if text.startswith("{")]:  # after the table
        assert set(line) == {"metric", "value", "unit", "store"}, line
        assert isinstance(line["value"], int | float), line
        found[(str(line["store"]), str(line["metric"]))] = line
    return found


def value(figures: dict[tuple[str, str], dict[str, object]], store_name: str, metric: str) -> float:
    return float(str(figures[(store_name, metric)]["value"]))


@pytest.fixture
def on_the_test_server(postgres_server_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The benchmarks create (and drop) their databases on the session's server."""
    monkeypatch.setenv("BUDGET_DATABASE_URL", postgres_server_url)


@pytest.mark.usefixtures("on_the_test_server")
def test_bench_store_quick_prints_each_figure_for_sqlite_and_postgres(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert store.main(["--quick"]) == 0
    figures = figures_printed(capsys)
    units = {
        "batched_import": "events/s",
        "batched_import_save": "events/s",
        "batched_import_build": "events/s",
        "command_per_transaction": "events/s",
        "command_per_transaction_commands": "commands/s",
        "replay_long_project": "ms",
        "replay_long_project_best": "ms",
        "replay_events": "events/s",
    }
    for name in ("sqlite", "postgres"):
        assert {m: f["unit"] for (s, m), f in figures.items() if s == name} == units
        assert all(value(figures, name, metric) > 0 for metric in units)
        best, typical = (
            value(figures, name, m) for m in ("replay_long_project_best", "replay_long_project")
        )
        assert best <= typical


@pytest.mark.usefixtures("on_the_test_server")
def test_bench_reports_quick_generates_phuket_and_times_every_kind_of_report(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert reports.main(["--quick"]) == 0
    figures = figures_printed(capsys)
    assert {s for s, _ in figures} == {"postgres"}
    assert value(figures, "postgres", "laos") == 20  # Phuket's LAOs
    assert value(figures, "postgres", "events") > value(figures, "postgres", "projects") > 0
    for report in ("lao_report", "province_summary", "lao_report_as_of"):
        p50, p95 = (value(figures, "postgres", f"{report}_{p}") for p in ("p50", "p95"))
        assert 0 < p50 <= p95, report
    assert value(figures, "postgres", "national_summary") > 0
    assert value(figures, "postgres", "pages_per_second") > 0


@pytest.mark.usefixtures("on_the_test_server")
def test_bench_http_quick_serves_writers_and_readers_without_a_failure(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The service, the follower process beside it (the default) and the clients on
    loopback: every write recorded and every dashboard read answered in all three phases."""
    assert http.main(["--quick"]) == 0
    figures = figures_printed(capsys)
    failures = {m: f["value"] for (_, m), f in figures.items() if m.endswith("failures")}
    assert failures == {}, failures
    run = "1 worker"  # the runs are named: --workers 1,2,4 measures each in turn
    for phase in ("writes", "mixed"):
        assert value(figures, "postgres", f"{run}, {phase}: recorded writes") > 0
    assert value(figures, "postgres", f"{run}, writes: server CPU per write") > 0
    assert value(figures, "postgres", f"{run}, writes: write stage command mean") > 0
    for phase in ("reads", "mixed"):
        assert value(figures, "postgres", f"{run}, {phase}: dashboard reads") > 0
        for board in ("national", "province", "LAO"):
            p50 = value(figures, "postgres", f"{run}, {phase}: {board} dashboard p50")
            p95 = value(figures, "postgres", f"{run}, {phase}: {board} dashboard p95")
            assert 0 < p50 <= p95
    assert value(figures, "postgres", f"{run}, reads: server CPU per read") > 0


@pytest.mark.usefixtures("on_the_test_server")
def test_bench_import_quick_imports_every_generated_workbook(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Twelve LAOs' half years, downloaded and imported: every workbook recorded (a refused
    one fails the run: its figures would time a refusal), and the views caught up after."""
    # one importing process: the pool of --workers is tested by tests/test_imports_cli.py
    assert imports.main(["--quick", "--workers", "1"]) == 0
    figures = figures_printed(capsys)
    assert value(figures, "postgres", "laos") == 12
    assert value(figures, "postgres", "import_events") > 12 * 100
    for metric in ("import_rate", "import_cpu_per_event", "views_catch_up"):
        assert value(figures, "postgres", metric) > 0, metric
