import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from clubs.models import Club, Meeting
from landlords.models import Organisation, Region, Residence, Skill, Theme, User
from places.selectors import commune_named

TEST_PASSWORD = "Jardins-partages-2023"


REGION_NAMES = {
    "paca": "Provence-Alpes-Côte d'Azur",
    "corse": "Corse",
    "occitanie": "Occitanie",
}


def region(code: str) -> Region:
    """The region loaded by migration (re-created after a transactional test's flush)."""
    return Region.objects.get_or_create(code=code, defaults={"name": REGION_NAMES[code]})[0]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Bailleur {n}")
    slug = factory.Sequence(lambda n: f"bailleur-{n}")
    kind = Organisation.Kind.LANDLORD
    family = Organisation.Family.ESH
    departement = "13"
    dwellings = 5000


class PartnerFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Partenaire {n}")
    slug = factory.Sequence(lambda n: f"partenaire-{n}")
    kind = Organisation.Kind.PARTNER
    family = ""
    dwellings = None


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Compétence {n}")
    slug = factory.Sequence(lambda n: f"competence-{n}")


def _commune_from_name(kwargs: dict) -> dict:
    """`commune="Toulouse"` in a test means the commune of the official list of that name."""
    if isinstance(kwargs.get("commune"), str):
        kwargs["commune"] = commune_named(kwargs["commune"])
        if "departement" in kwargs:  # an initiative: its territory is the commune's
            kwargs["departement"] = kwargs["commune"].departement
            kwargs.setdefault("region", kwargs["commune"].region)
    return kwargs


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    landlord = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Résidence {n}")
    commune = "Marseille"
    dwellings = 40

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _commune_from_name(kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    """An approved member with a verified email and the test password."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Membre {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    job_title = "Chargée de développement social"
    is_approved = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class ClubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Club
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Club Innovation sociale {n}")
    slug = factory.Sequence(lambda n: f"club-{n}")
    description = "Les bailleurs sociaux partagent leurs innovations."

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create:
            self.regions.set(extracted or [region("paca")])


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    club = factory.SubFactory(ClubFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Les résidences dédiées"
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    host = factory.SubFactory(OrganisationFactory)
    venue = "Le Saint-Georges"
    city = "Marseille"
    status = Meeting.Status.PUBLISHED


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A public initiative; its search vector is refreshed like the services do."""

    class Meta:
        model = "initiatives.Initiative"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Initiative {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    summary = "Des habitants jardinent ensemble au pied de leur résidence."
    lead = factory.SubFactory(OrganisationFactory)
    commune = None  # `commune="Toulouse"`: that commune, and its département
    departement = "13"
    status = "running"

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        return _commune_from_name(kwargs)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def index(self, create, extracted, **kwargs):
        if create:
            from initiatives.services import initiative_index

            initiative_index(self)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An application to a call; given an initiative (a laureate's), its applicant and title
    default to the initiative's lead and title."""

    class Meta:
        model = "initiatives.Application"

    initiative = None
    applicant = factory.LazyAttribute(
        lambda o: o.initiative.lead if o.initiative else OrganisationFactory()
    )
    title = factory.LazyAttribute(
        lambda o: o.initiative.title if o.initiative else "Un projet pour les habitants"
    )
    status = "submitted"
