"""Version 1 of the JSON API (/api/v1/): django-ninja, OpenAPI 3 at /api/v1/openapi.json.

Each operation: the token's provinces, a selector, plain dicts. Writes call the same services as
the web pages, with the issuing Board officer as the actor (services.api_actor)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Router, Schema, Status
from ninja.errors import AuthenticationError, ValidationError

from thidua.api import access, imports, selectors, serialise
from thidua.api import schemas as s
from thidua.api.auth import TokenAuth, TokenRefused, token_of, use_language
from thidua.api.models import Scope
from thidua.api.services import api_actor
from thidua.awards import package
from thidua.awards import services as awards
from thidua.awards.access import require_board as require_board_officer
from thidua.core.errors import DomainError
from thidua.cycles.access import get_cycle_for
from thidua.reports import issuing

T = TypeVar("T")
M = TypeVar("M", bound=Model)

api = NinjaAPI(
    title="thidua API",
    version="1",
    description=(
        "Reads of one province's registry, cycles, published rankings, ballot counts, dossiers, "
        "decisions and award histories; a decision and the registry import as writes; the public "
        "portal's data. Send the token the Board issued as `Authorization: Bearer <token>`. "
        "Answers are in Vietnamese unless `Accept-Language: en`."
    ),
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url=None,
)

#: What every token-protected operation may answer besides its success.
REFUSALS: dict[int, Any] = {401: s.Problem, 404: s.Problem, 422: s.InvalidInput, 429: s.Problem}
WRITE_REFUSALS: dict[int, Any] = {**REFUSALS, 400: s.Problem, 403: s.Problem}
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class Paging(Schema):
    limit: int = 50
    offset: int = 0

    def window(self) -> tuple[int, int]:
        limit = max(1, min(self.limit, MAX_LIMIT))
        offset = max(0, min(self.offset, MAX_OFFSET))
        return offset, offset + limit


def page(rows: QuerySet[M], paging: Paging, build: Callable[[M], dict[str, Any]]) -> dict[str, Any]:
    start, end = paging.window()
    return {"count": rows.count(), "items": [build(r) for r in rows[start:end]]}


class Missing(Exception):
    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


def found(value: T | None, message: str = "") -> T:
    if value is None:
        raise Missing(message)
    return value


# --- errors: clear JSON, in the caller's language ----------------------------------------------


def _problem(request: HttpRequest, message: str, status: int, field: str | None = None) -> Any:
    return api.create_response(request, {"detail": message, "field": field}, status=status)


@api.exception_handler(TokenRefused)
def token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = _problem(request, exc.message, exc.status)
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    if exc.status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(AuthenticationError)
def no_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    use_language(request)
    response = _problem(
        request,
        _("Send the API token the Board issued in the header “Authorization: Bearer <token>”."),
        401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(access.ScopeMissing)
def scope_missing(request: HttpRequest, exc: access.ScopeMissing) -> HttpResponse:
    return _problem(request, exc.message, 403)


@api.exception_handler(DomainError)
def refused(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _problem(request, exc.message, 400, exc.field)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _problem(request, _("This token may not do this."), 403)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _problem(request, _("Not found in this token's province."), 404)


@api.exception_handler(Missing)
def missing(request: HttpRequest, exc: Missing) -> HttpResponse:
    return _problem(request, exc.message or _("Not found in this token's province."), 404)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


def _provinces(request: HttpRequest) -> list[int]:
    token = token_of(request)
    cached = getattr(request, "_api_provinces", None)
    if cached is None:
        cached = access.province_ids(token)
        request._api_provinces = cached  # type: ignore[attr-defined]
    return cached


# --- the registry ------------------------------------------------------------------------------

registry = Router(tags=["registry"])


@registry.get("/provinces", response={200: list[s.ProvinceOut], **REFUSALS}, url_name="provinces")
def list_provinces(request: HttpRequest) -> Any:
    """The token's province and the provinces merged into it."""
    return [serialise.province(p) for p in selectors.provinces(_provinces(request))]


@registry.get(
    "/organisations", response={200: s.OrganisationPage, **REFUSALS}, url_name="organisations"
)
def list_organisations(request: HttpRequest, paging: Query[Paging], q: str = "") -> Any:
    """Organisations with every name they have had; `q` finds words, diacritics ignored."""
    rows = selectors.organisations(_provinces(request), q.replace("\x00", "")[:200])
    return page(rows, paging, serialise.organisation)


@registry.get(
    "/organisations/{pk}",
    response={200: s.OrganisationDetailOut, **REFUSALS},
    url_name="organisation",
)
def get_organisation(request: HttpRequest, pk: int) -> Any:
    """One organisation with its name versions, successions and memberships."""
    org = found(selectors.organisation(_provinces(request), pk))
    return serialise.organisation_detail(org)


@registry.get(
    "/organisations/{pk}/awards",
    response={200: list[s.AwardHistoryOut], **REFUSALS},
    url_name="organisation_awards",
)
def get_award_history(request: HttpRequest, pk: int) -> Any:
    """The organisation's awards and those of its predecessors, newest year first."""
    org = found(selectors.organisation(_provinces(request), pk))
    return [serialise.history_row(h) for h in selectors.award_history(org)]


@registry.get("/blocks", response={200: s.BlockPage, **REFUSALS}, url_name="blocks")
def list_blocks(request: HttpRequest, paging: Query[Paging]) -> Any:
    return page(selectors.blocks(_provinces(request)), paging, serialise.block)


@registry.get(
    "/blocks/{pk}/memberships",
    response={200: s.MembershipPage, **REFUSALS},
    url_name="block_memberships",
)
def list_memberships(
    request: HttpRequest, pk: int, paging: Query[Paging], year: int | None = None
) -> Any:
    """The block's members, by year (newest first) and order."""
    block = found(selectors.block(_provinces(request), pk))
    rows = selectors.memberships(block, _year(year))
    return page(rows, paging, lambda m: serialise.membership(_with_block(m, block)))


def _with_block(m: Any, block: Any) -> Any:
    m.block = block
    return m


def _year(year: int | None) -> int | None:
    """A year outside any plausible range finds nothing rather than overflowing a column."""
    if year is None:
        return None
    return year if 1900 <= year <= 2200 else -1


@registry.post(
    "/registry/import",
    response={**WRITE_REFUSALS, 200: s.RegistryImportOut, 400: s.RegistryProblemsOut},
    url_name="registry_import",
)
def import_registry(request: HttpRequest, body: s.RegistryImportIn) -> Any:
    """Organisations, blocks and memberships of the token's province, checked like the XLSX
    import: every row valid, or nothing saved (the answer lists each row's problems)."""
    token = token_of(request)
    access.require_scope(token, Scope.REGISTRY)
    result = imports.apply(actor=api_actor(token), province=token.province, body=body)
    if isinstance(result, imports.Problems):
        return Status(400, {"detail": result.detail, "rows": result.rows})
    return result


# --- cycles, rankings and ballots --------------------------------------------------------------

cycles = Router(tags=["cycles"])


@cycles.get("/cycles", response={200: s.CyclePage, **REFUSALS}, url_name="cycles")
def list_cycles(
    request: HttpRequest,
    paging: Query[Paging],
    year: int | None = None,
    block: int | None = None,
) -> Any:
    rows = selectors.cycles(_provinces(request), _year(year), block)
    return page(rows, paging, serialise.cycle)


@cycles.get("/cycles/{pk}", response={200: s.CycleDetailOut, **REFUSALS}, url_name="cycle")
def get_cycle(request: HttpRequest, pk: int) -> Any:
    """One cycle with its phases, each saying where the cycle stands."""
    from thidua.cycles.selectors import phase_steps

    cycle = found(selectors.cycle(_provinces(request), pk))
    phases = [
        {"number": p.number, "value": p.value, "label": p.label, "state": p.state}
        for p in phase_steps(cycle)
    ]
    return {**serialise.cycle(cycle), "phases": phases}


@cycles.get("/cycles/{pk}/ranking", response={200: s.RankingOut, **REFUSALS}, url_name="ranking")
def get_ranking(request: HttpRequest, pk: int) -> Any:
    """The ranking as the head unit published it (404 until it is published)."""
    cycle = found(selectors.cycle(_provinces(request), pk))
    published = found(
        selectors.published_ranking(cycle), _("This cycle's ranking is not published yet.")
    )
    return {
        "cycle_id": cycle.pk,
        "block": cycle.block.name,
        "year": cycle.year,
        "published_at": published.published_at,
        "corrected_at": published.corrected_at,
        "entries": serialise.ranking_entries(published),
    }


@cycles.get(
    "/cycles/{pk}/ballots", response={200: list[s.BallotResultOut], **REFUSALS}, url_name="ballots"
)
def list_ballots(request: HttpRequest, pk: int) -> Any:
    """Closed ballots with each candidate's count of agree votes; never who voted how."""
    cycle = found(selectors.cycle(_provinces(request), pk))
    return [serialise.ballot(b) for b in selectors.ballot_results(cycle)]


# --- dossiers and decisions --------------------------------------------------------------------

dossiers = Router(tags=["dossiers"])


@dossiers.get("/dossiers", response={200: s.DossierPage, **REFUSALS}, url_name="dossiers")
def list_dossiers(
    request: HttpRequest, paging: Query[Paging], status: str = "", year: int | None = None
) -> Any:
    """Dossiers sent to the Board (drafts are the block's own), newest first; `status` is one of
    submitted, returned, accepted, decided."""
    status = status if status in selectors.SENT else ("" if not status else "-")
    rows = selectors.dossiers(_provinces(request), status, _year(year))
    return page(rows, paging, serialise.dossier)


@dossiers.get("/dossiers/{pk}", response={200: s.DossierOut, **REFUSALS}, url_name="dossier")
def get_dossier(request: HttpRequest, pk: int) -> Any:
    return serialise.dossier(found(selectors.dossier(_provinces(request), pk)))


@dossiers.post(
    "/dossiers/{pk}/decision",
    response={201: s.DecisionOut, **WRITE_REFUSALS},
    url_name="record_decision",
)
def record_decision(request: HttpRequest, pk: int, body: s.DecisionIn) -> Any:
    """Record the decision on an accepted dossier: for every nominee granted or not (with the
    reason). The same checks and audit as the Board's page."""
    token = token_of(request)
    access.require_scope(token, Scope.DECISIONS)
    proposal = found(selectors.dossier(_provinces(request), pk))
    actor = api_actor(token)
    require_board_officer(actor)
    get_cycle_for(actor, proposal.cycle_id)
    outcomes = {o.nominee_id: awards.Outcome(o.granted, o.reason) for o in body.outcomes}
    decision = awards.record_decision(
        actor=actor,
        proposal=proposal,
        number=body.number,
        date=body.date,
        signer_name=body.signer_name,
        signer_position=body.signer_position,
        outcomes=outcomes,
    )
    recorded = selectors.decisions(_provinces(request)).get(pk=decision.pk)
    return Status(201, serialise.decision(recorded))


@dossiers.get(
    "/dossiers/{pk}/package",
    response={**REFUSALS, 400: s.Problem},
    url_name="dossier_package",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The dossier's files and manifest.json (SHA-256 of each file).",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_package(request: HttpRequest, pk: int) -> Any:
    """The dossier as the national e-dossier system takes it: tờ trình, minutes with the vote
    results and achievement reports (DOCX and PDF, or the signed upload), with a manifest."""
    proposal = found(selectors.dossier(_provinces(request), pk))
    try:
        data = package.build(proposal)
    except issuing.UndatedDocument as err:
        raise DomainError(err.message) from err
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ho-so-{proposal.pk}.zip"'
    return response


@dossiers.get("/decisions", response={200: s.DecisionPage, **REFUSALS}, url_name="decisions")
def list_decisions(request: HttpRequest, paging: Query[Paging], year: int | None = None) -> Any:
    """Decisions with the awards they granted, newest first."""
    return page(selectors.decisions(_provinces(request), _year(year)), paging, serialise.decision)


# --- the public portal's data: no token, cacheable ----------------------------------------------

public = Router(tags=["public"], auth=None)
#: Visitors' caches and proxies may keep an answer this long (seconds): what the portal shows.
PUBLIC_MAX_AGE = 300


def _cacheable(response: HttpResponse) -> None:
    response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"


@public.get(
    "/public/rankings",
    response={200: s.PublicRankingPage, 422: s.InvalidInput},
    url_name="public_rankings",
)
def public_rankings(
    request: HttpRequest, response: HttpResponse, paging: Query[Paging], year: int | None = None
) -> Any:
    """Every published ranking of an active block, as the portal shows it."""
    _cacheable(response)

    def build(r: Any) -> dict[str, Any]:
        return {
            "block": r.cycle.block.name,
            "province": r.cycle.block.province.code,
            "year": r.cycle.year,
            "published_at": r.published_at,
            "entries": serialise.ranking_entries(r),
        }

    return page(selectors.public_rankings(_year(year)), paging, build)


@public.get(
    "/public/awards",
    response={200: s.PublicAwardPage, 422: s.InvalidInput},
    url_name="public_awards",
)
def public_awards(
    request: HttpRequest, response: HttpResponse, paging: Query[Paging], year: int | None = None
) -> Any:
    """Every decided award, with the organisation's name when awarded and the decision."""
    _cacheable(response)

    def build(a: Any) -> dict[str, Any]:
        return {
            "organisation_id": a.organisation_id,
            "name": a.name,
            "title": a.award_type.name,
            "year": a.year,
            "decision_number": a.decision.number if a.decision else "",
            "decision_date": a.decision.date if a.decision else None,
        }

    return page(selectors.public_awards(_year(year)), paging, build)


@public.get(
    "/public/news", response={200: s.PublicNewsPage, 422: s.InvalidInput}, url_name="public_news"
)
def public_news(request: HttpRequest, response: HttpResponse, paging: Query[Paging]) -> Any:
    """The portal's published news, newest first, with the address of each article."""
    _cacheable(response)

    def build(p: Any) -> dict[str, Any]:
        return {
            "slug": p.slug,
            "title": p.title,
            "lead": p.lead,
            "published_at": p.published_at,
            "url": request.build_absolute_uri(reverse("news:article", args=[p.slug])),
        }

    return page(selectors.public_news(), paging, build)


api.add_router("", registry)
api.add_router("", cycles)
api.add_router("", dossiers)
api.add_router("", public)


def operations() -> Iterable[tuple[str, str]]:
    """(method, path) of every operation in the generated schema."""
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method in methods:
            yield method.upper(), path
