"""One local authority (อปท.) of the registry, as plain data."""

from dataclasses import dataclass

from budget.domain.authority_types import AuthorityType
from budget.domain.contact import Contact


@dataclass(frozen=True, slots=True)
class AuthorityRecord:
    """A local authority and where it is.

    The geography codes are geothai's (DOPA's): ``province_code`` has 2 digits,
    ``district_code`` 4 and ``subdistrict_code`` 6. A PAO or the BMA has neither a
    district nor a subdistrict (``""``); an authority that spans several subdistricts
    (Pattaya City) has its district and no subdistrict. ``contact``: how to reach it,
    where the list gives it (set on registration, changed by a later import).
    """

    code: str
    name_th: str
    name_en: str
    type: AuthorityType
    province_code: str
    district_code: str
    subdistrict_code: str
    contact: Contact | None = None


def _type_key(text: str) -> str:
    return "".join(text.split()).rstrip(".").casefold()


_TYPES_BY_TEXT: dict[str, AuthorityType] = {
    _type_key(text): authority_type
    for authority_type in AuthorityType
    for text in (authority_type.value, authority_type.abbreviation_th, authority_type.name_th)
}


def parse_authority_type(text: str) -> AuthorityType | None:
    """Reads an authority type as people write it, or ``None`` if it is not one.

    Accepts the enum value (``sao``, any case), the Thai abbreviation (``อบต.``, with or
    without the final dot) and the full Thai name (``องค์การบริหารส่วนตำบล``). Spaces
    do not matter.
    """
    return _TYPES_BY_TEXT.get(_type_key(text))
