"""The world of a call for projects, shared by the calls' tests.

Groupe des Chalets (bob, rita) organises "Habitat et Initiatives solidaires", open from
yesterday to a month from now, three criteria, a jury of Judith (AR Hlm) and Victor (Wimoov).
Wimoov (a partner; Paul) applies with ICF Habitat (alice) as co-applicant: Victor's
organisation applies, so he has a conflict on that application. Wimoov and ICF are also the
laureate of an earlier call of Groupe des Chalets, decided and published (`laureate`). Olga
(Erilia) is a member with nothing to do with the call."""

import datetime

import pytest
from django.utils import timezone

from initiatives.models import Application, CallForProjects, Criterion
from tests.factories import InitiativeFactory, OrganisationFactory, PartnerFactory, UserFactory

# The roles of the calls' permission matrices, in their order.
CALL_ROLES = [
    "anonymous",
    "olga",  # a member of another organisation
    "paul",  # the applicant's member
    "alice",  # a member of the co-applicant (ICF Habitat)
    "judith",  # a juror without conflict
    "victor",  # a juror whose organisation applies
    "bob",  # the organiser's member
    "staff_user",
]


def days(number: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=number)


@pytest.fixture
def wimoov(db):
    return PartnerFactory(name="Wimoov", slug="wimoov", departement="31")


@pytest.fixture
def erilia(db):
    return OrganisationFactory(name="Erilia", slug="erilia", departement="13")


@pytest.fixture
def paul(wimoov):
    return UserFactory(email="paul@wimoov.example", full_name="Paul Mobilité", organisation=wimoov)


@pytest.fixture
def victor(wimoov):
    return UserFactory(email="victor@wimoov.example", full_name="Victor Juré", organisation=wimoov)


@pytest.fixture
def judith(arhlm):
    return UserFactory(email="judith@arhlm.example", full_name="Judith Jurée", organisation=arhlm)


@pytest.fixture
def olga(erilia):
    return UserFactory(email="olga@erilia.example", full_name="Olga Ailleurs", organisation=erilia)


@pytest.fixture
def open_call(chalets, judith, victor):
    call = CallForProjects.objects.create(
        organiser=chalets,
        title="Habitat et Initiatives solidaires",
        slug="habitat-et-initiatives-solidaires",
        status=CallForProjects.Status.OPEN,
        summary="Des synergies entre les besoins des habitants et les services.",
        rules="Projets portés avec les habitants. Bilans intermédiaire et final.",
        ceiling=10000,
        total_budget=30000,
        opens_on=days(-1),
        closes_on=days(30),
        required_documents="Budget prévisionnel\nLettre de soutien du bailleur",
    )
    for order, (title, weight) in enumerate(
        [
            ("Synergies entre besoins des habitants et services", 2),
            ("Acteurs émergents et innovants", 1),
            ("Modèle économique autonome à terme", 1),
        ]
    ):
        Criterion.objects.create(call=call, title=title, weight=weight, order=order)
    call.jurors.set([judith, victor])
    return call


@pytest.fixture
def application(open_call, wimoov, icf, paul):
    """Wimoov's application, submitted, with ICF Habitat as co-applicant."""
    application = Application.objects.create(
        call=open_call,
        applicant=wimoov,
        created_by=paul,
        title="Diagnostic mobilité à Salies-du-Salat",
        summary="Un diagnostic des besoins de mobilité des locataires.",
        objectives="Relier les habitants aux services de mobilité.",
        territory="Salies-du-Salat (31)",
        budget=15000,
        amount_asked=7500,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    application.co_applicants.set([icf])
    return application


@pytest.fixture
def decided_call(chalets, judith, victor):
    """An earlier call of Groupe des Chalets, decided, its results published."""
    call = CallForProjects.objects.create(
        organiser=chalets,
        title="Mobilités solidaires",
        slug="mobilites-solidaires",
        status=CallForProjects.Status.DECIDED,
        ceiling=10000,
        total_budget=30000,
        opens_on=days(-200),
        closes_on=days(-150),
        results_published_at=timezone.now() - datetime.timedelta(days=100),
    )
    call.jurors.set([judith, victor])
    return call


@pytest.fixture
def laureate(decided_call, wimoov, icf, paul):
    """Wimoov's laureate of the decided call (co-applicant ICF Habitat), with its initiative:
    its intermediate bilan due in 20 days, its final one in 200."""
    initiative = InitiativeFactory(
        title="Covoiturage solidaire en Comminges", slug="covoiturage-solidaire", lead=wimoov
    )
    application = Application.objects.create(
        call=decided_call,
        applicant=wimoov,
        created_by=paul,
        title="Covoiturage solidaire en Comminges",
        summary="Des trajets partagés entre locataires.",
        budget=12000,
        amount_asked=8000,
        amount_awarded=7500,
        status=Application.Status.LAUREATE,
        submitted_at=timezone.now() - datetime.timedelta(days=160),
        decided_at=timezone.now() - datetime.timedelta(days=100),
        initiative=initiative,
        intermediate_bilan_due_on=days(20),
        bilan_due_on=days(200),
    )
    application.co_applicants.set([icf])
    return application


@pytest.fixture
def call_world(
    open_call, application, laureate, olga, paul, alice, judith, victor, bob, staff_user
):
    """Everything of the calls' matrices, with the roles created."""
    from django.core.files.base import ContentFile

    from initiatives.models import Attachment

    attachment = Attachment(
        application=application, label="Budget prévisionnel", filename="budget.pdf", size=15
    )
    attachment.file.save("budget.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return {
        "call": open_call,
        "application": application,
        "laureate": laureate,
        "attachment": attachment,
    }
