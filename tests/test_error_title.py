"""A refused page says so first in its title ("Erreur – "), also when only a formset of the page
was refused and its main form was fine: a meeting's programme and workshops, a restitution's
follow-up actions. The summary at the top links to the field in error."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs.models import AgendaItem, SessionLog
from tests.clubs.test_meetings import meeting_form_data
from tests.clubs.test_session_logs import form_data

pytestmark = pytest.mark.django_db


def _french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def _title(content: str) -> str:
    return re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()


def _summary(content: str) -> str:
    return re.search(r'<div class="error-summary".*?</div>', content, re.S).group(0)


def test_a_meeting_whose_programme_row_is_refused_says_error_in_its_title(client, charlie, meeting):
    client.force_login(charlie)
    response = client.post(
        reverse("clubs:meeting-edit", args=[meeting.pk]),
        meeting_form_data(**{"number": str(meeting.number), "agenda-0-end_time": "09:00"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert _title(content).startswith(_french("Error – "))
    assert 'href="#id_agenda-0-end_time"' in _summary(content)
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_a_meeting_whose_workshops_formset_is_refused_as_a_whole_says_error_in_its_title(
    client, charlie, meeting
):
    """No management data for the workshops: an error of the formset, not of one of its rows."""
    client.force_login(charlie)
    data = meeting_form_data(number=str(meeting.number))
    for key in [key for key in data if key.startswith("workshops-")]:
        del data[key]
    response = client.post(reverse("clubs:meeting-edit", args=[meeting.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert _title(content).startswith(_french("Error – "))
    assert 'class="error-summary"' in content
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_a_restitution_whose_action_row_is_refused_says_error_in_its_title(client, rita, workshop):
    workshop.meeting.date = timezone.localdate() - datetime.timedelta(days=7)
    workshop.meeting.save()  # a restitution is written once the meeting took place
    client.force_login(rita)
    response = client.post(
        reverse("clubs:session-log", args=[workshop.pk]),
        form_data(
            version=0,
            summary="Les gardiens se sentent seuls.",
            actions=[{"title": "Recenser les CMP", "owner": ""}],
        ),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert _title(content).startswith(_french("Error – "))
    assert 'href="#id_actions-0-owner"' in _summary(content)
    assert not SessionLog.objects.exists()


def test_a_meeting_form_shown_again_unrefused_has_no_error_in_its_title(client, charlie, meeting):
    client.force_login(charlie)
    content = client.get(reverse("clubs:meeting-edit", args=[meeting.pk])).content.decode()
    assert _french("Error – ") not in _title(content)
