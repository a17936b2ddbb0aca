"""CPU seconds spent by process trees, read from /proc (Linux): what the server side of a
benchmark costs per request, the figure that transfers to a bigger machine.

A tree's time is the user + system time of every live process in it, plus the time of
its children that ended and were waited for (`cutime`, `cstime`: a PostgreSQL backend
that ended, a worker that was replaced), so nothing is counted twice or lost.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import psycopg
from sqlalchemy import Engine, text

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


ATTEMPTS = 20  # readings tried before one taken as it is (each takes a few milliseconds)


class Stat(NamedTuple):
    parent: int
    own: int  # ticks the process spent itself
    reaped: int  # ticks of its children that ended and were waited for (cutime + cstime)


def read_stat(pid: int) -> Stat | None:
    """What /proc/PID/stat says of a process's CPU, or None once it is gone (reaped)."""
    try:
        fields = (PROC / str(pid) / "stat").read_bytes().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return Stat(int(fields[1]), utime + stime, cutime + cstime)


def _stats() -> dict[int, Stat]:
    found: dict[int, Stat] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := read_stat(int(entry.name))) is not None:
            found[int(entry.name)] = stat
    return found


def _trees(stats: dict[int, Stat], roots: dict[str, int]) -> dict[str, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for pid, stat in stats.items():
        children[stat.parent].append(pid)
    trees: dict[str, list[int]] = {}
    for name, root in roots.items():
        tree, stack = [], [root]
        while stack:
            pid = stack.pop()
            if pid in stats:
                tree.append(pid)
                stack.extend(children[pid])
        trees[name] = tree
    return trees


def tree_seconds(
    roots: dict[str, int],
    *,
    stats: Callable[[], dict[int, Stat]] = _stats,
    stat: Callable[[int], Stat | None] = read_stat,
) -> dict[str, float]:
    """CPU seconds of each named root process and its descendants, now.

    A reading is taken again until it is consistent: a process waited for by its parent
    between the two's readings would be counted by neither (a negative figure next time)
    or by both, so every process of the trees is read once more and the reading kept only
    where none ended and none waited for a child meanwhile (`ATTEMPTS` at most).
    """
    for _ in range(ATTEMPTS):
        found = stats()
        trees = _trees(found, roots)
        members = {pid for tree in trees.values() for pid in tree}
        if all(_reaped(stat(pid)) == found[pid].reaped for pid in members):
            break
    return {
        name: sum(found[pid].own + found[pid].reaped for pid in tree) / TICKS
        for name, tree in trees.items()
    }


def _reaped(stat: Stat | None) -> int | None:
    return None if stat is None else stat.reaped


class ServerClock:
    """CPU seconds the PostgreSQL server behind `engine` spends from now on: its
    postmaster's and every backend's, ended ones included (read from /proc; 0 where the
    server is not on this machine or not readable)."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as connection:
            backend = connection.scalar(text("SELECT pg_backend_pid()"))
        stat = read_stat(int(backend or 0))
        self.roots = {"server": stat.parent} if stat is not None else {}
        self.start = self._total()

    def seconds(self) -> float:
        return self._total() - self.start

    def _total(self) -> float:
        return sum(tree_seconds(self.roots).values())


def postmaster_pid(database_url: str) -> int | None:
    """The PostgreSQL server's main process, if it runs on this machine and its data folder
    can be read (a throwaway server of the benchmark); else None."""
    try:
        with psycopg.connect(database_url) as connection:
            row = connection.execute("SHOW data_directory").fetchone()
        folder = Path(str(row[0])) if row else None
        if folder is None:
            return None
        return int((folder / "postmaster.pid").read_text().split()[0])
    except (psycopg.Error, OSError, ValueError, IndexError):
        return None
