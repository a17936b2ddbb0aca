"""A realistic registry of local authorities generated from Thailand's real geography.

No package lists the LAOs themselves, so for demos and benchmarks this module derives
them from the provinces, districts and subdistricts in ``geothai`` (offline data). The
result has the right shape and national totals; it is not DLA's list (import that with
``budget.registry.csv_import``).

Placement rules (a simplification of reality, kept together in this docstring and in the
constants right below it):

1. One PAO per province, except Bangkok (province 10), which is one BMA and nothing else.
2. Pattaya City sits in Chonburi's Bang Lamung district and covers its Nong Prue and Na
   Kluea subdistricts, which get no other authority.
3. A city municipality (เทศบาลนคร) for each of the 30 real ones: those of
   ``_CITY_PROVINCES`` in the seat subdistrict of the province's seat district (the
   district whose code ends in 01), named after the province; those of ``_OTHER_CITIES``
   in the subdistrict given, under their own name. The other province seats get a town
   municipality (เทศบาลเมือง) instead. Each covers its subdistrict alone.
4. Every other district's seat subdistrict (its first subdistrict by code) gets a
   municipality: a town municipality for a stable ``_TOWN_AT_DISTRICT_SEAT`` share of
   the districts, a subdistrict municipality (เทศบาลตำบล) otherwise. An SAO covers the
   rest of that subdistrict, except in a stable ``_WHOLE_SEAT_MUNICIPALITY`` share
   where the municipality covers it all.
5. Every other subdistrict has one SAO, except a stable ``_SUBDISTRICT_MUNICIPALITY``
   share that has a subdistrict municipality instead.

"Stable share" means a choice made by hashing the area's code (SHA-256), never by
``random``, so the same geography always gives the same registry. The shares are tuned
so the national totals come near the real ones (about 7,850 LAOs: 76 PAOs, 30 city,
195 town and 2,250 subdistrict municipalities, 5,300 SAOs, the BMA and Pattaya).

Codes: 8 characters ``TGGGGGGS``. ``T`` is the type digit (``_TYPE_DIGITS``: 1 PAO,
2 BMA, 3 Pattaya, 4 city, 5 town, 6 subdistrict municipality, 7 SAO); ``GGGGGG`` the
geothai code of the area the authority is placed in, padded right with zeros to six
digits (province ``50`` -> ``500000``, district ``2004`` -> ``200400``); ``S`` a sequence
digit, ``0`` for the first authority of that type in that area (the rules never place a
second). E.g. the Chiang Mai PAO is ``15000000``, the SAO of subdistrict 500102 is
``75001020``. A geothai code never ends in ``00``, so two areas never pad to the same
digits, and the rules place at most one authority of a type in an area: codes never
collide.
"""

import hashlib
from collections.abc import Iterable
from functools import cache

import geothai
from geothai.types import District, Province, Subdistrict

from budget.domain.authority_types import AuthorityType
from budget.domain.errors import NotFound
from budget.registry.records import AuthorityRecord

BANGKOK = "10"
PATTAYA_DISTRICT = "2004"
PATTAYA_SUBDISTRICTS = frozenset({"200402", "200408"})  # Nong Prue, Na Kluea

# Provinces whose seat is a city municipality (the others' seat is a town municipality).
_CITY_PROVINCES = frozenset(
    {
        "11",  # Samut Prakan
        "12",  # Nonthaburi
        "14",  # Phra Nakhon Si Ayutthaya
        "21",  # Rayong
        "30",  # Nakhon Ratchasima
        "34",  # Ubon Ratchathani
        "40",  # Khon Kaen
        "41",  # Udon Thani
        "47",  # Sakon Nakhon
        "50",  # Chiang Mai
        "52",  # Lampang
        "57",  # Chiang Rai
        "60",  # Nakhon Sawan
        "65",  # Phitsanulok
        "73",  # Nakhon Pathom
        "74",  # Samut Sakhon
        "80",  # Nakhon Si Thammarat
        "83",  # Phuket
        "84",  # Surat Thani
        "90",  # Songkhla
        "92",  # Trang
        "95",  # Yala
    }
)

# City municipalities outside a province seat: subdistrict code -> (Thai, English) name.
_OTHER_CITIES: dict[str, tuple[str, str]] = {
    "120601": ("ปากเกร็ด", "Pak Kret"),
    "130301": ("รังสิต", "Rangsit"),
    "200702": ("เจ้าพระยาสุรศักดิ์", "Chao Phraya Surasak"),
    "200703": ("แหลมฉบัง", "Laem Chabang"),
    "630601": ("แม่สอด", "Mae Sot"),
    "740202": ("อ้อมน้อย", "Om Noi"),
    "840401": ("เกาะสมุย", "Ko Samui"),
    "901101": ("หาดใหญ่", "Hat Yai"),
}

# Stable shares, in thousandths (see rules 4 and 5).
_TOWN_AT_DISTRICT_SEAT = 174
_WHOLE_SEAT_MUNICIPALITY = 350
_SUBDISTRICT_MUNICIPALITY = 254

# Where an authority is placed: its province and, below it, its district and subdistrict.
_Place = tuple[Province, District | None, Subdistrict | None]

_TYPE_DIGITS: dict[AuthorityType, str] = {
    AuthorityType.PAO: "1",
    AuthorityType.BMA: "2",
    AuthorityType.PATTAYA: "3",
    AuthorityType.CITY_MUNICIPALITY: "4",
    AuthorityType.TOWN_MUNICIPALITY: "5",
    AuthorityType.SUBDISTRICT_MUNICIPALITY: "6",
    AuthorityType.SAO: "7",
}

_NAMES_EN: dict[AuthorityType, str] = {
    AuthorityType.PAO: "{} PAO",
    AuthorityType.CITY_MUNICIPALITY: "{} City Municipality",
    AuthorityType.TOWN_MUNICIPALITY: "{} Town Municipality",
    AuthorityType.SUBDISTRICT_MUNICIPALITY: "{} Subdistrict Municipality",
    AuthorityType.SAO: "{} SAO",
    AuthorityType.BMA: "Bangkok Metropolitan Administration",
    AuthorityType.PATTAYA: "Pattaya City",
}


def authority_code(authority_type: AuthorityType, area_code: str, sequence: int = 0) -> str:
    """The stable 8-character code of an authority of a type placed in an area."""
    if len(area_code) not in (2, 4, 6) or not area_code.isdigit() or not 0 <= sequence <= 9:
        raise ValueError(f"cannot make a code for area {area_code!r}, sequence {sequence}")
    return f"{_TYPE_DIGITS[authority_type]}{area_code.ljust(6, '0')}{sequence}"


def province_name_th(code: str) -> str:
    """The Thai name of a province, e.g. ``"50"`` -> ``"เชียงใหม่"``."""
    return _province(code).name_th


def check_province(code: str) -> None:
    """NotFound for a code no province has (a report asked of a province that is none)."""
    try:
        _province(code)
    except (KeyError, ValueError):
        raise NotFound(what="Province", key=code) from None


def district_name_th(code: str) -> str:
    """The Thai name of a district, e.g. ``"5001"`` -> ``"เมืองเชียงใหม่"``; the code itself
    when geothai does not know it."""
    found = geothai.district(code) if code else None
    return found.name_th if found is not None else code


def generate_authorities(province_codes: Iterable[str] | None = None) -> list[AuthorityRecord]:
    """The generated authorities of the given provinces (all 77 by default), sorted by code.

    Raises:
        ValueError: if a province code is not one of geothai's.
    """
    if isinstance(province_codes, str):
        raise TypeError("province_codes is a collection of codes, not one code")
    codes = [p.code for p in geothai.provinces()] if province_codes is None else set(province_codes)
    unknown = sorted(c for c in codes if geothai.province(c) is None)
    if unknown:
        raise ValueError(f"unknown province codes: {', '.join(unknown)}")
    records = [r for code in codes for r in _province_authorities(code)]
    return sorted(records, key=lambda r: r.code)


def authorities_of_province(code: str) -> list[AuthorityRecord]:
    """The generated authorities of one province, sorted by code."""
    return generate_authorities([code])


def _province(code: str) -> Province:
    found = geothai.province(code)
    if found is None:
        raise ValueError(f"unknown province code {code!r}")
    return found


@cache
def _province_authorities(code: str) -> tuple[AuthorityRecord, ...]:
    province = _province(code)
    if code == BANGKOK:
        return (_record(AuthorityType.BMA, (province, None, None), "", ""),)
    records = [
        _record(AuthorityType.PAO, (province, None, None), province.name_th, province.name_en)
    ]
    for district in geothai.districts(code):
        if district.code == PATTAYA_DISTRICT:
            records.append(_record(AuthorityType.PATTAYA, (province, district, None), "", ""))
        records.extend(_district_authorities(province, district))
    return tuple(records)


def _district_authorities(province: Province, district: District) -> list[AuthorityRecord]:
    records: list[AuthorityRecord] = []
    subdistricts = geothai.subdistricts(district.code)
    seat = subdistricts[0]
    for subdistrict in subdistricts:
        if subdistrict.code in PATTAYA_SUBDISTRICTS:
            continue
        located = (province, district, subdistrict)
        if subdistrict.code in _OTHER_CITIES:
            name_th, name_en = _OTHER_CITIES[subdistrict.code]
            records.append(_record(AuthorityType.CITY_MUNICIPALITY, located, name_th, name_en))
        elif subdistrict.code == seat.code and district.code.endswith("01"):
            seat_type = (
                AuthorityType.CITY_MUNICIPALITY
                if province.code in _CITY_PROVINCES
                else AuthorityType.TOWN_MUNICIPALITY
            )
            records.append(_record(seat_type, located, province.name_th, province.name_en))
        elif subdistrict.code == seat.code:
            records.extend(_district_seat_authorities(province, district, subdistrict))
        else:
            records.append(_subdistrict_authority(province, district, subdistrict))
    return records


def _district_seat_authorities(
    province: Province, district: District, seat: Subdistrict
) -> list[AuthorityRecord]:
    municipality_type = (
        AuthorityType.TOWN_MUNICIPALITY
        if _in_share("town", district.code, _TOWN_AT_DISTRICT_SEAT)
        else AuthorityType.SUBDISTRICT_MUNICIPALITY
    )
    located = (province, district, seat)
    records = [_record(municipality_type, located, seat.name_th, seat.name_en)]
    if not _in_share("whole", seat.code, _WHOLE_SEAT_MUNICIPALITY):
        records.append(_record(AuthorityType.SAO, located, seat.name_th, seat.name_en))
    return records


def _subdistrict_authority(
    province: Province, district: District, subdistrict: Subdistrict
) -> AuthorityRecord:
    authority_type = (
        AuthorityType.SUBDISTRICT_MUNICIPALITY
        if _in_share("municipality", subdistrict.code, _SUBDISTRICT_MUNICIPALITY)
        else AuthorityType.SAO
    )
    located = (province, district, subdistrict)
    return _record(authority_type, located, subdistrict.name_th, subdistrict.name_en)


def _in_share(rule: str, code: str, per_thousand: int) -> bool:
    """Whether an area falls in a rule's share: stable, and independent between rules."""
    digest = hashlib.sha256(f"{rule}:{code}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 1000 < per_thousand


def _record(
    authority_type: AuthorityType,
    located: _Place,
    place_th: str,
    place_en: str,
) -> AuthorityRecord:
    """``place_th``/``place_en`` name the place (empty for the BMA and Pattaya, named by type)."""
    province, district, subdistrict = located
    area = subdistrict or district or province
    return AuthorityRecord(
        code=authority_code(authority_type, area.code),
        name_th=authority_type.name_th + place_th,
        name_en=_NAMES_EN[authority_type].format(place_en),
        type=authority_type,
        province_code=province.code,
        district_code=district.code if district else "",
        subdistrict_code=subdistrict.code if subdistrict else "",
    )
