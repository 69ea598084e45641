"""One id per request, in every log record written while it is served and in its response.

nginx sets ``X-Request-ID`` (its ``$request_id`` when the client sent none) and logs it; the
portal keeps a well-formed one, replaces anything else by a fresh id, echoes it in the response
and puts it on every log record (``request_id``), so that one request can be followed from
nginx's access log to gunicorn's and to the portal's own lines.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
# 1 to 64 letters, digits, '-', '_' or '.': what nginx's $request_id, a UUID or a load
# balancer's trace id look like; nothing that could break a log line or a header.
VALID = re.compile(r"[A-Za-z0-9._-]{1,64}")

current = ContextVar("request_id", default="-")


def request_id_from(value: str | None) -> str:
    """The id a request declared, if well-formed; a new one otherwise."""
    if value and VALID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain: everything after it logs with the request's id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.headers.get(HEADER))
        request.request_id = request_id
        # Not reset on the way out: Django logs a 4xx or 5xx answer ("django.request") after the
        # middleware returns; request_finished puts it back to '-' once the response is sent.
        current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs) -> None:
    current.set("-")


_make_record = logging.getLogRecordFactory()


def _record_with_request_id(*args, **kwargs) -> logging.LogRecord:
    record = _make_record(*args, **kwargs)
    record.request_id = current.get()
    return record


# Every record, whichever handler writes it (the console's, pytest's caplog, a log collector's).
logging.setLogRecordFactory(_record_with_request_id)


class RequestIdFilter(logging.Filter):
    """For handlers that may get records made before this module was imported."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True
