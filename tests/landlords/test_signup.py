import re

import pytest
from django.core import mail
from django.urls import reverse

from landlords.models import User

SIGNUP_URL = reverse("account_signup")


def signup_data(org, **overrides):
    data = {
        "full_name": "Isabelle Domas",
        "email": "isabelle.domas@example.org",
        "organisation": org.pk,
        "job_title": "Directrice de clientèle",
        "password1": "Residences-dediees-2023",
        "password2": "Residences-dediees-2023",
    }
    data.update(overrides)
    return data


def confirmation_url(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


@pytest.mark.django_db
def test_signup_page_asks_for_name_organisation_and_job_title_in_french(client, icf):
    response = client.get(SIGNUP_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in content
    for label in ("Nom complet", "Organisme", "Fonction", "Adresse e-mail", "Mot de passe"):
        assert label in content
    assert f'<option value="{icf.pk}">ICF Habitat Sud-Est Méditerranée</option>' in content


@pytest.mark.django_db
def test_signup_creates_an_unapproved_account_and_sends_a_verification_email(client, icf):
    response = client.post(SIGNUP_URL, signup_data(icf))
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="isabelle.domas@example.org")
    assert (user.full_name, user.organisation, user.job_title) == (
        "Isabelle Domas",
        icf,
        "Directrice de clientèle",
    )
    assert user.is_approved is False
    assert not user.emailaddress_set.get().verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["isabelle.domas@example.org"]
    assert "/comptes/confirm-email/" in mail.outbox[0].body


@pytest.mark.django_db
def test_confirming_the_email_leads_to_the_waiting_page_not_the_members_area(client, icf):
    client.post(SIGNUP_URL, signup_data(icf))
    url = confirmation_url(mail.outbox[0])
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("landlords:awaiting-approval")
    assert "Votre compte attend la validation" in response.content.decode()
    user = User.objects.get(email="isabelle.domas@example.org")
    assert user.emailaddress_set.get().verified
    assert client.get(reverse("clubs:dashboard")).url == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
def test_unverified_account_cannot_sign_in(client, icf):
    client.post(SIGNUP_URL, signup_data(icf))
    mail.outbox.clear()
    response = client.post(
        reverse("account_login"),
        {"login": "isabelle.domas@example.org", "password": "Residences-dediees-2023"},
    )
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unknown_organisation_is_refused_beside_the_field_and_typed_values_are_kept(client, icf):
    response = client.post(SIGNUP_URL, signup_data(icf, organisation="999999"))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_organisation_error"' in content
    assert "Choisissez votre organisme dans la liste." in content
    assert 'value="Isabelle Domas"' in content
    assert 'value="Directrice de clientèle"' in content
    assert 'value="isabelle.domas@example.org"' in content
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_weak_password_is_refused_with_a_clear_message(client, icf):
    response = client.post(SIGNUP_URL, signup_data(icf, password1="12345678", password2="12345678"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ce mot de passe est trop courant." in content
    assert "Ce mot de passe est entièrement numérique." in content
    assert not User.objects.exists()


@pytest.mark.django_db
def test_missing_fields_are_each_reported(client, icf):
    response = client.post(SIGNUP_URL, signup_data(icf, full_name="", job_title=""))
    content = response.content.decode()
    assert 'id="id_full_name_error"' in content
    assert 'id="id_job_title_error"' in content
    assert not User.objects.exists()


@pytest.mark.django_db
def test_duplicate_email_looks_like_a_new_signup_and_warns_the_owner_by_mail(client, alice, icf):
    response = client.post(SIGNUP_URL, signup_data(icf, email="alice@example.org"))
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="alice@example.org").count() == 1
    assert User.objects.get(email="alice@example.org").full_name == "Alice Martin"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "/comptes/confirm-email/" not in mail.outbox[0].body


@pytest.mark.django_db
def test_password_reset_mail_lets_the_member_choose_a_new_password(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    url = confirmation_url(mail.outbox[0])
    response = client.get(url, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "Nouveau-jardin-2024", "password2": "Nouveau-jardin-2024"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Nouveau-jardin-2024")


@pytest.mark.django_db
def test_password_reset_does_not_reveal_unknown_addresses(client, alice):
    known = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


@pytest.mark.django_db
def test_login_is_rate_limited_after_repeated_failures(client, alice):
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": "alice@example.org", "password": "wrong"}
        )
        assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": "wrong"}
    )
    assert "Trop de tentatives de connexion échouées" in response.content.decode()


@pytest.mark.django_db
def test_approved_member_signs_in_to_the_members_area(client, alice):
    response = client.post(
        reverse("account_login"),
        {"login": "alice@example.org", "password": "Jardins-partages-2023"},
    )
    assert response.url == reverse("clubs:dashboard")
    assert client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("unapproved", "landlords:awaiting-approval"),
        ("alice", "clubs:dashboard"),
        ("staff_user", "clubs:dashboard"),
    ],
)
def test_signed_in_accounts_are_sent_on_from_the_signup_page(client, request, name, target):
    client.force_login(request.getfixturevalue(name))
    response = client.get(SIGNUP_URL, follow=True)
    assert response.redirect_chain[-1][0] == reverse(target)
    assert 'name="password1"' not in response.content.decode()
