"""The demo's vocabulary: budget lines, projects, firms and words an LAO would use.

Lines follow the MoI classification (programme › work unit › group › category);
a line's code is `<work unit>-<e-LAAS account>-<item>`, e.g. `00312-542000-03`.
"""

from __future__ import annotations

from dataclasses import dataclass

from budget.domain.classification import Category, Programme
from budget.domain.procurement import Method

P = Programme
C = Category
M = Method

# e-LAAS account codes of each category (หมวด).
ACCOUNTS = {
    C.CENTRAL_FUND: "511000",
    C.SALARIES: "522000",
    C.REMUNERATION: "531000",
    C.SERVICES: "532000",
    C.MATERIALS: "533000",
    C.UTILITIES: "534000",
    C.EQUIPMENT: "541000",
    C.LAND_AND_CONSTRUCTION: "542000",
    C.OTHER_EXPENDITURE: "551000",
    C.SUBSIDIES: "561000",
}


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """งาน: a work unit inside a programme."""

    code: str
    name: str
    programme: Programme


ADMIN = WorkUnit("00111", "งานบริหารทั่วไป", P.GENERAL_ADMINISTRATION)
FINANCE = WorkUnit("00113", "งานบริหารงานคลัง", P.GENERAL_ADMINISTRATION)
DISASTER = WorkUnit("00123", "งานป้องกันภัยฝ่ายพลเรือนและระงับอัคคีภัย", P.PUBLIC_ORDER)
EDU_ADMIN = WorkUnit("00211", "งานบริหารทั่วไปเกี่ยวกับการศึกษา", P.EDUCATION)
SCHOOLS = WorkUnit("00212", "งานระดับก่อนวัยเรียนและประถมศึกษา", P.EDUCATION)
HEALTH_ADMIN = WorkUnit("00221", "งานบริหารทั่วไปเกี่ยวกับสาธารณสุข", P.PUBLIC_HEALTH)
HEALTH = WorkUnit("00223", "งานบริการสาธารณสุขและงานสาธารณสุขอื่น", P.PUBLIC_HEALTH)
WELFARE = WorkUnit("00232", "งานสวัสดิการสังคมและสังคมสงเคราะห์", P.SOCIAL_WELFARE)
HOUSING_ADMIN = WorkUnit("00241", "งานบริหารทั่วไปเกี่ยวกับเคหะและชุมชน", P.HOUSING_AND_COMMUNITY)
ROADS_LIGHTS = WorkUnit("00242", "งานไฟฟ้าและถนน", P.HOUSING_AND_COMMUNITY)
WASTE = WorkUnit("00244", "งานกำจัดขยะมูลฝอยและสิ่งปฏิกูล", P.HOUSING_AND_COMMUNITY)
COMMUNITY = WorkUnit("00252", "งานส่งเสริมและสนับสนุนความเข้มแข็งชุมชน", P.COMMUNITY_STRENGTHENING)
SPORTS = WorkUnit("00262", "งานกีฬาและนันทนาการ", P.RELIGION_CULTURE_RECREATION)
CULTURE = WorkUnit("00263", "งานศาสนาวัฒนธรรมท้องถิ่น", P.RELIGION_CULTURE_RECREATION)
WORKS = WorkUnit("00312", "งานก่อสร้างโครงสร้างพื้นฐาน", P.INDUSTRY_AND_PUBLIC_WORKS)
WATER = WorkUnit("00322", "งานอนุรักษ์แหล่งน้ำและป่าไม้", P.AGRICULTURE)
MARKETS = WorkUnit("00332", "งานตลาดสด", P.COMMERCE)
CENTRAL = WorkUnit("00411", "งบกลาง", P.CENTRAL_FUND)


SERVICES_LINE = "รายจ่ายเพื่อให้ได้มาซึ่งบริการ"
ELECTRICITY_LINE = "ค่าไฟฟ้า"


@dataclass(frozen=True, slots=True)
class LineTemplate:
    """A budget line that is spent without procurement (pay, allowances, utilities)."""

    unit: WorkUnit
    category: Category
    description: str
    weight: int


STANDING_LINES = (
    LineTemplate(CENTRAL, C.CENTRAL_FUND, "เบี้ยยังชีพผู้สูงอายุ", 55),
    LineTemplate(CENTRAL, C.CENTRAL_FUND, "เบี้ยยังชีพคนพิการ", 15),
    LineTemplate(CENTRAL, C.CENTRAL_FUND, "เงินสำรองจ่าย", 10),
    LineTemplate(CENTRAL, C.CENTRAL_FUND, "เงินสมทบกองทุนบำเหน็จบำนาญข้าราชการส่วนท้องถิ่น", 8),
    LineTemplate(CENTRAL, C.CENTRAL_FUND, "เงินสมทบกองทุนหลักประกันสุขภาพ", 7),
    LineTemplate(CENTRAL, C.CENTRAL_FUND, "เงินสมทบกองทุนประกันสังคม", 5),
    LineTemplate(ADMIN, C.SALARIES, "เงินเดือนฝ่ายการเมือง", 12),
    LineTemplate(ADMIN, C.SALARIES, "เงินเดือนพนักงาน", 40),
    LineTemplate(FINANCE, C.SALARIES, "เงินเดือนพนักงาน", 15),
    LineTemplate(EDU_ADMIN, C.SALARIES, "เงินเดือนพนักงานครูและผู้ดูแลเด็ก", 18),
    LineTemplate(HOUSING_ADMIN, C.SALARIES, "เงินเดือนพนักงาน", 15),
    LineTemplate(ADMIN, C.REMUNERATION, "ค่าตอบแทนผู้ปฏิบัติราชการอันเป็นประโยชน์แก่ อปท.", 20),
    LineTemplate(FINANCE, C.REMUNERATION, "เงินช่วยเหลือการศึกษาบุตร", 8),
    LineTemplate(ADMIN, C.SERVICES, SERVICES_LINE, 25),
    LineTemplate(ADMIN, C.MATERIALS, "วัสดุสำนักงาน", 10),
    LineTemplate(ADMIN, C.UTILITIES, ELECTRICITY_LINE, 14),
    LineTemplate(ADMIN, C.UTILITIES, "ค่าบริการโทรศัพท์และอินเทอร์เน็ต", 5),
    LineTemplate(SCHOOLS, C.SUBSIDIES, "อุดหนุนอาหารกลางวันโรงเรียนสังกัด สพฐ.", 60),
    LineTemplate(HEALTH, C.SUBSIDIES, "อุดหนุนโครงการพระราชดำริด้านสาธารณสุข", 25),
    LineTemplate(ADMIN, C.SUBSIDIES, "อุดหนุนศูนย์ปฏิบัติการร่วมช่วยเหลือประชาชนระดับอำเภอ", 15),
    LineTemplate(ADMIN, C.OTHER_EXPENDITURE, "ค่าจ้างสำรวจความพึงพอใจของผู้รับบริการ", 100),
)


@dataclass(frozen=True, slots=True)
class ProjectTemplate:
    """A kind of project, the line it sits on and the methods that suit it.

    `reason` is the recorded ground for buying it by the specific method above
    500,000 baht (a state enterprise or a purchase the cabinet regulates).
    `contractor` names the seller when only one can do it.
    """

    name: str
    unit: WorkUnit
    category: Category
    methods: frozenset[Method]
    installments: tuple[int, int] = (1, 1)
    reason: str = ""
    contractor: str = ""


def _t(
    name: str,
    unit: WorkUnit,
    category: Category,
    methods: set[Method],
    n: tuple[int, int] = (1, 1),
    *,
    reason: str = "",
    contractor: str = "",
) -> ProjectTemplate:
    """A template; `n` is the range of its installments."""
    return ProjectTemplate(name, unit, category, frozenset(methods), n, reason, contractor)


LAND = C.LAND_AND_CONSTRUCTION
ROADS = {M.E_BIDDING, M.PRICE_QUOTATION, M.SELECTION, M.SPECIFIC}
# Grounds for buying by the specific method above 500,000 baht (ProjectTemplate.reason).
BY_THE_UTILITY = "จ้างหน่วยงานของรัฐดำเนินการ (มาตรา 56 (2) (ฉ))"
BY_CABINET_RULE = "อาหารเสริม (นม) ตามหลักเกณฑ์ที่คณะรัฐมนตรีกำหนด (มาตรา 56 (2) (ง))"
# name, work unit, category, methods that suit it, installments (fewest, most)
PROJECTS = (
    _t("โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก สายบ้าน{village} หมู่ที่ {moo}", WORKS, LAND, ROADS, (1, 3)),
    _t("โครงการก่อสร้างรางระบายน้ำ คสล. พร้อมบ่อพัก หมู่ที่ {moo}", WORKS, LAND, ROADS, (1, 3)),
    _t("โครงการปรับปรุงถนนลาดยางแอสฟัลท์ติกคอนกรีต สายบ้าน{village}", WORKS, LAND, {M.E_BIDDING, M.PRICE_QUOTATION}, (1, 4)),
    _t("โครงการก่อสร้างฝายชะลอน้ำ ลำห้วย{village} หมู่ที่ {moo}", WATER, LAND, {M.E_BIDDING, M.PRICE_QUOTATION, M.SPECIFIC}, (1, 2)),
    _t("โครงการก่อสร้างอาคารศูนย์พัฒนาเด็กเล็กบ้าน{village}", SCHOOLS, LAND, {M.E_BIDDING, M.SELECTION}, (2, 5)),
    _t("โครงการก่อสร้างลานกีฬาอเนกประสงค์ หมู่ที่ {moo}", SPORTS, LAND, {M.E_BIDDING, M.SPECIFIC}, (1, 2)),
    _t("โครงการติดตั้งระบบกล้องโทรทัศน์วงจรปิด (CCTV) จุดเสี่ยง", DISASTER, LAND, {M.SELECTION, M.E_BIDDING}, (1, 2)),
    _t("โครงการปรับปรุงระบบประปาหมู่บ้าน หมู่ที่ {moo}", HOUSING_ADMIN, LAND, {M.SELECTION, M.PRICE_QUOTATION, M.SPECIFIC}, (1, 2)),
    _t("โครงการขยายเขตไฟฟ้าสาธารณะ หมู่ที่ {moo}", ROADS_LIGHTS, LAND, {M.SPECIFIC}, reason=BY_THE_UTILITY, contractor="การไฟฟ้าส่วนภูมิภาค"),
    _t("จัดซื้อรถบรรทุกขยะ แบบอัดท้าย ขนาด 6 ตัน", WASTE, C.EQUIPMENT, {M.E_MARKET, M.E_BIDDING}),
    _t("จัดซื้อรถบรรทุกน้ำอเนกประสงค์ ขนาด 6,000 ลิตร", DISASTER, C.EQUIPMENT, {M.E_MARKET, M.E_BIDDING}),
    _t("จัดซื้อรถพยาบาลฉุกเฉิน (รถตู้)", HEALTH_ADMIN, C.EQUIPMENT, {M.E_MARKET}),
    _t("จัดซื้อเครื่องคอมพิวเตอร์และอุปกรณ์ต่อพ่วง", ADMIN, C.EQUIPMENT, {M.SPECIFIC, M.E_MARKET}),
    _t("จัดซื้อเครื่องปรับอากาศแบบแยกส่วน", ADMIN, C.EQUIPMENT, {M.SPECIFIC}),
    _t("โครงการจ้างเหมาเก็บขนขยะมูลฝอย", WASTE, C.SERVICES, {M.E_BIDDING, M.SPECIFIC}, (3, 6)),
    _t("โครงการจัดงานประเพณีลอยกระทง", CULTURE, C.SERVICES, {M.SPECIFIC}),
    _t("โครงการป้องกันและลดอุบัติเหตุทางถนนช่วงเทศกาลปีใหม่", DISASTER, C.SERVICES, {M.SPECIFIC}),
    _t("โครงการฝึกอบรมส่งเสริมอาชีพผู้สูงอายุ", WELFARE, C.SERVICES, {M.SPECIFIC}),
    _t("โครงการส่งเสริมความเข้มแข็งของชุมชน", COMMUNITY, C.SERVICES, {M.SPECIFIC}),
    _t("จัดซื้ออาหารเสริม (นม) โรงเรียน", SCHOOLS, C.MATERIALS, {M.SPECIFIC}, (2, 4), reason=BY_CABINET_RULE, contractor="สหกรณ์โคนมแม่โจ้ จำกัด"),
    _t("จัดซื้อวัสดุก่อสร้างสำหรับซ่อมแซมถนน", WORKS, C.MATERIALS, {M.SPECIFIC, M.E_MARKET}),
    _t("จัดซื้อวัสดุเชื้อเพลิงและหล่อลื่น", ADMIN, C.MATERIALS, {M.SPECIFIC, M.E_MARKET}),
    _t("โครงการควบคุมโรคไข้เลือดออก", HEALTH, C.MATERIALS, {M.SPECIFIC}),
    _t("โครงการปรับปรุงตลาดชุมชน", MARKETS, LAND, {M.E_BIDDING, M.SELECTION}, (2, 4)),
)  # fmt: skip

# A new item created by transfer (council approval) or by a supplementary budget.
EXTRA_ROAD = "โครงการซ่อมแซมถนนลูกรัง หมู่ที่ {moo}"
EXTRA_DRAIN = "โครงการวางท่อระบายน้ำ คสล. หมู่ที่ {moo}"

VILLAGES = (
    "ป่าตึง", "หนองหอย", "ดอนแก้ว", "ทุ่งเสี้ยว", "แม่ข่า", "สันป่าเปา", "ห้วยทราย",
    "โป่งแยง", "ท่าศาลา", "หนองบัว", "โนนสูง", "นาเหนือ", "ดงเย็น", "บ่อน้ำ",
    "ป่าไผ่", "หัวฝาย", "ใหม่พัฒนา", "ทุ่งหลวง",
)  # fmt: skip

FIRMS = (
    "ศรีสวัสดิ์การโยธา", "รุ่งเรืองคอนสตรัคชั่น", "ช.ทวีก่อสร้าง", "สหพัฒน์วิศวกรรม",
    "ทรัพย์สมบูรณ์ซัพพลาย", "เจริญชัยการช่าง", "พูนผลวัสดุภัณฑ์", "นครไทยเทรดดิ้ง",
    "ก้าวหน้าพาณิชย์", "อินทนนท์การช่าง", "ไทยรุ่งเรืองออโตเซลส์", "บุญมาก่อสร้าง",
    "ประเสริฐภัณฑ์", "ล้านนาเทคโนโลยี", "ดอยคำโยธา", "สายชลการค้า",
)  # fmt: skip
FIRM_FORMS = ("ห้างหุ้นส่วนจำกัด {}", "บริษัท {} จำกัด", "ร้าน{}")

CANCEL_REASONS = {
    "planned": "ได้รับการสนับสนุนงบประมาณจากหน่วยงานอื่นแล้ว จึงยกเลิกโครงการ",
    "no_bids": "ไม่มีผู้ยื่นข้อเสนอ ยกเลิกการจัดซื้อจัดจ้างตามมาตรา 67 (1)",
    "over_budget": "ผู้เสนอราคาต่ำสุดเสนอราคาสูงกว่าวงเงินงบประมาณ ยกเลิกตามมาตรา 67 (3)",
}
PAYMENT_TYPO_REASON = "บันทึกจำนวนเงินไม่ตรงกับฎีกา (พิมพ์ตกหลัก) แก้ไขตามฎีกาฉบับจริง"
STAGE_DATE_REASON = "บันทึกวันที่ประกาศแผนการจัดซื้อจัดจ้างคลาดเคลื่อน แก้ไขตามประกาศในระบบ e-GP"
PRICE_QUOTATION_REASON = "พื้นที่ห่างไกล การเข้าถึงระบบอินเทอร์เน็ตมีข้อจำกัด (ข้อ 32)"
SELECTION_REASON = "งานที่ต้องใช้ความชำนาญเป็นพิเศษ มีผู้ประกอบการจำนวนจำกัด (มาตรา 56 (1) (ค))"

REPORT_PROBLEMS = (
    "ผู้รับจ้างส่งมอบงานล่าช้ากว่ากำหนดในสัญญา",
    "ฝนตกต่อเนื่อง ทำให้ก่อสร้างตามแผนไม่ได้",
    "ระบบ e-LAAS ขัดข้อง บันทึกข้อมูลการเบิกจ่ายล่าช้า",
    "ไม่มีผู้ยื่นข้อเสนอ ต้องประกาศเชิญชวนใหม่",
    "ราคาวัสดุก่อสร้างสูงขึ้น ผู้เสนอราคาเสนอราคาสูงกว่าราคากลาง",
    "",
)
RETURN_COMMENTS = (
    "กรุณาชี้แจงสาเหตุที่การเบิกจ่ายงบลงทุนต่ำกว่าเป้าหมาย",
    "ระบุปัญหาอุปสรรคและแนวทางแก้ไขให้ชัดเจน",
    "ตัวเลขผลการเบิกจ่ายไม่ตรงกับรายงานในระบบ e-LAAS กรุณาตรวจสอบ",
)
