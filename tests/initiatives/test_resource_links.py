"""Which initiatives and workshops a toolbox resource may be linked to: the form offers, and
the service accepts, only initiatives the member may edit and workshops of meetings they
manage or took part in (a linked resource shows on the initiative's public page)."""

import html
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clubs.models import Registration, Workshop
from initiatives import services
from initiatives.forms import ResourceForm
from initiatives.models import Resource
from tests.factories import ClubFactory, InitiativeFactory, MeetingFactory, UserFactory
from tests.initiatives import pdfs

RESOURCE_ADD = reverse("initiatives:resource-add")
NOT_A_CHOICE = "Sélectionnez un choix valide."
NOT_EDITABLE = "Vous ne pouvez lier que des initiatives que vous pouvez modifier."
NOT_TAKEN_PART = (
    "Vous ne pouvez lier que des ateliers de rencontres que vous animez ou auxquelles vous avez "
    "participé."
)


def form_data(**data) -> dict:
    values = {
        "title": "Guide du compost",
        "kind": "link",
        "url": "https://example.org/compost",
        "visibility": "public",
    }
    values.update(data)
    return values


def offered(user, field: str) -> list:
    return list(ResourceForm(user=user).fields[field].queryset)


@pytest.fixture
def chalets_initiative(chalets):
    """Led by Groupe des Chalets alone: not Alice's (ICF Habitat) to edit."""
    return InitiativeFactory(title="Fête des voisins", slug="fete-des-voisins", lead=chalets)


@pytest.fixture
def other_workshop(db):
    """A workshop of another club's published meeting, nobody of ours involved."""
    meeting = MeetingFactory(club=ClubFactory(name="Club Occitanie", slug="occitanie"))
    return Workshop.objects.create(meeting=meeting, title="Habitat inclusif")


@pytest.fixture
def draft_workshop(club, charlie):
    """A workshop of a draft meeting of Charlie's club."""
    meeting = MeetingFactory(club=club, number=9, status="draft")
    return Workshop.objects.create(meeting=meeting, title="Atelier en préparation")


def register(user, meeting, status=Registration.Status.CONFIRMED) -> Registration:
    return Registration.objects.create(meeting=meeting, user=user, status=status)


# --- Initiatives -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_posting_another_organisations_initiative_gets_a_field_error_and_nothing_saved(
    client, alice, initiative, chalets_initiative
):
    client.force_login(alice)
    response = client.post(
        RESOURCE_ADD, form_data(initiatives=[initiative.pk, chalets_initiative.pk])
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["initiatives"]
    assert errors["initiatives"][0].startswith(NOT_A_CHOICE)
    content = html.unescape(response.content.decode())
    start = content.index('for="id_initiatives"')
    assert NOT_A_CHOICE in content[start : content.index('name="initiatives"', start)]
    assert not Resource.objects.exists()
    detail = client.get(reverse("initiatives:detail", args=[chalets_initiative.slug]))
    assert "Guide du compost" not in detail.content.decode()


@pytest.mark.django_db
def test_the_form_offers_the_initiatives_the_members_organisation_leads_or_co_leads(
    alice, initiative, shared_initiative, chalets_initiative
):
    assert offered(alice, "initiatives") == [shared_initiative, initiative]


@pytest.mark.django_db
def test_a_co_landlord_member_links_the_shared_initiative_which_then_shows_the_resource(
    client, alice, shared_initiative
):
    client.force_login(alice)
    response = client.post(RESOURCE_ADD, form_data(initiatives=[shared_initiative.pk]))
    assert response.status_code == 302
    assert list(Resource.objects.get().initiatives.all()) == [shared_initiative]
    detail = client.get(reverse("initiatives:detail", args=[shared_initiative.slug]))
    assert "Guide du compost" in detail.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff_user", "charlie"])
def test_staff_are_offered_every_initiative_an_animator_only_their_organisations(
    request, role, initiative, shared_initiative, chalets_initiative
):
    user = request.getfixturevalue(role)
    expected = [shared_initiative, chalets_initiative, initiative] if user.is_staff else []
    assert offered(user, "initiatives") == expected


@pytest.mark.django_db
def test_the_service_refuses_an_initiative_the_member_may_not_edit_and_stores_nothing(
    alice, initiative, chalets_initiative, settings
):
    with pytest.raises(ValidationError) as caught:
        services.resource_add(
            actor=alice,
            title="Guide",
            kind="file",
            visibility="public",
            url="",
            file=SimpleUploadedFile("guide.pdf", pdfs.plain()),
            initiatives=[initiative, chalets_initiative],
        )
    assert caught.value.message_dict == {"initiatives": [NOT_EDITABLE]}
    assert not Resource.objects.exists()
    assert not any(path.is_file() for path in settings.PRIVATE_MEDIA_ROOT.rglob("*"))


@pytest.mark.django_db
def test_staff_may_link_any_initiative_through_the_service(staff_user, chalets_initiative):
    resource = services.resource_add(
        actor=staff_user,
        title="Guide",
        kind="link",
        visibility="public",
        url="https://example.org",
        initiatives=[chalets_initiative],
    )
    assert list(resource.initiatives.all()) == [chalets_initiative]


# --- Workshops -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_is_offered_the_workshops_of_meetings_they_registered_for_and_confirmed(
    alice, bob, workshop, other_workshop
):
    assert offered(alice, "workshops") == []
    register(alice, workshop.meeting)
    register(bob, other_workshop.meeting, Registration.Status.WAITLISTED)
    sibling = Workshop.objects.create(meeting=workshop.meeting, title="Visite", order=1)
    assert offered(alice, "workshops") == [workshop, sibling]
    assert offered(bob, "workshops") == []


@pytest.mark.django_db
def test_a_cancelled_registration_is_no_taking_part(alice, workshop):
    register(alice, workshop.meeting, Registration.Status.CANCELLED)
    assert offered(alice, "workshops") == []
    assert not alice.has_perm("initiatives.link_resource_to_workshop", workshop)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["rita", "fabien"])
def test_rapporteurs_and_facilitators_are_offered_their_meetings_workshops(
    request, role, workshop, other_workshop
):
    user = request.getfixturevalue(role)
    assert offered(user, "workshops") == [workshop]


@pytest.mark.django_db
def test_an_animator_is_offered_their_clubs_published_workshops_staff_all_published(
    charlie, staff_user, workshop, other_workshop, draft_workshop
):
    assert offered(charlie, "workshops") == [workshop]
    assert set(offered(staff_user, "workshops")) == {workshop, other_workshop}
    assert not staff_user.has_perm("initiatives.link_resource_to_workshop", draft_workshop)


@pytest.mark.django_db
def test_a_member_posting_a_workshop_they_had_no_part_in_gets_a_field_error(
    client, alice, other_workshop
):
    client.force_login(alice)
    response = client.post(RESOURCE_ADD, form_data(workshops=[other_workshop.pk]))
    assert list(response.context["form"].errors) == ["workshops"]
    assert not Resource.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_workshop_the_member_had_no_part_in(alice, workshop, other_workshop):
    register(alice, workshop.meeting)
    with pytest.raises(ValidationError) as caught:
        services.resource_add(
            actor=alice,
            title="Guide",
            kind="link",
            visibility="public",
            url="https://example.org",
            workshops=[workshop, other_workshop],
        )
    assert caught.value.message_dict == {"workshops": [NOT_TAKEN_PART]}
    assert not Resource.objects.exists()


@pytest.mark.django_db
def test_an_animator_links_a_workshop_of_their_club_through_the_form(client, charlie, workshop):
    client.force_login(charlie)
    response = client.post(RESOURCE_ADD, form_data(workshops=[workshop.pk]))
    assert response.status_code == 302
    assert list(Resource.objects.get().workshops.all()) == [workshop]


# --- The choices and the rules agree ---------------------------------------------------------


@pytest.mark.django_db
def test_the_choices_offered_are_exactly_what_the_rules_allow(
    alice,
    bob,
    charlie,
    staff_user,
    rita,
    unapproved,
    initiative,
    shared_initiative,
    chalets_initiative,
    workshop,
    other_workshop,
    draft_workshop,
):
    """The rules predicates decide; the querysets only offer: they must not drift apart."""
    register(alice, workshop.meeting)
    register(bob, other_workshop.meeting, Registration.Status.WAITLISTED)
    register(unapproved, other_workshop.meeting)
    outsider = UserFactory(email="orphan@example.org", full_name="Sans Organisme")
    outsider.organisation = None
    outsider.save()
    initiatives = [initiative, shared_initiative, chalets_initiative]
    workshops = [workshop, other_workshop, draft_workshop]
    users = [alice, bob, charlie, staff_user, rita, unapproved, outsider]
    for user, (field, perm, objects) in itertools.product(
        users,
        [
            ("initiatives", "initiatives.edit_initiative", initiatives),
            ("workshops", "initiatives.link_resource_to_workshop", workshops),
        ],
    ):
        allowed = {obj for obj in objects if user.has_perm(perm, obj)}
        assert set(offered(user, field)) == allowed, (user, field)
