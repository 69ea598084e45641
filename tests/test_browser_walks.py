"""End-to-end walks in Debian's Chromium through Playwright."""

import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from tests.factories import OrganisationFactory


def fr(message):
    """A UI string as a French reader sees it (English until its French is added)."""
    with translation.override("fr"):
        return gettext(message)


pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_signup_confirm_wait_approval_then_members_area(
    live_server, browser, page, staff_user, settings
):
    base = live_server.url
    settings.SITE_URL = base  # the links of emails use the site's address
    icf = OrganisationFactory(name="ICF Habitat Sud-Est Méditerranée", slug="icf")

    page.goto(base + "/")
    page.get_by_role("link", name="Adhérer au club").click()
    page.get_by_label("Nom complet").fill("Isabelle Domas")
    page.get_by_label("Adresse e-mail").fill("isabelle.domas@example.org")
    page.locator("#id_organisation").select_option(str(icf.pk))
    page.get_by_label("Fonction").fill("Directrice de clientèle")
    page.locator("input[name=password1]").fill("Residences-dediees-2023")
    page.locator("input[name=password2]").fill("Residences-dediees-2023")
    page.locator("form.form button[type=submit]").click()
    page.get_by_role("heading", name="Vérifiez votre adresse e-mail").wait_for()

    link = re.search(r"https?://\S+/comptes/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer").click()
    page.get_by_role("heading", name="Votre compte attend la validation").wait_for()
    page.goto(base + "/espace-membres/")
    assert "/compte/en-attente/" in page.url

    staff = browser.new_context(locale="fr-FR").new_page()
    staff.goto(base + "/admin/")
    staff.get_by_label("Adresse e-mail").fill("staff@example.org")
    staff.get_by_label("Mot de passe").fill("Jardins-partages-2023")
    staff.get_by_role("button", name="Connexion").click()
    staff.get_by_role("link", name="Utilisateurs").first.click()
    staff.locator('a[href="?is_approved__exact=0"]').click()  # filter: not approved
    staff.get_by_role("row", name=re.compile("isabelle.domas@example.org")).get_by_role(
        "checkbox"
    ).check()
    staff.locator("select[name=action]").select_option("approve_users")
    staff.get_by_role("button", name="Envoyer").click()
    staff.get_by_text("1 compte validé.").wait_for()
    assert "Votre compte est validé" in mail.outbox[-1].subject

    page.get_by_role("button", name="Déconnexion").click()
    page.goto(base + "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill("isabelle.domas@example.org")
    page.get_by_label("Mot de passe").fill("Residences-dediees-2023")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("heading", name="Espace membres").wait_for()
    assert page.get_by_text("ICF Habitat Sud-Est Méditerranée").first.is_visible()


def test_member_finds_a_colleague_of_another_landlord_through_the_directory(
    live_server, page, alice, icf, chalets
):
    from tests.factories import ThemeFactory, UserFactory, region

    icf.regions.set([region("paca")])
    chalets.regions.set([region("occitanie")])
    intergenerational = ThemeFactory(name="Intergénérationnel", slug="intergenerationnel")
    stephanie = UserFactory(
        full_name="Stéphanie Erales",
        email="stephanie.erales@example.org",
        job_title="Directrice de la coordination stratégique",
        organisation=chalets,
        directory_consent=True,
    )
    stephanie.themes.set([intergenerational])
    colleague = UserFactory(full_name="Isabelle Domas", organisation=icf, directory_consent=True)
    colleague.themes.set([intergenerational])
    UserFactory(full_name="Paul Jardinier", organisation=chalets, directory_consent=True)

    page.goto(live_server.url + "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill("alice@example.org")
    page.get_by_label("Mot de passe").fill("Jardins-partages-2023")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("link", name="Annuaire").click()
    page.get_by_role("heading", name="3 membres").wait_for()

    page.get_by_role("combobox", name="Thème").select_option(label="Intergénérationnel")
    page.get_by_role("combobox", name="Région").select_option(label="Occitanie")
    page.get_by_role("button", name="Appliquer").click()
    page.get_by_role("heading", name="1 membre").wait_for()
    assert "theme=intergenerationnel" in page.url
    assert page.get_by_role("link", name="Isabelle Domas").count() == 0

    page.get_by_role("link", name="Stéphanie Erales").click()
    page.get_by_role("heading", name="Stéphanie Erales").wait_for()
    assert page.get_by_role("link", name="stephanie.erales@example.org").is_visible()
    assert "Groupe des Chalets" in page.content()


def sign_in(browser, base, email):
    page = browser.new_context(locale="fr-FR").new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill("Jardins-partages-2023")
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("heading", name="Espace membres").wait_for()
    return page


def test_the_whole_day_register_waitlist_promotion_attendance_restitution_approval(
    live_server, browser, meeting, workshop, alice, bob, charlie, rita
):
    from clubs import services
    from clubs.models import Meeting, Registration, SessionLog

    base = live_server.url
    meeting_path = f"/rencontres/{meeting.pk}/"
    services.registration_create(actor=rita, meeting=meeting, workshop=workshop)

    # Alice takes the last place of the workshop.
    alice_page = sign_in(browser, base, "alice@example.org")
    alice_page.goto(base + meeting_path)
    alice_page.get_by_label("Résidences et souffrance psychique — 1 places restantes").check()
    alice_page.get_by_role("button", name="S’inscrire").click()
    alice_page.get_by_text("Vous êtes inscrit·e.").wait_for()

    # Bob finds it full and goes on the waiting list.
    bob_page = sign_in(browser, base, "bob@example.org")
    bob_page.goto(base + meeting_path)
    bob_page.get_by_label("Résidences et souffrance psychique — complet (liste d’attente)").check()
    bob_page.get_by_role("button", name="S’inscrire").click()
    bob_page.get_by_text("vous êtes en liste d’attente").first.wait_for()

    # Alice cancels, once she has confirmed: Bob gets her place and an email.
    alice_page.get_by_role("link", name="Annuler mon inscription").click()
    alice_page.get_by_role("button", name=fr("Yes, cancel the registration")).click()
    alice_page.get_by_text("L’inscription est annulée.").wait_for()
    assert Registration.objects.get(user=bob).status == "confirmed"
    assert any("place s’est libérée" in message.subject for message in mail.outbox)

    # On the day (attendance and restitutions wait for it), Charlie ticks who came.
    Meeting.objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    charlie_page = sign_in(browser, base, "charlie@example.org")
    charlie_page.goto(base + meeting_path + "presences/")
    charlie_page.get_by_label("Bob Durand").check()
    charlie_page.get_by_label("Rita Rapporteure").check()
    charlie_page.get_by_role("button", name="Enregistrer les présences").click()
    charlie_page.get_by_text("Présences enregistrées : 2 présents.").wait_for()

    # Rita writes the restitution, with an action, and submits it.
    rita_page = sign_in(browser, base, "rita@example.org")
    rita_page.get_by_role("link", name="Résidences et souffrance psychique").click()
    rita_page.get_by_label("Synthèse").fill(
        "La confiance entre tous les intervenants est essentielle."
    )
    rita_page.get_by_label("Action").first.fill("Partager la convention type")
    rita_page.get_by_label("Organisme porteur").first.select_option(
        label="ICF Habitat Sud-Est Méditerranée"
    )
    rita_page.get_by_role("button", name="Soumettre à l’équipe d’animation").click()
    rita_page.get_by_text("La restitution est soumise à l’équipe d’animation.").wait_for()

    # Charlie approves it; it is read-only for Rita now.
    charlie_page.goto(base + f"/ateliers/{workshop.pk}/restitution/")
    charlie_page.get_by_role("button", name="Valider").click()
    charlie_page.get_by_text("La restitution est validée.").wait_for()
    log = SessionLog.objects.get(workshop=workshop)
    assert log.status == "approved"
    assert log.actions.get().title == "Partager la convention type"
    rita_page.reload()
    assert rita_page.get_by_role("button", name="Soumettre à l’équipe d’animation").count() == 0
    assert rita_page.get_by_text("La confiance entre tous les intervenants").is_visible()


def test_member_filters_the_catalogue_opens_an_initiative_and_adds_a_measurement(
    live_server, browser, initiative, alice, gardens, chalets
):
    import datetime

    from initiatives.models import Measurement
    from tests.factories import InitiativeFactory

    indicator = initiative.indicators.get()
    Measurement.objects.create(indicator=indicator, date=datetime.date(2024, 6, 1), value=12)
    InitiativeFactory(title="Potager de Toulouse", lead=chalets, departement="31", themes=[gardens])
    InitiativeFactory(title="Tournoi de foot", departement="13")

    page = sign_in(browser, live_server.url, "alice@example.org")
    page.get_by_role("link", name="Initiatives", exact=True).click()
    page.get_by_role("combobox", name="Thème").select_option(label="Jardins partagés")
    page.get_by_role("combobox", name="Département").select_option(label="Bouches-du-Rhône (13)")
    page.get_by_role("button", name="Appliquer").click()
    page.get_by_role("heading", name="1 initiative", exact=True).wait_for()
    assert "departement=13" in page.url
    assert page.get_by_role("link", name="Potager de Toulouse").count() == 0

    page.get_by_role("link", name="Jardins partagés du Saint-Georges").click()
    chart = page.locator(f"#indicator-{indicator.pk} svg.chart")
    assert chart.locator("circle").count() == 1

    page.get_by_role("link", name="Ajouter une mesure").click()
    page.get_by_label("Date").fill("2025-06-01")
    page.get_by_label("Valeur").fill("27")
    page.get_by_label("Commentaire").fill("Fête des voisins")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Mesure ajoutée à « participants ».").wait_for()
    assert chart.locator("circle").count() == 2
    page.get_by_text("Mesures", exact=True).click()
    assert page.get_by_role("cell", name="Fête des voisins").is_visible()


def test_a_hostile_initiative_runs_nothing_in_the_browser(live_server, page, icf):
    from tests.factories import InitiativeFactory

    payload = "<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>"
    InitiativeFactory(
        title=payload[:150],
        slug="hostile",
        lead=icf,
        summary=payload,
        description=payload + '<a href="javascript:alert(4)">lien</a>',
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/initiatives/hostile/")
    page.get_by_role("heading", level=1).wait_for()
    page.goto(live_server.url + "/initiatives/")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert "<script>alert(1)</script>" in page.get_by_role("heading", level=3).first.inner_text()


def test_member_registers_for_a_workshop_and_a_visit_then_changes_the_visit(
    live_server, browser, meeting, alice
):
    from clubs.models import Registration, Workshop

    Workshop.objects.create(meeting=meeting, title="La feuille de route", order=1)
    Workshop.objects.create(
        meeting=meeting, title="Visite d'Encagnane", kind="visit", slot="afternoon", order=2
    )
    Workshop.objects.create(
        meeting=meeting, title="Jardins partagés", kind="visit", slot="afternoon", order=3
    )
    page = sign_in(browser, live_server.url, "alice@example.org")
    page.goto(live_server.url + f"/rencontres/{meeting.pk}/")
    # Forgetting the afternoon: the form comes back with the error beside the visits and the
    # dietary note as typed.
    page.get_by_label("La feuille de route").check()
    page.get_by_label("Régime alimentaire").fill("Sans gluten")
    page.get_by_role("button", name="S’inscrire").click()
    page.get_by_text(fr("Choose the workshop or visit you will join.")).first.wait_for()
    assert page.get_by_label("Régime alimentaire").input_value() == "Sans gluten"
    assert page.get_by_label("La feuille de route").is_checked()
    page.get_by_label("Visite d'Encagnane").check()
    page.get_by_role("button", name="S’inscrire").click()
    page.get_by_text("Vous êtes inscrit·e.").wait_for()
    registration = Registration.objects.get(user=alice)
    assert sorted(w.title for w in registration.workshops.all()) == [
        "La feuille de route",
        "Visite d'Encagnane",
    ]
    # She changes the visit; her place and her morning workshop stay.
    page.get_by_text(fr("Change my choices or needs")).click()
    page.locator(".registration-change").get_by_label("Jardins partagés").check()
    page.get_by_role("button", name=fr("Save my changes")).click()
    page.get_by_text(fr("Your registration is updated; your place is kept.")).wait_for()
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert sorted(w.title for w in registration.workshops.all()) == [
        "Jardins partagés",
        "La feuille de route",
    ]


def test_animator_publishes_after_confirming_then_withdraws_with_a_reason(
    live_server, browser, club, charlie
):
    from clubs.models import Meeting
    from tests.factories import MeetingFactory

    draft = MeetingFactory(club=club, number=11, status=Meeting.Status.DRAFT)
    page = sign_in(browser, live_server.url, "charlie@example.org")
    page.goto(live_server.url + f"/rencontres/{draft.pk}/")
    page.get_by_role("link", name="Publier", exact=True).click()
    page.get_by_role("button", name=fr("Publish the meeting")).click()
    page.get_by_text("La rencontre est publiée").wait_for()
    draft.refresh_from_db()
    assert draft.status == "published"

    page.get_by_role("link", name=fr("Withdraw the publication")).click()
    page.get_by_role("button", name=fr("Withdraw the meeting")).click()  # no reason given
    page.get_by_text(fr("Say why, for the others who prepare the meeting.")).first.wait_for()
    page.get_by_label(fr("Why?")).fill("La salle n'est plus disponible ce jour-là.")
    page.get_by_role("button", name=fr("Withdraw the meeting")).click()
    page.get_by_text(fr("The meeting is withdrawn: it is a draft again.")).wait_for()
    draft.refresh_from_db()
    assert (draft.status, draft.unpublished_by) == ("draft", charlie)
    assert page.get_by_text("La salle n'est plus disponible ce jour-là.").is_visible()
