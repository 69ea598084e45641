"""Counting a page's queries for the query-count tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url) -> tuple[int, str]:
    """The queries of `url` and its HTML. The session is not counted: production reads it from
    Redis (cached_db), the tests from the database."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    queries = [query for query in captured if "django_session" not in query["sql"]]
    return len(queries), response.content.decode()
