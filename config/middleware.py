"""The client's address behind trusted proxies (TRUSTED_PROXY_COUNT)."""

from contextlib import suppress

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


class ClientAddressMiddleware:
    """Put the client's address in REMOTE_ADDR, where the proxies in front have put theirs.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For; the
    client's is the TRUSTED_PROXY_COUNT-th from the right (whatever the client wrote itself is
    further left, and ignored). The rule is allauth's, which keys its rate limits on the same
    address (ALLAUTH_TRUSTED_PROXY_COUNT). When the header does not give an address (missing,
    too few hops, not an IP address), REMOTE_ADDR is kept. With no trusted proxy (the default)
    the header is ignored: anyone can write it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.TRUSTED_PROXY_COUNT > 0:
            # When allauth finds no address, its rate-limited views refuse the request.
            with suppress(ImproperlyConfigured, PermissionDenied):
                request.META["REMOTE_ADDR"] = get_adapter(request).get_client_ip(request)
        return self.get_response(request)
