import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from landlords.models import User
from tests.factories import MeetingFactory, UserFactory

USERS_URL = reverse("admin:landlords_user_changelist")


@pytest.mark.django_db
def test_anonymous_admin_visit_goes_to_the_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)
    final_url = response.redirect_chain[-1][0]
    assert final_url.startswith(reverse("account_login") + "?next=")
    assert "Connexion" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["alice", "charlie", "unapproved"])
def test_non_staff_accounts_are_refused_the_admin(client, request, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("admin:index"), follow=True).status_code == 403
    assert client.get(USERS_URL, follow=True).status_code == 403


@pytest.mark.django_db
def test_staff_signs_in_through_allauth_and_reaches_the_admin(client, staff_user):
    response = client.post(
        reverse("account_login") + "?next=" + reverse("admin:index"),
        {"login": "staff@example.org", "password": "Jardins-partages-2023"},
    )
    assert response.url == reverse("admin:index")
    content = client.get(reverse("admin:index")).content.decode()
    for model in ("Utilisateurs", "Organismes", "Clubs", "Rencontres"):
        assert model in content


def emails_in(content):
    return sorted(set(re.findall(r"[a-z]+@example\.org", content)) - {"club@arhlm.example.org"})


@pytest.mark.django_db
def test_staff_finds_users_by_search_organisation_and_approval(
    client, staff_user, alice, bob, unapproved
):
    client.force_login(staff_user)
    content = client.get(USERS_URL, {"q": "Chalets"}).content.decode()
    assert "bob@example.org" in emails_in(content)
    assert "alice@example.org" not in emails_in(content)
    content = client.get(USERS_URL, {"q": "Ulysse"}).content.decode()
    assert "ulysse@example.org" in emails_in(content)
    assert "bob@example.org" not in emails_in(content)
    content = client.get(USERS_URL, {"organisation__id__exact": alice.organisation_id}).content
    assert emails_in(content.decode()) == ["alice@example.org", "ulysse@example.org"]
    content = client.get(USERS_URL, {"is_approved__exact": "0"}).content.decode()
    assert "ulysse@example.org" in emails_in(content)
    assert "alice@example.org" not in emails_in(content)


@pytest.mark.django_db
def test_approval_is_read_only_on_the_change_form(client, staff_user, unapproved):
    client.force_login(staff_user)
    url = reverse("admin:landlords_user_change", args=[unapproved.pk])
    content = client.get(url).content.decode()
    assert 'name="is_approved"' not in content
    assert 'name="full_name"' in content


@pytest.mark.django_db
def test_staff_cannot_add_an_address_that_differs_only_in_case(client, staff_user, alice):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:landlords_user_add"),
        {
            "email": "ALICE@example.org",
            "full_name": "Alice bis",
            "organisation": alice.organisation_id,
            "password1": "Jardins-partages-2024",
            "password2": "Jardins-partages-2024",
        },
    )
    assert "Un compte avec cette adresse e-mail existe déjà." in response.content.decode()
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1


@pytest.mark.django_db
def test_unconfirmed_accounts_are_not_approved_and_staff_is_told_why(
    client, staff_user, unapproved
):
    unapproved.emailaddress_set.update(verified=False)
    client.force_login(staff_user)
    response = client.post(
        USERS_URL, {"action": "approve_users", "_selected_action": [unapproved.pk]}, follow=True
    )
    content = response.content.decode()
    assert "L’adresse e-mail ulysse@example.org n’est pas encore confirmée." in content
    assert "0 compte validé." in content
    unapproved.refresh_from_db()
    assert not unapproved.is_approved


@pytest.mark.django_db
def test_staff_approves_accounts_from_the_list_and_each_gets_an_email(
    client, staff_user, unapproved, icf, django_capture_on_commit_callbacks
):
    other = UserFactory(email="zoe@example.org", organisation=icf, is_approved=False)
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            USERS_URL,
            {"action": "approve_users", "_selected_action": [unapproved.pk, other.pk]},
            follow=True,
        )
    assert "2 comptes validés." in response.content.decode()
    assert set(User.objects.filter(is_approved=True).values_list("email", flat=True)) >= {
        "ulysse@example.org",
        "zoe@example.org",
    }
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ulysse@example.org",
        "zoe@example.org",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "text"),
    [
        ("admin:landlords_organisation_changelist", "ICF Habitat Sud-Est Méditerranée"),
        ("admin:clubs_club_changelist", "Club Innovation sociale PACA &amp; Corse"),
        ("admin:clubs_meeting_changelist", "7e Club Innovation sociale"),
    ],
)
def test_staff_lists_organisations_clubs_and_meetings_with_search(
    client, staff_user, icf, club, url_name, text
):

    MeetingFactory(club=club, host=icf, number=7)
    client.force_login(staff_user)
    content = client.get(reverse(url_name), {"q": ""}).content.decode()
    assert text in content
    assert 'id="changelist-search"' in content


@pytest.mark.django_db
def test_the_users_list_has_few_columns_and_a_short_organisation_filter(client, staff_user, alice):
    from landlords.models import Organisation

    Organisation.objects.create(name="Organisme sans membre", slug="sans-membre", kind="partner")
    client.force_login(staff_user)
    content = client.get(USERS_URL).content.decode()
    columns = re.findall(r'<th scope="col" class="[^"]*column-(\w+)', content)
    assert columns == ["full_name", "email", "organisation", "is_approved"]
    # The organisation filter lists only organisations that have users.
    assert f"organisation__id__exact={alice.organisation_id}" in content
    assert "Organisme sans membre" not in content


@pytest.mark.django_db
def test_the_mail_queue_is_named_in_french_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    with translation.override("fr"):
        expected = [capfirst(gettext(text)) for text in ("queued emails", "sent email logs")]
        expected.append(gettext("Outgoing mail"))
    content = html.unescape(client.get(reverse("admin:index")).content.decode())
    for text in expected:
        assert text in content


@pytest.mark.django_db
def test_the_organisation_filter_is_a_searchable_select_that_filters(
    client, staff_user, alice, bob
):
    client.force_login(staff_user)
    content = client.get(USERS_URL).content.decode()
    select = content.split('class="django-admin-list-filter admin-autocomplete"')[1].split(
        "</select>"
    )[0]
    # One option per organisation that has users; the value is the list's address for it.
    assert f'value="?organisation__id__exact={alice.organisation_id}"' in select
    assert alice.organisation.name in select
    assert bob.organisation.name in select
    assert '<label class="visually-hidden" for="dalf-organisation">' in content
    # The admin's own select2 and dalf's script make it searchable.
    assert "admin/js/vendor/select2/select2.full.min.js" in content
    assert "admin/js/django_admin_list_filter.js" in content
    assert "css/admin.css" in content  # ours: long addresses wrap, the columns fit
    narrowed = client.get(USERS_URL, {"organisation__id__exact": alice.organisation_id})
    names = re.findall(
        r'<th class="field-full_name"><a [^>]*>([^<]+)</a>', narrowed.content.decode()
    )
    assert alice.full_name in names
    assert bob.full_name not in names
