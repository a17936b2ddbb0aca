"""scripts/bench-recorder's entry point runs once on the session's PostgreSQL server, each
mode for a moment, and prints the figures its documentation promises as JSON lines; its
databases are dropped. No timing is asserted: positive rates, percentiles in order."""

from __future__ import annotations

import psycopg
import pytest

from budget.bench import recorder
from tests.test_bench_entry_points import figures_printed, value


def test_bench_recorder_prints_each_mode_and_drops_its_databases(
    postgres_server_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    modes = recorder.MODES
    argv = ["--database", postgres_server_url, "--writers", "3", "--seconds", "0.5"]
    assert recorder.main(argv) == 0
    figures = figures_printed(capsys)
    for mode in modes:
        name = f"3 writers, {mode}"
        assert value(figures, "postgres", f"{name}: commits") > 0
        assert (
            0
            < value(figures, "postgres", f"{name}: p50")
            <= value(figures, "postgres", f"{name}: p95")
        )
        assert f"{name}: PostgreSQL CPU per commit" in {m for _, m in figures}
    with psycopg.connect(postgres_server_url, autocommit=True) as connection:
        left = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'bench_recorder_%'"
        ).fetchall()
    assert left == []
