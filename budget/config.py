"""Settings, read once from the environment.

- `BUDGET_DATABASE_URL`: `postgresql://user:password@host:port/dbname` (a unix
  socket folder goes in `?host=/path`), `sqlite:///relative/file.sqlite3` or
  `sqlite:////absolute/file.sqlite3`, or `memory:` for an in-memory store.
  Unset: a SQLite file in the home folder.
- `BUDGET_HOME`: the working folder of the embedded store (default `./var`).
- `BUDGET_POOL_SIZE`: PostgreSQL connections kept open to the events (default 5; twice as
  many more at peaks), and four times as many to the views (twice as many more at peaks).
- `BUDGET_VIEWS_URL`: a SQLAlchemy URL of the database holding the read views and
  their tracking positions. Default: `views.sqlite3` in the home folder for the SQLite
  store, the events' own database for PostgreSQL, an in-memory SQLite for `memory:`.
- `BUDGET_VIEWS_REPLICA_URL`: a PostgreSQL streaming replica of the views' database
  (`postgresql://...`). Dashboards, rankings, lists and PDFs read it; a read waits (up
  to half a second) until the replica has replayed the views as far as this process
  knows them (so a write's author sees it), else reads the primary; the metric
  `budget_views_reads_total{source}` counts which. Unset: every read goes to the views'
  database.
- `BUDGET_AGGREGATE_CACHE`: aggregates kept in memory between commands (default
  1000; 0 turns the cache off). A cached aggregate is brought up to date from
  the store (its newer events only) every time it is read, so several processes
  may share a store; a command takes it as cached, and is decided again on the
  store's state if its save, or a look after a refusal, finds another process
  recorded after it (budget.application.base). It saves replaying a long history
  (an LAO's AnnualBudget grows with every project) on every command.
- `BUDGET_SESSION_MINUTES`: how long a login (bearer token, session cookie) lasts
  (default 480, a working day).
- `BUDGET_REPLAY_TIMEOUT`: seconds a report as of a past moment may spend replaying the
  history (default 1800) before its job is stopped.
- `BUDGET_PUBLIC_URL`: the address people use (e.g. `https://budget.example.go.th`). When
  it is https (a proxy ends TLS in front of the service), every cookie is Secure and
  Strict-Transport-Security is sent, whatever scheme the proxy speaks to the service.
- `BUDGET_SECRET_KEY`: the key (at least 32 bytes) that signs the pages' CSRF tokens and
  keys the password writes' HMAC (default: a key kept in `secret.key` in the home folder).
- `BUDGET_FOLLOW`: `inside` (default): the service keeps the views caught up itself, in
  a thread (`budget serve` does so only with one worker on the embedded store; on
  PostgreSQL or with `--workers N` it starts one `budget projections follow` beside the
  workers instead); `outside`: a separate `budget projections follow` process, started by
  the operator, does, and the service only waits for it (PostgreSQL tells it each batch).
- `BUDGET_TODAY`: the service's date (`YYYY-MM-DD`) where it is not today in Thailand: a
  training installation, the tests. The API and the pages refuse facts dated after it.
- `BUDGET_TRUSTED_PROXIES`: the addresses (or networks, `10.0.0.0/8`) of the reverse
  proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` the service believes, comma
  separated. Default: none, so a client's own address is the one it connects from: a
  forged header neither escapes the login lockout nor writes a false address in the log.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from psycopg.conninfo import conninfo_to_dict

from budget.domain import calendar
from budget.private_files import private_sqlite

SQLITE_FILENAME = "budget.sqlite3"
VIEWS_FILENAME = "views.sqlite3"
MEMORY_VIEWS_URL = "sqlite://"
POSTGRES_RECORDER_TOPIC = "budget.application.postgres_recorder:BulkSafeRecorder"
DEFAULT_AGGREGATE_CACHE = 1000
DEFAULT_SESSION_MINUTES = 480
DEFAULT_REPLAY_TIMEOUT = 1800.0
FOLLOW_MODES = ("inside", "outside")


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    home: Path
    pool_size: int = 5
    aggregate_cache: int = DEFAULT_AGGREGATE_CACHE
    views_url: str = ""  # empty: the default for the store (see default_views_url)
    session_minutes: int = DEFAULT_SESSION_MINUTES
    follow: str = "inside"
    replay_timeout: float = DEFAULT_REPLAY_TIMEOUT
    public_url: str = ""
    secret_key: str = ""  # empty: the key kept in the home folder
    views_replica_url: str = ""  # empty: no replica
    trusted_proxies: tuple[str, ...] = ()  # whose X-Forwarded-* headers count (none)
    today: date | None = None  # None: today in Thailand

    def __post_init__(self) -> None:
        if self.follow not in FOLLOW_MODES:
            msg = f"BUDGET_FOLLOW {self.follow!r}: use inside or outside"
            raise ValueError(msg)
        if not self.views_url:
            object.__setattr__(self, "views_url", self.default_views_url())
        if self.views_replica_url:
            scheme, _, rest = self.views_replica_url.partition("://")
            if scheme not in {"postgresql", "postgres", "postgresql+psycopg"} or not rest:
                msg = f"BUDGET_VIEWS_REPLICA_URL {self.views_replica_url!r}: use postgresql://"
                raise ValueError(msg)
            object.__setattr__(self, "views_replica_url", f"postgresql+psycopg://{rest}")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = Path(env.get("BUDGET_HOME") or "var").resolve()
        url = env.get("BUDGET_DATABASE_URL") or f"sqlite:///{home / SQLITE_FILENAME}"
        settings = cls(
            database_url=url,
            home=home,
            pool_size=int(env.get("BUDGET_POOL_SIZE", "5")),
            aggregate_cache=int(env.get("BUDGET_AGGREGATE_CACHE") or DEFAULT_AGGREGATE_CACHE),
            views_url=env.get("BUDGET_VIEWS_URL", ""),
            session_minutes=int(env.get("BUDGET_SESSION_MINUTES") or DEFAULT_SESSION_MINUTES),
            follow=env.get("BUDGET_FOLLOW") or "inside",
            replay_timeout=float(env.get("BUDGET_REPLAY_TIMEOUT") or DEFAULT_REPLAY_TIMEOUT),
            public_url=env.get("BUDGET_PUBLIC_URL", "").strip(),
            secret_key=env.get("BUDGET_SECRET_KEY", "").strip(),
            views_replica_url=env.get("BUDGET_VIEWS_REPLICA_URL", "").strip(),
            today=date.fromisoformat(env["BUDGET_TODAY"]) if env.get("BUDGET_TODAY") else None,
            trusted_proxies=tuple(
                p.strip() for p in env.get("BUDGET_TRUSTED_PROXIES", "").split(",") if p.strip()
            ),
        )
        _ = settings.store  # an unknown scheme fails here, at start-up
        return settings

    def today_now(self) -> date:
        """The service's today: `BUDGET_TODAY`, else the date in Thailand."""
        return self.today or calendar.today()

    def proxy_options(self) -> dict[str, Any]:
        """uvicorn's options for forwarded headers: believed from the trusted proxies
        only (uvicorn's own default believes any client on loopback)."""
        if not self.trusted_proxies:
            return {"proxy_headers": False, "forwarded_allow_ips": ""}
        return {"proxy_headers": True, "forwarded_allow_ips": list(self.trusted_proxies)}

    @property
    def https(self) -> bool:
        """People reach the service over https (`BUDGET_PUBLIC_URL`): Secure cookies, HSTS."""
        return urlsplit(self.public_url).scheme == "https"

    @property
    def store(self) -> str:
        """`memory`, `sqlite` or `postgres`."""
        scheme = urlsplit(self.database_url).scheme
        if scheme in {"postgresql", "postgres"}:
            return "postgres"
        if scheme in {"sqlite", "memory"}:
            return scheme
        msg = f"BUDGET_DATABASE_URL {self.database_url!r}: use postgresql://, sqlite:/// or memory:"
        raise ValueError(msg)

    def default_views_url(self) -> str:
        """Where the views live unless `BUDGET_VIEWS_URL` says otherwise."""
        store = self.store
        if store == "memory":
            return MEMORY_VIEWS_URL
        if store == "sqlite":
            return f"sqlite:///{self.home / VIEWS_FILENAME}"
        scheme, rest = self.database_url.split("://", 1)
        assert scheme in {"postgresql", "postgres"}
        return f"postgresql+psycopg://{rest}"

    @property
    def sqlite_path(self) -> Path:
        """`sqlite:///relative/file` or `sqlite:////absolute/file`, as SQLAlchemy writes them."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            msg = f"BUDGET_DATABASE_URL {self.database_url!r}: a SQLite URL starts with {prefix}"
            raise ValueError(msg)
        return Path(self.database_url.removeprefix(prefix)).resolve()

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing library's settings for the chosen store and the cache."""
        return {**self._store_env(), **self._cache_env()}

    def _cache_env(self) -> dict[str, str]:
        if self.aggregate_cache <= 0:  # the library would read 0 as "no limit"
            return {}
        return {
            "AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache),
            "AGGREGATE_CACHE_FASTFORWARD": "y",  # read the newer events on every get
            "DEEPCOPY_FROM_AGGREGATE_CACHE": "y",  # commands change copies, never the cache
        }

    def _store_env(self) -> dict[str, str]:
        store = self.store
        if store == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
        if store == "sqlite":
            path = self.sqlite_path
            private_sqlite(path)  # before the library creates it with the umask's mode
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        params = conninfo_to_dict(self.database_url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": str(params.get("dbname", "budget")),
            "POSTGRES_HOST": str(params.get("host", "localhost")),
            "POSTGRES_PORT": str(params.get("port", "5432")),
            "POSTGRES_USER": str(params.get("user", "")),
            "POSTGRES_PASSWORD": str(params.get("password", "")),
            "POSTGRES_POOL_SIZE": str(self.pool_size),
            "POSTGRES_MAX_OVERFLOW": str(self.pool_size * 2),
            "POSTGRES_CONNECT_TIMEOUT": "10",
            # the library's own recorder hangs on large transactions (pipeline mode)
            "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER_TOPIC,
        }
