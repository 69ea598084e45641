"""The news: animators and staff write articles, a draft is theirs alone (404 for the others),
a published one is on the list, its page, the Atom feed and the home page; text is escaped
everywhere; photos are re-encoded, credited, and refused when they are not images."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import ExifTags, Image

from clubs.models import Meeting
from news import services
from news.models import Article
from tests.factories import InitiativeFactory, MeetingFactory
from tests.queries import page_queries

LIST_URL = reverse("news:list")
CREATE_URL = reverse("news:create")
FEED_URL = reverse("news:feed")
HOME_URL = reverse("clubs:home")
HOSTILE = "<script>alert('x')</script> Tom & \"Jerry\""


def fr(msg: str) -> str:
    with translation.override("fr"):
        return gettext(msg)


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "Alice Martin"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 17.0, 52.0)
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def photo_upload(data: bytes | None = None, name="photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or jpeg_with_gps(), content_type="image/jpeg")


def form_data(**overrides) -> dict:
    data = {
        "title": "Le 8e Club chez SFHE-Arcade",
        "date": "2025-03-20",
        "text": "Premier paragraphe.\n\nDeuxième paragraphe.",
        "status": "draft",
        "photo_alt": "",
        "photo_caption": "",
        "photo_credit": "",
        "meeting": "",
        "call": "",
    }
    return {**data, **overrides}


def article(**fields) -> Article:
    defaults = {
        "title": "Un article",
        "slug": "un-article",
        "date": datetime.date(2025, 1, 10),
        "text": "Du texte.",
        "status": Article.Status.PUBLISHED,
    }
    return Article.objects.create(**{**defaults, **fields})


@pytest.mark.django_db
def test_an_animators_draft_is_theirs_until_published_then_everyone_reads_it(
    client, charlie, alice, bob, staff_user, meeting
):
    client.force_login(charlie)
    response = client.post(CREATE_URL, form_data(meeting=meeting.pk))
    saved = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == saved.get_absolute_url()
    assert saved.status == Article.Status.DRAFT
    assert saved.slug == "le-8e-club-chez-sfhe-arcade"
    assert saved.author == charlie
    assert saved.meeting == meeting
    detail = saved.get_absolute_url()
    assert "Le 8e Club chez SFHE-Arcade" in client.get(detail).content.decode()

    # Nobody else who does not write the news sees the draft, anywhere.
    for user in (None, alice, bob):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(detail).status_code == 404
        assert client.get(reverse("news:edit", args=[saved.slug])).status_code in {302, 404}
        for url in (LIST_URL, FEED_URL, HOME_URL):
            assert "Le 8e Club chez SFHE-Arcade" not in client.get(url).content.decode(), url
    client.force_login(staff_user)
    assert client.get(detail).status_code == 200

    client.force_login(charlie)
    edit = reverse("news:edit", args=[saved.slug])
    response = client.post(edit, form_data(status="published", meeting=meeting.pk))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.status == Article.Status.PUBLISHED
    assert saved.slug == "le-8e-club-chez-sfhe-arcade"
    assert saved.history.count() == 2

    client.logout()
    page = client.get(detail).content.decode()
    assert "<p>Premier paragraphe.</p>" in page
    assert "<p>Deuxième paragraphe.</p>" in page
    assert meeting.get_absolute_url() in page  # links to what it tells
    assert "8e Club Innovation sociale" in page
    for url in (LIST_URL, FEED_URL, HOME_URL):
        content = client.get(url).content.decode()
        assert "Le 8e Club chez SFHE-Arcade" in content, url
        assert detail in content, url


@pytest.mark.django_db
def test_a_member_who_is_not_an_animator_cannot_write_news(client, alice):
    client.force_login(alice)
    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data()).status_code == 403
    assert not Article.objects.exists()
    assert fr("Write an article") not in client.get(LIST_URL).content.decode()
    with pytest.raises(PermissionDenied):
        services.article_create(actor=alice, title="Non", text="Non")


@pytest.mark.django_db
def test_a_member_cannot_edit_a_published_article(client, alice):
    published = article()
    client.force_login(alice)
    assert client.get(reverse("news:edit", args=[published.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.article_update(actor=alice, article=published, title="Changé")


@pytest.mark.django_db
def test_staff_write_news_too(client, staff_user):
    client.force_login(staff_user)
    assert client.post(CREATE_URL, form_data(status="published")).status_code == 302
    assert Article.objects.published().count() == 1


@pytest.mark.django_db
def test_hostile_text_is_escaped_in_the_page_the_list_the_home_and_the_feed(client, charlie):
    services.article_create(
        actor=charlie,
        title=HOSTILE,
        text=f"{HOSTILE}\n\nSuite",
        status="published",
        date=datetime.date(2025, 1, 10),
    )
    saved = Article.objects.get()
    escaped = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Tom &amp; &quot;Jerry&quot;"
    for url in (saved.get_absolute_url(), LIST_URL, HOME_URL):
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert escaped in content, url
    feed = client.get(FEED_URL)
    assert feed["Content-Type"].startswith("application/atom+xml")
    content = feed.content.decode()
    assert "<script>" not in content
    # The title is text: escaped once for XML; the summary is HTML: escaped twice, so that a
    # feed reader shows the tag as text.
    assert "<title>&lt;script&gt;alert('x')&lt;/script&gt; Tom &amp; \"Jerry\"</title>" in content
    assert "&amp;lt;script&amp;gt;" in content
    assert "&lt;script&gt;alert" not in content.split("<summary", 1)[1]


@pytest.mark.django_db
def test_a_photo_is_re_encoded_without_its_exif_and_shown_with_its_credit(client, charlie):
    client.force_login(charlie)
    response = client.post(
        CREATE_URL,
        form_data(
            status="published",
            photo=photo_upload(),
            photo_alt="Sophie Matrat et Manon Venturelli",
            photo_caption="Au Saint-Georges",
            photo_credit="Michel Couartou",
        ),
    )
    assert response.status_code == 302
    saved = Article.objects.get()
    with saved.photo.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert image.size == (64, 48)
    client.logout()
    page = client.get(saved.get_absolute_url()).content.decode()
    assert saved.photo.url in page
    assert 'alt="Sophie Matrat et Manon Venturelli"' in page
    assert "Michel Couartou" in page
    assert "Au Saint-Georges" in page


@pytest.mark.django_db
def test_a_file_that_is_not_an_image_is_refused_beside_the_field_and_nothing_is_saved(
    client, charlie
):
    client.force_login(charlie)
    response = client.post(
        CREATE_URL,
        form_data(
            title="Gardé tel que tapé",
            photo=photo_upload(b"<script>alert(1)</script>", name="photo.jpg"),
            photo_alt="Une photo",
            photo_credit="Quelqu'un",
        ),
    )
    assert response.status_code == 400
    content = response.content.decode()
    refused = fr("This file is not an image that we accept: send a JPEG, PNG, WebP or GIF picture.")
    assert f'<ul class="errorlist" id="id_photo_error"><li>{refused}</li></ul>' in content
    assert 'value="Gardé tel que tapé"' in content  # the form keeps what was typed
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_photo_needs_its_credit_and_its_text_alternative(client, charlie):
    client.force_login(charlie)
    response = client.post(CREATE_URL, form_data(photo=photo_upload()))
    assert response.status_code == 400
    content = response.content.decode()
    assert f'id="id_photo_credit_error"><li>{fr("Who took the photo?")}</li>' in content
    alt_error = fr("Describe the photo for people who cannot see it.")
    assert f'id="id_photo_alt_error"><li>{alt_error}</li>' in content
    assert not Article.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.article_create(actor=charlie, title="T", text="T", photo=photo_upload())
    assert set(error.value.message_dict) == {"photo_alt", "photo_credit"}


@pytest.mark.django_db
def test_removing_the_photo_removes_its_credit(client, charlie):
    saved = services.article_create(
        actor=charlie,
        title="Avec photo",
        text="T",
        photo=photo_upload(),
        photo_alt="Une façade",
        photo_credit="ICF",
    )
    services.article_update(actor=charlie, article=saved, photo=False)
    saved.refresh_from_db()
    assert not saved.photo
    assert saved.photo_credit == ""


@pytest.mark.django_db
def test_slugs_are_unique_and_never_a_page_of_the_news(charlie):
    first = services.article_create(actor=charlie, title="Le Club", text="T")
    second = services.article_create(actor=charlie, title="Le Club", text="T")
    reserved = services.article_create(actor=charlie, title="Nouvelle", text="T")
    assert (first.slug, second.slug, reserved.slug) == ("le-club", "le-club-2", "nouvelle-2")


@pytest.mark.django_db
def test_the_page_links_only_to_what_the_visitor_may_see(client, charlie, icf):
    draft_meeting = MeetingFactory(status=Meeting.Status.DRAFT, title="Rencontre secrète")
    public = InitiativeFactory(title="Jardins ouverts", slug="jardins-ouverts", lead=icf)
    hidden = InitiativeFactory(
        title="Compost discret", slug="compost-discret", visibility="members"
    )
    saved = article(meeting=draft_meeting)
    saved.initiatives.set([public, hidden])
    page = client.get(saved.get_absolute_url()).content.decode()
    assert public.get_absolute_url() in page
    assert "Compost discret" not in page
    assert "Rencontre secrète" not in page
    client.force_login(charlie)
    assert "Compost discret" in client.get(saved.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_list_is_newest_first_and_paginated(client):
    for day in range(1, 13):
        article(title=f"Article du {day}", slug=f"article-{day}", date=datetime.date(2025, 1, day))
    content = client.get(LIST_URL).content.decode()
    assert content.index("Article du 12") < content.index("Article du 11")
    assert "Article du 2<" not in content  # ten a page
    second = client.get(LIST_URL, {"page": 2}).content.decode()
    assert "Article du 1<" in second


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_one_article_or_many(client, club):
    meeting = MeetingFactory(club=club, number=3)
    article(meeting=meeting)
    one, _ = page_queries(client, LIST_URL)
    for number in range(8):
        other = MeetingFactory(club=club, number=10 + number)
        article(title=f"Article {number}", slug=f"article-{number}", meeting=other)
    many, content = page_queries(client, LIST_URL)
    assert content.count("article-card") == 9
    assert many == one


@pytest.mark.django_db
def test_the_home_shows_the_three_latest_published_articles(client):
    for day in range(1, 5):
        article(title=f"Nouvelle du {day}", slug=f"n-{day}", date=datetime.date(2025, 2, day))
    article(title="Brouillon", slug="brouillon", status=Article.Status.DRAFT)
    content = client.get(HOME_URL).content.decode()
    for day in (2, 3, 4):
        assert f"Nouvelle du {day}" in content
    assert "Nouvelle du 1" not in content
    assert "Brouillon" not in content
    assert LIST_URL in content


@pytest.mark.django_db
def test_the_home_costs_one_query_for_its_news_whatever_their_number(client, club):
    """The news add one query to the home page (the three latest, with their meeting), the
    same for one article or many."""
    article(meeting=MeetingFactory(club=club, number=3))
    one, _ = page_queries(client, HOME_URL)
    for number in range(5):
        meeting = MeetingFactory(club=club, number=10 + number)
        article(title=f"Article {number}", slug=f"article-{number}", meeting=meeting)
    many, content = page_queries(client, HOME_URL)
    assert content.count("article-card") == 3
    assert many == one
    Article.objects.all().delete()
    none, _ = page_queries(client, HOME_URL)
    assert none == one


@pytest.mark.django_db
def test_editing_the_text_keeps_the_photo_and_clearing_it_removes_it(client, charlie):
    saved = services.article_create(
        actor=charlie,
        title="Avec photo",
        text="Avant",
        photo=photo_upload(),
        photo_alt="Une façade",
        photo_credit="ICF",
    )
    photo_name = saved.photo.name
    client.force_login(charlie)
    edit = reverse("news:edit", args=[saved.slug])
    kept = form_data(title="Avec photo", text="Après", photo_alt="Une façade", photo_credit="ICF")
    assert client.post(edit, kept).status_code == 302
    saved.refresh_from_db()
    assert (saved.text, saved.photo.name) == ("Après", photo_name)

    assert client.post(edit, {**kept, "photo-clear": "on"}).status_code == 302
    saved.refresh_from_db()
    assert not saved.photo
    assert (saved.photo_alt, saved.photo_credit) == ("", "")
