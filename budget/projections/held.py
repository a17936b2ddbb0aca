"""How many projects a streamed fold holds (follow.Streamed), and which it writes out.

A fold's project views (project_state, deadlines, project_record) hold each project not
yet ended, since later events read it: at national scale ~1.2 M projects at once, ~1.7 GB
in the project lane, so the fold was saved part-way (fold.FOLD_MIB) and the rest of the
year ran batch by batch. Past HELD_PROJECTS, those touched least recently are written out
after a read (as ended ones are) and forgotten; the read that touches one again recalls
it by key, in one statement for all of them (their `recall`). A national year then folds
to its end in bounded memory, paying for each project written out one more write and
one read back.

The limit is a count, so that a smaller year shows what the nation's would do: at scale
0.1 (~120,000 projects held at once) `BUDGET_FOLD_HELD_PROJECTS=15000` writes out the
share the default writes out of a national year (docs/benchmarks.md).
"""

from __future__ import annotations

import os

# ~1.4 kB a project held in the project lane (national, stop 31: ~1.7 GB for ~1.2 M):
# ~210 MiB at most on top of a lane's ~70 MiB, inside the follower's 500 MB. A year at
# scale 0.1 holds fewer, and is folded as before.
HELD_PROJECTS = 150_000
# Written out down to this share of the limit, so that it happens once in several reads
# rather than at every read
KEPT_SHARE = 0.75


def held_projects() -> int:
    """The limit: BUDGET_FOLD_HELD_PROJECTS where set (a benchmark's emulation of a
    bigger year), else HELD_PROJECTS."""
    return int(os.environ.get("BUDGET_FOLD_HELD_PROJECTS", HELD_PROJECTS))


class Touched:
    """The projects a fold holds, with the read that last touched each."""

    def __init__(self) -> None:
        self.at: dict[str, int] = {}
        self.reads = 0
        self.limit = held_projects()
        self.written_out = 0  # projects written out so far (what a benchmark reports)

    def touch(self, pid: str) -> None:
        self.at[pid] = self.reads

    def forget(self, pid: str) -> None:
        self.at.pop(pid, None)

    def stale(self) -> list[str]:
        """After a read: the projects to write out (none while under the limit), those
        touched least recently, and forgotten here."""
        self.reads += 1
        if len(self.at) <= self.limit:
            return []
        at = self.at
        excess = len(at) - int(self.limit * KEPT_SHARE)
        oldest = sorted(at, key=at.__getitem__)[:excess]
        for pid in oldest:
            del at[pid]
        self.written_out += len(oldest)
        return oldest
