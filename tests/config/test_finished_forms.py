"""Finished forms: searchable choosers, an error summary, "(required)" marks, a sign-in refusal
that says which fields, "add a row" in place, and the catalogue's folding, named filters."""

import re

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext

from config.widgets import Chooser
from tests.factories import InitiativeFactory, OrganisationFactory

SIGNIN_PASSWORD = "Jardins-partages-2023"


def _french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def test_a_chooser_is_a_plain_multiple_select_with_its_texts_in_french():
    class Form(forms.Form):
        partners = forms.MultipleChoiceField(
            choices=[("1", "Erilia"), ("2", "Habitat <Sud>")], widget=Chooser
        )

    with translation.override("fr"):
        html = str(Form({"partners": ["2"]})["partners"])
    assert re.search(r"<select [^>]*\bmultiple\b", html)
    assert 'name="partners"' in html
    assert 'id="id_partners"' in html
    assert f'data-chooser-remove="{_french("Remove")}"' in html
    assert "vendor/tom-select/tom-select.complete.min.js" in html
    assert '<option value="2" selected>Habitat &lt;Sud&gt;</option>' in html
    assert Form({"partners": ["1", "2"]}).is_valid()


def test_refused_initiative_form_has_a_summary_linking_each_field_and_keeps_what_was_typed(
    client, alice
):
    client.force_login(alice)
    response = client.post("/initiatives/nouvelle/", {"title": "", "summary": "Compost"})
    content = response.content.decode()
    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", content, re.S).group(1)
    assert title.startswith(_french("Error – "))
    summary = re.search(r'<div class="error-summary".*?</div>', content, re.S).group(0)
    assert 'role="alert"' in summary
    assert 'tabindex="-1"' in summary
    assert 'href="#id_title"' in summary
    assert 'href="#id_summary"' not in summary  # typed, so not in error
    assert re.search(r">\s*Compost</textarea>", content)
    assert 'id="id_co_landlords"' in content
    assert "data-chooser" in content


def test_required_fields_are_marked_where_some_fields_are_optional(client, alice):
    client.force_login(alice)
    content = client.get("/initiatives/nouvelle/").content.decode()
    mark = _french("(required)")
    title_label = re.search(r'<label for="id_title"[^>]*>(.*?)</label>', content, re.S).group(1)
    description = re.search(r'<label for="id_description"[^>]*>(.*?)</label>', content, re.S)
    assert mark in title_label
    assert mark not in description.group(1)
    assert _french("Error – ") not in re.search(r"<title>(.*?)</title>", content, re.S).group(1)


def test_sign_in_page_marks_nothing_when_every_field_is_required(client, db):
    content = client.get("/comptes/login/").content.decode()
    assert _french("(required)") not in content


def test_refused_sign_in_is_an_alert_and_marks_its_fields_invalid(client, alice):
    response = client.post(
        "/comptes/login/", {"login": "alice@example.org", "password": "not-the-password"}
    )
    content = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', content, re.S).group(0)
    assert 'role="alert"' in summary
    for name in ("login", "password"):
        field = re.search(rf'<input [^>]*name="{name}"[^>]*>', content).group(0)
        assert 'aria-invalid="true"' in field
    remember = re.search(r'<input [^>]*name="remember"[^>]*>', content).group(0)
    assert "aria-invalid" not in remember
    assert 'value="alice@example.org"' in content
    assert (
        re.search(r"<title>(.*?)</title>", content, re.S).group(1).startswith(_french("Error – "))
    )


@pytest.mark.parametrize("code", ["31", "2a"])
def test_departement_filter_offers_names_and_old_code_addresses_still_filter(client, db, code):
    InitiativeFactory(title="Compost de Toulouse", departement="31" if code == "31" else "2A")
    InitiativeFactory(title="Jardin de Marseille", departement="13")
    content = client.get(f"/initiatives/?departement={code}").content.decode()
    assert "Compost de Toulouse" in content
    assert "Jardin de Marseille" not in content
    assert ">Haute-Garonne (31)</option>" in content
    assert ">Corse-du-Sud (2A)</option>" in content
    assert re.search(r'<details class="filters-disclosure"[^>]* open>', content)


def test_organisation_filter_offers_departement_names(client, db):
    OrganisationFactory(name="Toulouse Métropole Habitat", slug="tmh", departement="31")
    OrganisationFactory(name="Erilia", slug="erilia", departement="13")
    content = client.get("/organismes/?departement=31").content.decode()
    assert "Toulouse Métropole Habitat" in content
    assert "Erilia" not in content
    assert '<option value="31" selected>Haute-Garonne (31)</option>' in content


def test_catalogue_filters_are_folded_when_no_filter_is_set(client, db):
    content = client.get("/initiatives/").content.decode()
    details = re.search(r'<details class="filters-disclosure"[^>]*>', content).group(0)
    assert " open" not in details
    assert f">{_french('Filter')}</h2></summary>" in content


def test_restitution_form_holds_an_empty_row_to_clone(client, rita, workshop):
    import datetime

    from django.utils import timezone

    meeting = workshop.meeting
    meeting.date = timezone.localdate() - datetime.timedelta(days=1)  # written once it was held
    meeting.save()
    client.force_login(rita)
    content = client.get(f"/ateliers/{workshop.pk}/restitution/").content.decode()
    template = re.search(r"<template data-formset-template>(.*?)</template>", content, re.S)
    assert template
    assert 'name="actions-__prefix__-title"' in template.group(1)
    assert 'data-formset="actions"' in content
    assert re.search(r"<button [^>]*data-formset-add[^>]* hidden>", content)  # JS shows it


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_animator_adds_programme_rows_in_place_and_picks_partners_by_typing(
    live_server, page, charlie, club
):
    OrganisationFactory(name="Erilia", slug="erilia")
    OrganisationFactory(name="Logirem", slug="logirem")
    page.goto(live_server.url + "/comptes/login/")
    page.locator("input[name=login]").fill("charlie@example.org")
    page.locator("input[name=password]").fill(SIGNIN_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    page.goto(live_server.url + f"/clubs/{club.slug}/rencontres/nouvelle/")

    total = page.locator("input[name=agenda-TOTAL_FORMS]")
    before = int(total.input_value())
    page.get_by_role("button", name=_french("Add a programme item")).click()
    assert int(total.input_value()) == before + 1
    new_row = page.locator(f"[name=agenda-{before}-title]")
    assert new_row.count() == 1
    assert page.locator("[name=agenda-__prefix__-title]").count() == 0  # only in the template

    partners = page.locator("#id_partners-ts-control")
    partners.click()
    page.keyboard.type("logi")
    options = page.locator(".ts-dropdown [role=option]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ts-dropdown [role=option]')]"
        ".map(o => o.textContent).join() === 'Logirem'"
    )
    assert options.count() == 1
    page.keyboard.press("Enter")
    selected = page.evaluate(
        "[...document.querySelector('#id_partners').selectedOptions].map(o => o.text)"
    )
    assert selected == ["Logirem"]
