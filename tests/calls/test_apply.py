"""A call's life for its organiser and its applicants: writing and publishing the call, applying
(drafts, documents, the ceiling, the deadline), withdrawing, deciding and publishing results."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from initiatives import call_services as services
from initiatives.demo import minimal_pdf
from initiatives.models import Application, CallForProjects, Funding
from tests.calls.conftest import days
from tests.factories import PartnerFactory, UserFactory
from tests.queries import page_queries

NNBSP = "\u202f"


def fr(message: str, **values) -> str:
    with translation.override("fr"):
        text = gettext(message)
    return text % values if values else text


def pdf(name="budget.pdf"):
    return SimpleUploadedFile(name, minimal_pdf("Budget", ["Dépenses", "Recettes"]))


def application_data(**overrides):
    data = {
        "title": "Autopartage pour les habitants",
        "summary": "Des voitures partagées au pied des résidences.",
        "objectives": "La mobilité des habitants, avec un acteur émergent.",
        "territory": "Toulouse (31)",
        "budget": "20000",
        "amount_asked": "8000",
        "co_financing": "La Région : 5 000 €",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-name": "Abonnés",
        "indicators-0-unit": "personnes",
        "indicators-0-target": "40",
    }
    data.update(overrides)
    return data


def attach_all(application, actor):
    for label in application.call.document_list:
        services.attachment_add(actor=actor, application=application, label=label, uploaded=pdf())


def error_beside(content: str, field: str) -> str:
    return (
        content.split(f'id="id_{field}_error"')[1].split("</", maxsplit=1)[0].replace("&#x27;", "'")
    )


# --- The call ----------------------------------------------------------------------------------


@pytest.fixture
def editor(bob):
    """Bob, an editor of the Groupe des Chalets: he writes its calls."""
    bob.is_organisation_editor = True
    bob.save()
    return bob


def call_post(**overrides):
    data = {
        "title": "Mobilités solidaires",
        "summary": "Pour la mobilité des habitants.",
        "rules": "Règlement.",
        "eligible": "both",
        "opens_on": days(1).isoformat(),
        "closes_on": days(40).isoformat(),
        "ceiling": "10000",
        "total_budget": "30000",
        "required_documents": "Budget prévisionnel",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-title": "Synergies",
        "criteria-0-weight": "2",
        "criteria-1-title": "Innovation",
        "criteria-1-weight": "1",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_an_organisation_editor_writes_a_draft_call_with_its_criteria_and_jury(
    client, editor, judith, chalets
):
    client.force_login(editor)
    response = client.post(
        reverse("initiatives:call-create"), call_post(jurors=[judith.pk]), follow=True
    )
    call = CallForProjects.objects.get(title="Mobilités solidaires")
    assert response.redirect_chain[-1][0] == reverse("initiatives:call-board", args=[call.slug])
    assert (call.organiser, call.status, call.ceiling) == (chalets, "draft", Decimal("10000"))
    assert [(c.title, c.weight) for c in call.criteria.all()] == [
        ("Synergies", 2),
        ("Innovation", 1),
    ]
    assert list(call.jurors.all()) == [judith]
    # Nobody else sees the draft.
    client.logout()
    assert client.get(call.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_a_refused_call_says_why_beside_the_field_and_keeps_what_was_typed(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("initiatives:call-create"),
        call_post(ceiling="50000", closes_on=days(-5).isoformat()),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert fr("A call cannot close before it opens.") in error_beside(content, "closes_on")
    assert 'value="Mobilités solidaires"' in content
    assert not CallForProjects.objects.exists()
    response = client.post(reverse("initiatives:call-create"), call_post(ceiling="50000"))
    assert fr("The ceiling per project cannot exceed the total budget.") in error_beside(
        response.content.decode(), "ceiling"
    )
    assert not CallForProjects.objects.exists()


@pytest.mark.django_db
def test_a_call_is_published_only_with_its_dates_criteria_and_jury(
    editor, bob, chalets, judith, rita
):
    with pytest.raises(PermissionDenied):  # a member who is not an editor
        services.call_create(actor=rita, organiser=chalets, title="Appel", eligible="both")
    call = services.call_create(actor=editor, organiser=chalets, title="Appel", eligible="both")
    with pytest.raises(ValidationError) as refused:
        services.call_open(actor=bob, call=call)
    assert set(refused.value.messages) == {
        fr("The call has no opening or closing date."),
        fr("The call has no criterion for its jury."),
        fr("The call has no jury."),
    }
    services.call_update(
        actor=bob,
        call=call,
        title="Appel",
        opens_on=days(0),
        closes_on=days(10),
        criteria=[(None, "Utilité", "", 1, False)],
        jurors=[judith],
    )
    services.call_open(actor=bob, call=call)
    call.refresh_from_db()
    assert (call.status, call.phase()) == ("open", "open")


@pytest.mark.django_db
def test_only_the_organiser_and_staff_manage_a_call(open_call, olga, paul, judith):
    for outsider in (olga, paul, judith):
        with pytest.raises(PermissionDenied):
            services.call_update(actor=outsider, call=open_call, title="Détourné")
    open_call.refresh_from_db()
    assert open_call.title == "Habitat et Initiatives solidaires"


@pytest.mark.django_db
def test_the_phase_follows_the_dates_end_of_day_in_paris(open_call):
    open_call.closes_on = datetime.date(2026, 3, 31)
    open_call.opens_on = datetime.date(2026, 3, 1)
    assert open_call.phase(datetime.date(2026, 2, 28)) == "upcoming"
    assert open_call.phase(datetime.date(2026, 3, 31)) == "open"  # the whole last day
    assert open_call.phase(datetime.date(2026, 4, 1)) == "closed"


@pytest.mark.django_db
def test_the_criteria_freeze_once_the_jury_has_scored(bob, open_call, application, judith):
    from initiatives.models import Review, ReviewScore

    review = Review.objects.create(application=application, juror=judith)
    ReviewScore.objects.create(review=review, criterion=open_call.criteria.first(), value=4)
    criterion = open_call.criteria.first()
    with pytest.raises(ValidationError) as refused:
        services.call_update(
            actor=bob,
            call=open_call,
            title=open_call.title,
            criteria=[(criterion, criterion.title, "", 5, False)],
        )
    assert (
        fr("The jury has started scoring: the criteria and their weights can no longer change.")
        in refused.value.messages
    )
    criterion.refresh_from_db()
    assert criterion.weight == 2


# --- Applying ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_partners_member_applies_drafts_attaches_then_submits_and_is_acknowledged(
    client, paul, open_call, wimoov, icf, django_capture_on_commit_callbacks
):
    client.force_login(paul)
    page = client.get(open_call.get_absolute_url()).content.decode()
    assert reverse("initiatives:application-create", args=[open_call.slug]) in page
    response = client.post(
        reverse("initiatives:application-create", args=[open_call.slug]),
        application_data(co_applicants=[icf.pk]),
    )
    application = Application.objects.get()
    assert response.url == application.get_absolute_url()
    assert (application.applicant, application.status, application.created_by) == (
        wimoov,
        "draft",
        paul,
    )
    assert list(application.co_applicants.all()) == [icf]
    assert [(i.name, i.target) for i in application.planned_indicators.all()] == [
        ("Abonnés", Decimal("40"))
    ]
    detail = client.get(application.get_absolute_url()).content.decode()
    assert fr("The document “%(document)s” is not attached.", document="Budget prévisionnel") in (
        detail.replace("&#x27;", "'")
    )
    for label in open_call.document_list:
        client.post(
            reverse("initiatives:application-attachment-add", args=[application.pk]),
            {"label": label, "file": pdf()},
        )
    assert application.attachments.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("initiatives:application-submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.submitted_at is not None
    (ack,) = mail.outbox
    assert ack.to == [paul.email]
    assert "Autopartage pour les habitants" in ack.subject
    assert application.get_absolute_url() in ack.body


@pytest.mark.django_db
def test_an_amount_above_the_ceiling_is_refused_beside_the_field_and_nothing_is_saved(
    client, paul, open_call
):
    client.force_login(paul)
    response = client.post(
        reverse("initiatives:application-create", args=[open_call.slug]),
        application_data(amount_asked="12000", summary="Résumé gardé"),
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert fr("At most %(ceiling)s € for this call.", ceiling=f"10{NNBSP}000") in error_beside(
        content, "amount_asked"
    )
    assert "Résumé gardé" in content
    assert not Application.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=paul, call=open_call, title="Direct", amount_asked=Decimal("12000")
        )
    assert "amount_asked" in refused.value.error_dict
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_a_document_that_is_not_one_is_refused_and_nothing_is_kept(client, paul, application):
    client.force_login(paul)
    response = client.post(
        reverse("initiatives:application-attachment-add", args=[application.pk]),
        {
            "label": "Budget prévisionnel",
            "file": SimpleUploadedFile("budget.pdf", b"<html><script>alert(1)</script>"),
        },
        follow=True,
    )
    assert fr("Send a PDF, ODT, DOCX or XLSX document; this file is none of them.") in (
        response.content.decode()
    )
    assert not application.attachments.exists()


@pytest.mark.django_db
def test_an_organisation_the_call_does_not_accept_cannot_apply(client, paul, open_call):
    open_call.eligible = CallForProjects.Eligible.LANDLORDS
    open_call.save()
    client.force_login(paul)  # Wimoov is a partner
    assert (
        client.get(reverse("initiatives:application-create", args=[open_call.slug])).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.application_create(actor=paul, call=open_call, title="Refusée")


@pytest.mark.django_db
def test_after_the_deadline_submitting_and_editing_are_refused_and_nothing_changes(
    client, paul, open_call, application
):
    draft = Application.objects.create(
        call=open_call, applicant=application.applicant, title="Brouillon en retard"
    )
    open_call.opens_on, open_call.closes_on = days(-30), days(-1)
    open_call.save()
    client.force_login(paul)
    response = client.post(reverse("initiatives:application-submit", args=[draft.pk]), follow=True)
    with translation.override("fr"):
        message = services.deadline_message(open_call)
    assert html.escape(message, quote=True).replace("&#x27;", "&#x27;") in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    with pytest.raises(ValidationError) as refused:
        services.application_submit(actor=paul, application=draft)
    assert refused.value.messages == [services.deadline_message(open_call)]
    before = application.title
    response = client.post(
        reverse("initiatives:application-edit", args=[application.pk]),
        application_data(title="Changé après la date"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.title, application.status) == (before, "submitted")
    with pytest.raises(PermissionDenied):
        services.application_update(actor=paul, application=application, title="Non")


@pytest.mark.django_db
def test_applicants_may_withdraw_before_the_results(client, alice, application):
    client.force_login(alice)  # of the co-applicant
    client.post(reverse("initiatives:application-withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert (application.status, application.withdrawn_at is not None) == ("withdrawn", True)
    with pytest.raises(ValidationError):
        services.application_withdraw(actor=alice, application=application)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("paul", 200),
        ("alice", 200),
        ("judith", 200),
        ("victor", 200),  # a juror, but first a member of the applicant
        ("olga", 404),
        ("bob", 200),
        ("staff_user", 200),
    ],
)
def test_who_reads_an_application(client, request, call_world, role, status):
    client.force_login(request.getfixturevalue(role))
    url = call_world["application"].get_absolute_url()
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_drafts_stay_with_their_applicants(
    client, open_call, wimoov, paul, judith, bob, staff_user
):
    draft = Application.objects.create(call=open_call, applicant=wimoov, title="En cours")
    for user, status in ((paul, 200), (judith, 404), (bob, 404), (staff_user, 404)):
        client.force_login(user)
        assert client.get(draft.get_absolute_url()).status_code == status
    # The organiser's board counts the drafts being written, nothing more.
    board = client.get(reverse("initiatives:call-board", args=[open_call.slug])).content.decode()
    assert "En cours" not in board


@pytest.mark.django_db
def test_an_anonymous_review_hides_the_applicants_from_the_jury(client, judith, application):
    application.call.anonymous_review = True
    application.call.save()
    client.force_login(judith)
    content = client.get(application.get_absolute_url()).content.decode()
    assert "Wimoov" not in content
    assert "ICF Habitat" not in content


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_application_and_the_board(client, bob, application):
    application.title = "<script>alert(1)</script>"
    application.summary = "<img src=x onerror=alert(2)>"
    application.save()
    client.force_login(bob)
    for url in (
        application.get_absolute_url(),
        reverse("initiatives:call-board", args=[application.call.slug]),
    ):
        content = client.get(url).content.decode()
        assert "<script>alert(1)" not in content
        assert "<img src=x" not in content


# --- Deciding ----------------------------------------------------------------------------------


@pytest.fixture
def under_review(open_call, application, bob):
    open_call.opens_on, open_call.closes_on = days(-40), days(-1)
    open_call.save()
    services.call_review_start(actor=bob, call=open_call)
    open_call.refresh_from_db()
    return open_call


@pytest.mark.django_db
def test_the_review_starts_once_closed_and_the_jury_is_told(
    bob, open_call, application, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.call_review_start(actor=bob, call=open_call)  # still open
    open_call.opens_on, open_call.closes_on = days(-40), days(-1)
    open_call.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.call_review_start(actor=bob, call=open_call)
    assert sorted(mail.outbox[0].to) == ["judith@arhlm.example", "victor@wimoov.example"]


@pytest.mark.django_db
def test_a_laureate_gets_an_amount_within_the_ceiling_and_the_budget_left(
    client, bob, under_review, application, wimoov
):
    second = Application.objects.create(
        call=under_review,
        applicant=PartnerFactory(name="Citiz"),
        title="Autopartage",
        status="submitted",
        amount_asked=9000,
    )
    services.application_decide(
        actor=bob,
        application=second,
        laureate=True,
        amount_awarded=Decimal("9000"),
        bilan_due_on=days(300),
    )
    client.force_login(bob)
    url = reverse("initiatives:application-decide", args=[application.pk])
    response = client.post(
        url,
        {"decision": "laureate", "amount_awarded": "12000", "bilan_due_on": days(300).isoformat()},
    )
    assert response.status_code == 400
    assert fr("The call gives at most %(ceiling)s € per project.", ceiling=f"10{NNBSP}000") in (
        error_beside(response.content.decode(), "amount_awarded")
    )
    under_review.total_budget = 15000
    under_review.save()
    response = client.post(
        url,
        {"decision": "laureate", "amount_awarded": "7000", "bilan_due_on": days(300).isoformat()},
    )
    assert fr("Only %(left)s € are left of the call's budget.", left=f"6{NNBSP}000") in (
        error_beside(response.content.decode(), "amount_awarded")
    )
    application.refresh_from_db()
    assert application.status == "submitted"
    response = client.post(
        url,
        {
            "decision": "laureate",
            "amount_awarded": "6000",
            "intermediate_bilan_due_on": days(120).isoformat(),
            "bilan_due_on": days(300).isoformat(),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.amount_awarded) == ("laureate", Decimal("6000"))
    # Its initiative, led by the applicant, with the call's funding and its planned indicators.
    initiative = application.initiative
    assert (initiative.lead, initiative.title) == (wimoov, application.title)
    assert list(initiative.co_landlords.all()) == list(application.co_applicants.all())
    funding = Funding.objects.get(initiative=initiative)
    assert (funding.funder, funding.amount, funding.call) == (
        under_review.organiser,
        Decimal("6000"),
        under_review,
    )


@pytest.mark.django_db
def test_not_retained_needs_a_reason_and_results_wait_for_every_decision(
    bob, under_review, application, paul, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        services.application_decide(actor=bob, application=application, laureate=False)
    assert "reason" in refused.value.error_dict
    with pytest.raises(ValidationError):
        services.call_results_publish(actor=bob, call=under_review)  # undecided
    services.application_decide(
        actor=bob,
        application=application,
        laureate=True,
        amount_awarded=Decimal("7500"),
        bilan_due_on=days(300),
    )
    other = Application.objects.create(
        call=under_review,
        applicant=PartnerFactory(name="Circuits Verts"),
        title="Compost",
        status="submitted",
        created_by=UserFactory(email="cv@example.org"),
    )
    services.application_decide(
        actor=bob, application=other, laureate=False, reason="Hors du territoire."
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.call_results_publish(actor=bob, call=under_review)
    under_review.refresh_from_db()
    assert under_review.status == "decided"
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert paul.email in next(to for to in by_recipient if paul.email in to)
    refusal = by_recipient[("cv@example.org",)]
    assert "Hors du territoire." in refusal.body


@pytest.mark.django_db
def test_published_results_show_the_laureate_by_its_organisation_to_everyone(
    client, bob, under_review, application
):
    services.application_decide(
        actor=bob,
        application=application,
        laureate=True,
        amount_awarded=Decimal("7500"),
        bilan_due_on=days(300),
    )
    services.call_results_publish(actor=bob, call=under_review)
    content = client.get(under_review.get_absolute_url()).content.decode()
    laureates = content.split('id="laureates-title"')[1].split("</section>")[0]
    assert "Diagnostic mobilité à Salies-du-Salat" in laureates
    assert "Wimoov" in laureates
    assert "Groupe des Chalets" not in laureates
    assert f"7{NNBSP}500 €" in laureates


@pytest.mark.django_db
def test_the_applicant_reads_the_decision_once_the_results_are_out(
    client, bob, paul, under_review, application
):
    services.application_decide(
        actor=bob, application=application, laureate=False, reason="Budget trop élevé."
    )
    client.force_login(paul)
    assert "Budget trop élevé." not in client.get(application.get_absolute_url()).content.decode()
    services.application_decide(
        actor=bob,
        application=application,
        laureate=True,
        amount_awarded=Decimal("5000"),
        bilan_due_on=days(300),
    )
    services.call_results_publish(actor=bob, call=under_review)
    content = client.get(application.get_absolute_url()).content.decode()
    assert fr("Laureate: %(amount)s € awarded.", amount=f"5{NNBSP}000") in content


@pytest.mark.django_db
def test_the_board_costs_the_same_for_one_and_many_applications(client, bob, open_call, wimoov):
    client.force_login(bob)

    def add(number):
        application = Application.objects.create(
            call=open_call,
            applicant=PartnerFactory(),
            title=f"Projet {number:02d}",
            status="submitted",
        )
        application.co_applicants.add(wimoov)

    url = reverse("initiatives:call-board", args=[open_call.slug])
    add(0)
    one, content = page_queries(client, url)
    assert "Projet 00" in content
    for number in range(1, 12):
        add(number)
    many, content = page_queries(client, url)
    assert "Projet 11" in content
    assert many == one


@pytest.mark.django_db
def test_the_organiser_does_not_apply_to_its_own_call(client, bob, open_call):
    client.force_login(bob)
    url = reverse("initiatives:application-create", args=[open_call.slug])
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_bilans_documents_are_for_its_readers_not_the_jury(client, judith, paul, bob, laureate):
    from django.core.files.base import ContentFile

    from initiatives.models import Assessment, Attachment

    bilan = Assessment.objects.create(
        initiative=laureate.initiative,
        application=laureate,
        call=laureate.call,
        kind="intermediate",
        date=days(0),
        text="Bilan",
        author=paul,
    )
    attachment = Attachment(assessment=bilan, label="Compte rendu", filename="cr.pdf")
    attachment.file.save("cr.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    url = reverse("initiatives:attachment-download", args=[attachment.pk])
    expected = {judith: 404, paul: 200, bob: 200}
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status


@pytest.mark.django_db
def test_the_header_marks_the_calls_on_every_page_of_a_call(client, judith, application):
    client.force_login(judith)
    current = re.compile(r'<a href="([^"]+)" aria-current="page">')
    pages = {
        reverse("initiatives:call-list"): reverse("initiatives:call-list"),
        application.get_absolute_url(): reverse("initiatives:call-list"),
        reverse("initiatives:jury", args=[application.call.slug]): reverse("initiatives:call-list"),
        reverse("initiatives:catalogue"): reverse("initiatives:catalogue"),
        reverse("initiatives:toolbox"): reverse("initiatives:toolbox"),
    }
    for url, marked in pages.items():
        header = client.get(url).content.decode().split("</header>")[0]
        assert current.findall(header) == [marked], url


@pytest.mark.django_db
def test_no_score_after_the_decision_not_even_by_a_superuser(bob, under_review, application):
    from initiatives import jury

    services.application_decide(
        actor=bob, application=application, laureate=False, reason="Hors sujet."
    )
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    criteria = {c.pk: (5, "") for c in under_review.criteria.all()}
    with pytest.raises(ValidationError) as refused:
        jury.review_save(
            actor=admin, application=application, opinion="favourable", scores=criteria
        )
    assert refused.value.messages == [fr("The reviews of this application are closed.")]
    assert not application.reviews.exists()
