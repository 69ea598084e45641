from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the load balancer: 200 after a database and a cache round trip, 503 when either is
    down (pages need both: sessions and cached pages live in the cache)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    try:
        cache.get("healthz")
    except Exception:  # whatever the backend raises, the cache is unusable
        return HttpResponse("cache unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def floor(request):
    """The benchmark's floor: the cheapest answer the same project and stack can give."""
    return HttpResponse("ok\n", content_type="text/plain")
