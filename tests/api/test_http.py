"""ETag and Last-Modified with their 304s, the rate limit, the docs page and the schema."""

import re

import pytest
from django.urls import reverse
from django.utils.http import http_date

from initiatives.models import Initiative
from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_an_answer_carries_the_hash_of_its_body_and_a_304_when_it_is_sent_back(
    client, public_world
):
    url = reverse("api:initiative-list")
    first = client.get(url)
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    assert client.get(url)["ETag"] == etag  # the same data, the same version
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    InitiativeFactory(title="Une nouvelle initiative", lead=public_world["organisation"])
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_last_modified_is_the_latest_change_of_the_data(client, public_world):
    initiative = public_world["initiative"]
    url = reverse("api:initiative-detail", args=[initiative.pk])
    response = client.get(url)
    assert response["Last-Modified"] == http_date(initiative.updated_at.timestamp())
    since = client.get(url, headers={"If-Modified-Since": response["Last-Modified"]})
    assert since.status_code == 304
    before = http_date(initiative.updated_at.timestamp() - 3600)
    assert client.get(url, headers={"If-Modified-Since": before}).status_code == 200
    article = client.get(reverse("api:article-detail", args=[public_world["article"].pk]))
    assert "Last-Modified" in article
    listed = client.get(reverse("api:initiative-list"))
    # The list's: the latest change of the initiatives it lists (the world has several, made
    # within a moment that may straddle a second).
    latest = max(Initiative.objects.public().values_list("updated_at", flat=True))
    assert listed["Last-Modified"] == http_date(latest.timestamp())


def test_each_detail_and_list_answers_304_to_its_etag(client, public_world):
    for name, obj in [
        ("initiative", public_world["initiative"]),
        ("organisation", public_world["organisation"]),
        ("meeting", public_world["meeting"]),
        ("call", public_world["call"]),
        ("article", public_world["article"]),
    ]:
        for url in [reverse(f"api:{name}-list"), reverse(f"api:{name}-detail", args=[obj.pk])]:
            etag = client.get(url)["ETag"]
            assert client.get(url, headers={"If-None-Match": etag}).status_code == 304, url


def test_past_the_rate_one_address_gets_a_429_in_json(
    client, public_world, settings, rate_clock_still
):
    settings.API_RATE = "3/m"
    url = reverse("api:initiative-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Trop de requêtes : patientez un instant, puis réessayez."}
    assert refused["Retry-After"] == "60"
    other = client.get(url, REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_bodies_do_not_change_with_the_readers_language(client, public_world):
    url = reverse("api:meeting-detail", args=[public_world["meeting"].pk])
    french = client.get(url)
    english = client.get(url, headers={"Accept-Language": "en"})
    assert english.content == french.content
    assert english["Content-Language"] == "fr"
    assert english.json()["name"] == "7e Club Innovation sociale"


def test_the_schema_describes_every_operation_with_its_answers(client):
    schema = client.get(reverse("api:openapi-json")).json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for resource in ["initiatives", "organisations", "meetings", "calls", "news"]:
        for path in [f"/api/v1/{resource}", f"/api/v1/{resource}/{{id}}"]:
            answers = paths[path]["get"]["responses"]
            assert {"200", "304", "400", "404", "429"} <= set(answers), path
    names = {p["name"] for p in paths["/api/v1/initiatives"]["get"]["parameters"]}
    assert {"page", "page_size", "q", "theme", "departement", "updated_since"} <= names


def test_the_docs_page_loads_only_the_sites_own_files(client):
    assert client.get("/api/v1/").url == reverse("api:openapi-view")
    response = client.get(reverse("api:openapi-view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html), "a file from elsewhere"
    # No script runs from the page itself: the only inline <script> is JSON data.
    for attributes, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes
    assert '"validatorUrl": null' in html
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    for static in [
        "ninja/swagger-ui-bundle.js",
        "ninja/swagger-ui-init.js",
        "ninja/swagger-ui.css",
    ]:
        assert client.get(f"/static/{static}").status_code == 200
