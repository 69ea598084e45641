"""People from an organisation not yet listed propose it at sign-up; staff validate it with the
account, by creating it or merging it into one already listed. Nothing of it is public before."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from landlords.models import Organisation, OrganisationProposal, User
from tests.factories import UserFactory

SIGNUP_URL = reverse("account_signup")
QUEUE_URL = reverse("landlords:approval-queue")
ORGANISATIONS_URL = reverse("landlords:organisation-list")
CATALOGUE_URL = reverse("initiatives:catalogue")


def signup_data(**overrides):
    data = {
        "full_name": "Inès Bensaïd",
        "email": "ines@example.org",
        "organisation": "",
        "organisation_missing": "on",
        "proposal_name": "Handitoit Provence",
        "proposal_kind": "partner",
        "proposal_departement": "13",
        "proposal_website": "handitoit.org",
        "job_title": "Chargée de mission",
        "password1": "Residences-dediees-2023",
        "password2": "Residences-dediees-2023",
    }
    data.update(overrides)
    return data


def french(message: str, **params) -> str:
    with override("fr"):
        text = gettext(message)
    return escape(text % params if params else text)


def confirm_url(user):
    return reverse("landlords:approval-confirm", args=[user.pk])


@pytest.fixture
def proposer(db):
    """Signed up proposing "Handitoit Provence", email confirmed, waiting for approval."""
    user = UserFactory(
        email="ines@example.org", full_name="Inès Bensaïd", organisation=None, is_approved=False
    )
    OrganisationProposal.objects.create(
        user=user,
        name="Handitoit Provence",
        kind="partner",
        departement="13",
        website="https://handitoit.org",
    )
    return user


@pytest.mark.django_db
def test_signup_with_a_proposal_creates_the_account_and_no_organisation(client, icf):
    response = client.post(SIGNUP_URL, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="ines@example.org")
    assert user.organisation is None
    assert not user.is_approved
    proposal = user.organisation_proposal
    assert (proposal.name, proposal.kind, proposal.departement, proposal.website) == (
        "Handitoit Provence",
        "partner",
        "13",
        "https://handitoit.org",
    )
    assert proposal.resolved_at is None
    assert list(Organisation.objects.values_list("name", flat=True)) == [icf.name]
    # Nothing public: not in the directory, its filters or the catalogue's organisation filters.
    assert "Handitoit" not in client.get(ORGANISATIONS_URL).content.decode()
    assert "Handitoit" not in client.get(CATALOGUE_URL).content.decode()
    assert "Handitoit" not in client.get(SIGNUP_URL).content.decode()


@pytest.mark.django_db
def test_signup_page_offers_the_proposal_fields_and_its_script(client, icf):
    content = client.get(SIGNUP_URL).content.decode()
    assert french("My organisation is not in the list") in content
    assert 'name="proposal_name"' in content
    assert 'name="proposal_departement"' in content
    assert "js/proposal.js" in content


@pytest.mark.django_db
def test_a_name_already_listed_is_refused_beside_the_field(client, chalets):
    response = client.post(SIGNUP_URL, signup_data(proposal_name="  groupe des CHALETS "))
    assert response.status_code == 200
    content = response.content.decode()
    error = french("%(name)s is already in the list: choose it.", name="Groupe des Chalets")
    assert error in content
    assert 'id="id_proposal_name_error"' in content or 'aria-invalid="true"' in content
    assert not User.objects.filter(email="ines@example.org").exists()
    assert not OrganisationProposal.objects.exists()


@pytest.mark.django_db
def test_accents_do_not_hide_a_listed_name(client, icf):
    response = client.post(
        SIGNUP_URL, signup_data(proposal_name="ICF Habitat Sud-Est Mediterranee")
    )
    assert french("%(name)s is already in the list: choose it.", name=icf.name) in (
        response.content.decode()
    )
    assert not User.objects.filter(email="ines@example.org").exists()


@pytest.mark.django_db
def test_a_half_filled_proposal_is_refused_and_what_was_typed_is_kept(client, icf):
    response = client.post(
        SIGNUP_URL,
        signup_data(proposal_kind="", proposal_departement="", proposal_website=""),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert french("Say what kind of organisation it is.") in content
    assert french("Choose the département of your organisation.") in content
    assert 'value="Handitoit Provence"' in content
    assert 'value="Inès Bensaïd"' in content
    assert 'value="ines@example.org"' in content
    assert not User.objects.filter(email="ines@example.org").exists()


@pytest.mark.django_db
def test_neither_an_organisation_nor_a_proposal_is_refused(client, icf):
    response = client.post(
        SIGNUP_URL, signup_data(organisation_missing="", proposal_name="", proposal_kind="")
    )
    assert response.status_code == 200
    assert (
        french(
            "Choose your organisation from the list, or tick "
            "“My organisation is not in the list” and describe it."
        )
        in response.content.decode()
    )
    assert not User.objects.filter(email="ines@example.org").exists()


@pytest.mark.django_db
def test_choosing_an_organisation_still_signs_up_without_a_proposal(client, icf):
    data = signup_data(organisation=icf.pk, organisation_missing="", proposal_name="")
    assert client.post(SIGNUP_URL, data).status_code == 302
    user = User.objects.get(email="ines@example.org")
    assert user.organisation == icf
    assert not OrganisationProposal.objects.exists()


@pytest.mark.django_db
def test_the_queue_shows_the_proposed_organisation_and_asks_for_a_decision(
    client, staff_user, proposer
):
    client.force_login(staff_user)
    content = client.get(QUEUE_URL).content.decode()
    assert "Handitoit Provence" in content
    assert confirm_url(proposer) in content
    # The one-click approval would not say what becomes of the proposal: it leads to the page.
    response = client.post(reverse("landlords:approval-approve", args=[proposer.pk]))
    assert response.url == confirm_url(proposer)
    proposer.refresh_from_db()
    assert not proposer.is_approved


@pytest.mark.django_db
def test_staff_approve_creating_the_organisation(
    client, staff_user, proposer, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    page = client.get(confirm_url(proposer)).content.decode()
    assert french("Create the organisation") in page
    assert french("Merge into an existing organisation") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            confirm_url(proposer),
            {
                "decision": "create",
                "name": "Handitoit Provence",
                "kind": "partner",
                "departement": "13",
                "website": "https://handitoit.org",
            },
        )
    assert response.url == QUEUE_URL
    organisation = Organisation.objects.get(name="Handitoit Provence")
    assert (organisation.slug, organisation.kind, organisation.departement) == (
        "handitoit-provence",
        "partner",
        "13",
    )
    proposer.refresh_from_db()
    assert proposer.is_approved
    assert proposer.organisation == organisation
    proposal = proposer.organisation_proposal
    assert proposal.organisation == organisation
    assert proposal.resolved_by == staff_user
    assert proposal.resolved_at is not None
    assert [message.to for message in mail.outbox] == [["ines@example.org"]]
    client.logout()
    assert "Handitoit Provence" in client.get(ORGANISATIONS_URL).content.decode()
    detail = reverse("landlords:organisation-detail", args=[organisation.slug])
    assert client.get(detail).status_code == 200


@pytest.mark.django_db
def test_staff_may_correct_the_proposal_and_a_taken_slug_gets_a_suffix(
    client, staff_user, proposer
):
    Organisation.objects.create(name="Handitoit", slug="handitoit-provence", kind="partner")
    client.force_login(staff_user)
    client.post(
        confirm_url(proposer),
        {"decision": "create", "name": "Handitoit Provence Sud", "kind": "partner"},
    )
    organisation = Organisation.objects.get(name="Handitoit Provence Sud")
    assert organisation.slug == "handitoit-provence-sud"
    proposer.refresh_from_db()
    assert proposer.organisation == organisation


@pytest.mark.django_db
def test_creating_a_name_already_listed_is_refused_beside_the_field(
    client, staff_user, proposer, chalets
):
    client.force_login(staff_user)
    response = client.post(
        confirm_url(proposer),
        {"decision": "create", "name": "Groupe des chalets", "kind": "partner"},
    )
    assert response.status_code == 200
    assert (
        french("%(name)s is already in the list: merge into it.", name="Groupe des Chalets")
        in response.content.decode()
    )
    proposer.refresh_from_db()
    assert not proposer.is_approved
    assert proposer.organisation_proposal.resolved_at is None
    assert mail.outbox == []


@pytest.mark.django_db
def test_staff_approve_merging_into_an_existing_organisation(client, staff_user, proposer, chalets):
    count = Organisation.objects.count()
    client.force_login(staff_user)
    response = client.post(confirm_url(proposer), {"decision": "merge", "organisation": chalets.pk})
    assert response.url == QUEUE_URL
    assert Organisation.objects.count() == count
    assert not Organisation.objects.filter(name="Handitoit Provence").exists()
    proposer.refresh_from_db()
    assert proposer.is_approved
    assert proposer.organisation == chalets
    assert proposer.organisation_proposal.organisation == chalets
    assert proposer.organisation_proposal.resolved_at is not None


@pytest.mark.django_db
def test_merging_needs_an_organisation_and_nothing_is_half_done(client, staff_user, proposer):
    client.force_login(staff_user)
    response = client.post(confirm_url(proposer), {"decision": "merge", "organisation": ""})
    assert response.status_code == 200
    assert french("Choose the organisation to merge into.") in response.content.decode()
    proposer.refresh_from_db()
    assert not proposer.is_approved
    assert proposer.organisation_proposal.resolved_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "edith"])
def test_members_cannot_approve_a_proposal(client, request, role, proposer):
    client.force_login(request.getfixturevalue(role))
    assert client.get(confirm_url(proposer)).status_code == 403
    data = {"decision": "create", "name": "Handitoit Provence", "kind": "partner"}
    assert client.post(confirm_url(proposer), data).status_code == 403
    proposer.refresh_from_db()
    assert not proposer.is_approved
    assert not Organisation.objects.filter(name="Handitoit Provence").exists()


@pytest.mark.django_db
def test_refusing_the_account_makes_nothing_public(client, staff_user, proposer):
    client.force_login(staff_user)
    client.post(reverse("landlords:approval-refuse", args=[proposer.pk]), {"reason": "Inconnu"})
    proposer.refresh_from_db()
    assert proposer.refused_at is not None
    assert not Organisation.objects.filter(name="Handitoit Provence").exists()
    assert proposer.organisation_proposal.organisation is None


@pytest.mark.django_db
def test_admin_lists_proposals_read_only_and_its_approve_action_asks_for_the_page(
    client, staff_user, proposer
):
    client.force_login(staff_user)
    changelist = reverse("admin:landlords_organisationproposal_changelist")
    content = client.get(changelist).content.decode()
    assert "Handitoit Provence" in content
    assert "Inès Bensaïd" in content
    proposal = proposer.organisation_proposal
    change = reverse("admin:landlords_organisationproposal_change", args=[proposal.pk])
    assert client.post(change, {"name": "Autre"}).status_code == 403
    assert client.get(reverse("admin:landlords_organisationproposal_add")).status_code == 403
    proposal.refresh_from_db()
    assert proposal.name == "Handitoit Provence"
    client.post(
        reverse("admin:landlords_user_changelist"),
        {"action": "approve_users", "_selected_action": [proposer.pk]},
    )
    proposer.refresh_from_db()
    assert not proposer.is_approved  # a proposal is decided on the approval page


@pytest.mark.django_db
def test_an_unconfirmed_proposer_cannot_be_approved(client, staff_user, proposer):
    EmailAddress.objects.filter(user=proposer).update(verified=False)
    client.force_login(staff_user)
    response = client.post(
        confirm_url(proposer), {"decision": "create", "name": "Handitoit", "kind": "partner"}
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Handitoit").exists()
    proposer.refresh_from_db()
    assert not proposer.is_approved
