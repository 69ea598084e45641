"""The permission matrix of the calls' URLs, one row per URL and role, as tests/
test_permission_matrix.py does for the rest (which counts these rows as its own: every URL of
the project has one). Each area keeps its rows in its own module: rows_apply (the organiser and
the applicants), rows_jury, rows_bilans.

A row: url name → (method, statuses by CALL_ROLES, a function of the world giving the URL's
kwargs, the POST data or None)."""

from django.db import transaction

from tests.calls import rows_apply, rows_bilans, rows_jury
from tests.calls.conftest import CALL_ROLES


def row(anonymous, olga, paul, alice, judith, victor, bob, staff):
    values = [anonymous, olga, paul, alice, judith, victor, bob, staff]
    return dict(zip(CALL_ROLES, values, strict=True))


ROWS = {**rows_apply.ROWS, **rows_jury.ROWS, **rows_bilans.ROWS}


def statuses(client, request, method, url, data=None) -> dict[str, int]:
    got = {}
    for role in CALL_ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        savepoint = transaction.savepoint()
        try:
            got[role] = getattr(client, method)(url, data or {}).status_code
        finally:
            transaction.savepoint_rollback(savepoint)
    return got
