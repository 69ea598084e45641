"""Small helpers shared by the apps' views: forms, pagination, permissions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator


def errors_into(form, error: ValidationError) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def paginate(request, queryset, per_page: int) -> tuple[Page, str]:
    """The page asked for, and the query string without `page` (pagination links keep filters)."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def require_perm(user, perm: str, obj=None) -> None:
    """403 for an action on something the user may see but not act on."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied
