"""An LAO's contact (office phone, e-mail, the responsible officer): set and changed as
audited events of the registry, checked, and given by DLA's list when it has them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from budget.application import BudgetOffice
from budget.application.commands import MergeAuthority, RegisterAuthority, SetAuthorityContact
from budget.domain.contact import Contact
from budget.domain.errors import DomainError
from tests.builders import ADMIN, AUDITOR, FINANCE, LAO, OTHER_LAO, memory_office, record
from tests.builders import refused as refused_by

SOMSRI = {"officer": "นางสมศรี ใจดี", "phone": "0 5311 2233 ต่อ 12", "email": "saraban@example.go.th"}


def registered() -> BudgetOffice:
    office = memory_office()
    office.execute(
        RegisterAuthority(authority=record(), business_date=date(2026, 8, 1)), actor=ADMIN
    )
    return office


def test_an_lao_registered_without_a_contact_has_none() -> None:
    office = registered()
    assert office.authority(LAO).contact == Contact()


def test_a_contact_is_set_then_changed_and_the_history_keeps_the_first() -> None:
    office = registered()
    office.execute(
        SetAuthorityContact(code=LAO, **SOMSRI, business_date=date(2026, 9, 1)), actor=ADMIN
    )
    office.execute(
        SetAuthorityContact(code=LAO, officer="นายสมชาย มีสุข", phone="053-112234"), actor=ADMIN
    )
    authority = office.authority(LAO)
    assert authority.contact == Contact(officer="นายสมชาย มีสุข", phone="053-112234")
    first = office.as_of(authority.id, version=2, actor=AUDITOR)
    assert first.contact == Contact(**SOMSRI)
    event = office.history(authority.id, actor=AUDITOR)[1]
    assert (event.business_date, event.details["phone"]) == (date(2026, 9, 1), SOMSRI["phone"])


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ({"officer": "นางสมศรี ใจดี"}, "needs a phone number or an e-mail"),
        ({"phone": "=HYPERLINK(1)"}, "is not a phone number"),
        ({"phone": "1669"}, "is not a phone number"),  # too few digits to call an office
        ({"email": "saraban at example.go.th"}, "is not an e-mail address"),
        ({"email": "saraban@localhost"}, "is not an e-mail address"),
    ],
)
def test_a_contact_no_one_can_use_is_refused(given: dict[str, str], why: str) -> None:
    office = registered()
    position = office.recorder.max_notification_id()
    with pytest.raises(DomainError, match=why) as raised:
        office.execute(SetAuthorityContact(code=LAO, **given), actor=ADMIN)
    assert raised.value.code == "invalid_input"
    assert office.recorder.max_notification_id() == position


def test_the_same_contact_again_records_nothing() -> None:
    office = registered()
    office.execute(SetAuthorityContact(code=LAO, **SOMSRI), actor=ADMIN)
    padded = {**SOMSRI, "phone": f"  {SOMSRI['phone']} "}
    with refused_by(office, "invalid_input"):
        office.execute(SetAuthorityContact(code=LAO, **padded), actor=ADMIN)


def test_only_administrators_set_a_contact_of_an_lao_not_merged_away() -> None:
    office = registered()
    with refused_by(office, "not_permitted"):
        office.execute(SetAuthorityContact(code=LAO, **SOMSRI), actor=FINANCE)
    office.execute(RegisterAuthority(authority=record(OTHER_LAO)), actor=ADMIN)
    office.execute(MergeAuthority(code=LAO, into=OTHER_LAO), actor=ADMIN)
    with refused_by(office, "authority_merged"):
        office.execute(SetAuthorityContact(code=LAO, **SOMSRI), actor=ADMIN)


def test_a_list_with_contacts_sets_them_once_and_changes_them_when_it_changes() -> None:
    office = memory_office()
    given = replace(record(), contact=Contact(**SOMSRI))
    plain = record(OTHER_LAO)
    done = office.import_authorities([given, plain], actor=ADMIN)
    assert (done.new, done.contacts) == (2, 0)  # set on registration
    assert office.authority(LAO).contact == Contact(**SOMSRI)
    assert office.authority(OTHER_LAO).contact == Contact()
    position = office.recorder.max_notification_id()
    again = office.import_authorities([given, plain], actor=ADMIN)
    assert (again.new, again.contacts) == (0, 0)
    assert office.recorder.max_notification_id() == position
    moved = replace(given, contact=Contact(**{**SOMSRI, "phone": "0 5311 9999"}))
    changed = office.import_authorities([moved, plain], actor=ADMIN)
    assert (changed.new, changed.contacts) == (0, 1)
    assert office.authority(LAO).contact.phone == "0 5311 9999"
    assert office.recorder.max_notification_id() == position + 1
