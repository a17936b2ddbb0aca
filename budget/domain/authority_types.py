"""The kinds of local authority (อปท.) and their Thai names."""

from enum import Enum


class AuthorityType(Enum):
    PAO = "pao"  # องค์การบริหารส่วนจังหวัด
    CITY_MUNICIPALITY = "city_municipality"  # เทศบาลนคร
    TOWN_MUNICIPALITY = "town_municipality"  # เทศบาลเมือง
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality"  # เทศบาลตำบล
    SAO = "sao"  # องค์การบริหารส่วนตำบล
    BMA = "bma"  # กรุงเทพมหานคร
    PATTAYA = "pattaya"  # เมืองพัทยา

    @property
    def name_th(self) -> str:
        return _NAMES_TH[self]

    @property
    def abbreviation_th(self) -> str:
        return _ABBREVIATIONS_TH[self]


_NAMES_TH = {
    AuthorityType.PAO: "องค์การบริหารส่วนจังหวัด",
    AuthorityType.CITY_MUNICIPALITY: "เทศบาลนคร",
    AuthorityType.TOWN_MUNICIPALITY: "เทศบาลเมือง",
    AuthorityType.SUBDISTRICT_MUNICIPALITY: "เทศบาลตำบล",
    AuthorityType.SAO: "องค์การบริหารส่วนตำบล",
    AuthorityType.BMA: "กรุงเทพมหานคร",
    AuthorityType.PATTAYA: "เมืองพัทยา",
}

_ABBREVIATIONS_TH = {
    AuthorityType.PAO: "อบจ.",
    AuthorityType.CITY_MUNICIPALITY: "ทน.",
    AuthorityType.TOWN_MUNICIPALITY: "ทม.",
    AuthorityType.SUBDISTRICT_MUNICIPALITY: "ทต.",
    AuthorityType.SAO: "อบต.",
    AuthorityType.BMA: "กทม.",
    AuthorityType.PATTAYA: "เมืองพัทยา",
}
