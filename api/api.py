"""The read-only JSON API of what is public: `/api/v1/` (django-ninja), its OpenAPI 3 schema at
`/api/v1/openapi.json` and its documentation at `/api/v1/docs` (Swagger UI from ninja's static
files: no CDN). Every operation is rate-limited per address and answers 304 to a client that
holds its current version (api/http.py)."""

import datetime
import functools
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.generic import RedirectView
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from api import data, schemas, selectors
from api.http import (
    DEFAULT_PAGE_SIZE,
    MAX_ID,
    MAX_PAGE_SIZE,
    conditional,
    page_of,
    rate_limited,
    set_last_modified,
)
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from landlords.filters import OrganisationFilter
from landlords.models import Organisation


class PortalAPI(NinjaAPI):
    def _get_urls(self):
        """`/api/v1/` leads to the documentation (ninja's own root answers 404; its name
        stays, ninja reverses it to find where the API is mounted)."""
        return [
            path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-root")
            if getattr(pattern, "name", None) == "api-root"
            else pattern
            for pattern in super()._get_urls()
        ]


class UTF8Renderer(JSONRenderer):
    """French text as it is ("Jardins partagés"), not as \\u escapes: the body is UTF-8."""

    json_dumps_params = {"ensure_ascii": False}


api = PortalAPI(
    title="Club Innovation sociale",
    version="1",
    description=(
        "The public data of the Club Innovation sociale of AR Hlm: initiatives of social "
        "landlords, organisations, meetings with their approved restitutions, calls for "
        "projects with their laureates, news. Read only, no account; each list is paginated "
        "(`page`, `page_size` up to 100; follow `next`; the total in `count` with "
        "`count=true`), each answer has an ETag (send it back in If-None-Match for a 304)."
    ),
    urls_namespace="api",
    # Swagger UI from ninja's own static files; no online validator is asked.
    docs=Swagger(settings={"validatorUrl": None}),
    renderer=UTF8Renderer(),
)

Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Stable identifier (primary key).")]

# What every operation may answer besides its 200 (documented, so that clients and
# Schemathesis know them): not modified, a parameter refused, not found, too many requests.
ANSWERS = {304: None, 400: schemas.ValidationErrors, 404: schemas.Error, 429: schemas.Error}


def in_default_language(run):
    """Bodies in the portal's language whatever the reader's: one version, one ETag."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = run(request, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response

    return wrapper


def operation(view):
    """In the portal's language; the rate limit first (a refused request costs nothing more),
    then the operation with its ETag and 304s (decorate_view wraps in the order given: the
    last one outermost)."""
    return decorate_view(conditional, rate_limited, in_default_language)(view)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 (not ninja's 422), naming each parameter refused and why."""
    errors = [
        {
            "parameter": str(problem["loc"][-1]) if problem.get("loc") else "",
            "message": str(problem.get("msg", "")),
        }
        for problem in error.errors
    ]
    return api.create_response(
        request, {"detail": _("Invalid parameters."), "errors": errors}, status=400
    )


def refuse(errors: dict) -> None:
    """The errors of a filter form as the API's 400."""
    raise ValidationError(
        [
            {"loc": ("query", name), "msg": " ".join(str(message) for message in messages)}
            for name, messages in errors.items()
        ]
    )


def unchecked(request: HttpRequest, body, response: HttpResponse) -> HttpResponse:
    """The body rendered as ninja renders it, without ninja's validation against the schema:
    for the initiatives, whose items api/data.py builds to the schema's shape and whose
    answers Schemathesis checks against it in `make test`. Validating a page of 20 nested
    items cost a sixth of the list's time."""
    return api.create_response(request, body, temporal_response=response)


def not_found() -> HttpError:
    return HttpError(404, _("Not found."))


def one(queryset, id):  # noqa: A002
    """The object of `queryset` with this id: 404 when it is not there (not public)."""
    obj = queryset.filter(pk=id).first()
    if obj is None:
        raise not_found()
    return obj


class Pagination(Schema):
    page: int = Field(1, ge=1, le=MAX_ID, description="Page number, from 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 100)."
    )
    count: bool = Field(
        False, description="Count every item of the list in `count` (else null): slower."
    )


class InitiativeFilters(Pagination):
    """The catalogue's filters (initiatives/filters.py), plus `updated_since`."""

    q: str | None = Field(None, description="Search in titles, summaries, communes, texts.")
    theme: str | None = Field(None, description="A theme's slug.")
    public: str | None = Field(None, description="A target public's slug.")
    region: str | None = Field(None, description="A region's code: paca, corse, occitanie.")
    departement: str | None = Field(None, description="A département's code: 13, 2A, 31…")
    commune: str | None = Field(
        None, description="A commune's INSEE code (31555), name (Toulouse) or part of names."
    )
    landlord: str | None = Field(None, description="An organisation's slug (lead or co-landlord).")
    partner: str | None = Field(None, description="A partner organisation's slug.")
    status: Initiative.Status | None = None
    in_qpv: bool | None = Field(None, description="In a priority neighbourhood (QPV).")
    call: str | None = Field(None, description="Laureates of the call with this slug.")
    sort: Literal["recent", "title", "start", "relevance"] | None = None
    updated_since: datetime.datetime | None = Field(
        None, description="Changed at or after this ISO 8601 date and time."
    )


class OrganisationFilters(Pagination):
    """The filters of the organisations' page (landlords/filters.py)."""

    q: str | None = Field(None, description="Search in names and presentations.")
    kind: Organisation.Kind | None = None
    family: Organisation.Family | None = None
    region: str | None = Field(None, description="A region's code: paca, corse, occitanie.")
    departement: str | None = Field(None, description="A département's code: 13, 2A, 31…")


def filter_data(filters: Schema, names) -> dict[str, str]:
    """The parameters that the filter set reads, as its form expects them."""
    values = {}
    for name in names:
        value = getattr(filters, name, None)
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        values[name] = str(getattr(value, "value", value))
    return values


def filtered(filterset_class, filters: Schema, queryset):
    """The filter set's queryset for the parameters given. Without any, `queryset` itself: its
    order is already the filter set's default (the selectors' order), and a filter set, even
    without a form to validate, copies all its filters (a fifth of the unfiltered list's time
    with its form, a tenth without)."""
    data = filter_data(filters, filterset_class.base_filters)
    if not data:
        return queryset
    filterset = filterset_class(data, queryset=queryset)
    if not filterset.is_valid():
        refuse(filterset.errors)
    return filterset.qs


# --- Initiatives -------------------------------------------------------------------------------


@api.get(
    "/initiatives",
    response={200: schemas.InitiativePage, **ANSWERS},
    url_name="initiative-list",
    summary="Public initiatives",
    tags=["initiatives"],
)
@operation
def initiative_list(
    request: HttpRequest, response: HttpResponse, filters: Query[InitiativeFilters]
):
    """The catalogue's public initiatives, with its filters; newest first unless `sort`."""
    queryset = filtered(InitiativeFilter, filters, selectors.initiatives())
    if filters.updated_since is not None:
        since = filters.updated_since
        if since.tzinfo is None:
            since = since.replace(tzinfo=datetime.UTC)
        try:
            since.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            refuse({"updated_since": [_("This date is out of range.")]})
        queryset = queryset.filter(updated_at__gte=since)
    rows, body = page_of(
        request,
        queryset,
        page=filters.page,
        page_size=filters.page_size,
        count=filters.count,
        item=data.initiative(request),
        read=selectors.initiative_values,
        complete=selectors.with_relations,
    )
    set_last_modified(response, (row["updated_at"] for row in rows))
    return unchecked(request, body, response)


@api.get(
    "/initiatives/{id}",
    response={200: schemas.Initiative, **ANSWERS},
    url_name="initiative-detail",
    summary="A public initiative",
    tags=["initiatives"],
)
@operation
def initiative_detail(request: HttpRequest, response: HttpResponse, id: Id):  # noqa: A002
    rows = selectors.initiative_rows(selectors.initiatives().filter(pk=id))
    if not rows:
        raise not_found()
    set_last_modified(response, [rows[0]["updated_at"]])
    return unchecked(request, data.initiative(request)(rows[0]), response)


# --- Organisations -----------------------------------------------------------------------------


@api.get(
    "/organisations",
    response={200: schemas.OrganisationPage, **ANSWERS},
    url_name="organisation-list",
    summary="Organisations",
    tags=["organisations"],
)
@operation
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilters]):
    """Landlords, partners and federations, by name."""
    queryset = filtered(OrganisationFilter, filters, selectors.organisations())
    _objects, body = page_of(
        request,
        queryset,
        page=filters.page,
        page_size=filters.page_size,
        count=filters.count,
        item=data.organisation(request),
    )
    return body


@api.get(
    "/organisations/{id}",
    response={200: schemas.Organisation, **ANSWERS},
    url_name="organisation-detail",
    summary="An organisation",
    tags=["organisations"],
)
@operation
def organisation_detail(request: HttpRequest, id: Id):  # noqa: A002
    obj = one(selectors.organisations(), id)
    return data.organisation(request)(obj)


# --- Meetings ----------------------------------------------------------------------------------


@api.get(
    "/meetings",
    response={200: schemas.MeetingPage, **ANSWERS},
    url_name="meeting-list",
    summary="Published meetings and events",
    tags=["meetings"],
)
@operation
def meeting_list(request: HttpRequest, pages: Query[Pagination]):
    """Club meetings, events and webinars, newest first, with their workshops and visits and
    the restitutions approved."""
    _objects, body = page_of(
        request,
        selectors.meetings(),
        page=pages.page,
        page_size=pages.page_size,
        count=pages.count,
        item=data.meeting(request),
    )
    return body


@api.get(
    "/meetings/{id}",
    response={200: schemas.Meeting, **ANSWERS},
    url_name="meeting-detail",
    summary="A published meeting or event",
    tags=["meetings"],
)
@operation
def meeting_detail(request: HttpRequest, id: Id):  # noqa: A002
    obj = one(selectors.meetings(), id)
    return data.meeting(request)(obj)


# --- Calls for projects ------------------------------------------------------------------------


@api.get(
    "/calls",
    response={200: schemas.CallPage, **ANSWERS},
    url_name="call-list",
    summary="Calls for projects",
    tags=["calls"],
)
@operation
def call_list(request: HttpRequest, pages: Query[Pagination]):
    """Calls for projects, latest opening first; laureates once the results are published."""
    _objects, body = page_of(
        request,
        selectors.calls(),
        page=pages.page,
        page_size=pages.page_size,
        count=pages.count,
        item=data.call(request),
    )
    return body


@api.get(
    "/calls/{id}",
    response={200: schemas.Call, **ANSWERS},
    url_name="call-detail",
    summary="A call for projects",
    tags=["calls"],
)
@operation
def call_detail(request: HttpRequest, id: Id):  # noqa: A002
    obj = one(selectors.calls(), id)
    return data.call(request)(obj)


# --- News --------------------------------------------------------------------------------------


@api.get(
    "/news",
    response={200: schemas.ArticlePage, **ANSWERS},
    url_name="article-list",
    summary="News",
    tags=["news"],
)
@operation
def article_list(request: HttpRequest, response: HttpResponse, pages: Query[Pagination]):
    """Published articles, newest first."""
    objects, body = page_of(
        request,
        selectors.articles(),
        page=pages.page,
        page_size=pages.page_size,
        count=pages.count,
        item=data.article(request),
    )
    set_last_modified(response, (obj.updated_at for obj in objects))
    return body


@api.get(
    "/news/{id}",
    response={200: schemas.Article, **ANSWERS},
    url_name="article-detail",
    summary="A news article",
    tags=["news"],
)
@operation
def article_detail(request: HttpRequest, response: HttpResponse, id: Id):  # noqa: A002
    obj = one(selectors.articles(), id)
    set_last_modified(response, [obj.updated_at])
    return data.article(request)(obj)
