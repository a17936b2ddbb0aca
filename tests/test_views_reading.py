"""How the service reads the views on PostgreSQL: outside any transaction (each statement
sees what is committed when it starts, as in the READ COMMITTED transaction it had), so
no BEGIN and ROLLBACK round trips, and psycopg keeps the statements it prepared, which a
ROLLBACK discards."""

from __future__ import annotations

from pathlib import Path

from psycopg.pq import TransactionStatus
from sqlalchemy import select, text

from budget import bootstrap
from budget.config import Settings
from budget.projections.tables import authority

PREPARED = text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :like")


def test_a_read_on_postgresql_is_outside_a_transaction_and_keeps_its_prepared_statements(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings.from_env(
        {"BUDGET_DATABASE_URL": postgres_url, "BUDGET_HOME": str(tmp_path)}
    )
    services = bootstrap.services(settings)
    asked = select(authority.c.lao_code).where(authority.c.lao_code == "10000000")
    try:
        for _ in range(8):  # psycopg prepares a statement run 5 times on a connection
            with services.read() as connection:
                assert connection.execute(asked).all() == []
                status = connection.connection.driver_connection.info.transaction_status
                assert status == TransactionStatus.IDLE
        with services.read() as connection:
            assert connection.execute(PREPARED, {"like": "%authority.lao_code%"}).scalar() == 1
    finally:
        services.office.close()
        services.views.dispose()
