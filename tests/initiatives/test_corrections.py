"""Correcting an initiative's data: its editors change or remove measurements, indicators,
photos and fundings (and enter fundings outside the admin); others may not; bad input is
refused beside the field with nothing changed."""

import datetime
import html
import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image

from initiatives import services
from initiatives.models import Funding, Measurement, Photo
from tests.factories import PartnerFactory
from tests.queries import page_queries


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def errors_beside(response, field: str) -> str:
    content = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    return html.unescape(found.group(1)) if found else ""


def french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def indicator(initiative):
    return initiative.indicators.get()


@pytest.fixture
def measurement(indicator, alice):
    return Measurement.objects.create(
        indicator=indicator, date=datetime.date(2025, 3, 1), value=12, created_by=alice
    )


@pytest.fixture
def caf(db):
    return PartnerFactory(name="CAF des Bouches-du-Rhône")


@pytest.fixture
def funding(initiative, caf):
    return Funding.objects.create(initiative=initiative, funder=caf, amount=11000)


@pytest.fixture
def photo(initiative, alice):
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), "olive").save(buffer, "JPEG")
    upload = SimpleUploadedFile("potager.jpg", buffer.getvalue(), content_type="image/jpeg")
    return services.photo_add(
        actor=alice,
        initiative=initiative,
        image=upload,
        alt_text="Le potager en juin",
        credit="ICF Habitat",
        consent=True,
    )


def url(name, initiative, pk=None):
    return reverse(f"initiatives:{name}", args=[initiative.slug, *([pk] if pk else [])])


# Measurements -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_corrects_a_measurement_and_the_page_shows_the_new_value(
    client, alice, initiative, measurement
):
    client.force_login(alice)
    response = client.post(
        url("measurement-edit", initiative, measurement.pk),
        {"date": "2025-03-02", "value": "14.5", "comment": "Après la fête"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#indicator-{measurement.indicator_id}")
    measurement.refresh_from_db()
    assert (measurement.date, measurement.value) == (datetime.date(2025, 3, 2), Decimal("14.5"))
    assert measurement.comment == "Après la fête"
    page = text_of(client.get(reverse("initiatives:detail", args=[initiative.slug])))
    assert "14,5" in page
    assert "Après la fête" in page


@pytest.mark.django_db
def test_a_measurement_in_the_future_is_refused_beside_the_date_and_nothing_changes(
    client, alice, initiative, measurement
):
    client.force_login(alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        url("measurement-edit", initiative, measurement.pk),
        {"date": tomorrow.isoformat(), "value": "99", "comment": "Trop tôt"},
    )
    assert response.status_code == 200
    assert french("A measurement cannot be in the future.") in errors_beside(response, "date")
    assert 'value="99"' in response.content.decode()  # what was typed stays
    measurement.refresh_from_db()
    assert measurement.value == 12


@pytest.mark.django_db
def test_removing_a_measurement_asks_first_then_removes_it_on_post(
    client, alice, initiative, measurement
):
    client.force_login(alice)
    address = url("measurement-delete", initiative, measurement.pk)
    asked = client.get(address)
    assert asked.status_code == 200
    assert "1er mars 2025" in text_of(asked)
    assert "« participants » : 12 " in text_of(asked) or "“participants”: 12 " in text_of(asked)
    assert '<form method="post"' in asked.content.decode()
    assert Measurement.objects.filter(pk=measurement.pk).exists()
    response = client.post(address)
    assert response.status_code == 302
    assert not Measurement.objects.filter(pk=measurement.pk).exists()
    shown = text_of(client.get(response["Location"]))
    assert french("The measurement is removed.") in shown


@pytest.mark.django_db
def test_a_member_of_another_landlord_may_not_remove_a_measurement(
    client, bob, initiative, measurement
):
    client.force_login(bob)
    assert client.post(url("measurement-delete", initiative, measurement.pk)).status_code == 403
    assert Measurement.objects.filter(pk=measurement.pk).exists()


@pytest.mark.django_db
def test_a_measurement_is_found_only_under_its_own_initiative(
    client, alice, measurement, shared_initiative
):
    client.force_login(alice)  # ICF co-leads the shared initiative, not the measurement's one
    response = client.post(url("measurement-delete", shared_initiative, measurement.pk))
    assert response.status_code == 404
    assert Measurement.objects.filter(pk=measurement.pk).exists()


# Indicators -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_renames_an_indicator(client, edith, initiative, indicator):
    client.force_login(edith)
    response = client.post(
        url("indicator-edit", initiative, indicator.pk),
        {"name": "habitants participants", "unit": "personnes", "baseline": "", "target": "40"},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.target) == (
        "habitants participants",
        "personnes",
        40,
    )


@pytest.mark.django_db
def test_removing_an_indicator_says_its_measurements_go_with_it(
    client, alice, initiative, indicator, measurement
):
    client.force_login(alice)
    address = url("indicator-delete", initiative, indicator.pk)
    with translation.override("fr"):
        expected = translation.ngettext(
            "Its %(count)s measurement will be removed with it.",
            "Its %(count)s measurements will be removed with it.",
            1,
        ) % {"count": 1}
    assert expected in text_of(client.get(address))
    client.post(address)
    assert not initiative.indicators.exists()
    assert not Measurement.objects.exists()


# Photos -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_corrects_a_photo_credit_but_not_with_an_empty_description(
    client, alice, initiative, photo
):
    client.force_login(alice)
    address = url("photo-edit", initiative, photo.pk)
    refused = client.post(address, {"caption": "Juin", "alt_text": " ", "credit": "Anne"})
    assert refused.status_code == 200
    assert errors_beside(refused, "alt_text")
    photo.refresh_from_db()
    assert photo.credit == "ICF Habitat"
    client.post(address, {"caption": "Juin", "alt_text": "Le potager", "credit": "Anne"})
    photo.refresh_from_db()
    assert (photo.caption, photo.alt_text, photo.credit) == ("Juin", "Le potager", "Anne")


@pytest.mark.django_db
def test_removing_a_photo_deletes_its_files_once_committed(
    client, alice, initiative, photo, django_capture_on_commit_callbacks
):
    storage = photo.image.storage
    names = [photo.image.name, photo.thumbnail.name]
    assert all(storage.exists(name) for name in names)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url("photo-delete", initiative, photo.pk))
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert all(storage.exists(name) for name in names)  # not before the commit
    for callback in callbacks:
        callback()
    assert not any(storage.exists(name) for name in names)


@pytest.mark.django_db
def test_a_meeting_photo_is_not_removed_through_an_initiative(client, staff_user, initiative):
    client.force_login(staff_user)
    response = client.post(url("photo-delete", initiative, 999_999))
    assert response.status_code == 404


# Fundings ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_enters_a_funding_and_the_initiative_shows_it(client, alice, initiative, caf):
    client.force_login(alice)
    response = client.post(
        url("funding-add", initiative), {"funder": caf.pk, "amount": "11000", "call": ""}
    )
    assert response.status_code == 302
    funding = initiative.fundings.get()
    assert (funding.funder, funding.amount, funding.call) == (caf, 11000, None)
    page = text_of(client.get(reverse("initiatives:detail", args=[initiative.slug])))
    assert "CAF des Bouches-du-Rhône" in page
    assert "11\u202f000 €" in page


@pytest.mark.django_db
def test_a_negative_funding_is_refused_beside_the_amount(client, alice, initiative, caf):
    client.force_login(alice)
    response = client.post(url("funding-add", initiative), {"funder": caf.pk, "amount": "-5"})
    assert response.status_code == 200
    assert errors_beside(response, "amount")
    assert 'value="-5"' in response.content.decode()
    assert not Funding.objects.exists()


@pytest.mark.django_db
def test_an_editor_corrects_then_removes_a_funding(client, alice, initiative, funding, caf):
    client.force_login(alice)
    client.post(url("funding-edit", initiative, funding.pk), {"funder": caf.pk, "amount": "9500"})
    funding.refresh_from_db()
    assert funding.amount == 9500
    client.post(url("funding-delete", initiative, funding.pk))
    assert not Funding.objects.exists()


@pytest.mark.django_db
def test_another_landlord_may_not_enter_a_funding(client, bob, initiative, caf):
    client.force_login(bob)
    response = client.post(url("funding-add", initiative), {"funder": caf.pk, "amount": "10"})
    assert response.status_code == 403
    assert not Funding.objects.exists()


# The page that lists them -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_corrections_page_lists_everything_with_its_links(
    client, alice, initiative, measurement, funding, photo
):
    client.force_login(alice)
    page = client.get(url("data", initiative)).content.decode()
    for name, pk in [
        ("measurement-edit", measurement.pk),
        ("measurement-delete", measurement.pk),
        ("funding-edit", funding.pk),
        ("photo-delete", photo.pk),
    ]:
        assert f'href="{url(name, initiative, pk)}"' in page
    assert 'role="region" tabindex="0"' in page


@pytest.mark.django_db
def test_the_corrections_page_costs_the_same_queries_for_one_item_or_many(
    client, alice, initiative, indicator, measurement, funding, photo, caf
):
    client.force_login(alice)
    one, _ = page_queries(client, url("data", initiative))
    for day in range(2, 8):
        Measurement.objects.create(indicator=indicator, date=datetime.date(2025, 3, day), value=1)
    second = initiative.indicators.create(name="jardiniers")
    Measurement.objects.create(indicator=second, date=datetime.date(2025, 3, 1), value=1)
    for amount in (10, 20, 30):
        Funding.objects.create(initiative=initiative, funder=PartnerFactory(), amount=amount)
    many, _ = page_queries(client, url("data", initiative))
    assert many == one
