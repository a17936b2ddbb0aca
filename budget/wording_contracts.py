"""The words people read for a contract's money and its amendments (Thai and English): the
kinds of amendment and each contract event said as one sentence, for every history on the
pages and the PDFs (budget/wording_history.py takes them into its one table)."""

from __future__ import annotations

from budget.domain.contract_amendments import AmendmentKind

AMENDMENT_EN = {
    AmendmentKind.TIME_EXTENDED: "time extended",
    AmendmentKind.AMOUNT_CHANGED: "amount changed",
    AmendmentKind.INSTALLMENTS_CHANGED: "installments changed",
}


def amendment_name(value: AmendmentKind | str, lang: str = "th") -> str:
    """`time_extended` → `ขยายระยะเวลาตามสัญญา` (English: `time extended`)."""
    try:
        kind = AmendmentKind(value)
    except ValueError:
        return str(value)
    return AMENDMENT_EN[kind] if lang == "en" else kind.name_th


EVENTS_TH = {
    "AdvancePaid": "จ่ายเงินล่วงหน้า",
    "CommitmentAmended": "แก้ไขยอดก่อหนี้ผูกพันตามสัญญา",
    "ContractAmended": "แก้ไขสัญญา",
    "DeductionsAssessed": "หักเงินจากงวดที่ตรวจรับ",
    "RetentionReleased": "คืนเงินประกันผลงาน",
}

Parts = tuple[str, ...]
# event type: (Thai parts, English parts); see budget/wording_history.py
SENTENCES: dict[str, tuple[Parts, Parts]] = {
    "Project.ContractAmended": (
        (
            "แก้ไขสัญญา ({kind}) วงเงินจาก {previous_amount} เป็น {contract.amount} บาท"
            " {contract.installments} งวด อนุมัติโดย {approved_by}",
        ),
        (
            "Contract amended ({kind}): from {previous_amount} to {contract.amount} baht in"
            " {contract.installments} installments, approved by {approved_by}",
        ),
    ),
    "Project.AdvancePaid": (
        (
            "จ่ายเงินล่วงหน้า {amount} บาท ฎีกาเลขที่ {voucher} หลักประกัน {guarantee.issuer}"
            " เลขที่ {guarantee.reference} {guarantee.amount} บาท",
        ),
        (
            "Advance paid: {amount} baht, voucher {voucher}, guaranteed by {guarantee.issuer}"
            " {guarantee.reference} for {guarantee.amount} baht",
        ),
    ),
    "Project.DeductionsAssessed": (
        (
            "หักจากงวดที่ {installment}:",
            " คืนเงินล่วงหน้า {advance} บาท",
            " เงินประกันผลงาน {retention} บาท",
            " ค่าปรับ {fine} บาท (ส่งมอบ {delivered_on} ล่าช้า {days_late} วัน)",
        ),
        (
            "Withheld from installment {installment}:",
            " advance taken back {advance} baht",
            " retention {retention} baht",
            " fine {fine} baht (delivered {delivered_on}, {days_late} days late)",
        ),
    ),
    "Project.RetentionReleased": (
        ("คืนเงินประกันผลงาน {amount} บาท ฎีกาเลขที่ {voucher} (พ้นระยะรับประกัน {warranty_ended_on})",),
        (
            "Retention returned: {amount} baht, voucher {voucher}"
            " (warranty ended {warranty_ended_on})",
        ),
    ),
    "AnnualBudget.CommitmentAmended": (
        ("แก้ไขยอดก่อหนี้ผูกพันตามสัญญาในรายการ {line_code} จาก {old_amount} เป็น {amount} บาท",),
        ("Contract on line {line_code} amended from {old_amount} to {amount} baht",),
    ),
}
