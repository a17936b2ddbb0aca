"""Logging in and out of the pages, the home page of each role, and the language."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from anyio import to_thread
from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import PathParameter, QueryParameter
from litestar.response import Redirect, Template

from budget.domain.access import Action
from budget.http.auth import Login, check_login, session_cookie
from budget.http.guards import COOKIE, presented_token, services_of
from budget.http.pages.forms import Form, place_problem, read_form, see_other
from budget.http.pages.i18n import LANG_COOKIE, LANGS, lang_of
from budget.http.pages.render import home_of, page, safe_next
from budget.http.problems import HttpProblem
from budget.http.routing import action
from budget.http.sessions import Session

PUBLIC = {"public": True}
LangPath = Annotated[str, PathParameter(max_length=5)]
NextParam = Annotated[str | None, QueryParameter(name="next", required=False, max_length=2000)]


def _session(request: Request[Any, Any, Any]) -> Session | None:
    token = presented_token(request)
    return services_of(request).sessions.find(token) if token else None  # a sync handler


class HomePages(Controller):
    path = "/"
    include_in_schema = False

    @get("/", opt=PUBLIC, sync_to_thread=True)
    def home(self, request: Request[Any, Any, Any]) -> Redirect:
        """Each role starts on its own page; strangers on the login page."""
        session = _session(request)
        return Redirect(path=home_of(session) if session else "/login", status_code=303)

    @get("/login", opt=PUBLIC, sync_to_thread=False)
    def login_page(self, request: Request[Any, Any, Any], next_url: NextParam = None) -> Template:
        return page(request, "login.html", form=Form(), next_url=safe_next(next_url, ""))

    @post("/login", opt=PUBLIC, status_code=303)
    async def login(self, request: Request[Any, Any, Any]) -> Response[Any]:
        values = await read_form(request)
        lang = lang_of(dict(request.cookies))
        form = Form(values={"username": values.get("username", "")})
        next_url = safe_next(values.get("next"), "")
        try:
            data = msgspec.convert(
                {"username": values.get("username", ""), "password": values.get("password", "")},
                Login,
            )
        except msgspec.ValidationError:
            form.general = (
                "Give your username and password" if lang == "en" else "กรุณากรอกชื่อผู้ใช้และรหัสผ่าน"
            )
            return page(request, "login.html", status=400, form=form, next_url=next_url)
        client = request.client.host if request.client else "unknown"
        services = services_of(request)
        try:
            token, session = await _check(services, data, client)
        except HttpProblem as problem:
            place_problem(form, problem, lang)
            return page(request, "login.html", status=problem.status, form=form, next_url=next_url)
        cookie = session_cookie(request, token)
        return Redirect(
            path=safe_next(next_url, home_of(session)), status_code=303, cookies=[cookie]
        )

    @post("/logout", opt=action(Action.READ, scope="own"), status_code=303)
    async def logout(self, request: Request[Session, Any, Any]) -> Redirect:
        token = presented_token(request)
        if token:
            await to_thread.run_sync(services_of(request).sessions.close, token)
        response = see_other("/login")
        response.delete_cookie(COOKIE)
        return response

    @get("/language/{lang:str}", opt=PUBLIC, sync_to_thread=False)
    def language(
        self, request: Request[Any, Any, Any], lang: LangPath, next_url: NextParam = None
    ) -> Redirect:
        """Thai or English, kept in a cookie for a year."""
        chosen = lang if lang in LANGS else "th"
        cookie = Cookie(
            key=LANG_COOKIE,
            value=chosen,
            path="/",
            samesite="lax",
            secure=services_of(request).settings.https,
            max_age=365 * 24 * 3600,
        )
        return Redirect(path=safe_next(next_url), status_code=303, cookies=[cookie])


async def _check(services: Any, data: Login, client: str) -> tuple[str, Session]:
    from anyio import to_thread

    return await to_thread.run_sync(check_login, services, data, client)
