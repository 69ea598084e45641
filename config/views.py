from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the load balancer: 200 after a database round trip, 503 when the database is down.

    The cache is reported, not required: without Redis the portal still serves and saves
    (sessions are read from the database, public pages built afresh, rate limits not counted),
    so taking every worker out of the balancer for it would only make things worse."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    try:
        cache.set("healthz", "ok", 5)
        cache_ok = cache.get("healthz") == "ok"  # None when django-redis ignored a failure
    except Exception:
        cache_ok = False
    answer = "ok\n" if cache_ok else "ok, cache unavailable\n"
    return HttpResponse(answer, content_type="text/plain")


def floor(request):
    """The benchmark's floor: the cheapest answer the same project and stack can give."""
    return HttpResponse("ok\n", content_type="text/plain")
