"""Databases on a PostgreSQL server: a URL naming one, created empty, dropped."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")


def _check_name(name: str) -> None:
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(
            f"database name {name!r} must be a plain identifier ([A-Za-z_][A-Za-z0-9_]*, "
            "at most 63 characters)"
        )


def database_url(url: str, name: str) -> str:
    """`url` (a postgresql:// URL or a key=value conninfo) pointing at database `name`."""
    parts = urlsplit(url)
    if parts.scheme in ("postgresql", "postgres"):
        return urlunsplit(parts._replace(path="/" + quote(name, safe="")))
    return make_conninfo(url, dbname=name)


def create_database(url: str, name: str) -> str:
    """Create the empty database `name` (from template0) on `url`'s server; return its URL."""
    _check_name(name)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    return database_url(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop database `name` on `url`'s server if it exists, disconnecting its sessions first."""
    _check_name(name)
    if conninfo_to_dict(url).get("dbname") == name:  # cannot drop the database we are in
        url = database_url(url, "postgres")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
