"""The words people read for a year's budget (Thai and English): each AnnualBudget event
said as one sentence, from its draft and enactment (MoI regulation on LAO budget methods
B.E. 2563) to its transfers, money for projects, spending, revenue and the year's end, for
every history on the pages and the PDFs (budget/wording_history.py takes them into its one
table)."""

from __future__ import annotations

Parts = tuple[str, ...]
# event type: (Thai parts, English parts); see budget/wording_history.py
SENTENCES: dict[str, tuple[Parts, Parts]] = {
    "AnnualBudget.Drafted": (
        ("จัดทำร่างงบประมาณปี {fiscal_year} {lines} รายการ",),
        ("Budget for {fiscal_year} drafted: {lines} lines",),
    ),
    "AnnualBudget.DraftLineAdded": (
        ("เพิ่มรายการ {line.code} {line.description} {line.amount} บาท ในร่าง",),
        ("Line {line.code} {line.description} added to the draft: {line.amount} baht",),
    ),
    "AnnualBudget.Enacted": (
        (
            "ประกาศใช้ข้อบัญญัติงบประมาณ ลงวันที่ {ordinance_date} อนุมัติโดย {approved_by}",
            " ({approver})",
        ),
        (
            "Budget enacted, ordinance of {ordinance_date}, approved by {approved_by}",
            " ({approver})",
        ),
    ),
    "AnnualBudget.FundsTransferred": (
        (
            "โอนงบประมาณ {amount} บาท จากรายการ {from_line} ไปรายการ {to_line} ({approval_level})",
            " ตาม{council_approval.resolution}",
            " รายงานผู้กำกับดูแลภายใน {report_due_on}",
        ),
        (
            "{amount} baht transferred from line {from_line} to {to_line} ({approval_level})",
            ", by {council_approval.resolution}",
            ", to be reported by {report_due_on}",
        ),
    ),
    "AnnualBudget.SupplementaryBudgetEnacted": (
        (
            "ประกาศใช้งบประมาณรายจ่ายเพิ่มเติม ลงวันที่ {ordinance_date} เพิ่ม {additions} รายการ",
            " รายการใหม่ {new_lines} รายการ",
        ),
        (
            "Supplementary budget enacted on {ordinance_date}: {additions} lines raised",
            ", {new_lines} new lines",
        ),
    ),
    "AnnualBudget.FundsReserved": (
        ("กันงบ {amount} บาท ในรายการ {line_code} ให้โครงการ",),
        ("{amount} baht of line {line_code} reserved for a project",),
    ),
    "AnnualBudget.ContractCommitted": (
        ("ก่อหนี้ผูกพันตามสัญญา {amount} บาท ในรายการ {line_code}",),
        ("{amount} baht of line {line_code} committed by a contract",),
    ),
    "AnnualBudget.Disbursed": (
        ("เบิกจ่าย {amount} บาท จากรายการ {line_code}",),
        ("{amount} baht paid from line {line_code}",),
    ),
    "AnnualBudget.DisbursementCorrected": (
        ("แก้ไขยอดเบิกจ่ายของรายการ {line_code} จาก {old_amount} เป็น {new_amount} บาท",),
        ("Payment from line {line_code} corrected from {old_amount} to {new_amount} baht",),
    ),
    "AnnualBudget.FundsReleased": (
        ("คืนเงินของโครงการสู่รายการ {line_code}", " คงไว้ {kept} บาท"),
        ("A project's money returned to line {line_code}", ", {kept} baht kept"),
    ),
    "AnnualBudget.FundsCarriedOver": (
        (
            "กันเงินรายการ {line_code} ({kind}) {amount} บาท เบิกได้ถึง {deadline}",
            " ตาม{council_approval.resolution}",
        ),
        (
            "{amount} baht of line {line_code} carried over ({kind}) until {deadline}",
            ", by {council_approval.resolution}",
        ),
    ),
    "AnnualBudget.ExpenditureRecorded": (
        ("บันทึกรายจ่าย {description} {amount} บาท จากรายการ {line_code} ฎีกาเลขที่ {voucher}",),
        ("Expenditure {description}: {amount} baht from line {line_code}, voucher {voucher}",),
    ),
    "AnnualBudget.SpentBeforeEnactment": (
        (
            "จ่ายตามข้อบัญญัติปีงบประมาณ {under_fiscal_year} ไปพลางก่อน {description} {amount} บาท"
            " จากรายการ {line_code} ฎีกาเลขที่ {voucher}",
        ),
        (
            "Paid under the ordinance of FY {under_fiscal_year} until this year's passes:"
            " {description}, {amount} baht from line {line_code}, voucher {voucher}",
        ),
    ),
    "AnnualBudget.SpendingBeforeEnactmentCounted": (
        ("ข้อบัญญัติลงวันที่ {ordinance_date} นับรายจ่ายที่จ่ายไปพลางก่อนเข้า {counted} รายการ",),
        ("The ordinance of {ordinance_date} counted what was paid before it on {counted} lines",),
    ),
    "AnnualBudget.TransferReported": (
        (
            "รายงานการโอน (บันทึกฉบับที่ {transfer_version}) ต่อผู้กำกับดูแล เมื่อ {reported_on}"
            " หนังสือเลขที่ {letter}",
        ),
        (
            "Transfer (record v{transfer_version}) reported to the supervisor on {reported_on},"
            " letter {letter}",
        ),
    ),
    "AnnualBudget.ExpenditureCorrected": (
        ("แก้ไขรายจ่าย (บันทึกฉบับที่ {corrects_version}) จาก {old_amount} เป็น {amount} บาท",),
        ("Expenditure (record v{corrects_version}) corrected from {old_amount} to {amount} baht",),
    ),
    "AnnualBudget.YearClosed": (
        ("ปิดปีงบประมาณ เงินที่ไม่ได้ก่อหนี้ตกพับ {lapsed} รายการ",),
        ("Year closed: money of {lapsed} lines lapsed",),
    ),
    "AnnualBudget.FundedLineAdded": (
        (
            "เพิ่มรายการ {new_line.code} {new_line.description} {new_line.amount} บาท"
            " จาก{new_line.source.kind}",
            " ของ{new_line.source.grantor}",
            " ตามหนังสือ/มติ {reference}",
        ),
        (
            "Line {new_line.code} {new_line.description} added: {new_line.amount} baht"
            " of {new_line.source.kind}",
            " from {new_line.source.grantor}",
            ", by {reference}",
        ),
    ),
    "AnnualBudget.RevenueEstimated": (
        ("บันทึกประมาณการรายรับ {estimate} หมวด",),
        ("Revenue estimated in {estimate} categories",),
    ),
    "AnnualBudget.RevenueReceived": (
        ("รับเงิน{category} {amount} บาท เลขที่ {reference}",),
        ("Revenue received, {category}: {amount} baht, reference {reference}",),
    ),
    "AnnualBudget.RevenueCorrected": (
        ("แก้ไขรายรับ (บันทึกฉบับที่ {corrects_version}) จาก {old_amount} เป็น {amount} บาท",),
        ("Revenue (record v{corrects_version}) corrected from {old_amount} to {amount} baht",),
    ),
    "AnnualBudget.CarriedFundsCancelled": (
        ("ยกเลิกเงินกันของรายการ {line_code} {amount} บาท",),
        ("{amount} baht carried on line {line_code} cancelled",),
    ),
}
