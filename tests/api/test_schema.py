"""The API against its own OpenAPI schema (Schemathesis): every operation with generated
parameters, valid and not, answers without a server error, with a documented status, content
type and body. Short (25 examples an operation) and deterministic (derandomised)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# The schema as the app serves it, over WSGI. (schemathesis.pytest.from_fixture would load it
# in a fixture, but reads an attribute that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _objects_of_each_kind(public_world, settings):
    """Public objects of each kind in the database, and the rate limit out of the way of a few
    hundred requests. The requests go through the WSGI handler, which closes the database
    connection after each (the test's transaction with it, on PostgreSQL): as Django's test
    client does, the test keeps it open."""
    settings.API_RATE = "100000/m"
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    database=None,  # no replay of earlier failures: every run tries the same inputs
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
def test_the_details_of_real_objects_match_the_schema(public_world):
    """Generated ids rarely name an object: each detail once with one that exists."""
    objects = {
        "initiatives": public_world["initiative"],
        "organisations": public_world["organisation"],
        "meetings": public_world["meeting"],
        "calls": public_world["call"],
        "news": public_world["article"],
    }
    for resource, obj in objects.items():
        operation = schema[f"/api/v1/{resource}/{{id}}"]["GET"]
        response = operation.Case(path_parameters={"id": obj.pk}).call_and_validate(checks=CHECKS)
        assert response.status_code == 200, resource
