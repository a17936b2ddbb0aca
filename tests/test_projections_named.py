"""The audit log's role and event type as codes on PostgreSQL (tables/named.py): every
name the domain writes has a code of its own, and a code reads back as its name."""

from __future__ import annotations

import pytest

from budget.domain.access import Role
from budget.projections.tables.named import known_names, name_code, name_of
from tests.test_stored_topics import listed_topics


def test_every_stored_event_type_and_role_has_a_code_of_its_own() -> None:
    events = {
        topic.partition(":")[2] for topic in listed_topics() if "." in topic.partition(":")[2]
    }
    roles = {role.value for role in Role}
    names = set(known_names().values())
    assert events <= names
    assert roles | {""} <= names
    assert len({name_code(name) for name in names}) == len(names)  # no two names share one


def test_a_code_reads_back_as_its_name_and_an_unknown_code_is_refused() -> None:
    assert name_of(name_code("Project.Planned")) == "Project.Planned"
    assert name_of(name_code("lao_finance")) == "lao_finance"
    assert -(2**31) <= name_code("AnnualBudget.ExpenditureRecorded") < 2**31
    with pytest.raises(ValueError, match="no event type or role"):
        name_of(name_code("Project.NeverWritten"))
