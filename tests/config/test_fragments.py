"""Cached page fragments: served from the cache while nothing changed, never stale after a
change, never shared between the public and members, never carrying a visitor's own data."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clubs.services import attendance_record
from config import fragments
from initiatives.models import Initiative
from initiatives.services import measurement_add
from landlords.permissions import is_member
from tests.factories import InitiativeFactory, ThemeFactory

CATALOGUE = reverse("initiatives:catalogue")


def text(response) -> str:
    return html.unescape(response.content.decode())


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_a_second_visit_is_served_from_the_cache_without_the_fragments_queries(client, initiative):
    cold = queries_of(client, CATALOGUE)
    warm = queries_of(client, CATALOGUE)
    assert warm == 0, "an anonymous visitor's catalogue needs no query once cached"
    assert cold > warm
    assert initiative.title in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_a_saved_initiative_shows_at_once(client, initiative, icf):
    assert "Fête des voisins" not in text(client.get(CATALOGUE))
    InitiativeFactory(title="Fête des voisins", lead=icf)
    assert "Fête des voisins" in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_a_deleted_initiative_goes_at_once(client, initiative):
    assert initiative.title in text(client.get(CATALOGUE))
    initiative.delete()
    assert initiative.title not in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_a_theme_added_through_the_m2m_shows_in_the_filtered_catalogue(client, initiative):
    sport = ThemeFactory(name="Sport et santé", slug="sport-et-sante")
    url = f"{CATALOGUE}?theme=sport-et-sante"
    assert initiative.title not in text(client.get(url))
    initiative.themes.add(sport)
    assert initiative.title in text(client.get(url))


@pytest.mark.django_db
def test_a_bulk_update_by_a_service_shows_at_once(client, alice, meeting, charlie):
    """Taking attendance marks the meeting held with a bulk UPDATE, which sends no signal."""
    from clubs.models import Registration

    meeting.date = timezone.localdate()
    meeting.save()
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed", attended=True)
    url = reverse("clubs:home")
    client.get(url)
    generation = fragments.generation()
    attendance_record(actor=charlie, meeting=meeting, attended_user_ids=[alice.pk])
    assert fragments.generation() != generation
    meeting.refresh_from_db()
    assert meeting.status == "held"


@pytest.mark.django_db
def test_a_measurement_shows_on_the_cached_initiative_page(client, alice, initiative):
    url = initiative.get_absolute_url()
    assert "17" not in text(client.get(url)).split("Indicateurs")[1].split("</table>")[0]
    measurement_add(
        actor=alice,
        indicator=initiative.indicators.get(),
        date=datetime.date(2026, 6, 1),
        value=17,
    )
    assert "17" in text(client.get(url)).split("Indicateurs")[1]


@pytest.mark.django_db
def test_members_and_the_public_never_share_a_fragment(client, alice, shared_initiative):
    client.force_login(alice)
    assert shared_initiative.title in text(client.get(CATALOGUE))
    client.logout()
    assert shared_initiative.title not in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_the_contact_cached_for_members_is_not_served_to_the_public(client, alice, bob, initiative):
    Initiative.objects.filter(pk=initiative.pk).update(contact=bob)
    fragments.content_changed()
    client.force_login(alice)
    assert "Bob Durand" in text(client.get(initiative.get_absolute_url()))
    client.logout()
    assert "Bob Durand" not in text(client.get(initiative.get_absolute_url()))


@pytest.mark.django_db
def test_editors_links_are_cached_apart_from_readers(client, alice, bob, initiative):
    edit = reverse("initiatives:edit", args=[initiative.slug])
    client.force_login(alice)
    assert edit in client.get(initiative.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert edit not in client.get(initiative.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_fragment_holds_nothing_of_the_visitor_who_filled_it(client, alice, initiative):
    """The live page around it has Alice's CSRF token and menu; the cached part has neither."""
    client.force_login(alice)
    client.get(CATALOGUE)
    # The catalogue's key for a member and no filter (see initiatives.views.catalogue).
    key = fragments.key("initiatives/_catalogue_body.html", [is_member(alice), []])

    cached = fragments.read(key)
    assert cached is not None
    assert initiative.title in cached
    assert "csrfmiddlewaretoken" not in cached
    assert "Alice" not in cached
    assert "alice@example.org" not in cached


@pytest.mark.django_db
def test_each_language_has_its_own_fragment(client, initiative):
    french = text(client.get(CATALOGUE))
    english = text(
        client.post(reverse("set_language"), {"language": "en", "next": CATALOGUE}, follow=True)
    )
    assert "1 initiative" in french
    assert "Filtrer" in french
    assert "Filter" in english
    assert "Filtrer" not in english


@pytest.mark.django_db
def test_what_was_read_during_a_change_is_not_kept_after_the_commit(
    initiative, django_capture_on_commit_callbacks
):
    """A request that read the rows while a change was in flight may cache them under the new
    token; the token changes again on commit, so that entry is never served."""
    with django_capture_on_commit_callbacks(execute=True):
        initiative.title = "Nouveau titre"
        initiative.save()
        during = fragments.generation()
    assert fragments.generation() != during


@pytest.mark.django_db
def test_a_sign_in_does_not_throw_the_cache_away(client, alice):
    generation = fragments.generation()
    client.force_login(alice)  # saves last_login
    assert fragments.generation() == generation


@pytest.mark.django_db
def test_the_cahier_is_served_again_without_gathering_its_data(client, alice, meeting, settings):
    from django.core.cache import cache

    meeting.date = timezone.localdate() - datetime.timedelta(days=1)
    meeting.registration_closes_on = meeting.date
    meeting.status = "held"
    meeting.cahier_published_at = timezone.now()
    meeting.save()
    url = reverse("reports:cahier", args=[meeting.pk])
    client.force_login(alice)
    pdf = client.get(url).content
    assert pdf.startswith(b"%PDF")
    served = queries_of(client, url)
    cache.clear()  # the file stays on disk; what pointed at it is gone
    client.force_login(alice)
    gathered = queries_of(client, url)
    assert served < gathered, "while nothing changed, the meeting's data is not read again"
    assert client.get(url).content == pdf
    meeting.cahier_title = "Cahier du Saint Georges"
    meeting.save()
    assert client.get(url).content != pdf, "a change gives a new Cahier at once"


@pytest.mark.django_db
def test_the_cached_directory_follows_consent(client, alice, bob):
    url = reverse("landlords:member-list")
    client.force_login(alice)
    assert "Bob Durand" not in text(client.get(url))
    bob.directory_consent = True
    bob.save()
    assert "Bob Durand" in text(client.get(url))
    bob.directory_consent = False
    bob.save()
    assert "Bob Durand" not in text(client.get(url))


@pytest.mark.django_db
def test_an_animator_removed_from_a_club_loses_the_approvals_link_at_once(client, club, charlie):
    queue = reverse("landlords:approval-queue")
    client.force_login(charlie)
    assert queue in client.get(reverse("clubs:home")).content.decode()
    club.animators.remove(charlie)
    assert queue not in client.get(reverse("clubs:home")).content.decode()


@pytest.mark.django_db
def test_the_cached_meeting_page_gives_restitution_links_to_the_right_people(
    client, meeting, workshop, rita, bob, charlie
):
    from clubs.models import SessionLog

    SessionLog.objects.create(workshop=workshop, author=rita, status="submitted", summary="…")
    url = reverse("clubs:meeting-detail", args=[meeting.pk])
    log = reverse("clubs:session-log", args=[workshop.pk])
    client.force_login(rita)
    assert "Ma restitution" in text(client.get(url))
    client.force_login(bob)  # a member of the same organisation, not the rapporteur
    page = text(client.get(url))
    assert "Ma restitution" not in page
    assert log not in page, "a submitted log is not for every member"
    client.force_login(charlie)  # the club's animator reviews it
    assert log in text(client.get(url))
    client.logout()
    assert log not in text(client.get(url))


@pytest.mark.django_db
def test_the_cached_meeting_page_shows_a_new_participant_to_members_only(
    client, meeting, alice, bob
):
    from clubs.services import registration_create

    url = reverse("clubs:meeting-detail", args=[meeting.pk])
    client.force_login(bob)
    page = text(client.get(url))
    assert "Alice Martin" not in page
    assert "10 places restantes sur 10" in page
    registration_create(actor=alice, meeting=meeting, workshop=None, dietary_note="")
    page = text(client.get(url))
    assert "Alice Martin" in page
    assert "9 places restantes sur 10" in page
    client.logout()
    page = text(client.get(url))
    assert "Alice Martin" not in page
    assert "1 personne inscrite" in page


def test_the_release_digest_follows_the_templates(settings, tmp_path):
    """The cache outlives a deployment: a changed template gives every key a new release."""
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>v1</p>")
    settings.BASE_DIR = tmp_path
    settings.PROJECT_APPS = []
    fragments.release.cache_clear()
    try:
        first = fragments.release()
        page.write_text("<p>v2</p>")
        fragments.release.cache_clear()
        assert fragments.release() != first
    finally:
        fragments.release.cache_clear()


@pytest.mark.django_db
def test_a_change_that_cannot_reach_the_cache_is_not_saved(alice, initiative, monkeypatch):
    """Saving without invalidating would leave stale pages once the cache is back."""
    import redis

    class Down:
        def get(self, *args, **kwargs):
            raise redis.exceptions.ConnectionError("cache down")

        set = add = get

    monkeypatch.setattr(fragments, "cache", Down())
    monkeypatch.setattr(fragments._seen, "tokens", {}, raising=False)
    with pytest.raises(redis.exceptions.ConnectionError):
        measurement_add(
            actor=alice, indicator=initiative.indicators.get(), date=timezone.localdate(), value=3
        )
    assert not initiative.indicators.get().measurements.exists()


@pytest.mark.django_db
def test_without_a_shared_cache_nothing_is_cached(client, initiative, settings):
    """Production without Redis runs several workers with a cache each: fragments are off."""
    settings.FRAGMENT_CACHE = False
    first = queries_of(client, CATALOGUE)
    assert queries_of(client, CATALOGUE) == first > 0
    initiative.title = "Jardins renommés"
    initiative.save()
    assert "Jardins renommés" in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_tracking_parameters_share_the_cached_page(client, initiative):
    client.get(CATALOGUE + "?theme=jardins-partages")
    assert queries_of(client, CATALOGUE + "?theme=jardins-partages&utm_source=lettre") == 0
    assert queries_of(client, CATALOGUE + "?utm_source=lettre&theme=jardins-partages&fbclid=x") == 0


@pytest.mark.django_db
def test_a_change_committed_while_a_page_is_built_is_not_cached_as_current(
    client, meeting, monkeypatch
):
    """Another worker commits a change after this request read the meeting: what this request
    caches is filed under the generation it read first, so the next request, under the new
    generation, shows the change."""
    from clubs import views
    from clubs.models import Meeting

    url = reverse("clubs:meeting-detail", args=[meeting.pk])
    count = views.meeting_counts

    def another_worker_commits_meanwhile(found):
        Meeting.objects.filter(pk=found.pk).update(venue="Nouveau lieu")
        fragments.cache.set(fragments.GENERATION_KEY, "after-the-other-commit", None)
        return count(found)

    monkeypatch.setattr(views, "meeting_counts", another_worker_commits_meanwhile)
    assert "Nouveau lieu" not in text(client.get(url))
    monkeypatch.setattr(views, "meeting_counts", count)
    assert "Nouveau lieu" in text(client.get(url))


@pytest.mark.django_db(transaction=True)
def test_a_change_outside_a_transaction_is_kept_when_the_cache_is_down(
    meeting, monkeypatch, caplog
):
    import redis

    class Down:
        def set(self, *args, **kwargs):
            raise redis.exceptions.ConnectionError("cache down")

    monkeypatch.setattr(fragments, "cache", Down())
    meeting.venue = "Salle du conseil"
    meeting.save()  # autocommit: the row is saved before the signal runs
    meeting.refresh_from_db()
    assert meeting.venue == "Salle du conseil"
    assert "could not reach the cache" in caplog.text


@pytest.mark.django_db
def test_emails_sent_on_commit_go_even_when_the_cache_fails_at_commit(
    alice, meeting, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    import redis

    from clubs.services import registration_create

    cache = {"down": False, "failed": 0}

    def new_generation(scope=fragments.CONTENT):
        if cache["down"]:
            cache["failed"] += 1
            raise redis.exceptions.ConnectionError("cache down")

    monkeypatch.setattr(fragments, "_new_generation", new_generation)
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(actor=alice, meeting=meeting, workshop=None, dietary_note="")
        cache["down"] = True  # the signal's bump worked; the one at commit fails
    assert cache["failed"] >= 1
    assert [message.to for message in mailoutbox] == [["alice@example.org"]]


@pytest.mark.django_db
def test_clear_fragments_forgets_every_page(client, initiative):
    from django.core.management import call_command

    client.get(CATALOGUE)
    from initiatives.models import Initiative as Model

    Model.objects.filter(pk=initiative.pk).update(title="Titre changé en SQL")
    assert "Titre changé en SQL" not in text(client.get(CATALOGUE))
    call_command("clear_fragments")
    assert "Titre changé en SQL" in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_public_meeting_page_never_shows_an_email_for_a_nameless_facilitator(
    client, meeting, workshop, fabien
):
    fabien.full_name = ""
    fabien.save()
    page = text(client.get(reverse("clubs:meeting-detail", args=[meeting.pk])))
    assert "fabien@example.org" not in page
    assert "un membre du club" in page


@pytest.mark.django_db
def test_the_clubs_one_animates_outlive_changes_to_other_content(client, charlie, initiative):
    client.force_login(charlie)
    client.get(reverse("clubs:home"))
    initiative.title = "Autre titre"
    initiative.save()  # a new content generation: the page body is built again…
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("clubs:home"))
    assert not [q for q in queries if "clubs_club_animators" in q["sql"]], "…not the animators"
    assert [q for q in queries if "clubs_meeting" in q["sql"]]


class CacheReads:
    """Counts the round trips to the cache (get, get_many) of the requests made meanwhile."""

    def __init__(self, monkeypatch):
        self.count = 0
        self.depth = 0  # the test cache's get_many calls its own get: one round trip in Redis
        for name in ("get", "get_many"):
            original = getattr(fragments.cache, name)
            monkeypatch.setattr(fragments.cache, name, self.counting(original))

    def counting(self, original):
        def call(*args, **kwargs):
            self.count += self.depth == 0
            self.depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self.depth -= 1

        return call


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "at_most"),
    [
        ("meeting", 1),
        ("cahier", 1),
        ("directory", 1),
        ("home", 1),
        ("home-anonymous", 1),
        ("initiative", 1),
        ("initiative-anonymous", 1),
        ("catalogue", 1),
        ("catalogue-anonymous", 1),
    ],
)
def test_a_cached_page_reads_the_cache_in_few_round_trips(
    client, alice, bob, meeting, workshop, initiative, monkeypatch, page, at_most
):
    """The tokens and the page's values come with the signed-in account, in one read. (The
    session is in the database here; in production it is one read more.)"""
    from django.utils import timezone as tz

    meeting.cahier_published_at = tz.now()
    meeting.status = "held"
    meeting.save()
    url = {
        "meeting": reverse("clubs:meeting-detail", args=[meeting.pk]),
        "cahier": reverse("reports:cahier", args=[meeting.pk]),
        "directory": reverse("landlords:member-list"),
        "home": reverse("clubs:home"),
        "home-anonymous": reverse("clubs:home"),
        "initiative": initiative.get_absolute_url(),
        "initiative-anonymous": initiative.get_absolute_url(),
        "catalogue": CATALOGUE + "?theme=jardins-partages",
        "catalogue-anonymous": CATALOGUE + "?theme=jardins-partages",
    }[page]
    if not page.endswith("-anonymous"):
        # A reader of the initiative (Alice's organisation leads it: she may edit it).
        client.force_login(bob if page == "initiative" else alice)
    client.get(url)
    client.get(url)
    reads = CacheReads(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert [q for q in queries if "django_session" not in q["sql"]] == []
    assert reads.count <= at_most


@pytest.mark.django_db
def test_a_value_stored_under_an_older_token_is_not_served():
    key = fragments.key("a-value", [1])
    fragments.store(key, "built before a change", token=fragments.generation())
    assert fragments.read(key) == "built before a change"
    fragments.content_changed(fragments.CONTENT)
    assert fragments.read(key) is None
    assert fragments.remember("a-value", lambda: "built again", vary=[1]) == "built again"


@pytest.mark.django_db
def test_a_value_prefetched_before_a_change_is_not_served_after_it(monkeypatch):
    assert fragments.remember("a-value", lambda: "first", vary=[1]) == "first"
    fragments.prefetch(("a-value", [1]), ("not-cached", [2]))
    reads = CacheReads(monkeypatch)
    fragments.content_changed(fragments.CONTENT)  # made by this very request
    assert fragments.remember("a-value", lambda: "second", vary=[1]) == "second"
    assert fragments.remember("not-cached", lambda: "computed", vary=[2]) == "computed"
    assert reads.count == 0, "both were read by the prefetch, the miss included"


@pytest.mark.django_db
def test_another_scopes_change_keeps_a_prefetched_value(monkeypatch):
    fragments.remember("clubs-of", lambda: {1, 2}, vary=[7], scope="animators")
    fragments._seen.tokens = {}  # a new request
    reads = CacheReads(monkeypatch)
    fragments.prefetch(("clubs-of", [7], "animators"))
    assert reads.count == 1, "the tokens and the value in one round trip"
    fragments.content_changed(fragments.CONTENT)
    assert fragments.remember("clubs-of", set, vary=[7], scope="animators") == {1, 2}


@pytest.mark.django_db
def test_an_account_awaiting_approval_gets_the_public_pages_though_signed_in(
    client, alice, bob, unapproved, shared_initiative, initiative
):
    """Pages guess "member" for a signed-in visitor when they read the cache ahead; the
    guess never serves an account awaiting approval the members' version."""
    Initiative.objects.filter(pk=initiative.pk).update(contact=bob)
    fragments.content_changed()
    client.force_login(alice)  # the members' versions are cached first
    assert shared_initiative.title in text(client.get(CATALOGUE))
    assert "Bob Durand" in text(client.get(initiative.get_absolute_url()))
    client.force_login(unapproved)
    assert shared_initiative.title not in text(client.get(CATALOGUE))
    assert "Bob Durand" not in text(client.get(initiative.get_absolute_url()))


@pytest.mark.django_db
def test_a_session_that_no_longer_matches_its_account_gets_the_public_pages(
    client, alice, shared_initiative
):
    client.force_login(alice)
    assert shared_initiative.title in text(client.get(CATALOGUE))
    alice.set_password("Un-autre-mot-de-passe-2026")
    alice.save()  # the session's hash no longer matches: signed out
    assert shared_initiative.title not in text(client.get(CATALOGUE))


@pytest.mark.django_db
def test_nothing_a_page_declared_is_left_for_a_later_lookup(client, alice, meeting):
    client.force_login(alice)
    client.get(reverse("clubs:meeting-detail", args=[meeting.pk]))
    assert fragments.take_pending() == []
    client.logout()
    client.get(reverse("landlords:member-list"))  # sent to sign in
    assert fragments.take_pending() == []
