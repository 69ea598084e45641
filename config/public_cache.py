"""The one page cache: whole public pages as a visitor who is not signed in sees them.

A page is cached only when nothing personal can be in it: the visitor is not signed in, has no
message waiting, and the request names no query parameter other than those the view lists
(`@public_page(params=[...])`, written on the view). The key is the language, the path and
those parameters; nothing else varies. Each entry keeps the content version it was built
under (read, with the entry, before the page's rows) and is served only while that version
is current. Signed-in visitors always get the page built afresh: their pages are fast because
they do little, not because of a cache.

The content version changes when a transaction that saved or deleted a row of the portal's
apps commits (a receiver, below; services that change rows with a bulk `update()` call
`content_changed()`). If Redis cannot be reached then, the change stands, the failure is
logged, and the pages cached before it are served until they expire: within TIMEOUT.
"""

import functools
import hashlib
import logging
import threading
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.translation import get_language

from config.forms import query_string

VERSION_KEY = "public-page:version"
TIMEOUT = 10 * 60
APPS = frozenset(settings.PROJECT_APPS)

logger = logging.getLogger(__name__)


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


# Whether a change awaits its bump, in this thread: a transaction saving forty rows queues forty
# callbacks, and the first one to run changes the version for all (a Redis that hangs then
# costs a commit one timeout, not one per row).
_pending = threading.local()


def _bump() -> None:
    if not getattr(_pending, "change", False):
        return  # an earlier callback of the same commit did it
    _pending.change = False
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("public cache: the content version could not be changed")


def content_changed() -> None:
    """Forget every cached page once the current transaction commits (at once outside one)."""
    _pending.change = True
    transaction.on_commit(_bump, robust=True)


def _on_change(sender, **kwargs) -> None:
    if sender._meta.app_label not in APPS:
        return  # sessions, mail queue, admin log: nothing a public page shows
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only after the change
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in changes no public page
    content_changed()


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"public-cache-{signal}")


def _cacheable(request, params: frozenset[str]) -> bool:
    return (
        settings.PUBLIC_CACHE
        and request.method in {"GET", "HEAD"}
        and set(request.GET) <= params
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))  # counts them without marking them read
    )


def public_page(*, params: Iterable[str] = ()):
    """Serve the view's page from the cache to visitors who are not signed in.

    `params`: the query parameters the page reads (its filters, `page`); a request with any
    other parameter is built afresh, so the page's links can never carry a stranger's. Empty
    parameters do not count; a page with parameters is stored only when the view found each
    one valid (it sets `request.valid_query`, as `config.forms.paginate` does). Each typed
    search is an entry of its own: Redis bounds them (maxmemory with allkeys-lru, README)."""
    known = frozenset(params)

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _cacheable(request, known):
                return view(request, *args, **kwargs)
            query = query_string(
                (name, value) for name, values in request.GET.lists() for value in values
            )
            # The static files' manifest changes with a release that changes them: a page
            # never names stylesheets of the previous release (empty without a manifest).
            release = getattr(staticfiles_storage, "manifest_hash", "")
            page = f"{release}:{get_language()}:{request.path}?{query}"
            key = "public-page:" + hashlib.sha256(page.encode()).hexdigest()
            try:
                # One round trip: the entry keeps the version it was built under.
                found = cache.get_many([VERSION_KEY, key])
                version = found.get(VERSION_KEY) or _version()
            except Exception:
                logger.exception("public cache: unreachable, the page is built afresh")
                return view(request, *args, **kwargs)
            entry = found.get(key)
            if entry is not None and entry[0] == version:
                _version_built, content, content_type = entry
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                # A page with parameters is kept only when each was valid and in one spelling
                # (config.forms.paginate says): junk values (?page=x, ?theme=x) add no entry.
                and (not known or getattr(request, "valid_query", None) == query)
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form's token
                and not request.session.modified  # its cookie is set after this view
            ):
                try:
                    entry = (version, response.content, response["Content-Type"])
                    cache.set(key, entry, TIMEOUT)
                except Exception:
                    logger.exception("public cache: the page could not be stored")
            return response

        wrapper.public_page_params = known  # tests/config/test_public_cache.py finds them
        return wrapper

    return decorator
