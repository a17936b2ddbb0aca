"""Reads from a PostgreSQL streaming replica of the views (`BUDGET_VIEWS_REPLICA_URL`).

A replica replays the primary's WAL a little later. A read must never miss what its
reader has seen recorded: a write's answer came only once the primary's views included
it, so this process's views position (as its runner last saw or heard it) is at least
that write's. A read on the replica opens a REPEATABLE READ transaction (one snapshot),
reads the views' positions there, and goes on only if they have reached that position;
else it tries again for up to `REPLICA_WAIT` seconds, then reads the primary. Either way
the read is counted in `budget_views_reads_total{source="replica"|"primary"}`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence

from prometheus_client import Counter
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError

from budget.projections.engine import ping_when_idle
from budget.projections.positions import tracked_positions

logger = logging.getLogger(__name__)

REPLICA_WAIT = 0.5  # seconds a read waits for the replica before reading the primary
REPLICA_POLL = 0.02
READS = Counter(
    "budget_views_reads_total", "Reads of the views, by where they were read", ["source"]
)


def replica_engine(url: str, pool_size: int) -> Engine:
    """An engine on the replica (read only: nothing is created there)."""
    engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size)
    ping_when_idle(engine)
    return engine


class ReplicaReads:
    """Connections to the replica that show the views at least at a given position."""

    def __init__(self, engine: Engine, names: Sequence[str], wait: float = REPLICA_WAIT) -> None:
        self.engine = engine
        self.names = list(names)
        self.wait = wait

    def connection_at(self, needed: int) -> Connection | None:
        """A connection in a snapshot whose views reached `needed` (the caller closes
        it), or None: the primary must answer (the replica lags, or cannot be read)."""
        deadline = time.monotonic() + self.wait
        while True:
            try:
                connection = self.engine.connect().execution_options(
                    isolation_level="REPEATABLE READ"
                )
            except SQLAlchemyError as error:
                logger.warning("the views' replica cannot be reached: %s", error)
                return self._primary()
            try:
                connection.begin()
                if self._reached(connection) >= needed:
                    READS.labels("replica").inc()
                    return connection
            except SQLAlchemyError as error:
                connection.close()
                logger.warning("the views' replica cannot be read: %s", error)
                return self._primary()
            connection.close()
            if time.monotonic() >= deadline:
                return self._primary()
            time.sleep(REPLICA_POLL)

    def engine_at(self, needed: int, check: Callable[[Connection], None]) -> Engine | None:
        """The replica's engine if its views reached `needed` (`check` run on it first),
        else None (read the primary): for reads that open their own connections."""
        connection = self.connection_at(needed)
        if connection is None:
            return None
        try:
            check(connection)
        finally:
            connection.close()
        return self.engine

    def _reached(self, connection: Connection) -> int:
        return min(tracked_positions(connection, self.names).values(), default=0)

    @staticmethod
    def _primary() -> None:
        READS.labels("primary").inc()
