import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_public_initiative_page_shows_its_lead_and_indicator(client, initiative):
    content = client.get(reverse("initiatives:detail", args=[initiative.slug])).content.decode()
    assert "Jardins partagés du Saint-Georges" in content
    assert "ICF Habitat Sud-Est Méditerranée" in content
    assert "participants" in content


@pytest.mark.django_db
def test_members_only_initiative_is_404_for_anonymous_and_shown_to_members(
    client, shared_initiative, bob
):
    url = reverse("initiatives:detail", args=[shared_initiative.slug])
    assert client.get(url).status_code == 404
    client.force_login(bob)
    assert "Compost entre voisins" in client.get(url).content.decode()


@pytest.mark.django_db
def test_an_initiative_renamed_in_the_admin_is_found_by_its_new_title(
    client, staff_user, initiative
):
    client.force_login(staff_user)
    url = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        {
            "title": "Verger des cheminots",
            "themes": [t.pk for t in initiative.themes.all()],
            "fundings-TOTAL_FORMS": "0",
            "fundings-INITIAL_FORMS": "0",
            "indicators-TOTAL_FORMS": "0",
            "indicators-INITIAL_FORMS": "0",
            "assessments-TOTAL_FORMS": "0",
            "assessments-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    content = client.get(reverse("initiatives:catalogue"), {"q": "verger"}).content.decode()
    assert "Verger des cheminots" in content
