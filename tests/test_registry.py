"""The registry of local authorities: generated from geothai, or imported from DLA's CSV."""

import csv
import io
from collections import Counter
from pathlib import Path

import geothai
import pytest

from budget.domain.authority_types import AuthorityType
from budget.registry import (
    AuthorityImportError,
    AuthorityRecord,
    ImportProblem,
    authorities_of_province,
    authority_code,
    generate_authorities,
    parse_authority_type,
    province_name_th,
    read_authorities_csv,
)

T = AuthorityType


@pytest.fixture(scope="module")
def national() -> list[AuthorityRecord]:
    return generate_authorities()


# --- generated from the geography ---------------------------------------------------------


def test_every_province_but_bangkok_has_one_pao(national: list[AuthorityRecord]) -> None:
    paos = Counter(r.province_code for r in national if r.type is T.PAO)
    provinces = {p.code for p in geothai.provinces()} - {"10"}
    assert set(paos) == provinces
    assert set(paos.values()) == {1}
    assert all(r.district_code == r.subdistrict_code == "" for r in national if r.type is T.PAO)


def test_bangkok_is_one_bma_and_nothing_else(national: list[AuthorityRecord]) -> None:
    in_bangkok = [r for r in national if r.province_code == "10"]
    assert [(r.type, r.name_th, r.district_code) for r in in_bangkok] == [
        (T.BMA, "กรุงเทพมหานคร", "")
    ]
    assert [r for r in national if r.type is T.BMA] == in_bangkok


def test_pattaya_exists_once_and_alone_in_its_subdistricts(
    national: list[AuthorityRecord],
) -> None:
    pattaya = [r for r in national if r.type is T.PATTAYA]
    assert [(r.name_th, r.province_code, r.district_code) for r in pattaya] == [
        ("เมืองพัทยา", "20", "2004")
    ]
    covered = {r.subdistrict_code for r in national}
    assert not covered & {"200402", "200408"}  # Nong Prue and Na Kluea
    assert {"200401", "200403"} <= covered


def test_national_totals_are_near_the_real_figures(national: list[AuthorityRecord]) -> None:
    totals = Counter(r.type for r in national)
    shown = {t.value: totals[t] for t in AuthorityType}
    print(f"\n{len(national)} authorities: {shown}")  # noqa: T201 - shown with pytest -s
    assert 7_700 <= len(national) <= 8_000
    assert totals[T.PAO] == 76
    assert totals[T.BMA] == totals[T.PATTAYA] == 1
    assert totals[T.CITY_MUNICIPALITY] == 30
    assert 180 <= totals[T.TOWN_MUNICIPALITY] <= 210
    assert 2_150 <= totals[T.SUBDISTRICT_MUNICIPALITY] <= 2_350
    assert 5_150 <= totals[T.SAO] <= 5_450


def test_codes_are_unique_eight_characters_and_stable_across_calls(
    national: list[AuthorityRecord],
) -> None:
    codes = [r.code for r in national]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 8 and c.isdigit() for c in codes)
    assert generate_authorities() == national
    assert codes == sorted(codes)


def test_codes_follow_the_documented_scheme() -> None:
    assert authority_code(T.PAO, "50") == "15000000"
    assert authority_code(T.SAO, "500102") == "75001020"
    assert authority_code(T.PATTAYA, "2004") == "32004000"
    with pytest.raises(ValueError, match="cannot make a code"):
        authority_code(T.SAO, "5001023")


def test_one_province_filter_gives_exactly_that_province(
    national: list[AuthorityRecord],
) -> None:
    chiang_mai = generate_authorities(["50"])
    assert chiang_mai == [r for r in national if r.province_code == "50"]
    assert chiang_mai == authorities_of_province("50")
    assert {r.province_code for r in generate_authorities(["50", "20"])} == {"50", "20"}


def test_an_unknown_province_is_refused() -> None:
    with pytest.raises(ValueError, match="99"):
        generate_authorities(["50", "99"])
    with pytest.raises(TypeError):
        generate_authorities("50")


def test_each_province_seat_has_one_city_or_town_municipality(
    national: list[AuthorityRecord],
) -> None:
    seats = {
        d.code for p in geothai.provinces() if p.code != "10" for d in geothai.districts(p.code)[:1]
    }
    big = {T.CITY_MUNICIPALITY, T.TOWN_MUNICIPALITY}
    in_seat_subdistricts = Counter(
        r.district_code for r in national if r.type in big and r.subdistrict_code.endswith("01")
    )
    assert all(in_seat_subdistricts[d] == 1 for d in seats)


def test_known_cities_are_city_municipalities(national: list[AuthorityRecord]) -> None:
    cities = {r.name_th for r in national if r.type is T.CITY_MUNICIPALITY}
    for name in ("เชียงใหม่", "หาดใหญ่", "ปากเกร็ด", "นครราชสีมา", "ภูเก็ต", "สงขลา"):
        assert f"เทศบาลนคร{name}" in cities
    assert "เทศบาลเมืองชลบุรี" in {r.name_th for r in national if r.type is T.TOWN_MUNICIPALITY}


def test_every_subdistrict_outside_bangkok_and_pattaya_has_an_authority(
    national: list[AuthorityRecord],
) -> None:
    covered = {r.subdistrict_code for r in national}
    expected = {
        s.code
        for p in geothai.provinces()
        if p.code != "10"
        for d in geothai.districts(p.code)
        for s in geothai.subdistricts(d.code)
    } - {"200402", "200408"}
    assert covered - {""} == expected


def test_records_sit_in_real_nested_areas(national: list[AuthorityRecord]) -> None:
    for r in national:
        if r.subdistrict_code:
            assert r.subdistrict_code[:4] == r.district_code
            assert geothai.subdistrict(r.subdistrict_code) is not None
        if r.district_code:
            assert r.district_code[:2] == r.province_code


def test_names_say_the_type_and_the_place(national: list[AuthorityRecord]) -> None:
    by_code = {r.code: r for r in national}
    pao = by_code[authority_code(T.PAO, "50")]
    assert (pao.name_th, pao.name_en) == ("องค์การบริหารส่วนจังหวัดเชียงใหม่", "Chiang Mai PAO")
    for r in national:
        assert r.name_th.startswith(r.type.name_th)
    sao = next(r for r in national if r.type is T.SAO)
    place = geothai.subdistrict(sao.subdistrict_code)
    assert place is not None
    assert sao.name_th == f"องค์การบริหารส่วนตำบล{place.name_th}"
    assert sao.name_en == f"{place.name_en} SAO"
    assert province_name_th("50") == "เชียงใหม่"


# --- imported from CSV --------------------------------------------------------------------

HEADER = "code,name_th,name_en,type,province_code,district_code,subdistrict_code\n"
GOOD_ROWS = (
    "6500101,องค์การบริหารส่วนตำบลสุเทพ,Suthep SAO,sao,50,5001,500102\n"
    "5500102,เทศบาลตำบลหนองหอย,,ทต.,50,5001,500110\n"
    "1500000,องค์การบริหารส่วนจังหวัดเชียงใหม่,Chiang Mai PAO,อบจ.,50,,\n"
    "2100000,กรุงเทพมหานคร,Bangkok,กทม.,10,,\n"
)


def write(tmp_path: Path, text: str, *, bom: bool = False) -> Path:
    path = tmp_path / "laos.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def problems_of(source: Path | io.StringIO) -> list[str]:
    with pytest.raises(AuthorityImportError) as caught:
        read_authorities_csv(source)
    return [str(p) for p in caught.value.problems]


def test_a_good_file_imports(tmp_path: Path) -> None:
    records = read_authorities_csv(write(tmp_path, HEADER + GOOD_ROWS))
    assert [r.type for r in records] == [T.SAO, T.SUBDISTRICT_MUNICIPALITY, T.PAO, T.BMA]
    assert records[0] == AuthorityRecord(
        "6500101", "องค์การบริหารส่วนตำบลสุเทพ", "Suthep SAO", T.SAO, "50", "5001", "500102"
    )
    assert records[1].name_en == ""


def test_a_file_with_a_bom_imports_from_a_path_or_a_stream(tmp_path: Path) -> None:
    from_path = read_authorities_csv(write(tmp_path, HEADER + GOOD_ROWS, bom=True))
    from_stream = read_authorities_csv(io.StringIO("\ufeff" + HEADER + GOOD_ROWS))
    assert from_path == from_stream
    assert len(from_path) == 4


def test_a_bad_file_reports_each_bad_row_by_line_and_returns_nothing(tmp_path: Path) -> None:
    text = (
        HEADER
        + "6500101,องค์การบริหารส่วนตำบลสุเทพ,,sao,50,5001,500102\n"  # line 2: fine
        + ",องค์การบริหารส่วนตำบลx,,sao,50,,\n"  # line 3
        + "\n"  # line 4: blank, skipped but counted
        + "6500199,องค์การบริหารส่วนตำบลy,,xyz,99,,\n"  # line 5
        + '6500198,"two\nlines",,sao,50,5001,840503\n'  # lines 6-7
        + "6500197,ok,,sao,50,2004,\n"  # line 8
        + "6500196,ok,,sao,50\n"  # line 9
    )
    assert problems_of(write(tmp_path, text)) == [
        "line 3: code: is empty",
        "line 5: type: unknown authority type 'xyz'",
        "line 5: province_code: unknown province code '99'",
        "line 6: subdistrict_code: subdistrict 840503 is not in district 5001",
        "line 8: district_code: district 2004 is not in province 50",
        "line 9: 5 fields, but the header has 7",
    ]


def test_the_error_lists_its_problems_one_per_line() -> None:
    error = AuthorityImportError(
        [ImportProblem(7, "type", "unknown authority type 'xyz'"), ImportProblem(1, None, "x")]
    )
    assert str(error) == "line 7: type: unknown authority type 'xyz'\nline 1: x"


def test_a_duplicate_code_is_reported_on_its_second_occurrence(tmp_path: Path) -> None:
    text = HEADER + GOOD_ROWS + "6500101,องค์การบริหารส่วนตำบลอื่น,,อบต.,50,5001,500103\n"
    assert problems_of(write(tmp_path, text)) == [
        "line 6: code: duplicate code '6500101' (first on line 2)"
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("อบต.", T.SAO),
        ("อบต", T.SAO),
        ("ทต.", T.SUBDISTRICT_MUNICIPALITY),
        ("ทม.", T.TOWN_MUNICIPALITY),
        ("ทน.", T.CITY_MUNICIPALITY),
        ("อบจ.", T.PAO),
        ("กทม.", T.BMA),
        ("เมืองพัทยา", T.PATTAYA),
        ("เทศบาลนคร", T.CITY_MUNICIPALITY),
        ("องค์การบริหารส่วนตำบล", T.SAO),
        ("SAO", T.SAO),
        ("town_municipality", T.TOWN_MUNICIPALITY),
    ],
)
def test_types_are_read_as_people_write_them(written: str, expected: AuthorityType) -> None:
    assert parse_authority_type(written) is expected
    place = {T.PAO: "50,,", T.BMA: "10,,"}.get(expected, "20,2004,")
    row = f"X1,ชื่อ,,{written},{place}\n"
    assert read_authorities_csv(io.StringIO(HEADER + row))[0].type is expected


def test_unknown_and_missing_columns_are_named() -> None:
    text = "code,name_th,kind,province_code,remark\nX1,ชื่อ,sao,50,\n"
    assert problems_of(io.StringIO(text)) == [
        "line 1: unknown columns: kind, remark",
        "line 1: missing required columns: type",
    ]


def test_optional_columns_may_be_left_out() -> None:
    records = read_authorities_csv(io.StringIO("type,code,province_code,name_th\nอบจ.,P50,50,x\n"))
    assert records == [AuthorityRecord("P50", "x", "", T.PAO, "50", "", "")]


def test_a_pao_has_no_district_and_a_subdistrict_needs_its_district() -> None:
    text = HEADER + "P,x,,อบจ.,50,5001,\nS,x,,อบต.,50,,500102\n"
    assert problems_of(io.StringIO(text)) == [
        "line 2: district_code: must be empty for the PAO",
        "line 3: district_code: is empty, but subdistrict_code is given",
    ]


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "laos.csv"
    path.write_bytes(HEADER.encode() + "X1,สุเทพ,,sao,50,,\n".encode("tis-620"))
    assert problems_of(path) == ["line 2: not UTF-8 text (bad byte at offset 74)"]


def test_an_empty_file_has_no_header() -> None:
    assert problems_of(io.StringIO("")) == ["line 1: no header row"]


def test_a_file_may_give_each_lao_s_contact_checked_by_line() -> None:
    from budget.domain.contact import Contact

    header = HEADER.strip() + ",officer,phone,email\n"
    rows = (
        "6500101,อบต.สุเทพ,,sao,50,5001,500102, นางสมศรี  ใจดี ,0 5311 2233 ต่อ 12,a@b.go.th\n"
        "5500102,ทต.หนองหอย,,ทต.,50,5001,500110,,,\n"  # no contact
    )
    first, second = read_authorities_csv(io.StringIO(header + rows))
    assert first.contact == Contact("นางสมศรี ใจดี", "0 5311 2233 ต่อ 12", "a@b.go.th")
    assert second.contact is None
    bad = (
        "6500101,อบต.สุเทพ,,sao,50,5001,500102,นางสมศรี,+66 53,\n"
        "5500102,ทต.หนองหอย,,ทต.,50,5001,500110,นายสมชาย,,somchai@\n"
        "5500103,ทต.ช้างเผือก,,ทต.,50,5001,500110,นายสมชาย,,\n"
    )
    assert problems_of(io.StringIO(header + bad)) == [
        "line 2: phone: '+66 53' is not a phone number (digits, spaces, dashes,"
        ' brackets, a leading +, an extension after "ต่อ"; at least 9 digits)',
        "line 3: email: 'somchai@' is not an e-mail address",
        "line 4: phone: a contact needs a phone number or an e-mail address",
    ]


def test_generated_records_survive_a_csv_round_trip() -> None:
    records = generate_authorities(["20"])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER.strip().split(","))
    for r in records:
        writer.writerow(
            [
                r.code,
                r.name_th,
                r.name_en,
                r.type.value,
                r.province_code,
                r.district_code,
                r.subdistrict_code,
            ]
        )
    out.seek(0)
    assert read_authorities_csv(out) == records
