"""CPU seconds spent by process trees, read from /proc (Linux): what the server side of a
benchmark costs per request, the figure that transfers to a bigger machine.

A tree's time is the user + system time of every live process in it, plus the time of
its children that ended and were waited for (`cutime`, `cstime`: a PostgreSQL backend
that ended, a worker that was replaced), so nothing is counted twice or lost.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import psycopg

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK")


def _stats() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds of it and its waited-for children)."""
    found: dict[int, tuple[int, float]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        parent = int(fields[1])
        utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
        found[int(entry.name)] = (parent, (utime + stime + cutime + cstime) / TICKS)
    return found


def tree_seconds(roots: dict[str, int]) -> dict[str, float]:
    """CPU seconds of each named root process and its descendants, now."""
    stats = _stats()
    children: dict[int, list[int]] = defaultdict(list)
    for pid, (parent, _) in stats.items():
        children[parent].append(pid)
    spent: dict[str, float] = {}
    for name, root in roots.items():
        total, stack = 0.0, [root]
        while stack:
            pid = stack.pop()
            if pid in stats:
                total += stats[pid][1]
                stack.extend(children[pid])
        spent[name] = total
    return spent


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
