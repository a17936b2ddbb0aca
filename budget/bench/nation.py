"""Which LAOs a synthetic national year covers, and which template year each one copies.

A sample keeps whole provinces (so a province dashboard sees all of a province's LAOs,
as in production) spread over the country: provinces are taken in the order of a stable
hash of their code until the sample holds ``scale`` of the registry's LAOs. Every
province holds a PAO and a mix of municipalities and SAOs, so the type mix stays close
to the nation's.

Each authority type has a small pool of template LAOs (the first of that type in the
sample) whose years are recorded through the real commands; every LAO of the type copies
one of them, round robin, so a template's own LAO copies itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from budget.demo.draw import stable_hash
from budget.demo.specs import PROJECT_QUARTERS
from budget.domain.authority_types import AuthorityType
from budget.registry.records import AuthorityRecord

FISCAL_YEAR = 2570
TODAY = date(2027, 9, 30)  # the year's last day: the whole year is recorded
SEED = 2570
MEAN_PROJECTS = 150  # projects per LAO, over the national type mix


def sao_projects(records: Sequence[AuthorityRecord], mean: float = MEAN_PROJECTS) -> int:
    """DemoOptions.projects (an SAO's count) giving `mean` projects per LAO over `records`:
    bigger types get up to 2.5 times an SAO's."""
    factor = sum(PROJECT_QUARTERS[r.type] for r in records) / (4 * max(1, len(records)))
    return max(1, round(mean / factor))


def province_order(records: Sequence[AuthorityRecord]) -> list[str]:
    """Every province of `records`, in a stable order spread over the country."""
    return sorted({r.province_code for r in records}, key=stable_hash)


def select_authorities(
    records: Sequence[AuthorityRecord], scale: float, provinces: Sequence[str] = ()
) -> list[AuthorityRecord]:
    """The LAOs of `provinces`, or of whole provinces making up `scale` of `records`."""
    if not provinces:
        wanted = scale * len(records)
        counts: dict[str, int] = {}
        for record in records:
            counts[record.province_code] = counts.get(record.province_code, 0) + 1
        chosen: list[str] = []
        taken = 0
        for code in province_order(records):
            if taken >= wanted:
                break
            chosen.append(code)
            taken += counts[code]
        provinces = chosen
    keep = set(provinces)
    return [r for r in records if r.province_code in keep]


@dataclass(frozen=True, slots=True)
class Assignment:
    """The template LAOs, and for each LAO of the sample the template it copies."""

    templates: list[AuthorityRecord]
    template_of: dict[str, str]  # LAO code -> template LAO code


def assign_templates(sample: Sequence[AuthorityRecord], per_type: int) -> Assignment:
    """Up to `per_type` templates per authority type; LAOs share them round robin."""
    by_type: dict[AuthorityType, list[AuthorityRecord]] = {}
    for record in sample:
        by_type.setdefault(record.type, []).append(record)
    templates: list[AuthorityRecord] = []
    template_of: dict[str, str] = {}
    for records in by_type.values():
        pool = records[: max(1, per_type)]
        templates += pool
        for index, record in enumerate(records):
            template_of[record.code] = pool[index % len(pool)].code
    return Assignment(templates, template_of)
