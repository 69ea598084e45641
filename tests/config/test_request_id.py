"""Every request has an id: the one nginx passed when well-formed, a new one otherwise; it is
echoed in the response and carried by every log record written while serving it."""

import json
import logging

import pytest
from django.urls import reverse

from tests.config.test_settings_and_headers import SETUP, run


@pytest.mark.django_db
def test_a_well_formed_request_id_is_echoed(client):
    response = client.get(reverse("readyz"), headers={"X-Request-ID": "a1B2-c3_d4.e5"})
    assert response["X-Request-ID"] == "a1B2-c3_d4.e5"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "x" * 65, "a b", "id\u00e9", "<script>", "a;b"])
def test_a_malformed_request_id_is_replaced_by_a_fresh_one(client, bad):
    response = client.get(reverse("readyz"), headers={"X-Request-ID": bad})
    given = response["X-Request-ID"]
    assert given != bad
    assert len(given) == 32
    assert given.isalnum()


@pytest.mark.django_db
def test_without_a_request_id_each_request_gets_its_own(client):
    first = client.get(reverse("readyz"))["X-Request-ID"]
    second = client.get(reverse("readyz"))["X-Request-ID"]
    assert first != second


@pytest.mark.django_db
def test_log_records_of_a_request_carry_its_id(client, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client.get("/no-such-page/", headers={"X-Request-ID": "trace-42"})
    assert response.status_code == 404
    records = [record for record in caplog.records if record.name == "django.request"]
    assert records
    assert {record.request_id for record in records} == {"trace-42"}


def test_with_log_format_json_a_record_is_one_json_object_with_the_request_id():
    result = run(
        "-c",
        SETUP + "from django.test import Client; "
        "Client().get('/no-such-page/', HTTP_HOST='localhost', HTTP_X_REQUEST_ID='trace-43')",
        DEBUG="1",
        LOG_FORMAT="json",
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    not_found = [line for line in lines if line["logger"] == "django.request"]
    assert not_found, result.stderr
    assert not_found[0]["request_id"] == "trace-43"
    assert not_found[0]["level"] == "WARNING"
    assert "Not Found" in not_found[0]["message"]
