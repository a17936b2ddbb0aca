"""Every page each role opens, at desktop and phone width, in headless Chromium: a
screenshot of each (artifacts/screenshots/tour/, kept by CI), axe-core's accessibility
rules with no serious or critical violation, no text sticking out of its box or
squeezed into a column a letter wide, and at 390 px every control a thumb can hit.

axe-core comes with the PyPI package axe-playwright-python (its axe.min.js is injected
into the page under test; nothing is fetched).
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from budget.domain.calendar import BANGKOK
from budget.http import create_app
from tests.browser_world import SCREENSHOTS, Served

TOUR = SCREENSHOTS / "tour"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SERIOUS = ("serious", "critical")
JOB_WAIT_MS = 300_000  # a replay queued behind others on a loaded machine

# Elements whose text sticks out of their own box (not a scroll container), cells narrower
# than a short word, anything past the screen's right edge outside a sideways scroller.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const name = e => e.tagName.toLowerCase()
    + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '')
    + ' "' + (e.innerText || '').trim().slice(0, 40) + '"';
  const ownText = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  if (document.documentElement.scrollWidth > width + 1) {
    found.push('the page is ' + document.documentElement.scrollWidth + ' px wide on a '
      + width + ' px screen');
  }
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('details:not([open]), .visually-hidden, .skip, script, style')) continue;
    const style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const clips = ['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX);
    const box = e.getBoundingClientRect();
    if (!clips && ownText(e) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
      found.push('text sticks out of ' + name(e) + ': ' + e.scrollWidth + ' > ' + e.clientWidth);
    }
    const cell = e.tagName === 'TD' || e.tagName === 'TH';
    if (cell && e.innerText.trim().length >= 4 && box.width < 36) {
      found.push('a cell ' + Math.round(box.width) + ' px wide: ' + name(e));
    }
    if (box.width > 0 && box.right > width + 1 && !e.closest('.table-wrap, .scroll')) {
      found.push('past the right edge: ' + name(e) + ' ends at ' + Math.round(box.right));
    }
  }
  return found.slice(0, 12);
}"""


# Controls a thumb cannot hit: buttons, fields and menus under 44 px tall on a phone (a box
# to tick is hit through its label, so its label is measured).
SMALL_CONTROLS = """() => [...document.querySelectorAll(
    'button, .button, input:not([type=hidden]), select, textarea')]
  .filter(e => e.offsetParent !== null && !e.closest('details:not([open])'))
  .filter(e => (['checkbox', 'radio'].includes(e.type) && e.closest('label')
    ? e.closest('label') : e).getBoundingClientRect().height < 44)
  .slice(0, 5)
  .map(e => 'a control ' + Math.round(e.getBoundingClientRect().height) + ' px tall: '
    + e.tagName.toLowerCase() + ' ' + (e.name || e.innerText || '').trim().slice(0, 30))"""


# A wait or an age below zero ("รอ -31 วัน"): a page showing days after today.
BELOW_ZERO = re.compile(r"(?<![\w.])[-−]\d+\s*(?:วัน|days?\b)")


def below_zero(text: str) -> list[str]:
    return [f"a wait or an age below zero: {found!r}" for found in BELOW_ZERO.findall(text)]


def pages_of(role: str, served: Served, links: dict[str, str]) -> list[tuple[str, str]]:
    """(name, path) of the pages the role opens, in the order a person would."""
    lao, province, year = served.clerk_lao, served.province, served.fiscal_year
    project = f"/projects/{served.project}"
    as_of = f"as_of={as_of_now()}&fiscal_year={year}"
    lao_pages = [
        ("lao-home", f"/laos/{lao}"),
        ("budget-lines", f"/laos/{lao}/budget"),
        ("reports", f"/laos/{lao}/reports"),
        ("report", links["report"]),
        ("project", project),
    ]
    match role:
        case "clerk":
            return [*lao_pages, ("workbook", f"/laos/{lao}/workbook")]
        case "executive":
            return lao_pages
        case "reviewer":
            return [
                ("inbox", "/review"),
                ("province", f"/provinces/{province}"),
                ("stuck", f"/stuck?province_code={province}"),
                ("province-as-of", f"/report-jobs/new?{as_of}&province_code={province}"),
                *lao_pages,
            ]
        case "dla":
            return [
                ("nation", f"/nation?fiscal_year={year}"),
                ("rankings", f"/rankings?fiscal_year={year}"),
                ("stuck", f"/stuck?fiscal_year={year}"),
                ("province", f"/provinces/{province}"),
                ("nation-as-of", f"/report-jobs/new?{as_of}"),
                ("calendar", f"/calendar?fiscal_year={year}"),
                *lao_pages,
            ]
        case "auditor":
            return [
                ("audit-log", "/audit"),
                ("audit-search", "/audit/log?user_id=clerk"),
                ("project-timeline", f"/audit/records/{served.project}"),
                ("project-state-v8", f"/audit/records/{served.project}?version=8#as-of"),
                ("budget-timeline", links["budget"]),
                ("report-timeline", links["report-record"]),
                ("nation", f"/nation?fiscal_year={year}"),
                *lao_pages,
            ]
        case "district":  # reads the LAOs its district oversees, enters nothing
            overseen = served.district_lao
            return [
                ("district", f"/districts/{served.district}?fiscal_year={year}"),
                ("lao-home", f"/laos/{overseen}"),
                ("budget-lines", f"/laos/{overseen}/budget"),
                ("reports", f"/laos/{overseen}/reports"),
            ]
    return []


@pytest.fixture(scope="module")
def links(browser: Any, served: Served) -> dict[str, str]:
    """Paths of records the demo made (a report, its record, the budget's record), as
    the pages link to them."""
    context = browser.new_context()
    page = context.new_page()
    log_in(page, served, "auditor")
    page.goto(f"{served.url}/laos/{served.clerk_lao}/reports")
    report = page.locator("main a[href*='/reports/']").first.get_attribute("href")
    page.goto(f"{served.url}/laos/{served.clerk_lao}")
    budget = page.locator("a[href^='/audit/records/']").first.get_attribute("href")
    page.goto(served.url + report)
    found = {"report": report, "budget": budget}
    page.goto(
        f"{served.url}/audit/log?event_type=ProgressReport.Drafted&lao_code={served.clerk_lao}"
    )
    found["report-record"] = page.locator("[data-testid=audit-log] a").first.get_attribute("href")
    context.close()
    assert all(found.values()), found
    return found


def log_in(page: Any, served: Served, username: str) -> None:
    page.goto(served.url + "/login")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill("demo")
    page.get_by_label("รหัสผ่าน").press("Enter")
    page.wait_for_load_state("networkidle")
    assert "/login" not in page.url, f"{username} could not log in"


def as_of_now() -> str:
    """A moment after the demo was recorded, as the as-of form types it (Bangkok time)."""
    return f"{datetime.now(BANGKOK) + timedelta(minutes=1):%Y-%m-%dT%H:%M}"


def look_at(page: Any, url: str, shot: Path, axe: Axe) -> list[str]:
    """Open the page, keep its screenshot, and say what is wrong with it (a report job's
    page is looked at once it stops reloading itself, its PDF ready)."""
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    problems = [] if response.ok else [f"HTTP {response.status}"]
    if page.locator("[data-testid=report-job]").count():
        finished = (
            "[data-testid=report-job][data-state=done], [data-testid=report-job][data-state=failed]"
        )
        page.wait_for_selector(finished, timeout=JOB_WAIT_MS)
        page.wait_for_load_state("networkidle")
        state = page.get_attribute("[data-testid=report-job]", "data-state")
        problems += [] if state == "done" else [f"the report job ended {state}"]
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    problems += page.evaluate(OVERFLOWING)
    problems += below_zero(page.inner_text("body"))
    if page.viewport_size["width"] < 500:
        problems += page.evaluate(SMALL_CONTROLS)
    results = axe.run(page)
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [n["target"] for n in violation["nodes"][:3]]
            problems.append(f"axe {violation['impact']} {violation['id']}: {targets}")
    return problems


ROLES = ("clerk", "executive", "reviewer", "dla", "auditor", "district")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_role_reads_well_on_a_desktop_and_a_phone(
    browser: Any, served: Served, links: dict[str, str], role: str
) -> None:
    axe = Axe()
    wrong: list[str] = []
    shutil.rmtree(TOUR / role, ignore_errors=True)  # no screenshot of a page left from before
    for width_name, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, locale="th-TH")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        log_in(page, served, role)
        for number, (name, path) in enumerate(pages_of(role, served, links), 1):
            shot = TOUR / role / f"{number:02d}-{name}-{width_name}.png"
            for problem in look_at(page, served.url + path, shot, axe):
                wrong.append(f"{role} {width_name} {path}: {problem}")
        wrong += [f"{role} {width_name}: script error {e}" for e in errors]
        context.close()
    assert not wrong, "\n".join(wrong)


# Routes that are no page of their own: they redirect (the home, a language, a report
# job asked for, whose page /report-jobs/{job_id} the tour reads).
REDIRECTS = {"/", "/language/{lang}", "/report-jobs/new"}
ANYONE = ("/login", "/projects/" + "0" * 32)  # the login page and a page not found


def test_the_tour_opens_every_page_the_service_serves(
    served: Served, links: dict[str, str]
) -> None:
    """A page added to the service without a place in some role's tour fails here, so every
    page has its screenshots at both widths and its checks."""
    routes = create_app(served.services).routes
    pages = {
        route.path_format
        for route in routes
        if "GET" in getattr(route, "methods", ())
        # the API, its schema, files, and the probes and metrics machines read
        and not route.path_format.startswith(
            ("/api", "/schema", "/static", "/fonts", "/health", "/metrics")
        )
    } - REDIRECTS
    opened = list(ANYONE)
    for role in ROLES:
        opened += [path.partition("?")[0] for _, path in pages_of(role, served, links)]
    # asking for a report as of a moment lands on its job's page, which the tour reads
    opened = [path.replace("/report-jobs/new", "/report-jobs/a-job") for path in opened]
    unseen = [
        page
        for page in sorted(pages)
        if not any(re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", page), path) for path in opened)
    ]
    assert len(pages) >= 15, sorted(pages)
    assert not unseen, unseen


def test_the_login_and_error_pages_read_well(browser: Any, served: Served) -> None:
    axe = Axe()
    wrong: list[str] = []
    shutil.rmtree(TOUR / "anyone", ignore_errors=True)
    for width_name, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport, locale="th-TH")
        page = context.new_page()
        for name, path in (("login", "/login"), ("not-found", "/projects/" + "0" * 32)):
            shot = TOUR / "anyone" / f"{name}-{width_name}.png"
            problems = look_at(page, served.url + path, shot, axe)
            wrong += [f"{width_name} {path}: {p}" for p in problems if not p.startswith("HTTP")]
        context.close()
    assert not wrong, "\n".join(wrong)


def test_the_keyboard_reaches_the_content_first_and_focus_is_seen(
    browser: Any, served: Served
) -> None:
    """The first Tab lands on 'skip to content', which shows itself; no element takes a
    place in the keyboard order of its own (tabindex above 0); every focused control
    draws its outline."""
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    log_in(page, served, "clerk")
    page.goto(f"{served.url}/projects/{served.project}")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.className")
    assert focused == "skip"
    assert page.evaluate("() => document.activeElement.getBoundingClientRect().left") >= 0
    assert page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; }"
        )
        assert outline[1] != "none", outline
        assert outline[2] != "0px", outline
    context.close()


def test_the_overflow_check_finds_text_that_sticks_out(browser: Any) -> None:
    """The checks themselves: a word wider than its box, a cell squeezed narrower than a
    word, a box past the edge and a button too small for a thumb are caught."""
    context = browser.new_context(viewport=WIDTHS["phone"])
    page = context.new_page()
    page.set_content(
        "<div style='width:60px;white-space:nowrap'>ข้อความยาวมากที่ไม่ตัดบรรทัด</div>"
        "<table><tr><td style='width:10px;max-width:10px'>abcdefgh</td></tr></table>"
        "<p style='width:600px'>กว้างกว่าจอ</p>"
    )
    found = page.evaluate(OVERFLOWING)
    assert any(re.search("text sticks out of div", f) for f in found), found
    assert any(re.search("a cell 12 px wide", f) for f in found), found
    page.set_content(
        "<button style='height:30px'>ส่ง</button><button>พอดีนิ้ว</button>"
        "<input type=checkbox name=bare>"
        "<label style='display:block;min-height:44px'><input type=checkbox name=big> ตรวจ</label>"
    )
    page.add_style_tag(content="button + button { min-height: 44px; }")
    assert page.evaluate(SMALL_CONTROLS) == [
        "a control 30 px tall: button ส่ง",
        "a control 13 px tall: input bare",
    ]
    assert any("past the right edge" in f or "wide on a" in f for f in found), found
    context.close()


def test_a_wait_below_zero_is_found() -> None:
    assert below_zero("รอตรวจ -31 วัน · ค้าง −2 วัน") == [
        "a wait or an age below zero: '-31 วัน'",
        "a wait or an age below zero: '−2 วัน'",
    ]
    assert below_zero("waited -3 days") == ["a wait or an age below zero: '-3 days'"]
    assert below_zero("รอ 31 วัน · 1 ต.ค. 2569 – 3 วัน · 2569-10-01") == []
