"""Counting a page's queries for the query-count tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from config import fragments


def cold_page_queries(client, url) -> tuple[int, str]:
    """The queries of `url` and its HTML, as the page is built right after a change to the
    content, for a visitor whose own lookups (their account, the clubs they animate: cached
    apart from the content, and forgotten by other changes) are already warm. Counted so, a
    page with one item and with many costs the same whatever the test created in between."""
    client.get(url)
    fragments.content_changed(fragments.CONTENT)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()
