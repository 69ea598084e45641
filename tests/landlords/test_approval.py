import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from landlords.services import user_approve

WAITING_URL = reverse("landlords:awaiting-approval")


@pytest.mark.django_db
def test_staff_approval_sets_the_flag_and_emails_the_member(
    staff_user, unapproved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_approve(actor=staff_user, user=unapproved)
    unapproved.refresh_from_db()
    assert unapproved.is_approved
    assert unapproved.approved_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ulysse@example.org"]
    assert "Votre compte est validé" in message.subject
    assert "Bonjour Ulysse Nouveau" in message.body
    assert "http://testserver/espace-membres/" in message.body


@pytest.mark.django_db
def test_account_with_an_unconfirmed_email_cannot_be_approved(staff_user, unapproved):
    unapproved.emailaddress_set.update(verified=False)
    with pytest.raises(ValidationError, match="n’est pas encore confirmée"):
        user_approve(actor=staff_user, user=unapproved)
    unapproved.refresh_from_db()
    assert not unapproved.is_approved
    assert mail.outbox == []


@pytest.mark.django_db
def test_approving_twice_sends_one_email(
    staff_user, unapproved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user_approve(actor=staff_user, user=unapproved)
        user_approve(actor=staff_user, user=unapproved)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["alice", "bob", "unapproved"])
def test_only_staff_and_animators_may_approve(request, actor_name, unapproved):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(PermissionDenied):
        user_approve(actor=actor, user=unapproved)
    unapproved.refresh_from_db()
    assert not unapproved.is_approved
    assert mail.outbox == []


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_the_waiting_page(client):
    response = client.get(WAITING_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_unapproved_account_sees_the_waiting_page(client, unapproved):
    client.force_login(unapproved)
    content = client.get(WAITING_URL).content.decode()
    assert "Votre compte attend la validation" in content
    assert "ulysse@example.org" in content
    assert "ICF Habitat Sud-Est Méditerranée" in content
    assert "Espace membres" not in content  # no members' link in the menu


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "staff_user"])
def test_approved_accounts_skip_the_waiting_page(client, request, name):
    client.force_login(request.getfixturevalue(name))
    response = client.get(WAITING_URL)
    assert response.status_code == 302
    assert response.url == reverse("clubs:dashboard")
