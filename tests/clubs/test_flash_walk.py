"""Issue 18's walk in Chromium: two participants ask each other for a flash meeting, the
organiser runs the scheduler and publishes, each finds the same meeting at the same table in
their agenda, both say it was a qualified exchange, and the event page counts it."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs import flash
from clubs.models import Action, FlashMeeting, Meeting, Registration
from tests.factories import PartnerFactory, UserFactory

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


def test_ask_each_other_schedule_publish_same_table_both_qualify_counted(
    live_server, browser, staff_user
):
    base = live_server.url
    event = Meeting.objects.create(
        kind=Meeting.Kind.EVENT,
        title="Rencontres ESS Logement et habitat",
        date=timezone.localdate() + datetime.timedelta(days=10),
        city="Nîmes",
        status=Meeting.Status.PUBLISHED,
    )
    people = {}
    for name in ("Nadia", "Yves"):
        organisation = PartnerFactory(name=f"Structure {name}", slug=f"structure-{name.lower()}")
        people[name] = UserFactory(
            email=f"{name.lower()}@example.org", full_name=name, organisation=organisation
        )
        Registration.objects.create(meeting=event, user=people[name], status="confirmed")
    session = flash.session_save(actor=staff_user, meeting=event, rounds=2, tables=4)
    flash.session_open(actor=staff_user, session=session)

    # Each fills a profile, then asks the other; each accepts.
    pages = {}
    for name, person in people.items():
        page = sign_in(browser, base, person.email)
        page.goto(base + f"/rencontres/{event.pk}/flash/")
        page.check('input[name="available_rounds"][value="1"]')
        page.check('input[name="available_rounds"][value="2"]')
        page.fill("#id_sentence", f"{name} cherche des partenaires.")
        page.get_by_role("button", name=fr("Save my profile")).click()
        page.get_by_text(fr("Your profile is saved.")).wait_for()
        pages[name] = page
    for name, other in (("Nadia", "Yves"), ("Yves", "Nadia")):
        page = pages[name]
        page.goto(base + f"/rencontres/{event.pk}/flash/")
        page.get_by_role("button", name=f"{fr('Ask for a meeting')} — {other}").click()
        page.get_by_text(fr("Your request is sent to %(name)s.", name=other)).wait_for()
    for name, other in (("Nadia", "Yves"), ("Yves", "Nadia")):
        page = pages[name]
        page.goto(base + f"/rencontres/{event.pk}/flash/")
        page.get_by_role("button", name=f"{fr('Accept')} — {other}").click()
        page.get_by_text(fr("Your answer is saved.")).wait_for()

    # The organiser runs the scheduler and publishes.
    organiser = sign_in(browser, base, staff_user.email)
    organiser.goto(base + f"/rencontres/{event.pk}/flash/organiser/")
    organiser.get_by_role("button", name=fr("Run the scheduler")).click()
    organiser.get_by_text(fr("The scheduler has placed the meetings.")).wait_for()
    organiser.get_by_text(
        fr("%(scheduled)s of %(requested)s requested meetings scheduled", scheduled=1, requested=1)
    ).wait_for()
    organiser.get_by_role("button", name=fr("Publish the schedule")).click()
    organiser.get_by_text(fr("The schedule is published: each participant has it.")).wait_for()
    meeting = FlashMeeting.objects.get()
    assert meeting.weight == 2  # they asked each other

    # Each sees the same meeting at the same table; on the day, both say it was qualified.
    Meeting.objects.filter(pk=event.pk).update(date=timezone.localdate())
    for name, other in (("Nadia", "Yves"), ("Yves", "Nadia")):
        page = pages[name]
        page.goto(base + f"/rencontres/{event.pk}/flash/agenda/")
        row = page.get_by_role("row", name=str(meeting.round)).filter(has_text=other)
        cells = row.locator("td").all_inner_texts()
        assert cells[1] == str(meeting.table)
        row.get_by_role("button", name=fr("Yes")).click()
        page.get_by_text(fr("Thank you: your opinion of this exchange is saved.")).wait_for()
    meeting.refresh_from_db()
    assert meeting.qualified

    # Nadia writes down what follows, carried by Yves's organisation.
    page = pages["Nadia"]
    page.get_by_role("link", name=f"{fr('Write down what follows')} — Yves").click()
    page.get_by_role("textbox", name=fr("Next step")).fill("Visiter la résidence de Yves")
    page.get_by_label("Structure Yves").check()
    page.get_by_role("button", name=fr("Add the next step")).click()
    page.get_by_role("row", name="Visiter la résidence de Yves").wait_for()
    action = Action.objects.get()
    assert (action.owner.name, action.flash_meeting) == ("Structure Yves", meeting)

    # The event page counts it.
    anonymous = browser.new_context(locale="fr-FR").new_page()
    anonymous.goto(base + event.get_absolute_url())
    anonymous.get_by_text(
        fr(
            "%(organisations)s organisations, %(meetings)s meetings, %(qualified)s qualified "
            "exchanges",
            organisations=2,
            meetings=1,
            qualified=1,
        )
    ).wait_for()
