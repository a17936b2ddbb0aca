"""LocalAuthority: an LAO in the registry, with its names, type, district and mergers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from budget.domain.access import Actor
from budget.domain.authority_types import AuthorityType
from budget.domain.checks import check_given
from budget.domain.contact import Contact
from budget.domain.errors import AuthorityMerged, InvalidInput
from budget.domain.ids import authority_id
from budget.domain.oversight import check_district_of, overseeing_district


class LocalAuthority(Aggregate):
    @staticmethod
    def create_id(code: str) -> UUID:
        return authority_id(code)

    @classmethod
    def register(
        cls,
        *,
        code: str,
        name_th: str,
        name_en: str,
        type: AuthorityType,
        province_code: str,
        district_code: str = "",
        subdistrict_code: str = "",
        actor: Actor,
        business_date: date,
    ) -> LocalAuthority:
        if not code.strip() or not name_th.strip():
            raise InvalidInput(
                problem="a local authority needs a code and a Thai name",
                problem_th="อปท. ต้องมีรหัสและชื่อภาษาไทย",
            )
        check_given(
            province_code,
            problem="a local authority needs a province",
            problem_th="อปท. ต้องระบุจังหวัด",
        )
        created: LocalAuthority = cls(
            code=code.strip(),
            name_th=name_th.strip(),
            name_en=name_en.strip(),
            type=type,
            province_code=province_code,
            district_code=district_code,
            subdistrict_code=subdistrict_code,
            actor=actor,
            business_date=business_date,
        )
        return created

    @event("Registered")
    def __init__(
        self,
        *,
        code: str,
        name_th: str,
        name_en: str,
        type: AuthorityType,
        province_code: str,
        district_code: str,
        subdistrict_code: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.code = code
        self.name_th = name_th
        self.name_en = name_en
        self.type = type
        self.province_code = province_code
        self.district_code = district_code
        self.subdistrict_code = subdistrict_code
        self.merged_into = ""
        self.contact = Contact()  # none until one is set (every history before ContactSet)

    @property
    def is_active(self) -> bool:
        return not self.merged_into

    def check_active(self) -> None:
        if self.merged_into:
            raise AuthorityMerged(code=self.code, merged_into=self.merged_into)

    def rename(self, *, name_th: str, name_en: str, actor: Actor, business_date: date) -> None:
        self.check_active()
        check_given(
            name_th, problem="the Thai name cannot be empty", problem_th="ชื่อภาษาไทยต้องไม่ว่าง"
        )
        self._renamed(
            name_th=name_th.strip(),
            name_en=name_en.strip(),
            actor=actor,
            business_date=business_date,
        )

    @event("Renamed")
    def _renamed(self, name_th: str, name_en: str, actor: Actor, business_date: date) -> None:
        self.name_th = name_th
        self.name_en = name_en

    def change_type(
        self, *, new_type: AuthorityType, reason: str, actor: Actor, business_date: date
    ) -> None:
        """An upgrade (SAO to subdistrict municipality, ...) from `business_date`."""
        self.check_active()
        if new_type is self.type:
            raise InvalidInput(
                problem=f"the authority is already of type {new_type.value}",
                problem_th=f"อปท. เป็นประเภท{new_type.name_th}อยู่แล้ว",
            )
        self._type_changed(
            old_type=self.type,
            new_type=new_type,
            reason=reason,
            actor=actor,
            business_date=business_date,
        )

    @event("TypeChanged")
    def _type_changed(
        self,
        old_type: AuthorityType,
        new_type: AuthorityType,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.type = new_type

    def place_in_district(
        self, *, district_code: str, reason: str, actor: Actor, business_date: date
    ) -> None:
        """The district (อำเภอ) the LAO lies in, where the registry lacks it (DLA's list
        imported without one) or a district's boundary moved. Its district office oversees
        it from then on if it is an SAO or a subdistrict municipality (SAO Act B.E. 2537
        s. 90, Municipality Act B.E. 2496 s. 71; budget/domain/oversight.py). A PAO and the
        BMA lie in no district. The Registered event keeps what was first recorded."""
        self.check_active()
        check_district_of(self.type, self.province_code, district_code)
        if district_code == self.district_code:
            raise InvalidInput(
                problem=f"the authority already lies in district {district_code}",
                problem_th=f"อปท. อยู่ในอำเภอรหัส {district_code} อยู่แล้ว",
            )
        if self.district_code and not reason.strip():
            raise InvalidInput(
                problem="say why the authority moves to another district",
                problem_th="ต้องระบุเหตุผลที่ย้าย อปท. ไปอยู่อำเภออื่น",
            )
        self._placed_in_district(
            district_code=district_code,
            previous_district_code=self.district_code,
            reason=reason.strip(),
            actor=actor,
            business_date=business_date,
        )

    @event("PlacedInDistrict")
    def _placed_in_district(
        self,
        district_code: str,
        previous_district_code: str,
        reason: str,
        actor: Actor,
        business_date: date,
    ) -> None:
        self.district_code = district_code

    @property
    def overseeing_district(self) -> str:
        """The district whose office oversees this LAO now ("" for none)."""
        return overseeing_district(self.type, self.district_code)

    def merge_into(self, *, successor_code: str, actor: Actor, business_date: date) -> None:
        self.check_active()
        if successor_code == self.code:
            raise InvalidInput(
                problem="an authority cannot merge into itself", problem_th="อปท. ควบรวมกับตัวเองไม่ได้"
            )
        self._merged(successor_code=successor_code, actor=actor, business_date=business_date)

    @event("Merged")
    def _merged(self, successor_code: str, actor: Actor, business_date: date) -> None:
        self.merged_into = successor_code

    def set_contact(self, *, contact: Contact, actor: Actor, business_date: date) -> None:
        """Its office phone, e-mail and responsible officer, as the provincial office
        chases it (replacing the contact set before); the same contact again is refused:
        nothing would change."""
        self.check_active()
        contact.check()
        if contact == self.contact:
            raise InvalidInput(
                problem="the contact is already so: nothing to change",
                problem_th="ข้อมูลติดต่อเป็นเช่นนี้อยู่แล้ว ไม่มีอะไรเปลี่ยน",
            )
        self._contact_set(
            officer=contact.officer,
            phone=contact.phone,
            email=contact.email,
            actor=actor,
            business_date=business_date,
        )

    @event("ContactSet")
    def _contact_set(
        self, officer: str, phone: str, email: str, actor: Actor, business_date: date
    ) -> None:
        self.contact = Contact(officer=officer, phone=phone, email=email)

    def __repr__(self) -> str:
        return f"LocalAuthority({self.code!r}, {self.name_th!r}, {self.type.value})"
