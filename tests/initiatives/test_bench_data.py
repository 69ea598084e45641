import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from clubs.models import Meeting, Registration
from initiatives.models import Initiative
from landlords.models import User


@pytest.mark.django_db
def test_bench_data_fills_a_portal_that_the_pages_can_show(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("bench_data", initiatives=30, members=20, meetings=3, stdout=out)
    assert "30 initiatives, 20 members, 3 meetings" in out.getvalue()
    assert Initiative.objects.filter(slug__startswith="bench-").count() == 30
    assert User.objects.filter(email__startswith="bench").count() == 20
    assert Meeting.objects.filter(club__slug="bench").count() == 3
    assert Registration.objects.filter(meeting__club__slug="bench").count() == 3 * 20
    content = client.get(reverse("initiatives:catalogue"), {"q": "n° 7"}).content.decode()
    assert "n° 7" in content


@pytest.mark.django_db
def test_bench_data_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("bench_data", initiatives=1, members=1, meetings=1)
    assert not Initiative.objects.exists()
