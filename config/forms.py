"""Small helpers shared by the apps' views: forms, pagination, permissions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.core.validators import EMPTY_VALUES
from django.utils.http import urlencode


def errors_into(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def query_string(pairs) -> str:
    """Query parameters in one spelling: sorted, without empty values."""
    return urlencode(sorted((name, value) for name, value in pairs if value))


def valid_filters(filterset) -> list[tuple[str, str]]:
    """The filters of the request that the filter form accepted and that filter something, as
    they were typed. Unknown parameters (utm_source…) and values the form refused (a theme that
    does not exist) are left out, as the filter set itself leaves them out of its query."""
    form = filterset.form
    form.is_valid()
    return [
        (name, value)
        for name, cleaned in form.cleaned_data.items()
        if cleaned not in EMPTY_VALUES
        for value in filterset.data.getlist(name)
    ]


def paginate(request, filterset, per_page: int) -> tuple[Page, str]:
    """The page asked for, and the query string of the valid filters (for the pagination and
    export links: never a stranger's parameters). `request.valid_query` is the whole request
    as the page understood it, `page` included when it names this page: the public cache
    (config/public_cache.py) keeps only pages asked for that way."""
    page = Paginator(filterset.qs, per_page).get_page(request.GET.get("page"))
    filters = valid_filters(filterset)
    asked = request.GET.get("page")
    request.valid_query = query_string(
        [*filters, ("page", asked)] if asked == str(page.number) else filters
    )
    return page, query_string(filters)


def require_perm(user, perm: str, obj=None) -> None:
    """403 for an action on something the user may see but not act on."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
