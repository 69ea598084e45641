"""Each URL of the calls against each role (tests/calls/matrix.py)."""

import pytest
from django.urls import reverse

from tests.calls.matrix import ROWS, statuses


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROWS))
def test_each_role_gets_the_expected_status(client, request, call_world, name):
    method, expected, kwargs, data = ROWS[name]
    url = reverse(name, kwargs=kwargs(call_world))
    assert statuses(client, request, method, url, data) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, row in ROWS.items() if row[0] == "post"))
def test_post_only_views_refuse_get(client, call_world, staff_user, name):
    _method, _expected, kwargs, _data = ROWS[name]
    client.force_login(staff_user)
    assert client.get(reverse(name, kwargs=kwargs(call_world))).status_code == 405
