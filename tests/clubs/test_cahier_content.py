"""The Cahier's editorial content: the animators write an introduction, what was said at each
talk (with its slides), a synthesis, and choose a cover photo; kept in the history."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs import cahier
from clubs.models import AgendaDocument, AgendaItem
from initiatives.models import Photo

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def talk(meeting):
    return AgendaItem.objects.create(
        meeting=meeting,
        start_time=datetime.time(10, 0),
        kind=AgendaItem.Kind.PLENARY,
        title="L'offre sociale de La Poste",
        speakers="Claire Facteur, La Poste",
    )


@pytest.fixture
def lunch(meeting):
    return AgendaItem.objects.create(
        meeting=meeting, start_time=datetime.time(12, 30), kind=AgendaItem.Kind.LUNCH, title="Repas"
    )


def url(meeting):
    return reverse("clubs:cahier-content", args=[meeting.pk])


@pytest.mark.django_db
def test_the_animator_writes_the_texts_and_the_history_keeps_them(
    client, charlie, meeting, talk, lunch
):
    photo = Photo(meeting=meeting, alt_text="La salle", credit="Photo AR Hlm", consent=True)
    photo.image.save("salle.png", SimpleUploadedFile("salle.png", b"x"), save=False)
    photo.save()
    client.force_login(charlie)
    page = client.get(url(meeting)).content.decode()
    assert f'name="account_{talk.pk}"' in page
    assert f'name="account_{lunch.pk}"' not in page  # lunch is not a talk
    response = client.post(
        url(meeting),
        {
            "introduction": "  ICF Habitat nous accueille au Saint-Georges.  ",
            "synthesis": "Dans les deux cas, les espaces collectifs sont traités.",
            "cover_photo": photo.pk,
            f"account_{talk.pk}": "La Poste présente son offre <b>sociale</b>.",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    talk.refresh_from_db()
    assert meeting.cahier_introduction == "ICF Habitat nous accueille au Saint-Georges."
    assert meeting.cahier_synthesis.startswith("Dans les deux cas")
    assert meeting.cahier_cover_photo == photo
    assert talk.account == "La Poste présente son offre <b>sociale</b>."
    assert meeting.history.latest().history_user == charlie
    assert talk.history.latest().history_user == charlie
    # The text comes back in the form, escaped.
    page = client.get(url(meeting)).content.decode()
    assert "La Poste présente son offre &lt;b&gt;sociale&lt;/b&gt;." in page


@pytest.mark.django_db
def test_a_change_made_meanwhile_to_the_meeting_stands(charlie, meeting, talk):
    stale = type(meeting).objects.get(pk=meeting.pk)
    type(meeting).objects.filter(pk=meeting.pk).update(venue="Salle des fêtes")
    cahier.cahier_content_save(actor=charlie, meeting=stale, introduction="Bonjour")
    meeting.refresh_from_db()
    assert (meeting.venue, meeting.cahier_introduction) == ("Salle des fêtes", "Bonjour")


@pytest.mark.django_db
def test_another_meetings_photo_is_refused_and_nothing_is_saved(
    client, charlie, meeting, talk, club
):
    from tests.factories import MeetingFactory

    other = MeetingFactory(club=club, number=42)
    photo = Photo(meeting=other, alt_text="Ailleurs", credit="X", consent=True)
    photo.image.save("ailleurs.png", SimpleUploadedFile("a.png", b"x"), save=False)
    photo.save()
    client.force_login(charlie)
    response = client.post(
        url(meeting),
        {"introduction": "Gardé", "cover_photo": photo.pk, f"account_{talk.pk}": "Dit"},
    )
    assert response.status_code == 400
    assert "cover_photo" in response.context["form"].errors
    assert "Gardé" in response.content.decode()  # the form keeps what was typed
    meeting.refresh_from_db()
    talk.refresh_from_db()
    assert (meeting.cahier_introduction, talk.account) == ("", "")


@pytest.mark.django_db
def test_members_may_not_write_outsiders_do_not_see_a_draft(client, alice, charlie, club, talk):
    from tests.factories import MeetingFactory

    meeting = talk.meeting
    client.force_login(alice)
    assert client.get(url(meeting)).status_code == 403
    assert client.post(url(meeting), {"introduction": "Non"}).status_code == 403
    draft = MeetingFactory(club=club, number=43, status="draft")
    assert client.get(url(draft)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.cahier_introduction == ""


@pytest.mark.django_db
def test_slides_are_checked_by_content_listed_and_downloaded_by_visitors(
    client, charlie, meeting, talk
):
    client.force_login(charlie)
    add = reverse("clubs:agenda-document-add", args=[meeting.pk, talk.pk])
    fake = SimpleUploadedFile("diapos.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(add, {"title": "Diaporama", "file": fake})
    assert response.status_code == 400
    assert response.context["document_form"].errors["file"]
    assert not AgendaDocument.objects.exists()
    good = SimpleUploadedFile("diapos.pdf", MINIMAL_PDF, content_type="application/pdf")
    response = client.post(add, {"title": "Diaporama de La Poste", "file": good})
    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    assert (document.item, document.filename) == (talk, "diapos.pdf")
    client.logout()
    link = reverse("clubs:agenda-document", args=[meeting.pk, document.pk])
    assert client.get(link).status_code == 404  # not before the Cahier that lists it is out
    type(meeting).objects.filter(pk=meeting.pk).update(
        status="held", cahier_published_at=timezone.now()
    )
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    client.force_login(charlie)
    client.post(reverse("clubs:agenda-document-delete", args=[meeting.pk, document.pk]))
    assert not AgendaDocument.objects.exists()
