import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from clubs.models import Meeting, Registration
from initiatives.models import Application, CallForProjects, Initiative
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
def test_bench_data_scale_sets_the_initiatives_and_keeps_members_and_meetings(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("bench_data", scale=0.002, members=10, meetings=2, stdout=out)
    assert "20 initiatives, 10 members, 2 meetings" in out.getvalue()
    assert Initiative.objects.filter(slug__startswith="bench-").count() == 20
    assert User.objects.filter(email__startswith="bench").count() == 10
    assert Meeting.objects.filter(club__slug="bench").count() == 2


@pytest.mark.django_db
def test_bench_data_initiatives_override_the_scale(settings):
    settings.DEBUG = True
    call_command("bench_data", scale=5, initiatives=12, members=5, meetings=1, stdout=io.StringIO())
    assert Initiative.objects.filter(slug__startswith="bench-").count() == 12


@pytest.mark.django_db
def test_bench_data_opens_a_call_with_public_applications_and_laureates(client, settings):
    settings.DEBUG = True
    call_command("bench_data", scale=0.003, members=10, meetings=1, stdout=io.StringIO())
    call = CallForProjects.objects.get(slug="bench-appel")
    applications = call.applications.select_related("initiative")
    # 30 initiatives, every tenth for members only: 27 public ones, the first 24 apply.
    assert applications.count() == 24
    assert {a.initiative.visibility for a in applications} == {"public"}
    laureates = applications.filter(status=Application.Status.LAUREATE)
    assert laureates.count() == 4
    assert call.assessments.count() == 4
    content = client.get(reverse("initiatives:call-detail", args=[call.slug])).content.decode()
    assert laureates[0].initiative.title in content


@pytest.mark.django_db
def test_bench_data_refuses_a_scale_with_no_initiative(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="at least one initiative"):
        call_command("bench_data", scale=0.00001, members=1, meetings=1)
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_bench_data_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("bench_data", initiatives=1, members=1, meetings=1)
    assert not Initiative.objects.exists()
