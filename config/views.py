import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

OK = "ok"


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return OK


def _cache() -> str:
    try:
        cache.set("healthz", "ok", 5)
        # None when django-redis ignored a failure (IGNORE_EXCEPTIONS).
        return OK if cache.get("healthz") == "ok" else "unavailable"
    except Exception:
        return "unavailable"


def _storage(alias: str) -> str:
    """A tiny write, read and delete, under a name nothing else uses."""
    storage = storages[alias]
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = storage.save(name, ContentFile(b"ok"))
        try:
            with storage.open(saved) as file:
                readable = file.read() == b"ok"
        finally:
            storage.delete(saved)
    except Exception:
        return "unavailable"
    return OK if readable else "unreadable"


def storage_aliases() -> list[str]:
    """The storages the portal writes to (static files are written at deploy time only)."""
    return [alias for alias in settings.STORAGES if alias != "staticfiles"]


@never_cache
def healthz(request):
    """For monitoring: the database, the cache (Redis) and every storage, each by name.

    503 when any of them fails, with the failing ones named in the answer. The load balancer
    asks /readyz instead: without Redis the portal still serves and saves (sessions read from
    the database, public pages built afresh), so Redis must not take every node out."""
    checks = {"database": _database(), "cache": _cache()}
    checks.update({f"storage:{alias}": _storage(alias) for alias in storage_aliases()})
    failed = sorted(name for name, answer in checks.items() if answer != OK)
    return JsonResponse(
        {"status": "failed" if failed else OK, "checks": checks, "failed": failed},
        status=503 if failed else 200,
    )


_migrated = False  # once true in a process, it stays true: migrations are not unapplied


def _migrations_applied() -> bool:
    global _migrated  # noqa: PLW0603 — a per-process memo of a check that reads every migration
    if not _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


@never_cache
def readyz(request):
    """For the load balancer: 200 when this node should get requests.

    Not ready while draining (the DRAIN_FILE exists), while the database does not answer, or
    while migrations of the deployed code are not applied yet (a node started before `migrate`)."""
    if settings.DRAIN_FILE and Path(settings.DRAIN_FILE).exists():
        return HttpResponse("draining\n", status=503, content_type="text/plain")
    if _database() != OK:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    try:
        migrated = _migrations_applied()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    if not migrated:
        return HttpResponse("migrations not applied\n", status=503, content_type="text/plain")
    return HttpResponse("ready\n", content_type="text/plain")


def floor(request):
    """The benchmark's floor: the cheapest answer the same project and stack can give."""
    return HttpResponse("ok\n", content_type="text/plain")
