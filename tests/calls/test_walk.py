"""A call for projects end to end in Debian's Chromium: a partner's member applies (a draft,
then submits), a juror scores, a juror from the applicant's organisation cannot, the organiser
decides and publishes, the applicant reads the decision, the laureate sends an intermediate
bilan, and the organiser's board of bilans shows it received."""

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from initiatives.demo import minimal_pdf
from initiatives.models import Application, Assessment, CallForProjects
from tests.calls.conftest import days

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Jardins-partages-2023"


def fr(message: str, **values) -> str:
    with translation.override("fr"):
        text = gettext(message)
    return text % values if values else text


def sign_in(browser, base, email):
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("heading", name="Espace membres").wait_for()
    return page


def test_apply_score_decide_publish_read_and_send_a_bilan(
    live_server, browser, tmp_path, open_call, paul, judith, victor, bob, wimoov
):
    base = live_server.url
    budget = tmp_path / "budget.pdf"
    budget.write_bytes(minimal_pdf("Budget prévisionnel", ["Dépenses : 15 000 €"]))
    letter = tmp_path / "lettre.pdf"
    letter.write_bytes(minimal_pdf("Lettre de soutien", ["Le bailleur soutient le projet."]))

    # A partner's member applies: a draft first, then the documents, then submits.
    page = sign_in(browser, base, paul.email)
    page.goto(base + open_call.get_absolute_url())
    page.get_by_role("link", name=fr("Apply to the call"), exact=True).click()
    page.fill("#id_title", "Diagnostic mobilité à Salies-du-Salat")
    page.fill("#id_summary", "Un diagnostic des besoins de mobilité des locataires.")
    page.fill("#id_objectives", "Relier les habitants aux services de mobilité.")
    page.fill("#id_budget", "15000")
    page.fill("#id_amount_asked", "12000")  # above the 10 000 € ceiling
    page.get_by_role("button", name=fr("Save the draft")).click()
    page.locator("#id_amount_asked_error").wait_for()
    assert page.input_value("#id_summary").startswith("Un diagnostic")
    assert not Application.objects.exists()
    page.fill("#id_amount_asked", "7500")
    page.get_by_role("button", name=fr("Save the draft")).click()
    page.get_by_role("heading", name="Diagnostic mobilité à Salies-du-Salat").wait_for()
    application = Application.objects.get()
    assert (application.status, application.applicant) == ("draft", wimoov)
    for label, path in zip(open_call.document_list, (budget, letter), strict=True):
        page.select_option("#id_label", label=label)
        page.set_input_files("#id_file", str(path))
        page.get_by_role("button", name=fr("Attach")).click()
        page.get_by_text(fr("The document is attached.")).wait_for()
    page.get_by_role("link", name=fr("Submit"), exact=True).click()
    page.get_by_role("button", name=fr("Submit the application")).click()
    page.get_by_text(
        fr("Your application is submitted: an acknowledgement is on its way by email.")
    ).wait_for()
    application.refresh_from_db()
    assert application.status == "submitted"

    # The deadline passes; the organiser starts the review.
    CallForProjects.objects.filter(pk=open_call.pk).update(opens_on=days(-40), closes_on=days(-1))
    organiser = sign_in(browser, base, bob.email)
    organiser.goto(base + f"/appels-a-projets/{open_call.slug}/tableau/")
    organiser.get_by_role("link", name=fr("Start the review")).click()
    organiser.get_by_role("button", name=fr("Start the review")).click()
    organiser.get_by_text(fr("The review has started: the jury is told.")).wait_for()

    # A juror scores every criterion and gives an opinion.
    juror = sign_in(browser, base, judith.email)
    juror.goto(base + open_call.get_absolute_url())
    juror.get_by_role("link", name=fr("The applications to review")).click()
    juror.get_by_role("link", name="Diagnostic mobilité à Salies-du-Salat", exact=True).click()
    for criterion, value in zip(open_call.criteria.all(), ("4", "3", "5"), strict=True):
        juror.check(f'input[name="score_{criterion.pk}"][value="{value}"]')
    juror.check('input[name="opinion"][value="favourable"]')
    juror.fill("#id_comment", "Un vrai besoin, un partenaire solide.")
    juror.get_by_role("button", name=fr("Save my review")).click()
    juror.wait_for_load_state()
    review = application.reviews.get(juror=judith)
    assert sorted(score.value for score in review.scores.all()) == [3, 4, 5]

    # The juror from the applicant's organisation sees the title, not the review page.
    conflicted = sign_in(browser, base, victor.email)
    conflicted.goto(base + f"/appels-a-projets/{open_call.slug}/jury/")
    conflicted.get_by_text("Diagnostic mobilité à Salies-du-Salat").wait_for()
    response = conflicted.goto(base + f"/candidatures/{application.pk}/evaluation/")
    assert response.status == 403
    assert not application.reviews.filter(juror=victor).exists()

    # The organiser sees the mean, decides and publishes the results.
    organiser.goto(base + f"/appels-a-projets/{open_call.slug}/tableau/")
    row = organiser.get_by_role("row", name="Diagnostic mobilité à Salies-du-Salat")
    assert "1 / 1" in row.inner_text()
    row.get_by_role("link", name=fr("Decide")).click()
    organiser.check('input[name="decision"][value="laureate"]')
    organiser.fill("#id_amount_awarded", "7500")
    organiser.fill("#id_intermediate_bilan_due_on", days(90).isoformat())
    organiser.fill("#id_bilan_due_on", days(300).isoformat())
    organiser.get_by_role("button", name=fr("Save the decision")).click()
    organiser.get_by_role("link", name=fr("Publish the results")).click()
    organiser.get_by_role("button", name=fr("Publish the results")).click()
    organiser.get_by_text(fr("The results are published and the applicants told.")).wait_for()

    # The applicant reads the decision; the public page names the laureate.
    page.goto(base + application.get_absolute_url())
    page.get_by_text(fr("Laureate: %(amount)s € awarded.", amount="7\u202f500")).wait_for()
    anonymous = browser.new_context(locale="fr-FR").new_page()
    anonymous.goto(base + open_call.get_absolute_url())
    laureates = anonymous.locator("#laureates-title + ul").inner_text()
    assert "Diagnostic mobilité à Salies-du-Salat — Wimoov" in laureates

    # The laureate sends an intermediate bilan; the organiser's board shows it received.
    page.get_by_role("link", name=fr("Send a bilan")).click()
    page.fill("#id_text", "Trente locataires rencontrés, deux lignes de covoiturage lancées.")
    page.get_by_role("button", name=fr("Send the bilan")).click()
    page.wait_for_load_state()
    bilan = Assessment.objects.get(application=application)
    assert bilan.kind == "intermediate"
    organiser.goto(base + f"/appels-a-projets/{open_call.slug}/bilans/")
    board = organiser.get_by_role("row", name="Diagnostic mobilité à Salies-du-Salat").inner_text()
    with translation.override("fr"):
        received = date_format(bilan.date, "j F Y")
    assert received in board
    assert fr("Intermediate bilan") in board
