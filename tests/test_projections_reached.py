"""The views' position in a process and the writes waiting for it (projections/reached.py):
each waiter woken once, when the position reaches its own, and no other."""

from __future__ import annotations

import threading
import time

from budget.projections.reached import Reached


def _waiting(reached: Reached, count: int, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while reached.waiting != count:
        assert time.monotonic() < deadline, f"{reached.waiting} waiting, not {count}"
        time.sleep(0.005)


def test_a_position_reached_already_is_not_waited_for() -> None:
    reached = Reached()
    reached.publish(7)
    assert reached.wait_for(7, timeout=0)
    assert reached.wait_for(3, timeout=0)
    assert reached.waiting == 0


def test_the_position_never_moves_back() -> None:
    reached = Reached()
    reached.publish(9)
    reached.publish(4)
    assert reached.position == 9


def test_a_batch_wakes_only_the_waiters_whose_position_it_reached() -> None:
    reached = Reached()
    woken: dict[int, bool] = {}

    def wait(position: int) -> None:
        woken[position] = reached.wait_for(position, timeout=10)

    threads = [threading.Thread(target=wait, args=(p,)) for p in range(1, 21)]
    for thread in threads:
        thread.start()
    _waiting(reached, 20)

    reached.publish(5)
    for thread in threads[:5]:
        thread.join(5)
    assert sorted(woken) == [1, 2, 3, 4, 5]
    assert reached.waiting == 15  # the others sleep on: not woken to find themselves short

    reached.publish(20)
    for thread in threads:
        thread.join(5)
    assert woken == dict.fromkeys(range(1, 21), True)
    assert reached.waiting == 0


def test_a_waiter_that_gives_up_is_forgotten() -> None:
    reached = Reached()
    assert not reached.wait_for(3, timeout=0.05)
    assert reached.waiting == 0
    reached.publish(3)
    assert reached.wait_for(3, timeout=0)


def test_waiters_for_the_same_position_are_all_woken() -> None:
    reached = Reached()
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(reached.wait_for(4, timeout=10)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    _waiting(reached, 3)
    reached.publish(4)
    for thread in threads:
        thread.join(5)
    assert results == [True, True, True]
