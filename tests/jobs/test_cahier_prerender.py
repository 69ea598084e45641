"""Publishing a Cahier queues its PDFs' build: the first readers get them from the cache."""

import datetime

import pytest
from django.utils import timezone
from django_q.models import Success

from clubs import services as club_services
from clubs.models import AgendaItem, Meeting, Registration
from reports import jobs, services


@pytest.fixture
def held(meeting, alice):
    meeting.status = Meeting.Status.HELD
    meeting.date = timezone.localdate() - datetime.timedelta(days=10)
    meeting.save()
    AgendaItem.objects.create(meeting=meeting, start_time="09:30", kind="welcome", title="Accueil")
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    return meeting


def cached(settings, meeting) -> dict:
    """{edition file name: inode}: a rebuilt file is a new file (written, then renamed)."""
    return {
        path.name: path.stat().st_ino
        for path in settings.PDF_CACHE_ROOT.glob(f"cahier-{meeting.pk}-*.pdf")
    }


@pytest.mark.django_db
def test_publishing_a_cahier_builds_both_editions_once_committed(
    settings, held, charlie, client, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        club_services.cahier_publish(actor=charlie, meeting=held)
    assert cached(settings, held) == {}  # nothing before the commit
    for callback in callbacks:
        callback()
    files = cached(settings, held)
    assert sorted(name.split("-")[2] for name in files) == ["members", "public"]
    assert Success.objects.get(func="reports.jobs.cahier_prerender").result == [
        "members",
        "public",
    ]
    client.force_login(alice)
    response = client.get(f"/rencontres/{held.pk}/cahier.pdf")
    members = next(p for p in settings.PDF_CACHE_ROOT.glob(f"cahier-{held.pk}-members-*.pdf"))
    assert response.content == members.read_bytes()
    assert cached(settings, held) == files  # served from the cache, not rebuilt


@pytest.mark.django_db
def test_the_job_run_again_rebuilds_nothing_and_skips_a_withdrawn_cahier(settings, held):
    held.cahier_published_at = timezone.now()
    held.save()
    jobs.cahier_prerender(held.pk)
    files = cached(settings, held)
    assert len(files) == 2
    assert jobs.cahier_prerender(held.pk) == list(services.AUDIENCES)
    assert cached(settings, held) == files
    Meeting.objects.filter(pk=held.pk).update(cahier_published_at=None)
    assert jobs.cahier_prerender(held.pk) == []
