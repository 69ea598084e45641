"""The demo's news: the five press texts of the seeds, each linked to what it tells, loaded
twice without a duplicate."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from news.models import Article


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_loading_the_demo_twice_gives_the_five_seed_articles_each_linked_to_what_it_tells(client):
    load_demo()
    first_photos = dict(Article.objects.values_list("slug", "photo"))
    output = load_demo()

    assert "5 news articles" in output
    articles = {a.title: a for a in Article.objects.select_related("meeting__club", "call")}
    assert len(articles) == 5
    assert all(a.status == Article.Status.PUBLISHED for a in articles.values())
    assert dict(Article.objects.values_list("slug", "photo")) == first_photos  # photos kept

    launch = articles["Lancement du « Club Innovation sociale »"]
    assert (launch.meeting.club.slug, launch.meeting.number) == ("paca-corse", 1)
    assert launch.date.isoformat() == "2019-10-10"
    assert launch.photo_credit == "Sylvie Legrand pour l'AR Hlm PACA & Corse"

    seventh = articles["Échanges de bonnes pratiques sur les résidences dédiées"]
    assert (seventh.meeting.club.slug, seventh.meeting.number) == ("paca-corse", 7)
    assert seventh.date.isoformat() == "2023-06-19"
    assert seventh.photo_credit == "Michel Couartou"

    chalets = next(a for a in articles.values() if a.call_id)
    assert chalets.call.title == "Habitat et Initiatives solidaires"
    assert chalets.photo_credit == "Hélène Ressayres – crédits ToulEco"
    assert chalets.initiatives.count() == 4  # the four laureates

    nimes = articles["3es rencontres interrégionales ESS Logement et habitat"]
    assert nimes.meeting.kind == "event"
    assert nimes.meeting.title == "3es rencontres interrégionales ESS Logement et habitat"
    assert nimes.date.isoformat() == "2015-11-27"

    occitanie = articles[
        "Quand les organismes du logement social deviennent des créateurs de lien social"
    ]
    leads = set(occitanie.initiatives.values_list("lead__name", flat=True))
    assert occitanie.initiatives.count() == 8
    assert len(leads) == 8  # one initiative from each of the 8 landlords
    assert "Altéal" in leads

    for article in articles.values():
        # A photo has its credit, and a credit its photo.
        assert bool(article.photo) == bool(article.photo_credit), article.title
        if article.photo:
            assert article.photo_alt

    page = client.get(reverse("news:detail", args=[seventh.slug])).content.decode()
    assert "Michel Couartou" in page
    assert seventh.meeting.get_absolute_url() in page
    home = client.get(reverse("clubs:home")).content.decode()
    assert "Échanges de bonnes pratiques sur les résidences dédiées" in home
