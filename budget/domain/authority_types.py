"""The kinds of local authority (อปท.) and their Thai names."""

from budget.domain.worded import Worded


class AuthorityType(Worded):
    PAO = "pao", "องค์การบริหารส่วนจังหวัด"
    CITY_MUNICIPALITY = "city_municipality", "เทศบาลนคร"
    TOWN_MUNICIPALITY = "town_municipality", "เทศบาลเมือง"
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", "เทศบาลตำบล"
    SAO = "sao", "องค์การบริหารส่วนตำบล"
    BMA = "bma", "กรุงเทพมหานคร"
    PATTAYA = "pattaya", "เมืองพัทยา"

    @property
    def abbreviation_th(self) -> str:
        return _ABBREVIATIONS_TH[self]


_ABBREVIATIONS_TH = {
    AuthorityType.PAO: "อบจ.",
    AuthorityType.CITY_MUNICIPALITY: "ทน.",
    AuthorityType.TOWN_MUNICIPALITY: "ทม.",
    AuthorityType.SUBDISTRICT_MUNICIPALITY: "ทต.",
    AuthorityType.SAO: "อบต.",
    AuthorityType.BMA: "กทม.",
    AuthorityType.PATTAYA: "เมืองพัทยา",
}
