"""Paper: PDF progress reports in Thai (reportlab, the Sarabun typeface), for one LAO,
a province and the nation, now or as of any past moment."""

from budget.reports.baht_text import baht_text, number_text
from budget.reports.fonts import warm_up
from budget.reports.render import (
    Rendered,
    ReportRequest,
    render_lao,
    render_national,
    render_province,
)

__all__ = [
    "Rendered",
    "ReportRequest",
    "baht_text",
    "number_text",
    "render_lao",
    "render_national",
    "render_province",
    "warm_up",
]
