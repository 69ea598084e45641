"""A save writes only the fields its form owns: what staff changed while a slow request (a large
photo or logo being re-encoded) was on its way is not written back with the request's old copy.

Each test runs the real view and, while the upload is being re-encoded, makes the other write
(the staff's) the way the admin would; then it reads what the database kept.
"""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied

from landlords import uploads
from landlords.models import Organisation, Residence, User
from tests.factories import ResidenceFactory
from tests.landlords.test_organisation_editing import (
    ORG_DATA,
    RESIDENCE_DATA,
    edit_url,
    png_logo,
    residence_url,
)
from tests.landlords.test_profile_and_data import PROFILE_URL, jpeg_with_gps, profile_data


def meanwhile(write):
    """Re-encode uploads as usual, after `write` has run: the other request's commit."""
    reencode = uploads.reencode_image

    def slow_reencode(*args, **kwargs):
        write()
        return reencode(*args, **kwargs)

    return mock.patch.object(uploads, "reencode_image", side_effect=slow_reencode)


@pytest.mark.django_db
def test_a_profile_save_keeps_a_withdrawal_made_meanwhile(client, alice, chalets):
    client.force_login(alice)

    def staff_withdraws_and_moves_the_account():
        User.objects.filter(pk=alice.pk).update(
            is_active=False, is_organisation_editor=True, organisation=chalets, is_approved=False
        )

    with meanwhile(staff_withdraws_and_moves_the_account):
        response = client.post(
            PROFILE_URL, profile_data(job_title="Cheffe de projet", new_photo=jpeg_with_gps())
        )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.job_title == "Cheffe de projet"  # what the form owns is saved
    assert alice.photo.name.startswith("photos/members/")
    assert (
        alice.is_active,
        alice.is_organisation_editor,
        alice.organisation,
        alice.is_approved,
    ) == (
        False,
        True,
        chalets,
        False,
    )


@pytest.mark.django_db
def test_an_organisation_save_keeps_what_staff_changed_meanwhile(client, edith, icf):
    client.force_login(edith)

    def staff_renames_it():
        Organisation.objects.filter(pk=icf.pk).update(name="ICF Habitat Sud-Est", departement="13")

    with meanwhile(staff_renames_it):
        response = client.post(edit_url(icf), {**ORG_DATA, "new_logo": png_logo()})
    assert response.status_code == 302
    icf.refresh_from_db()
    assert icf.about == ORG_DATA["about"]
    assert icf.logo.name
    assert (icf.name, icf.departement) == ("ICF Habitat Sud-Est", "13")


@pytest.mark.django_db
def test_a_residence_save_writes_only_its_fields(edith, icf, chalets):
    from landlords.services import residence_update

    residence = ResidenceFactory(landlord=icf, name="Le Saint-Georges")
    stale = Residence.objects.get(pk=residence.pk)
    Residence.objects.filter(pk=residence.pk).update(landlord=chalets)  # staff move it meanwhile
    with pytest.raises(PermissionDenied):  # no longer ICF's to edit
        residence_update(actor=edith, residence=stale, **{**RESIDENCE_DATA, "in_qpv": True})
    residence.refresh_from_db()
    assert (residence.landlord, residence.name) == (chalets, "Le Saint-Georges")


@pytest.mark.django_db
def test_the_residence_form_still_saves(client, edith, icf):
    residence = ResidenceFactory(landlord=icf, name="Le Saint-Georges")
    client.force_login(edith)
    response = client.post(residence_url("edit", icf, residence), RESIDENCE_DATA)
    assert response.status_code == 302
    residence.refresh_from_db()
    assert (residence.name, residence.dwellings, residence.in_qpv) == ("Les Lupins", 24, True)


@pytest.mark.django_db
def test_a_password_change_writes_the_password_alone(alice, chalets):
    """allauth's password change and reset save through the adapter, with the user the
    request loaded at its start."""
    from allauth.account.adapter import get_adapter

    stale = User.objects.get(pk=alice.pk)
    User.objects.filter(pk=alice.pk).update(is_active=False, organisation=chalets)
    get_adapter().set_password(stale, "Nouveau-jardin-2024")
    alice.refresh_from_db()
    assert alice.check_password("Nouveau-jardin-2024")
    assert (alice.is_active, alice.organisation) == (False, chalets)
