"""The nation at a glance: the 77 provinces as a tile-grid map (one square each, placed
roughly where the province lies: the north on top, the northeast to the right, the
south's long tail below), each coloured by its disbursement against the target and
linking to the province's page. A tile grid needs no geometry; no package at hand in
the registries carries Thailand's province boundaries under an open licence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from budget.projections.queries.models import AreaProgress
from budget.registry import province_name_th

COLUMNS = 10
ROWS = 17
# province code: (row, column), the grid drawn by hand from the map of Thailand
PLACES: dict[str, tuple[int, int]] = {
    # the north
    "57": (0, 3),
    "58": (1, 1), "50": (1, 2), "56": (1, 3), "55": (1, 4),
    "51": (2, 2), "52": (2, 3), "54": (2, 4),
    "63": (3, 1), "64": (3, 2), "53": (3, 3),
    "62": (4, 1), "65": (4, 2), "66": (4, 3), "67": (4, 4),
    "61": (5, 1), "60": (5, 2),
    # the northeast
    "43": (2, 6), "38": (2, 7),
    "42": (3, 5), "41": (3, 6), "47": (3, 7), "48": (3, 8),
    "39": (4, 5), "40": (4, 6), "46": (4, 7), "49": (4, 8),
    "36": (5, 5), "44": (5, 6), "45": (5, 7), "35": (5, 8), "37": (5, 9),
    "30": (6, 5), "31": (6, 6), "32": (6, 7), "33": (6, 8), "34": (6, 9),
    # the centre, the west and the east
    "16": (5, 4),
    "71": (6, 0), "72": (6, 1), "18": (6, 2), "17": (6, 3), "19": (6, 4),
    "73": (7, 1), "15": (7, 2), "14": (7, 3), "26": (7, 4), "25": (7, 5), "27": (7, 6),
    "70": (8, 0), "74": (8, 1), "12": (8, 2), "13": (8, 3), "24": (8, 4),
    "76": (9, 0), "75": (9, 1), "10": (9, 2), "11": (9, 3), "20": (9, 4),
    "77": (10, 0), "21": (10, 4), "22": (10, 5), "23": (10, 6),
    # the south
    "86": (11, 1),
    "85": (12, 0), "84": (12, 1),
    "82": (13, 0), "81": (13, 1), "80": (13, 2),
    "83": (14, 0), "92": (14, 1), "93": (14, 2),
    "91": (15, 1), "90": (15, 2), "94": (15, 3),
    "95": (16, 3), "96": (16, 4),
}  # fmt: skip
ON_TARGET = Decimal(1)
NEAR_TARGET = Decimal("0.8")


@dataclass(frozen=True, slots=True)
class Tile:
    code: str
    name: str
    row: int  # 1-based, as CSS grid lines count
    column: int
    percent: Decimal | None  # disbursed, None where nothing is allocated
    target: Decimal | None
    standing: str  # good (on target), warn (within 80% of it), bad, none (no figures)


def standing(percent: Decimal | None, target: Decimal | None) -> str:
    """How a province stands against the target: on it, near it, or well below."""
    if percent is None:
        return "none"
    if target is None or target == 0:
        return "good"
    ratio = percent / target
    return "good" if ratio >= ON_TARGET else "warn" if ratio >= NEAR_TARGET else "bad"


def tiles(rows: Iterable[AreaProgress]) -> list[Tile]:
    """One tile per province, those without figures grey."""
    found = {r.key: r for r in rows}
    made = []
    for code, (row, column) in sorted(PLACES.items(), key=lambda p: p[1]):
        area = found.get(code)
        progress = area.progress if area is not None and area.progress.allocated > 0 else None
        percent = progress.disbursed_percent if progress else None
        target = progress.target_percent if progress else None
        made.append(
            Tile(
                code=code,
                name=area.name if area is not None else province_name_th(code),
                row=row + 1,
                column=column + 1,
                percent=percent,
                target=target,
                standing=standing(percent, target),
            )
        )
    return made


def placed_codes() -> Sequence[str]:
    return sorted(PLACES)
