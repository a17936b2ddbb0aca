"""The CPU the benchmarks print per unit of work, read from /proc (budget/bench/cpu.py): a
process that ends between two readings is counted once, never lost nor counted twice."""

from __future__ import annotations

import subprocess
import sys
import time

from budget.bench.cpu import TICKS, Stat, tree_seconds

PARENT, CHILD = 10, 20


def test_a_child_waited_for_between_the_readings_of_it_and_its_parent_is_counted_once() -> None:
    # the parent was read before it waited for its child; the child, gone, was not read
    ended_unseen = {PARENT: Stat(1, own=100, reaped=0)}
    after = {PARENT: Stat(1, own=101, reaped=50)}
    # the child was read alive, then waited for, then its parent read (a higher pid)
    both = {CHILD: Stat(PARENT, own=50, reaped=0), PARENT: Stat(1, own=100, reaped=50)}
    for first in (ended_unseen, both):
        scans = iter([first, after]).__next__
        now = {PARENT: after[PARENT], CHILD: None}
        seconds = tree_seconds({"server": PARENT}, stats=scans, stat=now.get)
        assert seconds == {"server": (101 + 50) / TICKS}


def test_a_quiet_tree_is_read_once() -> None:
    tree = {PARENT: Stat(1, own=100, reaped=7), CHILD: Stat(PARENT, own=30, reaped=0)}
    scans = 0

    def scan() -> dict[int, Stat]:
        nonlocal scans
        scans += 1
        return tree

    assert tree_seconds({"server": PARENT}, stats=scan, stat=tree.get) == {"server": 137 / TICKS}
    assert scans == 1


SPAWNER = """
import subprocess, sys
burn = "import time\\nend = time.process_time() + 0.03\\nwhile time.process_time() < end: pass"
while True:
    subprocess.run([sys.executable, "-c", burn], check=True)
"""


def test_the_cpu_of_a_tree_whose_children_come_and_go_never_goes_back() -> None:
    spawner = subprocess.Popen([sys.executable, "-c", SPAWNER])
    try:
        last, deadline = 0.0, time.monotonic() + 4
        while time.monotonic() < deadline:
            now = tree_seconds({"spawner": spawner.pid})["spawner"]
            assert now >= last, f"{now} s after {last} s"
            last = now
        assert last > 0.1  # children ran and were counted
    finally:
        spawner.kill()
        spawner.wait()
