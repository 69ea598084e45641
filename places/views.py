from django.http import JsonResponse
from django.views.decorators.http import require_GET

from places import lookup


@require_GET
def suggest(request):
    """Suggestions for the commune field: public facts (the official list), the same for
    everyone, so browsers and proxies may keep them an hour."""
    rows = lookup.suggestions(request.GET.get("q", "")[:100])
    response = JsonResponse(
        {"results": [{"code": row["code"], "label": lookup.label(row)} for row in rows]}
    )
    response["Cache-Control"] = "public, max-age=3600"
    return response
