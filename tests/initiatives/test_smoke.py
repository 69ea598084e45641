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
