"""Local authorities: the registry as the views hold it; an LAO's district (อำเภอ) placed
where the registry lacks it, and each LAO's contact, both set by DLA's administrator (audited
events)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response
from litestar.di import NamedDependency, Provide

from budget.application.commands import PlaceInDistrict, SetAuthorityContact
from budget.domain.access import Action, ScopeKind
from budget.domain.ids import authority_id
from budget.http.guards import own_province, services_of
from budget.http.params import LAO, LaoCodePath, LaoTypeQuery, ProvinceQuery, provide_page
from budget.http.routing import action, command_write, reads
from budget.http.sessions import Session
from budget.http.writes import WRITE, etag
from budget.projections import queries
from budget.projections.queries import Authority, Page, PageRequest

REGISTRY = action(Action.MANAGE_REGISTRY)
CODE = {"lao_code": "code"}  # the registry's commands name the LAO by its code


class AuthoritiesController(Controller):
    path = "/api/authorities"
    tags = ["authorities"]  # noqa: RUF012 - Litestar's own attribute
    dependencies = {"page": Provide(provide_page, sync_to_thread=False)}  # noqa: RUF012

    @reads("/", "listAuthorities", action(Action.READ, scope="own"))
    def list_authorities(
        self,
        request: Request[Session, str, Any],
        page: NamedDependency[PageRequest],
        province_code: ProvinceQuery = None,
        lao_type: LaoTypeQuery = None,
    ) -> Page[Authority]:
        """The LAOs the caller may see: their own, their province's, those their district
        office oversees (its SAOs and subdistrict municipalities), or any (filtered)."""
        actor = request.user.actor
        lao_code = overseen_by = None
        if actor.role.scope_kind is ScopeKind.LAO:
            lao_code = actor.acting_for
        elif actor.role.scope_kind is ScopeKind.DISTRICT:
            overseen_by = actor.acting_for
        else:
            province_code = own_province(actor, Action.READ, province_code)
        with services_of(request).read() as connection:
            return queries.authorities(
                connection,
                page,
                province_code=province_code,
                lao_type=lao_type.value if lao_type else None,
                lao_code=lao_code,
                overseen_by=overseen_by,
            )

    @reads("/{lao_code:str}", "getAuthority", action(Action.READ))
    def get_authority(
        self, request: Request[Session, str, Any], lao_code: LaoCodePath
    ) -> Response[Authority]:
        """One LAO; the ETag is the version of its record."""
        services = services_of(request)
        with services.read() as connection:
            found = queries.authority(connection, lao_code)
        version = services.version_of(authority_id(lao_code)) or 0
        return Response(found, headers={"ETag": etag(version)})

    @command_write(
        "/{lao_code:str}/district",
        "placeInDistrict",
        REGISTRY,
        PlaceInDistrict,
        at=LAO,
        fields=CODE,
        dependencies=WRITE,
    )
    def place_in_district() -> None:
        """Place the LAO in its district (อำเภอ) where the registry lacks one, or move it (with
        a reason): the district's office oversees it from then on if it is an SAO or a
        subdistrict municipality. A PAO and the BMA lie in no district (422)."""

    @command_write(
        "/{lao_code:str}/contact",
        "setAuthorityContact",
        REGISTRY,
        SetAuthorityContact,
        at=LAO,
        fields=CODE,
        dependencies=WRITE,
    )
    def set_contact() -> None:
        """Set or change how the provincial office reaches the LAO (who-is-missing lists
        it): its office phone, e-mail and the officer responsible for its records; a phone
        or an e-mail at least. The contact is replaced whole; the one before stays in the
        LAO's history. The same contact again is refused (`invalid_input`)."""
