""" "Mes données" reads as a person would: French labels and values, no internal numbers or
flags, dates as dates, each record once; the JSON download stays complete."""

import datetime
import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from clubs.models import Registration

DATA_URL = reverse("landlords:my-data")


def french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def shown(client) -> str:
    content = client.get(DATA_URL).content.decode()
    main = content[content.index("<main") : content.index("</main>")]
    return html.unescape(main)


def pairs(text: str) -> dict[str, str]:
    found = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", text, re.S)
    return dict(found)


@pytest.mark.django_db
def test_the_account_reads_in_words_without_ids_or_staff_flags(client, staff_user):
    staff_user.phone = "04 91 00 00 02"
    staff_user.date_joined = datetime.datetime(2026, 3, 1, 8, 30, tzinfo=datetime.UTC)
    staff_user.save()
    client.force_login(staff_user)
    text = shown(client)
    account = pairs(text[: text.index('id="related-title"')])
    with translation.override("fr"):
        from landlords.models import User

        label = {
            name: str(User._meta.get_field(name).verbose_name)
            for name in (
                "email",
                "phone",
                "is_approved",
                "is_superuser",
                "is_staff",
                "organisation",
            )
        }
    assert account[label["email"].capitalize()] == staff_user.email
    assert account[label["phone"].capitalize()] == "04 91 00 00 02"
    assert account[label["is_approved"].capitalize()] == french("Yes")
    assert account[label["organisation"].capitalize()] == staff_user.organisation.name
    for hidden in ("is_superuser", "is_staff"):
        assert label[hidden].capitalize() not in account
    assert "Id" not in account
    assert "ID" not in account
    # Dates as dates, with the French "1er" (the sign-up, in Paris time).
    assert "1er mars 2026 09:30" in account.values()


@pytest.mark.django_db
def test_a_registration_shows_its_meeting_and_status_by_name(client, alice, meeting):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    client.force_login(alice)
    text = shown(client)
    with translation.override("fr"):
        title = str(Registration._meta.verbose_name_plural).capitalize()
        confirmed = str(Registration.Status.CONFIRMED.label)
    assert f"{title} (1)" in text
    record = pairs(text[text.index(f"{title} (1)") :])
    assert record[str(Registration._meta.get_field("meeting").verbose_name).capitalize()] == str(
        meeting
    )
    assert confirmed in record.values()
    assert french("You") in record.values()


@pytest.mark.django_db
def test_the_json_download_still_holds_every_field(client, alice, meeting):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    client.force_login(alice)
    data = json.loads(client.get(DATA_URL, {"format": "json"}).content)
    assert {"id", "is_superuser", "is_staff", "organisation_id"} <= set(data["account"])
    registration = data["related"]["clubs.registration"][0]
    assert registration["meeting_id"] == meeting.pk
    assert registration["status"] == "confirmed"


@pytest.mark.django_db
def test_the_page_fits_a_phone_as_cards_not_wide_tables(client, alice, meeting):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    client.force_login(alice)
    text = shown(client)
    assert "<table" not in text
    assert '<ul class="plain-list records">' in text
