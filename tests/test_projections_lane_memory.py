"""A lane's peak memory is its own (budget/projections/fold.peak_mib): a process spawned by
fork and exec, as multiprocessing's spawn starts a lane, begins on Linux with getrusage's
`ru_maxrss` at its parent's resident memory, and a benchmark that generated a national
year before catching it up reported its lanes at 825 MiB where they peaked at 437."""

from __future__ import annotations

import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor

from budget.projections.fold import peak_mib

HELD_MIB = 256


def peaks() -> tuple[float, float]:
    """In the spawned process: its own peak, and getrusage's."""
    return peak_mib(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_spawned_process_s_peak_memory_is_its_own_not_its_parent_s() -> None:
    held = bytearray(HELD_MIB * 1024 * 1024)
    held[::4096] = b"\x01" * len(held[::4096])  # every page touched: resident
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        own, by_getrusage = pool.submit(peaks).result()
    assert by_getrusage >= HELD_MIB  # the parent's, kept across the exec
    assert own < HELD_MIB * 0.75  # an interpreter that imported the projections
    assert peak_mib() >= HELD_MIB  # this process's own peak holds what it held
    del held
