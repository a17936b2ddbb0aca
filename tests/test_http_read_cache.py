"""Read answers are kept per views position: computed once while the views stay put,
computed again once they move on, never kept for a position older than the kept one."""

from __future__ import annotations

from budget.http.read_cache import ReadCache


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def test_one_computation_per_key_while_the_views_stay_at_one_position() -> None:
    cache, compute = ReadCache(), Counter()
    assert [cache.answer(7, "national", compute) for _ in range(3)] == [1, 1, 1]
    assert cache.answer(7, "province 50", compute) == 2
    assert compute.calls == 2


def test_a_later_position_drops_every_kept_answer() -> None:
    cache, compute = ReadCache(), Counter()
    cache.answer(7, "national", compute)
    assert cache.answer(8, "national", compute) == 2
    assert cache.answer(8, "national", compute) == 2


def test_an_older_position_is_answered_but_not_kept() -> None:
    cache, compute = ReadCache(), Counter()
    cache.answer(8, "national", compute)
    assert cache.answer(7, "national", compute) == 2  # a slower reader: computed afresh
    assert cache.answer(7, "national", compute) == 3
    assert cache.answer(8, "national", compute) == 1  # the position's answer still kept


def test_the_least_recently_used_answer_goes_first() -> None:
    cache, compute = ReadCache(size=2), Counter()
    cache.answer(1, "a", compute)  # 1
    cache.answer(1, "b", compute)  # 2
    cache.answer(1, "a", compute)  # kept: "b" is now the least recently used
    cache.answer(1, "c", compute)  # 3, drops "b"
    assert cache.answer(1, "a", compute) == 1
    assert cache.answer(1, "b", compute) == 4
