"""The jury of a call: scoring, conflicts, anonymity, the organiser's summary and progress,
the XLSX export and the PDF dossier.

The call of tests/calls/conftest.py is closed here (the jury scores once the applications
are in): criteria weighted 2, 1, 1; jurors Judith (AR Hlm), Victor (Wimoov, which applies) and
Jules (Unis-Cité). Erilia submits a second application, which Victor may review."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from initiatives import jury
from initiatives.models import Application, Review, ReviewScore
from tests.calls.conftest import days
from tests.factories import OrganisationFactory, PartnerFactory, UserFactory
from tests.queries import page_queries
from tests.reports.pdfs import pdf_text


@pytest.fixture
def jules(db):
    unis = PartnerFactory(name="Unis-Cité", slug="unis-cite")
    return UserFactory(
        email="jules@uniscite.example", full_name="Jules Évaluateur", organisation=unis
    )


@pytest.fixture
def closed_call(open_call, jules):
    open_call.opens_on = days(-40)
    open_call.closes_on = days(-1)
    open_call.save(update_fields=["opens_on", "closes_on"])
    open_call.jurors.add(jules)
    return open_call


@pytest.fixture
def criteria(closed_call):
    return list(closed_call.criteria.all())  # weights 2, 1, 1


@pytest.fixture
def second(closed_call, erilia, olga):
    return Application.objects.create(
        call=closed_call,
        applicant=erilia,
        created_by=olga,
        title="Jardins partagés au pied des immeubles",
        summary="Des jardins cultivés avec les locataires.",
        territory="Marseille (13)",
        amount_asked=6000,
        status=Application.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def scores_of(criteria, *values, comment=""):
    return {c.pk: (value, comment) for c, value in zip(criteria, values, strict=True)}


def score(juror, application, criteria, *values, opinion="favourable"):
    return jury.review_save(
        actor=juror,
        application=application,
        opinion=opinion,
        comment="",
        scores=scores_of(criteria, *values),
    )


def form_data(criteria, *values, opinion="favourable", comment=""):
    data = {"opinion": opinion, "comment": comment}
    for criterion, value in zip(criteria, values, strict=True):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"Sur {criterion.title}"
    return data


def fr(msgid: str, **values) -> str:
    """A header or message as the French page shows it (the English msgid until translated)."""
    with translation.override("fr"):
        text = gettext(msgid)
    return text % values if values else text


def criterion_header(criterion) -> str:
    return fr(
        "%(criterion)s (weight %(weight)d)", criterion=criterion.title, weight=criterion.weight
    )


def row_of(rows, application):
    return next(row for row in rows if row.application.pk == application.pk)


# --- Scoring and the summary -------------------------------------------------------------------


@pytest.mark.django_db
def test_scores_give_weighted_means_spread_and_ranks(
    application, second, criteria, judith, victor, jules
):
    score(judith, application, criteria, 5, 3, 1)  # (10 + 3 + 1) / 4 = 3.5
    score(jules, application, criteria, 4, 4, 4)  # 4
    score(judith, second, criteria, 2, 2, 2)  # 2
    score(victor, second, criteria, 3, 4, 2)  # (6 + 4 + 2) / 4 = 3

    rows = jury.review_summary(application.call)

    assert [row.application for row in rows] == [application, second]
    first, other = rows
    assert first.weighted_mean == pytest.approx(3.75)
    assert first.spread == pytest.approx(0.5)
    assert (first.reviews_done, first.jurors_expected, first.rank) == (2, 2, 1)
    assert other.weighted_mean == pytest.approx(2.5)
    assert other.spread == pytest.approx(1)
    assert (other.reviews_done, other.jurors_expected, other.rank) == (2, 3, 2)
    assert {m.juror.pk: m.mean for m in first.juror_means} == {judith.pk: 3.5, jules.pk: 4.0}


@pytest.mark.django_db
def test_a_review_saved_again_recomputes_the_summary(application, second, criteria, judith):
    score(judith, application, criteria, 1, 1, 1)
    assert row_of(jury.review_summary(application.call), application).weighted_mean == 1

    score(judith, application, criteria, 5, 5, 1)  # (10 + 5 + 1) / 4
    row = row_of(jury.review_summary(application.call), application)

    assert row.weighted_mean == pytest.approx(4)
    assert row.spread is None  # one juror only
    assert ReviewScore.objects.filter(review__juror=judith).count() == 3
    review = Review.objects.get(application=application, juror=judith)
    assert review.history.latest().history_user == judith


@pytest.mark.django_db
def test_equal_means_share_a_rank_and_unscored_come_last(
    application, second, criteria, judith, closed_call, erilia, olga
):
    third = Application.objects.create(
        call=closed_call,
        applicant=OrganisationFactory(name="Unicil"),
        title="Aa premier par le titre",
        status=Application.Status.SUBMITTED,
    )
    score(judith, application, criteria, 3, 2, 2)  # 2.5
    score(judith, second, criteria, 2, 3, 3)  # 2.5

    rows = jury.review_summary(closed_call)

    assert [(row.application, row.rank) for row in rows] == [
        (application, 1),
        (second, 1),
        (third, None),
    ]
    assert rows[2].weighted_mean is None
    assert rows[2].reviews_done == 0


@pytest.mark.django_db
def test_progress_counts_what_each_juror_reviewed(
    application, second, criteria, judith, victor, jules
):
    score(judith, application, criteria, 1, 2, 3)
    score(judith, second, criteria, 1, 2, 3)
    score(victor, second, criteria, 1, 2, 3)

    progress = {row.juror.pk: row for row in jury.jury_progress(application.call)}

    assert (progress[judith.pk].reviewed, progress[judith.pk].to_review) == (2, 0)
    assert (progress[victor.pk].reviewed, progress[victor.pk].to_review) == (1, 0)
    assert progress[victor.pk].conflicts == 1  # Wimoov applies
    assert (progress[jules.pk].reviewed, progress[jules.pk].to_review) == (0, 2)


@pytest.mark.django_db
def test_the_review_page_saves_the_scores(client, application, criteria, judith):
    client.force_login(judith)
    url = reverse("initiatives:application-review", args=[application.pk])

    response = client.post(url, form_data(criteria, 4, 2, 0, comment="Solide."))

    assert response.status_code == 302
    review = Review.objects.get(application=application, juror=judith)
    assert (review.opinion, review.comment) == ("favourable", "Solide.")
    assert [s.value for s in review.scores.order_by("criterion__order")] == [4, 2, 0]
    assert review.scores.get(criterion=criteria[0]).comment == f"Sur {criteria[0].title}"


@pytest.mark.django_db
def test_review_page_shows_each_criterion_as_a_radio_group_with_its_weight(
    client, application, criteria, judith
):
    client.force_login(judith)
    content = client.get(reverse("initiatives:application-review", args=[application.pk]))
    html = content.content.decode()

    assert "Diagnostic mobilité à Salies-du-Salat" in html
    assert "Un diagnostic des besoins de mobilité des locataires." in html
    assert html.count("<fieldset") >= 4  # three criteria and the opinion
    assert f"{criteria[0].title} (" in html
    assert html.count(f'name="score_{criteria[0].pk}"') == 6  # 0 to 5


# --- Refused input ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_missing_or_out_of_range_score_is_refused_beside_its_field(criteria, application, judith):
    scores = {criteria[0].pk: (6, ""), criteria[1].pk: (3, "")}  # criteria[2] missing

    with pytest.raises(ValidationError) as caught:
        jury.review_save(
            actor=judith, application=application, opinion="favourable", comment="", scores=scores
        )

    errors = caught.value.message_dict
    assert set(errors) == {f"score_{criteria[0].pk}", f"score_{criteria[2].pk}"}
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_the_form_refuses_a_bad_score_keeps_what_was_typed_and_saves_nothing(
    client, application, criteria, judith
):
    client.force_login(judith)
    data = form_data(criteria, 7, 3, "", comment="Mon avis tapé")

    response = client.post(reverse("initiatives:application-review", args=[application.pk]), data)

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {f"score_{criteria[0].pk}", f"score_{criteria[2].pk}"}
    html = response.content.decode()
    assert "Mon avis tapé" in html
    assert f'id="id_score_{criteria[1].pk}_3" checked' in html  # typed values kept
    assert f'<fieldset aria-describedby="id_score_{criteria[0].pk}_error">' in html
    assert f'<ul class="errorlist" id="id_score_{criteria[0].pk}_error">' in html
    assert fr("A score goes from 0 to 5.") in html
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_an_opinion_is_required(client, application, criteria, judith):
    client.force_login(judith)
    data = form_data(criteria, 1, 2, 3, opinion="")

    response = client.post(reverse("initiatives:application-review", args=[application.pk]), data)

    assert response.status_code == 400
    assert "opinion" in response.context["form"].errors
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_while_the_call_is_open_the_jury_reads_but_does_not_score(
    client, open_call, application, judith
):
    client.force_login(judith)
    url = reverse("initiatives:application-review", args=[application.pk])

    page = client.get(url)
    refused = client.post(url, {"opinion": "favourable"})

    assert page.status_code == 200
    assert 'name="opinion"' not in page.content.decode()
    assert refused.status_code == 403
    assert not Review.objects.exists()


# --- Conflicts ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_juror_whose_organisation_applies_cannot_see_or_score(
    client, application, second, criteria, victor
):
    with pytest.raises(PermissionDenied):
        score(victor, application, criteria, 5, 5, 5)
    client.force_login(victor)

    review = client.get(reverse("initiatives:application-review", args=[application.pk]))
    listing = client.get(reverse("initiatives:jury", args=[application.call.slug])).content.decode()

    assert review.status_code == 403
    assert application.title in listing
    assert reverse("initiatives:application-review", args=[application.pk]) not in listing
    assert reverse("initiatives:application-dossier", args=[application.pk]) not in listing
    assert reverse("initiatives:application-review", args=[second.pk]) in listing
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_a_declared_conflict_removes_the_scores_and_hides_the_application(
    client, application, criteria, judith, jules
):
    score(judith, application, criteria, 5, 5, 5)
    score(jules, application, criteria, 1, 1, 1)
    client.force_login(judith)
    url = reverse("initiatives:application-review", args=[application.pk])

    asked = client.post(url, {"conflict": "1"})
    assert asked.status_code == 200
    assert Review.objects.get(juror=judith).conflict_declared is False
    declared = client.post(url, {"conflict": "1", "confirmed": "1"})

    assert declared.status_code == 302
    review = Review.objects.get(juror=judith)
    assert review.conflict_declared
    assert not review.scores.exists()
    assert client.get(url).status_code == 403
    dossier = reverse("initiatives:application-dossier", args=[application.pk])
    assert client.get(dossier).status_code == 403
    listing = client.get(reverse("initiatives:jury", args=[application.call.slug])).content.decode()
    assert application.title in listing
    assert url not in listing
    with pytest.raises(PermissionDenied):
        score(judith, application, criteria, 5, 5, 5)
    row = row_of(jury.review_summary(application.call), application)
    assert (row.jurors_expected, row.reviews_done, row.weighted_mean) == (1, 1, 1.0)


# --- Anonymous review ---------------------------------------------------------------------------

NAMES = ["Erilia", "Olga Ailleurs"]


@pytest.fixture
def anonymous_call(closed_call, second):
    closed_call.anonymous_review = True
    closed_call.save(update_fields=["anonymous_review"])
    return closed_call


@pytest.mark.django_db
def test_an_anonymous_call_hides_the_applicants_from_the_jury(
    client, anonymous_call, second, criteria, judith
):
    score(judith, second, criteria, 3, 3, 3)
    client.force_login(judith)

    listing = client.get(reverse("initiatives:jury", args=[anonymous_call.slug])).content.decode()
    review = client.get(
        reverse("initiatives:application-review", args=[second.pk])
    ).content.decode()
    export = client.get(reverse("initiatives:jury-export", args=[anonymous_call.slug]))
    dossier = client.get(reverse("initiatives:application-dossier", args=[second.pk]))

    assert second.title in listing
    assert second.title in review
    text = pdf_text(dossier.content)
    assert "Jardins partagés" in text
    cells = " ".join(str(cell) for row in sheet_rows(export) for cell in row)
    assert "Jardins partagés" in cells
    for name in NAMES:
        assert name not in listing
        assert name not in review
        assert name not in text
        assert name not in cells


@pytest.mark.django_db
def test_the_organiser_of_an_anonymous_call_sees_the_names(client, anonymous_call, second, bob):
    client.force_login(bob)

    export = client.get(reverse("initiatives:jury-export", args=[anonymous_call.slug]))
    dossier = client.get(reverse("initiatives:application-dossier", args=[second.pk]))

    assert "Erilia" in pdf_text(dossier.content)
    assert "Erilia" in [row[2] for row in sheet_rows(export)]


# --- Export --------------------------------------------------------------------------------------


def sheet_rows(response) -> list[tuple]:
    from openpyxl import load_workbook

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


@pytest.mark.django_db
def test_a_juror_exports_the_applications_without_conflict_and_own_scores(
    client, application, second, criteria, judith, victor
):
    score(victor, second, criteria, 1, 1, 1)
    score(judith, second, criteria, 5, 4, 3)
    client.force_login(victor)

    header, *rows = sheet_rows(
        client.get(reverse("initiatives:jury-export", args=[second.call.slug]))
    )

    assert [row[1] for row in rows] == [second.title]  # not Wimoov's: conflict
    assert header[:3] == (fr("No."), fr("Project"), fr("Applicant"))
    scores = [rows[0][header.index(criterion_header(c))] for c in criteria]
    assert scores == [1, 1, 1]  # Victor's own, not Judith's
    assert rows[0][header.index(fr("My weighted mean"))] == 1


@pytest.mark.django_db
def test_the_organiser_exports_every_jurors_scores(
    client, application, second, criteria, judith, jules, bob
):
    score(judith, application, criteria, 5, 3, 1)
    score(jules, application, criteria, 4, 4, 4)
    client.force_login(bob)

    header, *rows = sheet_rows(
        client.get(reverse("initiatives:jury-export", args=[application.call.slug]))
    )

    juror = header.index(fr("Juror"))
    by_juror = {row[juror]: row for row in rows if row[1] == application.title}
    assert set(by_juror) == {"Judith Jurée", "Jules Évaluateur"}
    first = header.index(criterion_header(criteria[0]))
    assert by_juror["Judith Jurée"][first] == 5
    assert by_juror["Jules Évaluateur"][header.index(fr("Juror's weighted mean"))] == 4
    assert by_juror["Judith Jurée"][header.index(fr("Weighted mean"))] == 3.75
    assert by_juror["Judith Jurée"][header.index(fr("Rank"))] == 1
    assert [row[1] for row in rows if row[juror] is None] == [second.title]  # not reviewed


@pytest.mark.django_db
def test_the_export_neutralises_formulas(client, application, criteria, judith):
    application.title = '=HYPERLINK("http://evil.example")'
    application.save(update_fields=["title"])
    client.force_login(judith)

    rows = sheet_rows(client.get(reverse("initiatives:jury-export", args=[application.call.slug])))

    assert rows[1][1] == '\'=HYPERLINK("http://evil.example")'


# --- Dossier -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dossier_shows_the_application_with_names_and_escapes_text(
    client, application, criteria, judith
):
    application.summary = "<b>Gras</b> & <script>alert(1)</script>"
    application.save(update_fields=["summary"])
    client.force_login(judith)

    response = client.get(reverse("initiatives:application-dossier", args=[application.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, mode="")
    assert "Diagnostic mobilité" in text
    assert "Wimoov" in text
    assert "ICF Habitat" in text
    assert "<b>Gras</b>" in text.replace("\n", " ")
    assert fr("What the jury looks at") in text


@pytest.mark.django_db
def test_dossier_builds_are_rate_limited(client, application, judith, settings, rate_clock_still):
    settings.PDF_BUILD_RATE = "1/m"
    client.force_login(judith)
    url = reverse("initiatives:application-dossier", args=[application.pk])

    assert client.get(url).status_code == 200
    application.summary = "Changé"
    application.save(update_fields=["summary"])

    assert client.get(url).status_code == 429


# --- Query counts --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_jury_list_costs_the_same_for_one_and_many_applications(
    client, closed_call, application, criteria, judith, jules
):
    score(judith, application, criteria, 1, 2, 3)
    client.force_login(judith)
    url = reverse("initiatives:jury", args=[closed_call.slug])
    one, content = page_queries(client, url)
    assert application.title in content
    for number in range(8):
        other = Application.objects.create(
            call=closed_call,
            applicant=OrganisationFactory(),
            title=f"Projet {number}",
            status=Application.Status.SUBMITTED,
        )
        other.co_applicants.add(OrganisationFactory())
        score(judith, other, criteria, 1, 1, 1)
        score(jules, other, criteria, 2, 2, 2)

    many, content = page_queries(client, url)

    assert "Projet 7" in content
    assert one == many


@pytest.mark.django_db
def test_summary_and_progress_cost_the_same_for_one_and_many_applications(
    closed_call, application, criteria, judith, jules
):
    score(judith, application, criteria, 1, 2, 3)

    def cost(function):
        closed_call.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            function(closed_call)
        return len(captured)

    one = cost(jury.review_summary), cost(jury.jury_progress)
    for number in range(8):
        other = Application.objects.create(
            call=closed_call,
            applicant=OrganisationFactory(),
            title=f"Projet {number}",
            status=Application.Status.SUBMITTED,
        )
        other.co_applicants.add(OrganisationFactory())
        score(judith, other, criteria, 1, 1, 1)
        score(jules, other, criteria, 2, 2, 2)

    assert (cost(jury.review_summary), cost(jury.jury_progress)) == one
    assert len(jury.review_summary(closed_call)) == 9
