"""The demo tells the calls' story of the seed: the Groupe des Chalets call "Habitat et
Initiatives solidaires" decided (4 laureates as their own organisations, 3 not retained, a jury
of three who scored everything, 28,500 € in all, Wimoov's final bilan), and an AR Hlm call open
today with a draft and a submitted application, so the flow can be tried."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from initiatives.models import (
    Application,
    Assessment,
    Attachment,
    CallForProjects,
    Funding,
    PlannedIndicator,
    Review,
    ReviewScore,
)

LAUREATES = {"Wimoov", "Citiz", "Solidarité Villes", "Circuits Verts"}


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            CallForProjects,
            Application,
            Review,
            ReviewScore,
            PlannedIndicator,
            Attachment,
            Assessment,
            Funding,
        )
    }


@pytest.fixture
def demo(db):
    output = load_demo()
    first = counts()
    output = load_demo()
    assert counts() == first, "loading the demo twice changed the counts"
    return output


def chalets_call() -> CallForProjects:
    return CallForProjects.objects.get(title="Habitat et Initiatives solidaires")


def test_the_chalets_call_is_decided_with_seven_applications_and_28500_euros(demo):
    call = chalets_call()
    assert call.organiser.name == "Groupe des Chalets"
    assert call.phase() == CallForProjects.Phase.DECIDED
    assert call.results_published_at is not None
    assert call.total_budget == 30000
    assert call.ceiling == 10000
    assert call.document_list == ["Budget prévisionnel", "Lettre d'engagement du partenaire"]
    assert call.criteria.count() == 3
    applications = call.applications.select_related("applicant", "initiative")
    assert applications.count() == 7
    laureates = [a for a in applications if a.status == Application.Status.LAUREATE]
    assert {a.applicant.name for a in laureates} == LAUREATES
    assert all(a.applicant.kind == "partner" for a in laureates)
    assert call.applications.aggregate(total=Sum("amount_awarded"))["total"] == Decimal(28500)
    for laureate in laureates:
        assert laureate.amount_asked <= call.ceiling
        assert laureate.amount_awarded <= laureate.amount_asked
        assert laureate.submitted_at.year == laureate.decided_at.year == 2021
        assert laureate.submitted_at.date() <= call.closes_on
        assert laureate.intermediate_bilan_due_on < laureate.bilan_due_on
        assert laureate.planned_indicators.count() == 2
        # The initiative the laureate's project became, funded by the call with the same amount.
        assert laureate.initiative is not None
        assert laureate.applicant in laureate.initiative.partners.all()
        funding = Funding.objects.get(initiative=laureate.initiative, call=call)
        assert funding.amount == laureate.amount_awarded
        assert funding.funder == call.organiser
        assert set(laureate.attachments.values_list("label", flat=True)) == set(call.document_list)
    assert Funding.objects.filter(call=call).aggregate(total=Sum("amount"))["total"] == 28500
    marvig = applications.get(applicant__name="Solidarité Villes").residences.get()
    assert (marvig.name, marvig.landlord) == ("Marvig", call.organiser)
    not_retained = [a for a in applications if a.status == Application.Status.NOT_RETAINED]
    assert len(not_retained) == 3
    assert all(a.decision_reason and a.amount_awarded is None for a in not_retained)
    assert not {a.applicant.name for a in not_retained} & (LAUREATES | {"Groupe des Chalets"})


def test_every_juror_scored_every_application_on_every_criterion_without_conflict(demo):
    call = chalets_call()
    jurors = list(call.jurors.all())
    assert len(jurors) == 3
    criteria = set(call.criteria.all())
    for application in call.applications.all():
        assert not {juror.organisation_id for juror in jurors} & application.organisation_ids()
        reviews = application.reviews.all()
        assert {review.juror for review in reviews} == set(jurors)
        for review in reviews:
            assert review.opinion
            assert review.comment
            assert not review.conflict_declared
            assert {score.criterion for score in review.scores.all()} == criteria
            assert all(0 <= score.value <= 5 for score in review.scores.all())


def test_the_laureates_scored_higher_than_those_not_retained(demo):
    call = chalets_call()

    def mean(application):
        scores = ReviewScore.objects.filter(review__application=application)
        total = sum(score.value * score.criterion.weight for score in scores)
        return total / sum(score.criterion.weight for score in scores)

    laureates = call.applications.filter(status=Application.Status.LAUREATE)
    others = call.applications.filter(status=Application.Status.NOT_RETAINED)
    assert min(map(mean, laureates)) > max(map(mean, others))
    assert not Review.objects.filter(
        application__in=laureates, opinion=Review.Opinion.UNFAVOURABLE
    ).exists()


def test_wimoov_sent_its_final_bilan_and_the_others_intermediate_ones(demo):
    call = chalets_call()
    bilans = Assessment.objects.filter(application__call=call).select_related(
        "application__applicant"
    )
    kinds = {(b.application.applicant.name, b.kind) for b in bilans}
    assert kinds == {
        ("Wimoov", Assessment.Kind.FINAL),
        ("Citiz", Assessment.Kind.INTERMEDIATE),
        ("Solidarité Villes", Assessment.Kind.INTERMEDIATE),
        ("Circuits Verts", Assessment.Kind.INTERMEDIATE),
    }
    assert all(b.initiative_id == b.application.initiative_id for b in bilans)


def test_the_ar_hlm_call_is_open_today_with_a_draft_and_a_submitted_application(demo):
    call = CallForProjects.objects.get(organiser__name="AR Hlm")
    today = timezone.localdate()
    assert call.takes_applications()
    assert call.opens_on < today < call.closes_on
    assert call.criteria.count() == 2
    assert call.jurors.count() == 2
    statuses = sorted(call.applications.values_list("status", flat=True))
    assert statuses == [Application.Status.DRAFT, Application.Status.SUBMITTED]
    draft = call.applications.get(status=Application.Status.DRAFT)
    assert draft.submitted_at is None
    assert draft.created_by is not None
    submitted = call.applications.get(status=Application.Status.SUBMITTED)
    assert submitted.applicant.kind == "partner"
    assert submitted.submitted_at is not None
    assert submitted.created_by is not None
    co_applicants = list(submitted.co_applicants.all())
    assert co_applicants
    assert all(org.kind == "landlord" for org in co_applicants)
    assert set(submitted.attachments.values_list("label", flat=True)) == set(call.document_list)
    jurors = {juror.organisation_id for juror in call.jurors.all()}
    for application in call.applications.all():
        assert not jurors & application.organisation_ids()


def test_the_loader_says_what_it_loaded(demo):
    line = next(line for line in demo.splitlines() if "calls for projects" in line)
    assert "2 calls for projects" in line
    assert "9 applications (4 laureates)" in line
    assert "21 reviews" in line
