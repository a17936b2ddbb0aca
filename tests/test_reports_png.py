"""Every kind of report renders to PNG with pdftoppm (Debian's poppler-utils), and the
demo's pages are kept under artifacts/reports/ for a person to look at (CI keeps them)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from budget.reports import Rendered, render_lao, render_national, render_province
from budget.reports.sources import recorded_at
from tests.report_world import PROVINCE, ReportDemo, request

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("BUDGET_REPORT_ARTIFACTS") or ROOT / "artifacts" / "reports")
RESOLUTION = 110  # dots per inch: A4 comes out 910 x 1287


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        pytest.fail(
            "pdftoppm is needed to render the reports to PNG: install Debian's poppler-utils "
            "(apt-get install -y poppler-utils; scripts/test does it when it can)",
            pytrace=False,
        )
    return found


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def every_report(demo: ReportDemo) -> list[Rendered]:
    middle = demo.office.recorder.select_notifications(start=demo.position() // 2, limit=1)
    moment = recorded_at(demo.office, middle[0])
    office, views = demo.office, demo.views
    reports = [render_lao(office, views, code, request()) for code in demo.codes]
    reports += [
        render_lao(office, views, demo.codes[0], request(quarter=2)),
        render_lao(office, views, demo.codes[0], request(as_of=moment)),
        render_province(office, views, PROVINCE, request()),
        render_province(office, views, PROVINCE, request(quarter=3, as_of=moment)),
        render_national(office, views, request()),
        render_national(office, views, request(as_of=moment)),
    ]
    return reports


def test_every_kind_of_report_renders_to_png_and_is_kept(memory_demo: ReportDemo) -> None:
    program = pdftoppm()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("*.pdf")]:
        old.unlink()
    reports = every_report(memory_demo)
    assert len({r.filename for r in reports}) == len(reports)
    for rendered in reports:
        pdf = ARTIFACTS / rendered.filename
        pdf.write_bytes(rendered.pdf)
        prefix = ARTIFACTS / pdf.stem
        subprocess.run(
            [program, "-r", str(RESOLUTION), "-png", str(pdf), str(prefix)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        made = sorted(ARTIFACTS.glob(f"{pdf.stem}-*.png"))
        assert len(made) == rendered.pages, rendered.filename
        for png in made:
            width, height = png_size(png)
            assert (width, height) == (910, 1287), png.name  # A4 portrait
            assert png.stat().st_size > 20_000, f"{png.name} looks blank"
