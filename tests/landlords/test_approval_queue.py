import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from landlords.models import User
from tests.factories import UserFactory

QUEUE_URL = reverse("landlords:approval-queue")


def approve_url(user):
    return reverse("landlords:approval-approve", args=[user.pk])


def refuse_url(user):
    return reverse("landlords:approval-refuse", args=[user.pk])


@pytest.fixture
def unconfirmed(icf):
    """Signed up, has not clicked the confirmation link yet."""
    user = UserFactory(email="victor@example.org", full_name="Victor Pressé", organisation=icf)
    user.is_approved = False
    user.save()
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_see_who_waits(client, request, role, unapproved, unconfirmed, alice):
    client.force_login(request.getfixturevalue(role))
    content = client.get(QUEUE_URL).content.decode()
    assert "Ulysse Nouveau" in content
    assert "Victor Pressé" in content
    assert "Alice Martin" not in content  # already approved
    assert content.count("pas encore confirmée") == 1
    # No approve button for an unconfirmed address; refusing stays possible.
    assert approve_url(unapproved) in content
    assert approve_url(unconfirmed) not in content
    assert refuse_url(unconfirmed) in content
    assert "Validations" in content  # the menu entry


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "edith"])
def test_members_may_not_open_the_queue_or_decide(client, request, role, unapproved):
    client.force_login(request.getfixturevalue(role))
    assert client.get(QUEUE_URL).status_code == 403
    assert client.post(approve_url(unapproved)).status_code == 403
    assert client.post(refuse_url(unapproved), {"reason": "Non"}).status_code == 403
    unapproved.refresh_from_db()
    assert unapproved.is_active
    assert not unapproved.is_approved
    assert mail.outbox == []


@pytest.mark.django_db
def test_unapproved_account_may_not_approve_itself(client, unapproved):
    client.force_login(unapproved)
    assert client.post(approve_url(unapproved)).status_code == 403
    unapproved.refresh_from_db()
    assert not unapproved.is_approved


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_the_queue(client, unapproved):
    assert client.get(QUEUE_URL).url.startswith(reverse("account_login"))
    assert client.post(approve_url(unapproved)).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_animator_approves_and_the_person_is_told(
    client, charlie, unapproved, django_capture_on_commit_callbacks
):
    client.force_login(charlie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(unapproved), follow=True)
    assert "Ulysse Nouveau est validé·e" in response.content.decode()
    unapproved.refresh_from_db()
    assert unapproved.is_approved
    assert unapproved.approved_at
    assert [message.to for message in mail.outbox] == [["ulysse@example.org"]]


@pytest.mark.django_db
def test_approving_an_unconfirmed_address_says_why_not(client, staff_user, unconfirmed):
    client.force_login(staff_user)
    response = client.post(approve_url(unconfirmed), follow=True)
    assert "n’est pas encore confirmée" in response.content.decode()
    unconfirmed.refresh_from_db()
    assert not unconfirmed.is_approved


@pytest.mark.django_db
def test_approve_is_post_only_and_unknown_or_decided_ids_are_404(client, staff_user, alice):
    client.force_login(staff_user)
    assert client.get(approve_url(alice)).status_code == 405
    assert client.post(approve_url(alice)).status_code == 404  # already approved
    assert client.post(reverse("landlords:approval-approve", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_refusing_requires_a_reason_beside_the_field(client, staff_user, unapproved):
    client.force_login(staff_user)
    response = client.post(refuse_url(unapproved), {"reason": "   "})
    assert "Indiquez pourquoi le compte est refusé" in response.content.decode()
    unapproved.refresh_from_db()
    assert unapproved.is_active
    assert unapproved.refused_at is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_refusing_deactivates_the_account_and_emails_the_reason(
    client, charlie, unapproved, django_capture_on_commit_callbacks
):
    client.force_login(charlie)
    reason = "Votre organisme n'est pas adhérent de l'AR Hlm."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(refuse_url(unapproved), {"reason": reason})
    assert response.url == QUEUE_URL
    unapproved.refresh_from_db()
    assert not unapproved.is_active
    assert unapproved.refused_at
    assert unapproved.refusal_reason == reason
    (message,) = mail.outbox
    assert message.to == ["ulysse@example.org"]
    assert reason in message.body  # plain text: not HTML-escaped
    assert "n’a pas pu valider votre compte" in message.body
    assert refuse_url(unapproved) not in client.get(QUEUE_URL).content.decode()
    # The refused person can no longer sign in.
    client.logout()
    assert not client.login(email="ulysse@example.org", password="Jardins-partages-2023")


@pytest.mark.django_db
def test_admin_refuse_action_asks_for_a_reason_then_refuses(
    client, staff_user, unapproved, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    url = reverse("admin:landlords_user_changelist")
    form = {"action": "refuse_users", "_selected_action": [unapproved.pk]}
    page = client.post(url, form).content.decode()
    assert "Motif du refus" in page
    assert "Ulysse Nouveau" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form, "reason": "Doublon d'un compte existant."})
    unapproved.refresh_from_db()
    assert unapproved.refused_at
    assert not unapproved.is_active
    assert "Doublon d'un compte existant." in mail.outbox[0].body
    assert User.objects.awaiting_approval().count() == 0


@pytest.mark.django_db
def test_approvals_and_refusals_keep_who_and_when_for_staff(
    client, charlie, staff_user, unapproved, unconfirmed
):
    client.force_login(charlie)
    client.post(approve_url(unapproved))
    client.post(refuse_url(unconfirmed), {"reason": "Doublon"})
    approved = unapproved.history.order_by("-history_date").first()
    assert (approved.is_approved, approved.history_user) == (True, charlie)
    refused = unconfirmed.history.order_by("-history_date").first()
    assert (refused.is_active, refused.history_user) == (False, charlie)
    client.force_login(staff_user)
    page = client.get(reverse("admin:landlords_user_history", args=[unapproved.pk]))
    assert "Charlie Venturelli" in page.content.decode()
