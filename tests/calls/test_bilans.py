"""The laureates' bilans: who writes them, the final one closing the follow-up, documents and
indicator values, the reminders, and the organiser's board of what is late."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from initiatives import bilans
from initiatives.models import (
    Application,
    Assessment,
    Attachment,
    BilanReminder,
    Indicator,
    Measurement,
)
from tests.calls.conftest import days
from tests.factories import InitiativeFactory, OrganisationFactory, UserFactory
from tests.initiatives import pdfs
from tests.queries import page_queries

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200


def french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def pdf_upload(name="bilan.pdf") -> SimpleUploadedFile:
    objects = dict(pdfs.MINIMAL_OBJECTS)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    return SimpleUploadedFile(name, pdfs.classic_pdf(objects), content_type="application/pdf")


def submit(actor, laureate, kind=Assessment.Kind.INTERMEDIATE, **extra) -> Assessment:
    return bilans.bilan_submit(
        actor=actor, application=laureate, kind=kind, text="Les trajets partagés.", **extra
    )


def bilan(laureate, kind, date=None) -> Assessment:
    return Assessment.objects.create(
        initiative=laureate.initiative,
        application=laureate,
        call=laureate.call,
        kind=kind,
        date=date or timezone.localdate(),
        text="Un bilan.",
        author=laureate.created_by,
    )


@pytest.fixture
def indicator(laureate):
    return Indicator.objects.create(
        initiative=laureate.initiative, name="trajets partagés", unit="trajets", target=200
    )


# --- Who writes ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["paul", "alice"])
def test_members_of_the_applicant_and_of_a_co_applicant_write_bilans(request, laureate, name):
    author = request.getfixturevalue(name)
    assessment = submit(author, laureate)
    assert assessment.application == laureate
    assert assessment.initiative == laureate.initiative
    assert assessment.call == laureate.call
    assert assessment.author == author
    assert assessment.date == timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["bob", "olga", "judith", "staff_user"])
def test_the_organiser_an_outsider_the_jury_and_staff_write_no_bilan(request, laureate, name):
    with pytest.raises(PermissionDenied):
        submit(request.getfixturevalue(name), laureate)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_no_bilan_before_the_results_are_published(laureate, paul):
    laureate.call.results_published_at = None
    laureate.call.save()
    with pytest.raises(PermissionDenied):
        submit(paul, Application.objects.get(pk=laureate.pk))


@pytest.mark.django_db
def test_an_unapproved_member_of_the_laureate_writes_no_bilan(laureate, wimoov):
    newcomer = UserFactory(organisation=wimoov, is_approved=False)
    with pytest.raises(PermissionDenied):
        submit(newcomer, laureate)


@pytest.mark.django_db
def test_the_final_bilan_closes_the_follow_up(laureate, paul, alice):
    submit(paul, laureate)
    submit(alice, laureate)  # a second intermediate bilan is fine
    submit(paul, laureate, kind=Assessment.Kind.FINAL)
    for kind in Assessment.Kind.values:
        with pytest.raises(ValidationError) as refused:
            submit(alice, laureate, kind=kind)
        assert "kind" in refused.value.error_dict
    assert laureate.assessments.count() == 3
    [state] = bilans.bilans_due()
    assert state.closed
    assert state.state == "closed"
    assert state.next_due is None


@pytest.mark.django_db
def test_the_form_of_a_closed_follow_up_says_so_and_offers_no_form(client, laureate, paul):
    bilan(laureate, Assessment.Kind.FINAL)
    client.force_login(paul)
    content = client.get(reverse("initiatives:bilan-add", args=[laureate.pk])).content.decode()
    assert french("The final bilan is in: the follow-up of this laureate is closed.") in content
    assert 'name="text"' not in content


@pytest.mark.django_db
def test_an_empty_bilan_is_refused_beside_its_text(laureate, paul):
    with pytest.raises(ValidationError) as refused:
        bilans.bilan_submit(actor=paul, application=laureate, kind="final", text="  ")
    assert "text" in refused.value.error_dict


# --- The form: documents and indicators ------------------------------------------------------


def post_bilan(client, laureate, **data):
    return client.post(
        reverse("initiatives:bilan-add", args=[laureate.pk]),
        {"kind": "intermediate", "text": "Quarante trajets par mois.", **data},
    )


@pytest.mark.django_db
def test_a_bilan_with_its_document_and_indicator_value_is_saved_and_the_organiser_told(
    client, laureate, indicator, paul, bob, rita, django_capture_on_commit_callbacks
):
    client.force_login(paul)
    form = client.get(reverse("initiatives:bilan-add", args=[laureate.pk])).content.decode()
    assert f'name="value_{indicator.pk}"' in form
    assert "trajets partagés (trajets)" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = post_bilan(
            client,
            laureate,
            label_1="Compte rendu du comité",
            file_1=pdf_upload(),
            **{f"value_{indicator.pk}": "42", f"date_{indicator.pk}": days(-3).isoformat()},
        )
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:bilan-detail", args=[assessment.pk])
    attachment = Attachment.objects.get()
    assert attachment.assessment == assessment
    assert attachment.label == "Compte rendu du comité"
    measurement = Measurement.objects.get()
    assert (measurement.indicator, measurement.value) == (indicator, 42)
    assert (measurement.date, measurement.created_by) == (days(-3), paul)
    [message] = mail.outbox
    assert sorted(message.to) == [bob.email, rita.email]
    assert laureate.title in message.subject
    assert reverse("initiatives:bilan-detail", args=[assessment.pk]) in message.body
    detail = client.get(response["Location"]).content.decode()
    assert "Quarante trajets par mois." in detail
    assert "Compte rendu du comité" in detail
    download = reverse("initiatives:attachment-download", args=[attachment.pk])
    assert f'href="{download}"' in detail
    client.force_login(bob)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.django_db
def test_a_document_that_is_not_one_is_refused_beside_its_field_and_nothing_is_saved(
    client, laureate, indicator, paul
):
    client.force_login(paul)
    response = post_bilan(
        client,
        laureate,
        label_1="Budget réalisé",
        file_1=pdf_upload(),
        label_2="Photos",
        file_2=SimpleUploadedFile("photos.pdf", EXE),
        **{f"value_{indicator.pk}": "42", f"date_{indicator.pk}": days(-3).isoformat()},
    )
    assert response.status_code == 200
    form = response.context["form"]
    refused = french("Send a PDF, ODT, DOCX or XLSX document; this file is none of them.")
    assert form.errors["file_2"] == [refused]
    assert set(form.errors) == {"file_2"}
    content = response.content.decode()
    assert "Quarante trajets par mois." in content  # what was typed is kept
    assert 'value="Budget réalisé"' in content
    assert 'value="42"' in content
    assert not Assessment.objects.exists()
    assert not Attachment.objects.exists()
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_a_document_without_its_label_and_a_future_measurement_are_refused(
    client, laureate, indicator, paul
):
    client.force_login(paul)
    response = post_bilan(
        client,
        laureate,
        file_1=pdf_upload(),
        **{f"value_{indicator.pk}": "42", f"date_{indicator.pk}": days(2).isoformat()},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"label_1"}
    assert not Assessment.objects.exists()
    response = post_bilan(
        client,
        laureate,
        **{f"value_{indicator.pk}": "42", f"date_{indicator.pk}": days(2).isoformat()},
    )
    assert response.context["form"].errors[f"date_{indicator.pk}"] == [
        french("A measurement cannot be in the future.")
    ]
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_the_form_proposes_the_bilan_due_next(client, laureate, paul):
    client.force_login(paul)
    url = reverse("initiatives:bilan-add", args=[laureate.pk])
    assert client.get(url).context["form"]["kind"].value() == "intermediate"
    bilan(laureate, Assessment.Kind.INTERMEDIATE)
    assert client.get(url).context["form"]["kind"].value() == "final"


@pytest.mark.django_db
def test_a_bilan_is_read_by_the_organiser_and_the_laureate_not_by_the_jury(
    client, laureate, bob, alice, judith, olga
):
    assessment = bilan(laureate, Assessment.Kind.INTERMEDIATE)
    url = reverse("initiatives:bilan-detail", args=[assessment.pk])
    for user, status in [(bob, 200), (alice, 200), (judith, 404), (olga, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


@pytest.mark.django_db
def test_a_bilan_of_an_initiative_outside_any_call_is_not_read_here(client, staff_user, paul):
    initiative = InitiativeFactory()
    assessment = Assessment.objects.create(
        initiative=initiative, kind="final", date=days(-1), text="Hors appel.", author=paul
    )
    client.force_login(staff_user)
    assert client.get(reverse("initiatives:bilan-detail", args=[assessment.pk])).status_code == (
        404
    )


# --- Reminders -------------------------------------------------------------------------------


def remind(today, django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return bilans.bilan_reminders_send(today=today)


@pytest.mark.django_db
def test_reminders_go_30_and_7_days_before_and_once_late_each_only_once(
    laureate, paul, alice, victor, bob, wimoov, django_capture_on_commit_callbacks
):
    UserFactory(organisation=wimoov, is_active=False, email="gone@wimoov.example")
    UserFactory(organisation=wimoov, is_approved=False, email="new@wimoov.example")
    due = laureate.intermediate_bilan_due_on
    expected = sorted([paul.email, alice.email, victor.email])
    assert remind(due - datetime.timedelta(days=31), django_capture_on_commit_callbacks) == 0
    for offset, moment in [(-30, "30"), (-7, "7"), (1, "late")]:
        mail.outbox.clear()
        today = due + datetime.timedelta(days=offset)
        assert remind(today, django_capture_on_commit_callbacks) == 1, moment
        assert remind(today, django_capture_on_commit_callbacks) == 0, moment  # twice: once
        [message] = mail.outbox
        assert sorted(message.to) == expected
        assert reverse("initiatives:bilan-add", args=[laureate.pk]) in message.body
        reminder = BilanReminder.objects.latest("pk")
        assert (reminder.kind, reminder.due_on, reminder.moment) == ("intermediate", due, moment)
    mail.outbox.clear()
    assert remind(due + datetime.timedelta(days=5), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_run_that_missed_days_sends_the_latest_reminder_only(
    laureate, django_capture_on_commit_callbacks
):
    due = laureate.intermediate_bilan_due_on
    assert remind(due - datetime.timedelta(days=3), django_capture_on_commit_callbacks) == 1
    assert list(BilanReminder.objects.values_list("moment", flat=True)) == ["7"]


@pytest.mark.django_db
def test_no_reminder_for_a_bilan_received_nor_after_the_final(
    laureate, django_capture_on_commit_callbacks
):
    bilan(laureate, Assessment.Kind.INTERMEDIATE)
    late_intermediate = laureate.intermediate_bilan_due_on + datetime.timedelta(days=1)
    assert remind(late_intermediate, django_capture_on_commit_callbacks) == 0
    final_soon = laureate.bilan_due_on - datetime.timedelta(days=7)
    bilan(laureate, Assessment.Kind.FINAL)
    assert remind(final_soon, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_daily_command_sends_the_reminders_due_today(
    laureate, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=laureate.pk).update(intermediate_bilan_due_on=days(7))
    out, again = io.StringIO(), io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_bilan_reminders", stdout=out)
    assert "1 reminder(s) sent." in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_bilan_reminders", stdout=again)
    assert "0 reminder(s) sent." in again.getvalue()
    assert len(mail.outbox) == 1


# --- The organiser's board -------------------------------------------------------------------


def board(client, user, call) -> str:
    client.force_login(user)
    response = client.get(reverse("initiatives:call-bilans", args=[call.slug]))
    assert response.status_code == 200
    return response.content.decode()


def laureate_row(content: str, application) -> str:
    return content.split(f'id="laureate-{application.pk}"')[1].split("</tr>", maxsplit=1)[0]


@pytest.mark.django_db
def test_the_board_flags_a_due_date_passed_without_its_bilan(client, laureate, bob):
    late = french("Late")
    Application.objects.filter(pk=laureate.pk).update(
        intermediate_bilan_due_on=days(-5), bilan_due_on=days(100)
    )
    row = laureate_row(board(client, bob, laureate.call), laureate)
    assert row.count(late) == 1
    assert "Wimoov" in row
    assert "ICF Habitat" in row
    assert days(-5).strftime("%Y") in row
    assert french("None yet") in row
    received = bilan(laureate, Assessment.Kind.INTERMEDIATE, date=days(-2))
    row = laureate_row(board(client, bob, laureate.call), laureate)
    assert late not in row
    assert reverse("initiatives:bilan-detail", args=[received.pk]) in row
    Application.objects.filter(pk=laureate.pk).update(bilan_due_on=days(-1))
    row = laureate_row(board(client, bob, laureate.call), laureate)
    assert row.count(late) == 1  # the final one now
    bilan(laureate, Assessment.Kind.FINAL)
    row = laureate_row(board(client, bob, laureate.call), laureate)
    assert late not in row
    assert french("Closed") in row


@pytest.mark.django_db
def test_bilans_due_says_what_each_laureate_owes_next(laureate):
    [state] = bilans.bilans_due(today=laureate.intermediate_bilan_due_on)
    assert (state.next_due.kind, state.state, state.late) == ("intermediate", "due", False)
    [state] = bilans.bilans_due(
        today=laureate.intermediate_bilan_due_on + datetime.timedelta(days=1)
    )
    assert (state.next_due.kind, state.state, state.late) == ("intermediate", "late", True)
    bilan(laureate, Assessment.Kind.INTERMEDIATE)
    [state] = bilans.bilans_due()
    assert (state.next_due.kind, state.next_due.due_on, state.state) == (
        "final",
        laureate.bilan_due_on,
        "received",
    )
    assert list(bilans.overdue(laureate.bilan_due_on + datetime.timedelta(days=1))) == [laureate]


def more_laureates(call, count: int) -> None:
    for number in range(count):
        lead = OrganisationFactory()
        application = Application.objects.create(
            call=call,
            applicant=lead,
            title=f"Projet {number}",
            created_by=UserFactory(organisation=lead),
            status=Application.Status.LAUREATE,
            amount_awarded=1000,
            initiative=InitiativeFactory(lead=lead),
            intermediate_bilan_due_on=days(-10),
            bilan_due_on=days(90),
        )
        application.co_applicants.set([OrganisationFactory(), OrganisationFactory()])
        bilan(application, Assessment.Kind.INTERMEDIATE)
        bilan(application, Assessment.Kind.FINAL)


@pytest.mark.django_db
def test_the_board_costs_the_same_for_one_and_many_laureates(client, laureate, bob):
    bilan(laureate, Assessment.Kind.INTERMEDIATE)
    client.force_login(bob)
    url = reverse("initiatives:call-bilans", args=[laureate.call.slug])
    one, _content = page_queries(client, url)
    more_laureates(laureate.call, 5)
    many, content = page_queries(client, url)
    assert content.count('id="laureate-') == 6
    assert one == many
