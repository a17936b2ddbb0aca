"""scripts/bench-projections --quick end to end on PostgreSQL: the figures it prints, and
the year it generated (kept with --keep and inspected here)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine

import budget
from budget.bench.dashboard_views import write_dashboard_rows
from budget.bench.floor import SCRATCH
from budget.bench.projections import main
from budget.config import Settings
from budget.projections.engine import views_engine
from budget.projections.lanes import LANES
from budget.projections.registry import all_projections
from budget.projections.sample import ROLLUPS, _rollup
from budget.projections.tables import metadata
from budget.registry import generate_authorities
from budget.testing.postgres import create_database, database_url, drop_database

KINDS = [
    f"{kind}_dashboard{narrowed}"
    for kind in ("national", "province", "lao")
    for narrowed in ("", "_quarter", "_lao_type")
    if not (kind == "lao" and narrowed == "_lao_type")
] + [
    "missing_national",
    "missing_province",
    "missing_national_file",
    "lao_deadlines",
    "national_funding_split",  # issue 14: the money by source, revenue, and a lines scan
    "national_revenue",
    "national_lines_scan",
    "province_funding_split",
]
QUERIES = [f"{kind}_{p}" for kind in KINDS for p in ("p50", "p95")]
CPU = [f"{kind}_cpu" for kind in KINDS]  # ms of this process and PostgreSQL per query
FIGURES = {
    "laos": "LAOs",
    "projects": "projects",
    "events": "events",
    "template_recording": "s",
    "copy_and_insert": "events/s",
    "generation_seconds": "s",
    "decode_only": "events/s",
    "decode_mapper": "events/s",
    "catch_up": "events/s",
    "catch_up_seconds": "s",
    "catch_up_cpu_per_event": "µs",
    "catch_up_peak_memory": "MiB",
    **{f"catch_up_apply_{p.name}": "s" for p in all_projections()},
    **{f"catch_up_outside_apply_{'_'.join(lane)}": "s" for lane in LANES},
    "library_runner": "events/s",
    "catch_up_vs_library_runner": "x",
    "catch_up_vs_decode_only": "x",
    **dict.fromkeys(QUERIES, "ms"),
    **dict.fromkeys(CPU, "ms"),
    **{f"before_{metric}": "ms" for metric in QUERIES + CPU},
    "floor_write_cpu_per_event": "µs",
    "floor_rows_per_event": "rows",
    "floor_write_max_rate_two_cores": "events/s",
    "size_event_store": "MiB",
    "size_views": "MiB",
    "size_event_store_per_million": "MiB/M events",
    "size_views_per_million": "MiB/M events",
}


def bench_databases(server: str) -> set[str]:
    with psycopg.connect(server, autocommit=True) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'budget_bench_%'")
        return {str(row[0]) for row in rows}


@pytest.fixture
def kept(
    postgres_server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[tuple[dict[str, dict[str, object]], str]]:
    """The quick run's JSON figures by metric, and the URL of the database it kept; the
    queries timed first as another checkout's (this one's, in a child process)."""
    monkeypatch.setenv("BUDGET_DATABASE_URL", postgres_server_url)
    before = bench_databases(postgres_server_url)
    checkout = str(Path(budget.__file__).resolve().parents[1])
    assert main(["--quick", "--repeat", "3", "--keep", "--floor", "--before", checkout]) == 0
    (name,) = bench_databases(postgres_server_url) - before
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    try:
        yield {line["metric"]: line for line in lines}, database_url(postgres_server_url, name)
    finally:
        drop_database(postgres_server_url, name)


def test_quick_run_prints_every_figure_of_the_year_it_generated(
    kept: tuple[dict[str, dict[str, object]], str],
) -> None:
    figures, url = kept
    assert {m: f["unit"] for m, f in figures.items()} == FIGURES
    assert {f["store"] for f in figures.values()} == {"postgres"}
    value = {m: float(str(f["value"])) for m, f in figures.items()}
    phuket = [r for r in generate_authorities() if r.province_code == "83"]
    assert value["laos"] == len(phuket) == 20
    with psycopg.connect(url) as conn:
        events = conn.execute("SELECT count(*) FROM budgetoffice_events").fetchone()
        projects = conn.execute("SELECT count(*) FROM project_state").fetchone()
        laos = conn.execute("SELECT count(DISTINCT lao_code) FROM project_state").fetchone()
        positions = conn.execute("SELECT DISTINCT position FROM projection_tracking").fetchall()
    assert events is not None
    assert projects is not None
    assert laos is not None
    assert value["events"] == events[0]
    assert value["projects"] == projects[0]
    assert laos[0] == 20  # every LAO's copied year was projected
    assert positions == [(events[0],)]  # every projection caught up to the last event
    # 3 per SAO, more for the bigger types and for what transfers and supplementary budgets
    # add: how many of those the demo draws varies with its random sources
    assert 3 <= value["projects"] / 20 <= 6
    for metric in ("copy_and_insert", "decode_only", "catch_up"):
        assert value[metric] > 0
    for lane in LANES:  # side by side: each lane's time within the catch-up's
        parts = [f"catch_up_apply_{name}" for name in lane]
        parts.append(f"catch_up_outside_apply_{'_'.join(lane)}")
        assert 0 < sum(value[m] for m in parts) <= value["catch_up_seconds"]
    assert value["catch_up_vs_library_runner"] == pytest.approx(
        value["catch_up"] / value["library_runner"], rel=0.01
    )
    for metric in QUERIES[::2]:
        assert 0 < value[metric] <= value[metric.replace("_p50", "_p95")]
    assert all(value[metric] > 0 for metric in CPU)
    assert value["size_event_store"] > 0
    assert value["size_views"] > 0
    per_million = value["size_event_store"] / (value["events"] / 1_000_000)
    assert value["size_event_store_per_million"] == pytest.approx(per_million, rel=0.01)


def test_the_floor_copies_every_row_of_the_views_once_and_leaves_no_copy(
    kept: tuple[dict[str, dict[str, object]], str],
) -> None:
    """--floor: the rows it wrote are every view's rows, its CPU and rate agree, and the
    scratch copies are gone."""
    figures, url = kept
    value = {m: float(str(f["value"])) for m, f in figures.items()}
    with psycopg.connect(url) as conn:
        rows = sum(
            int(conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0])  # type: ignore[index]
            for t in metadata.sorted_tables
        )
        scratch = conn.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s", (SCRATCH,)
        ).fetchone()
    assert rows > value["events"]  # more rows than events: ~4 an event
    written = value["floor_rows_per_event"] * value["events"]  # printed to 3 places
    assert written == pytest.approx(rows, rel=1e-3)
    assert value["floor_write_cpu_per_event"] > 0
    rate = 2e6 / value["floor_write_cpu_per_event"]
    assert value["floor_write_max_rate_two_cores"] == pytest.approx(rate, rel=0.01)
    assert scratch == (0,)


MISSING = [k for k in KINDS if k.startswith("missing_")]


def test_missing_laos_times_who_is_missing_on_rows_written_straight_into_fresh_views(
    postgres_server_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BUDGET_DATABASE_URL", postgres_server_url)
    before = bench_databases(postgres_server_url)
    checkout = str(Path(budget.__file__).resolve().parents[1])
    argv = ["--quick", "--missing-laos", "20", "--repeat", "3", "--before", checkout]
    assert main(argv) == 0
    assert bench_databases(postgres_server_url) == before  # nothing kept
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    value = {line["metric"]: float(line["value"]) for line in lines}
    timed = [f"{kind}_{part}" for kind in MISSING for part in ("p50", "p95", "cpu")]
    memory = "missing_national_file_peak_memory"
    assert set(value) == {"laos", *timed, *(f"before_{m}" for m in timed), memory}
    assert value["laos"] == 20  # Phuket's, written as the projections would keep them
    assert all(value[m] > 0 for m in [*timed, memory])


@pytest.mark.parametrize("bench", ["projections", "reports"])
def test_keep_is_refused_without_a_server_to_keep_the_year_on(
    bench: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without BUDGET_DATABASE_URL the year goes to a throwaway server that is removed at
    the end: --keep is refused before anything is generated, not answered with a URL
    that no longer exists."""
    from budget.bench import reports

    monkeypatch.delenv("BUDGET_DATABASE_URL", raising=False)
    run = main if bench == "projections" else reports.main
    with pytest.raises(SystemExit) as refused:
        run(["--quick", "--keep"])
    assert refused.value.code == 2
    assert "--keep needs BUDGET_DATABASE_URL naming a PostgreSQL server" in capsys.readouterr().err


BOARDS = [
    f"{board}_dashboard_{narrowed}"
    for board in ("national", "province", "lao")
    for narrowed in ("year", "quarter", "lao_type", "budget_group", "all_filters")
    if not (board == "lao" and narrowed == "lao_type")
]


def test_dashboard_laos_copies_a_years_rows_to_more_laos_and_times_every_dashboard(
    kept: tuple[dict[str, dict[str, object]], str],
    postgres_server_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--dashboard-laos: each LAO of two provinces gets a template LAO's rows of its type
    (Phuket's 20 LAOs caught up by the quick run), its own code and ids; every rollup
    equals the sum of its parts; the dashboards are timed under every filter, before too."""
    _, template = kept
    laos = [r for r in generate_authorities() if r.province_code in ("82", "83")]
    name = "budget_bench_dashboards_test"
    url = create_database(postgres_server_url, name)
    try:
        engine = views_engine(Settings(database_url=url, home=Path()))
        source = create_engine(template)
        try:
            written = write_dashboard_rows(engine, source, laos)
        finally:
            source.dispose()
            engine.dispose()
        with psycopg.connect(url) as conn:
            codes = conn.execute("SELECT DISTINCT lao_code FROM project_state").fetchall()
            ids = conn.execute("SELECT count(DISTINCT project_id) FROM project_state").fetchone()
        views = create_engine(url)
        dashboards = [r for r in ROLLUPS if r[0] not in {"lao_compliance", "lao_missing"}]
        with views.connect() as connection:  # but who is missing: not a dashboard's
            checks = [_rollup(connection, rollup, 5) for rollup in dashboards]
        views.dispose()
    finally:
        drop_database(postgres_server_url, name)
    assert {code for (code,) in codes} == {r.code for r in laos}  # Phuket's 20 and more
    assert ids == (written["project_state"],)  # each copy's ids its own
    assert written["authority"] == len(laos) > 20
    assert all(check.differing == 0 and check.rows > 0 for check in checks), checks
    checkout = str(Path(budget.__file__).resolve().parents[1])
    argv = ["--provinces", "83", "--dashboard-laos", "20", "--template-views", template]
    assert main([*argv, "--repeat", "3", "--before", checkout]) == 0
    out = capsys.readouterr().out
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    value = {line["metric"]: float(line["value"]) for line in lines}
    timed = [f"{kind}_{part}" for kind in BOARDS for part in ("p50", "p95", "cpu")]
    assert set(value) == {"laos", "rows_written_seconds", *timed, *(f"before_{m}" for m in timed)}
    assert all(value[m] > 0 for m in timed)
