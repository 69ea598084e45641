"""The documentation page in Chromium: Swagger UI draws every operation from the site's own
files, under the site's CSP (no unsafe-inline), asking nothing of any other host."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_page_draws_the_operations_without_a_csp_violation(live_server, page):
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() == 10
    assert page.locator(".opblock-summary-path", has_text="/api/v1/initiatives/{id}").count() == 1
    assert not problems, problems
    outside = [url for url in requested if not url.startswith((live_server.url, "data:"))]
    assert not outside, outside
    assert live_server.url + "/api/v1/openapi.json" in requested
