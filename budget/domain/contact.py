"""How a provincial office reaches an LAO: its office phone, its e-mail and the officer
responsible for its records (the one a chase letter names). Part of the registry
(LocalAuthority.set_contact), recorded as an audited event; an LAO registered before any
contact was set simply has none (every field "")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from budget.domain.errors import InvalidInput

OFFICER_LENGTH = 200
PHONE_LENGTH = 60
EMAIL_LENGTH = 254
# Thai numbers as offices write them: "0 5311 2233", "053-112233 ต่อ 12", "+66 53 112 233",
# several separated by a comma or a slash. Digits, spaces, dashes, brackets; an extension
# after "ต่อ" or "ext".
_PHONE = re.compile(
    r"\+?[0-9][0-9 ()\-]*(?: ?(?:ต่อ|ext\.?) ?[0-9]{1,6})?"
    r"(?: ?[,/] ?\+?[0-9][0-9 ()\-]*(?: ?(?:ต่อ|ext\.?) ?[0-9]{1,6})?)*"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_NO_CONTROL = re.compile(r"[^\x00-\x1f\x7f]*")


@dataclass(frozen=True, slots=True)
class Contact:
    """An LAO's contact: any field may be "" (unknown), but a contact set names at least
    a phone or an e-mail."""

    officer: str = ""
    phone: str = ""
    email: str = ""

    @classmethod
    def tidy(cls, *, officer: str, phone: str, email: str) -> Contact:
        """The contact as given, its spaces trimmed (a file's reader then lists its
        `problems`)."""
        return cls(officer=" ".join(officer.split()), phone=phone.strip(), email=email.strip())

    @classmethod
    def checked(cls, *, officer: str, phone: str, email: str) -> Contact:
        """The tidy contact, or InvalidInput naming what is wrong with it."""
        contact = cls.tidy(officer=officer, phone=phone, email=email)
        contact.check()
        return contact

    def check(self) -> None:
        """InvalidInput naming the first thing wrong (see `problems`)."""
        for field, problem, problem_th in self.problems():
            raise InvalidInput(problem=f"{field}: {problem}", problem_th=problem_th)

    def problems(self) -> list[tuple[str, str, str]]:
        """Everything wrong with the contact: (field, what in English, in Thai)."""
        found = []
        if not (self.phone or self.email):
            found.append(
                (
                    "phone",
                    "a contact needs a phone number or an e-mail address",
                    "ข้อมูลติดต่อต้องมีหมายเลขโทรศัพท์หรืออีเมลอย่างน้อยหนึ่งอย่าง",
                )
            )
        if len(self.officer) > OFFICER_LENGTH or not _NO_CONTROL.fullmatch(self.officer):
            found.append(
                (
                    "officer",
                    f"a name of at most {OFFICER_LENGTH} characters on one line",
                    f"ผู้รับผิดชอบ: ชื่อบรรทัดเดียว ไม่เกิน {OFFICER_LENGTH} ตัวอักษร",
                )
            )
        digits = sum(c.isdigit() for c in self.phone)
        if self.phone and (
            len(self.phone) > PHONE_LENGTH or not _PHONE.fullmatch(self.phone) or digits < 9
        ):
            found.append(
                (
                    "phone",
                    f"{self.phone!r} is not a phone number (digits, spaces, dashes,"
                    ' brackets, a leading +, an extension after "ต่อ"; at least 9 digits)',
                    f"หมายเลขโทรศัพท์ {self.phone!r} ไม่ถูกต้อง (ตัวเลขอย่างน้อย 9 หลัก"
                    " เว้นวรรคหรือขีดได้ หมายเลขต่อหลังคำว่า ต่อ)",
                )
            )
        if self.email and (len(self.email) > EMAIL_LENGTH or not _EMAIL.fullmatch(self.email)):
            found.append(
                (
                    "email",
                    f"{self.email!r} is not an e-mail address",
                    f"อีเมล {self.email!r} ไม่ถูกต้อง",
                )
            )
        return found
