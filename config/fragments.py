"""Rendered page fragments kept in the shared cache (Redis in production), so that a page seen a
thousand times is built once.

Every value is stored with the *content generation* it was built under: a token that changes
whenever a row of the portal's own apps is saved or deleted (signals, below), or when a service
changes rows in bulk (`content_changed()`); a value whose token is not the current one is never
served. A fragment is therefore never older than the last change. The token changes at once and
again when the transaction commits, so a request that read the old rows while the change was in
flight cannot leave them in the cache under the new token. The token is stored in the value,
not in the key, so that a page reads the tokens and the values it needs in one round trip.

Fragments are rendered *without the request*: no context processor runs, so neither the
visitor's account, nor a CSRF token, nor a message can end up in HTML that others are served.
The key also carries the release (a digest of the code and templates, so a deployment starts
afresh), the language and the day (what is "upcoming" changes at midnight).
What varies with the visitor goes into `vary` (usually whether they are a member,
`landlords.permissions.is_member`) or stays out of the fragment, in the live part of the page.
"""

import functools
import hashlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from importlib import metadata

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.signals import request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localdate
from django.utils.translation import get_language

GENERATION_KEY = "fragments:generation"
# The generation keeps fragments fresh; the timeout bounds the cache's size and how long an
# entry could outlive a change that failed to reach the cache (Redis down at that moment).
TIMEOUT = 10 * 60
SEARCH_TIMEOUT = 2 * 60  # pages for a typed search: many distinct keys, kept briefly
APPS = frozenset({"landlords", "clubs", "initiatives", "reports"})

logger = logging.getLogger(__name__)

# The token is read once per request and serves the whole request (one cache round trip); a
# change made by the request itself replaces it. It must be read before the rows a fragment is
# built from: read later, it could be newer than those rows, and they would be cached as
# current. `remember` reads it before computing; a view that fetches an object first and
# renders fragments from it is decorated with `@prefetches` (which reads the tokens with the
# page's values) or `@reads_generation_first`.
_seen = threading.local()

CONTENT = "content"
# A value that depends on a few tables only has a generation of its own (a scope), so that the
# rest of the content changing leaves it cached: {scope: model labels}.
SCOPES: dict[str, frozenset[str]] = {}


def register_scope(name: str, *models) -> None:
    SCOPES[name] = frozenset(model._meta.label_lower for model in models)


def enabled() -> bool:
    """Only with a cache all workers share (Redis), or in one process (DEBUG, tests): with a
    per-process cache, one worker would never learn of a change made through another."""
    return settings.FRAGMENT_CACHE


def _tokens() -> dict:
    if getattr(_seen, "tokens", None) is None:
        _seen.tokens = {}
    return _seen.tokens


def _generation_key(scope: str) -> str:
    return GENERATION_KEY if scope == CONTENT else f"{GENERATION_KEY}:{scope}"


def _all_scopes_read() -> bool:
    tokens = _tokens()
    return CONTENT in tokens and all(name in tokens for name in SCOPES)


def _read_with_tokens(keys: list[str]) -> dict:
    """The cached values at `keys`, and every scope's token if this request has not read them
    yet, in one round trip. Reading a token earlier than needed is safe: what is built from
    newer rows is stored with an older token, and never served under the new one."""
    tokens = _tokens()
    generation_keys = {}
    if not _all_scopes_read():
        generation_keys = {_generation_key(name): name for name in (CONTENT, *SCOPES)}
    if not generation_keys and not keys:
        return {}
    found = cache.get_many([*generation_keys, *keys])
    for cache_key, name in generation_keys.items():
        token = found.get(cache_key)
        if token is None:
            cache.add(cache_key, uuid.uuid4().hex, timeout=None)
            token = cache.get(cache_key)
        tokens.setdefault(name, token)  # a change made by this request stays its own
    return found


def generation(scope: str = CONTENT) -> str:
    if scope not in _tokens():
        _read_with_tokens([])
    return _tokens()[scope]


def _request_started(**kwargs) -> None:
    _seen.tokens = {}
    _seen.prefetched = {}
    _seen.pending = []


def _prefetched() -> dict:
    if getattr(_seen, "prefetched", None) is None:
        _seen.prefetched = {}
    return _seen.prefetched


_MISSING = object()
# Values cached per signed-in user that most pages ask for (the clubs one animates, for the
# menu): read in the same round trip as the user (landlords/backends.py). {name: scope}
USER_ENTRIES: dict[str, str] = {}


def register_user_entry(name: str, scope: str = CONTENT) -> None:
    USER_ENTRIES[name] = scope


def user_entries(user_id) -> list[tuple]:
    return [(name, [user_id], scope) for name, scope in USER_ENTRIES.items()]


def prefetch(*entries: tuple) -> None:
    """Read, in one round trip (with the scopes' tokens, if not read yet), what the
    `remember`/`render` calls this request is about to make will look for: entries of
    (name, vary) or (name, vary, scope), as those calls name them. Each value read serves one
    call; an entry named differently is merely read again."""
    if not enabled():
        return
    keys = [key(*entry) for entry in entries]
    found = _read_with_tokens(keys)
    _prefetched().update({cache_key: found.get(cache_key, _MISSING) for cache_key in keys})


def signed_in_id(request) -> str | None:
    """The account id the visitor's session names (not yet checked: for cache keys only)."""
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def signed_in(request) -> bool:
    """Whether the session names an account: the likely audience, for `prefetches` guesses."""
    return signed_in_id(request) is not None


def take_pending() -> list[tuple]:
    """The entries a view declared (`prefetches`), for the signed-in account's lookup to read in
    its own round trip (landlords/backends.py)."""
    pending = getattr(_seen, "pending", None) or []
    _seen.pending = []
    return pending


def prefetches(entries_for: Callable[..., Iterable[tuple]]):
    """Decorator: before the view runs, read the cached values it will look for, as its
    `remember`/`render` calls name them (`entries_for(request, *args, **kwargs)`, which may
    guess from `signed_in_id` what varies with the visitor), with the tokens and the signed-in
    account, in one round trip. The tokens are thus read before any row, as
    `reads_generation_first` would. A wrong guess costs one more read, never a wrong value."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if enabled():
                _seen.pending = list(entries_for(request, *args, **kwargs))
                try:
                    request.user.is_authenticated  # noqa: B018 — the account's lookup reads them
                    prefetch(*take_pending())  # for visitors not signed in
                finally:
                    _seen.pending = []  # never read by a later, unrelated lookup
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def reads_generation_first(view):
    """For a view that reads rows before it renders fragments from them: the tokens are read
    first (with the signed-in account, when there is one)."""
    return prefetches(lambda request, *args, **kwargs: ())(view)


def _new_generation(scope: str = CONTENT) -> None:
    token = _tokens()[scope] = uuid.uuid4().hex
    cache.set(_generation_key(scope), token, timeout=None)


def _bump_on_commit(scope: str):
    def new_generation_on_commit() -> None:
        _new_generation(scope)

    return new_generation_on_commit


def content_changed(*scopes: str) -> None:
    """Forget every fragment (or those of `scopes`): now, and again once the current
    transaction commits.

    Inside a transaction, a cache that cannot be reached makes the change fail (and roll
    back). Outside one, the row is already saved: the failure is logged, and fragments cached
    before it may be served until their timeout. The bump on commit never stops the other
    on-commit work (emails) from running.
    """
    for scope in scopes or (CONTENT, *SCOPES):
        try:
            _new_generation(scope)
        except Exception:
            if transaction.get_connection().in_atomic_block:
                raise
            logger.exception("fragments: a change could not reach the cache")
        transaction.on_commit(_bump_on_commit(scope), robust=True)


@functools.cache
def release() -> str:
    """A digest of the portal's own code, templates and translations (computed once per
    process): a deployment that changes how a page is built never serves the previous
    release's fragments, even though the cache outlives it."""
    digest = hashlib.sha256()
    folders = [*settings.PROJECT_APPS, "config", "templates", "locale", "static"]
    for folder in folders:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.is_file() and "tests" not in path.parts and path.suffix != ".pyc":
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    # Third-party templates and code (form widgets, filters) change with their versions.
    versions = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()[:16]


def _today():
    """The local date, looked up at most once a second (a page asks for a dozen keys)."""
    now = time.monotonic()
    seen = getattr(_seen, "today", None)
    if seen is None or now - seen[0] > 1:
        seen = _seen.today = (now, localdate())
    return seen[1]


def key(name: str, vary: Iterable = (), scope: str = CONTENT) -> str:
    """Where a value is cached. Its scope's token is stored with it (`store`), not in the key,
    so that the value and the tokens can be read in one round trip (`prefetch`)."""
    parts = (release(), scope, get_language(), _today(), name, *vary)
    text = "\x1f".join(str(part) for part in parts)
    return "fragments:" + hashlib.sha256(text.encode()).hexdigest()


def read(cache_key: str, scope: str = CONTENT):
    """The value cached at `cache_key` if it was stored under the scope's current token, else
    None: the one `prefetch` read, if it did."""
    entry = _prefetched().pop(cache_key, None)
    if entry is None:
        entry = cache.get(cache_key)
    elif entry is _MISSING:
        return None
    if entry is None:
        return None
    token, value = entry  # as `store` puts it
    return value if token == generation(scope) else None


def store(cache_key: str, value, *, token: str, timeout: int = TIMEOUT) -> None:
    """Cache `value` with `token`: the scope's token read *before* the rows it was built from."""
    cache.set(cache_key, (token, value), timeout)


def remember(
    name: str,
    compute: Callable[[], object],
    *,
    vary: Iterable = (),
    timeout: int = TIMEOUT,
    scope: str = CONTENT,
):
    """`compute()`, from the cache when it was stored under the current generation of `scope`
    (not for None)."""
    if not enabled():
        return compute()
    token = generation(scope)
    cache_key = key(name, vary, scope)
    value = read(cache_key, scope)
    if value is None:
        value = compute()
        store(cache_key, value, token=token, timeout=timeout)
    return value


def render(
    template: str, context: Callable[[], dict], *, vary: Iterable = (), timeout: int = TIMEOUT
) -> SafeString:
    """`template` rendered with `context()`, from the cache when this generation has it.

    `context` is only called on a miss, so the queries behind the fragment only run then.
    """
    html = remember(
        template, lambda: render_to_string(template, context()), vary=vary, timeout=timeout
    )
    return mark_safe(html)  # noqa: S308 — our own template's output, escaped when rendered


def query_vary(query, names: Iterable[str]) -> list:
    """The parameters of a query string that a page knows (its filters, `page`), normalised:
    an unknown parameter (utm_source…) neither makes a new cache entry nor misses the cache."""
    known = set(names)
    return sorted(
        (name, value) for name, values in query.lists() if name in known for value in values
    )


def _on_change(sender, **kwargs) -> None:
    if sender._meta.app_label not in APPS or hasattr(sender, "instance_type"):
        return  # another app's rows, or a history row (its own row's save already counted)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in changes nothing that a fragment shows
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: only after the change
    label = sender._meta.label_lower
    content_changed(CONTENT, *(scope for scope, labels in SCOPES.items() if label in labels))


def connect() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_change, dispatch_uid=f"fragments-{signal}")
    request_started.connect(_request_started, dispatch_uid="fragments-request-started")
    if enabled():
        release()  # from the code this process loaded, not from what is on disk later
