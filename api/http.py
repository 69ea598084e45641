"""HTTP around every operation of the API: the per-client rate limit, the ETag and Last-Modified
with their 304s, and the pages of a list."""

import functools
import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _
from django_ratelimit.core import _split_rate, is_ratelimited
from ninja.errors import HttpError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Ids are 64-bit: a bigger one is refused (400) before it reaches the database.
MAX_ID = 2**63 - 1


def client_address(group: str, request: HttpRequest) -> str:
    """The address the rate limit counts by (config/middleware.py put the client's there,
    behind trusted proxies). A server that gives none (a Unix socket without a proxy header)
    counts all such requests together rather than failing them."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(run: Callable) -> Callable:
    """429 with a JSON body past `API_RATE` requests of one address (django-ratelimit, counted in
    the cache; when it cannot count, requests go on: RATELIMIT_FAIL_OPEN)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if is_ratelimited(
            request, group="api", key=client_address, rate=settings.API_RATE, increment=True
        ):
            _count, seconds = _split_rate(settings.API_RATE)
            return JsonResponse(
                {"detail": _("Too many requests: wait a moment, then try again.")},
                status=429,
                headers={"Retry-After": str(seconds)},
            )
        return run(request, *args, **kwargs)

    return wrapper


def conditional(run: Callable) -> Callable:
    """The ETag of a 200 is a hash of its body; with the Last-Modified that the operation set
    (from its data's dates), If-None-Match and If-Modified-Since answer 304 (Django's rules:
    If-None-Match first)."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if request.method != "GET" or response.status_code != 200:
            return response
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest())
        # Caches may keep an answer but must ask again each time (a 304 costs little).
        response["Cache-Control"] = "no-cache"
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    return wrapper


def set_last_modified(response: HttpResponse, dates: Iterable) -> None:
    """Last-Modified: the latest of `dates` (none: no header)."""
    known = [date for date in dates if date is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


def page_of(
    request: HttpRequest,
    queryset,
    *,
    page: int,
    page_size: int,
    count: bool,
    item: Callable,
    read: Callable[[object], list] = list,
    complete: Callable[[list], list] | None = None,
):
    """The page asked for: {count, next, previous, results}; 404 past the last page. `read`
    turns the page's slice of `queryset` into a list, `complete` (if given) adds to the page's
    items what `item` needs besides, and `item` makes each one's data.

    One row more than the page is read to know whether a next page exists: the total is
    counted only when asked (`count`), as counting every matching row on each page cost more
    than the page itself at 100,000 initiatives (an index-only scan of 11 ms)."""
    start = (page - 1) * page_size
    if start + page_size >= MAX_ID:  # no database takes such an offset
        raise HttpError(404, _("There is no such page."))
    objects = read(queryset[start : start + page_size + 1])
    has_next = len(objects) > page_size
    objects = objects[:page_size]
    if not objects and page > 1:
        raise HttpError(404, _("There is no such page."))
    if complete is not None:  # the page's items only, not the row read beyond them
        objects = complete(objects)

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return f"{request.build_absolute_uri(request.path)}?{query.urlencode()}"

    return objects, {
        "count": queryset.count() if count else None,
        "next": link(page + 1) if has_next else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [item(obj) for obj in objects],
    }
