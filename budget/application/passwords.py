"""Password hashing (argon2id): the store keeps hashes, never passwords."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from budget.domain.errors import InvalidInput

MIN_LENGTH = 8  # for passwords people choose (the demo's "demo" is set by the system)
MAX_LENGTH = 1024


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # argon2id with the library's (RFC 9106) parameters


def hash_password(password: str) -> str:
    if not password or len(password) > MAX_LENGTH:
        raise InvalidInput(
            problem=f"a password has 1 to {MAX_LENGTH} characters",
            problem_th=f"รหัสผ่านยาว 1 ถึง {MAX_LENGTH} ตัวอักษร",
        )
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if `password` is the one `password_hash` was made from."""
    if not password_hash or len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_DUMMY: list[str] = []


def spend_verification_time(password: str) -> None:
    """As long as a real check: an unknown username is not told apart by timing."""
    if not _DUMMY:
        _DUMMY.append(hash_password("not a password of anyone"))
    verify_password(_DUMMY[0], password[:MAX_LENGTH])


def check_chosen_password(password: str) -> None:
    """The policy for a password a person chooses."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(
            problem=f"a password needs at least {MIN_LENGTH} characters",
            problem_th=f"รหัสผ่านต้องยาวอย่างน้อย {MIN_LENGTH} ตัวอักษร",
        )
    if len(password) > MAX_LENGTH or password.strip() != password:
        raise InvalidInput(
            problem=f"a password has at most {MAX_LENGTH} characters and no spaces around it",
            problem_th=f"รหัสผ่านยาวไม่เกิน {MAX_LENGTH} ตัวอักษร และไม่มีช่องว่างหน้าหรือหลัง",
        )
