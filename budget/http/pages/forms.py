"""Forms: read what was typed into the command it asks for (budget.application.from_text
checks it field by field, messages in Thai and English), run the command once per form
(its hidden key is an idempotency key, so pressing "send" twice or reloading records
once), and put a refused rule's message next to the field it is about.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import msgspec
from anyio import to_thread
from litestar import Request, Response
from litestar.response import Redirect

from budget.application import Recorded
from budget.application.commands import Command
from budget.application.from_text import FIELD_OF_CODE, Checker
from budget.domain.errors import DomainError
from budget.http.guards import services_of
from budget.http.idempotency import KeptResponse, request_hash
from budget.http.pages.i18n import lang_of
from budget.http.pages.query import query_number
from budget.http.pages.security import CSRF_FIELD
from budget.http.problems import HttpProblem
from budget.http.services import Services
from budget.http.sessions import Session
from budget.http.writes import run_once as once

KEY_FIELD = "form_key"
VERSION_FIELD = "version"
NOT_VALUES = frozenset({CSRF_FIELD, KEY_FIELD})
MAX_FIELD = 4000
_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")

STALE = (
    "ข้อมูลถูกบันทึกเปลี่ยนแปลงหลังจากเปิดหน้านี้ กรุณาตรวจสอบแล้วส่งอีกครั้ง",
    "The record changed after this page was opened: check it and send again",
)


@dataclass(slots=True)
class Form:
    """One form's state: what was typed, the messages per field, its key."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    general: str = ""
    key: str = field(default_factory=lambda: str(uuid.uuid4()))

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.general)


async def read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    """The posted fields (the first of each name), trimmed and bounded."""
    data = await request.form()
    values: dict[str, str] = {}
    for name in data:
        raw = data.get(name)
        if isinstance(raw, str) and name not in values:
            values[name] = raw.strip()[:MAX_FIELD]
    return values


def domain_message(error: DomainError, lang: str) -> str:
    return error.english if lang == "en" else error.thai


def place_error(form: Form, error: DomainError, lang: str) -> None:
    """A refused rule's message beside its field, or above the form."""
    if error.code == "stale_version":
        form.general = STALE[1] if lang == "en" else STALE[0]
        return
    name = FIELD_OF_CODE.get(error.code)
    message = domain_message(error, lang)
    if name is not None and name in form.values:
        form.errors[name] = message
    else:
        form.general = message


def place_problem(form: Form, problem: HttpProblem, lang: str) -> None:
    form.general = problem.detail if lang == "en" else problem.detail_th


def expected_version(values: dict[str, str]) -> int | None:
    return query_number(values, VERSION_FIELD, least=1, most=1_000_000_000)


def run_once(
    services: Services,
    request: Request[Session, Any, Any],
    values: dict[str, str],
    command: Command,
    done: Callable[[Recorded], str],
) -> str:
    """Run a form's command once per form key (the writes' own :func:`run_once`); the
    URL to go on to (a resubmitted form gets the first answer's URL, nothing is recorded
    again). A refused command gives its key back, so the corrected form can be sent
    with it. The record's version the page showed is the command's precondition."""
    session: Session = request.user
    raw_key = values.get(KEY_FIELD, "")
    key = f"page:{raw_key}" if _KEY.match(raw_key) else None
    kept_values = {k: v for k, v in sorted(values.items()) if k not in NOT_VALUES}
    hashed = request_hash("POST", request.url.path, msgspec.json.encode(kept_values))

    def answer(recorded: Recorded) -> KeptResponse:
        services.caught_up(recorded.position)
        return KeptResponse(303, {"Location": done(recorded)}, b"")

    kept, _ = once(
        services,
        session.actor.user_id,
        key,
        hashed,
        command=lambda: services.execute(
            command, actor=session.actor, expected_version=expected_version(values)
        ),
        answer=answer,
    )
    return kept.headers.get("Location", request.url.path)


def failed(form: Form, checker: Checker) -> Form:
    """The checker's messages on the form (a message about no one field on top)."""
    form.errors = dict(checker.errors)
    form.general = form.errors.pop("form", form.general)
    return form


def see_other(url: str) -> Redirect:
    """After a form: 303, so a reload does not post again."""
    return Redirect(path=url, status_code=303)


def submit(
    services: Services,
    request: Request[Session, Any, Any],
    checker: Checker,
    command: Command | None,
    *,
    done: str,
    again: Callable[[Form, int], Response[Any]],
    stale_status: int = 409,
) -> Response[Any]:
    """A form's command (None where what was typed did not make one) run once
    (:func:`run_once`), then on to `done`; else `again`: the page with the form as typed,
    a message beside each field or above the form, and its status (422; `stale_status`
    when the record changed after the page was opened; a problem's own)."""
    values = dict(checker.values)
    form = Form(values=values, key=values.get(KEY_FIELD) or Form().key)
    if checker.errors or command is None:
        return again(failed(form, checker), 422)
    try:
        url = run_once(services, request, values, command, lambda _: done)
    except (DomainError, HttpProblem) as refusal:
        return _shown_again(form, refusal, checker.lang, again, stale_status)
    return see_other(url)


def _shown_again(
    form: Form,
    refusal: DomainError | HttpProblem,
    lang: str,
    again: Callable[[Form, int], Response[Any]],
    stale_status: int = 409,
) -> Response[Any]:
    if isinstance(refusal, HttpProblem):
        place_problem(form, refusal, lang)
        return again(form, refusal.status)
    place_error(form, refusal, lang)
    return again(form, stale_status if refusal.code == "stale_version" else 422)


S = TypeVar("S", bound=msgspec.Struct)
# What a form's fields make, about the record its page shows (None: refused, the checker
# says why).
Build = Callable[[Checker, uuid.UUID], Command | None]


def about(kind: type[S], record: str) -> Callable[[Checker, uuid.UUID], S | None]:
    """The command a form makes of its fields alone, about the record the page shows
    (`record`: the command's field naming it, e.g. project_id)."""
    return lambda c, the_id: c.command(kind, given={record: the_id})


async def submit_form(
    request: Request[Session, Any, Any],
    build: Callable[[Checker], Command | None],
    *,
    done: str | Callable[[dict[str, str]], str],
    again: Callable[[Form, int], Response[Any]],
) -> Response[Any]:
    """A page form's POST, the one way: :func:`submit` of the command `build` reads from
    the posted form (a value's own rule may refuse it while it is built: the page again,
    422); `done` is the URL to go on to, or makes it from what was typed."""
    values = await read_form(request)
    checker = Checker(values, lang_of(dict(request.cookies)))
    services = services_of(request)
    url = done if isinstance(done, str) else done(values)

    def work() -> Response[Any]:
        try:
            command = build(checker)
        except (DomainError, HttpProblem) as refusal:
            form = Form(values=values, key=values.get(KEY_FIELD) or Form().key)
            return _shown_again(form, refusal, checker.lang, again)
        return submit(services, request, checker, command, done=url, again=again)

    return await to_thread.run_sync(work)
