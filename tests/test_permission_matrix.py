"""Every URL of the project (the admin and allauth aside) against every role, in one table.

A view added without a row here makes `test_every_url_of_the_project_has_a_row` fail. Each cell
is the status the role gets: 200 shown, 302 redirected (to the login or waiting page, or after a
POST that did its work), 403 forbidden action on something visible, 404 not visible, 405 wrong
method. Each request runs in a savepoint rolled back afterwards, so POSTs do not leak.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from clubs.models import (
    Action,
    AgendaDocument,
    AgendaItem,
    FlashMeeting,
    FlashProfile,
    FlashRequest,
    FlashSession,
    Meeting,
    Registration,
    SessionLog,
    Workshop,
)
from initiatives.models import CallForProjects, Funding, Indicator, Measurement, Photo, Resource
from jobs.models import Export
from landlords.models import Residence
from news.models import Article
from notices.services import unsubscribe_token
from places.selectors import commune_named
from tests.factories import InitiativeFactory, MeetingFactory, UserFactory

ROLES = ["anonymous", "unapproved", "alice", "bob", "edith", "rita", "charlie", "staff_user"]
# Third-party pages the project only includes: allauth's own tests cover them.
OUTSIDE = ("admin:", "account_")


def row(anonymous, unapproved, alice, bob, edith, rita, charlie, staff):
    values = [anonymous, unapproved, alice, bob, edith, rita, charlie, staff]
    return dict(zip(ROLES, values, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 200)
MEMBERS = row(302, 302, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(302, 200, 200, 200, 200, 200, 200, 200)
ANIMATORS = row(302, 302, 403, 403, 403, 403, 200, 200)
ANIMATORS_POST = row(302, 302, 403, 403, 403, 403, 302, 302)
ICF_EDITORS = row(302, 302, 403, 403, 200, 403, 403, 200)
ICF_MEMBERS = row(302, 302, 200, 403, 200, 403, 403, 200)

# url name: (method, expected statuses by role). The objects come from the `world` fixture.
MATRIX = {
    "healthz": ("get", EVERYONE),
    "readyz": ("get", EVERYONE),
    # landlords
    "landlords:awaiting-approval": ("get", row(302, 200, 302, 302, 302, 302, 302, 302)),
    "landlords:profile": ("get", MEMBERS),
    "landlords:my-data": ("get", SIGNED_IN),
    "landlords:account-delete": ("get", SIGNED_IN),
    "landlords:approval-queue": ("get", row(302, 403, 403, 403, 403, 403, 200, 200)),
    "landlords:approval-approve": ("post", row(302, 403, 403, 403, 403, 403, 302, 302)),
    "landlords:approval-confirm": ("get", row(302, 403, 403, 403, 403, 403, 200, 200)),
    "landlords:approval-refuse": ("get", row(302, 403, 403, 403, 403, 403, 200, 200)),
    "landlords:member-list": ("get", MEMBERS),
    "landlords:member-detail": ("get", MEMBERS),
    "landlords:organisation-list": ("get", EVERYONE),
    "landlords:organisation-detail": ("get", EVERYONE),
    "landlords:organisation-edit": ("get", ICF_EDITORS),
    "landlords:residence-create": ("get", ICF_EDITORS),
    "landlords:residence-edit": ("get", ICF_EDITORS),
    "landlords:residence-delete": ("get", ICF_EDITORS),
    # clubs
    "clubs:home": ("get", EVERYONE),
    "clubs:dashboard": ("get", MEMBERS),
    "clubs:my-registrations": ("get", MEMBERS),
    "clubs:club-detail": ("get", EVERYONE),
    "clubs:club-calendar": ("get", EVERYONE),
    "clubs:action-list": ("get", MEMBERS),
    "clubs:action-status": ("post", row(302, 302, 302, 403, 302, 403, 302, 302)),
    "clubs:meeting-create": ("get", ANIMATORS),
    "clubs:event-create": ("get", row(302, 302, 403, 403, 403, 403, 403, 200)),
    "clubs:meeting-detail": ("get", EVERYONE),
    "clubs:meeting-ics": ("get", EVERYONE),
    "clubs:meeting-edit": ("get", ANIMATORS),
    # GET asks first (a confirmation page), POST acts.
    "clubs:meeting-publish": ("get", ANIMATORS),
    "clubs:meeting-unpublish": ("get", ANIMATORS),
    "clubs:cahier-unpublish": ("get", ANIMATORS),
    "clubs:registration-change": ("post", row(302, 302, 400, 404, 404, 404, 302, 302)),
    "clubs:walk-in-add": ("post", row(302, 302, 403, 403, 403, 403, 400, 400)),
    # Without a choice of workshop: the form again, with its errors.
    "clubs:register": ("post", row(302, 302, 400, 400, 400, 400, 400, 400)),
    "clubs:registration-cancel": ("get", row(302, 302, 200, 404, 404, 404, 200, 200)),
    "clubs:attendance": ("get", ANIMATORS),
    # The Cahier's texts and a talk's documents: written by animators, read with the Cahier.
    "clubs:cahier-content": ("get", ANIMATORS),
    "clubs:agenda-document-add": ("post", row(302, 302, 403, 403, 403, 403, 400, 400)),
    "clubs:agenda-document-delete": ("post", ANIMATORS_POST),
    "clubs:agenda-document": ("get", EVERYONE),
    "reports:cahier-docx": ("get", ANIMATORS),
    # flash meetings: alice is registered to the event and has a profile
    "clubs:flash": ("get", MEMBERS),
    "clubs:flash-manage": ("get", ANIMATORS),
    "clubs:flash-plan": ("get", ANIMATORS),
    "clubs:flash-agenda": ("get", row(302, 302, 200, 403, 403, 403, 200, 200)),
    "clubs:flash-agenda-ics": ("get", row(302, 302, 200, 403, 403, 403, 200, 200)),
    "clubs:flash-agenda-pdf": ("get", row(302, 302, 200, 403, 403, 403, 200, 200)),
    "clubs:flash-request": ("post", row(302, 302, 302, 403, 403, 403, 403, 403)),
    "clubs:flash-answer": ("post", row(302, 302, 302, 404, 404, 404, 404, 404)),
    "clubs:flash-qualify": ("post", row(302, 302, 302, 403, 403, 403, 403, 403)),
    # One meeting's page: its two sides (alice, ICF, and Olivier, Chalets), the members of their
    # organisations (who carry its next steps) and the organisers; hidden from the others (see
    # tests/clubs/test_flash_follow_up.py for a member of a third organisation).
    "clubs:flash-followup": ("get", row(302, 302, 200, 200, 200, 200, 200, 200)),
    "clubs:sign-in-sheet": ("get", ANIMATORS),
    "clubs:participants-csv": ("get", ANIMATORS),
    # A draft restitution: its rapporteur, the animators and staff only.
    "clubs:session-log": ("get", row(404, 404, 404, 404, 404, 200, 200, 200)),
    "clubs:session-log-approve": ("post", ANIMATORS_POST),
    "clubs:session-log-return": ("post", ANIMATORS_POST),
    "clubs:session-log-history": ("get", ANIMATORS),
    # initiatives (the initiative is ICF's, public)
    "initiatives:catalogue": ("get", EVERYONE),
    "initiatives:create": ("get", MEMBERS),
    "initiatives:export": ("get", EVERYONE),
    "initiatives:feed": ("get", EVERYONE),
    "initiatives:impact": ("get", EVERYONE),
    "initiatives:map": ("get", EVERYONE),
    "places:suggest": ("get", EVERYONE),
    "initiatives:detail": ("get", EVERYONE),
    "initiatives:edit": ("get", ICF_MEMBERS),
    "initiatives:indicator-add": ("get", ICF_MEMBERS),
    "initiatives:measurement-add": ("get", ICF_MEMBERS),
    "initiatives:assessment-add": ("get", ICF_MEMBERS),
    "initiatives:photo-add": ("get", ICF_MEMBERS),
    "initiatives:data": ("get", ICF_MEMBERS),
    "initiatives:indicator-edit": ("get", ICF_MEMBERS),
    "initiatives:indicator-delete": ("get", ICF_MEMBERS),
    "initiatives:measurement-edit": ("get", ICF_MEMBERS),
    "initiatives:measurement-delete": ("get", ICF_MEMBERS),
    "initiatives:photo-edit": ("get", ICF_MEMBERS),
    "initiatives:photo-delete": ("get", ICF_MEMBERS),
    "initiatives:funding-add": ("get", ICF_MEMBERS),
    "initiatives:funding-edit": ("get", ICF_MEMBERS),
    "initiatives:funding-delete": ("get", ICF_MEMBERS),
    "initiatives:meeting-photo-add": ("get", ANIMATORS),
    "initiatives:call-list": ("get", EVERYONE),
    "initiatives:call-detail": ("get", EVERYONE),
    "initiatives:toolbox": ("get", EVERYONE),
    "initiatives:resource-add": ("get", MEMBERS),
    "initiatives:resource-download": ("get", EVERYONE),
    # Added by alice: she and staff remove it.
    "initiatives:resource-delete": ("post", row(302, 302, 302, 403, 403, 403, 403, 302)),
    # the footer's pages
    "pages:legal": ("get", EVERYONE),
    "pages:privacy": ("get", EVERYONE),
    "pages:accessibility": ("get", EVERYONE),
    # reports
    "reports:cahier": ("get", EVERYONE),
    "reports:cahier-publish": ("get", ANIMATORS),
    "reports:initiative-sheet": ("get", EVERYONE),
    "reports:catalogue": ("get", EVERYONE),
    "reports:open-data": ("get", EVERYONE),
    "reports:open-data-file": ("get", EVERYONE),
    # notices (the unsubscribe link is alice's: its signed token is the proof, no sign-in)
    "notices:preferences": ("get", MEMBERS),
    "notices:follow": ("post", row(302, 302, 302, 302, 302, 302, 302, 302)),
    "notices:unsubscribe": ("get", EVERYONE),
    # news (the article is published; animators of any club and staff write)
    "news:list": ("get", EVERYONE),
    "news:feed": ("get", EVERYONE),
    "news:detail": ("get", EVERYONE),
    "news:create": ("get", ANIMATORS),
    "news:edit": ("get", ANIMATORS),
    # the JSON API: the same public answer for everyone, signed in or not
    "api:api-root": ("get", row(302, 302, 302, 302, 302, 302, 302, 302)),
    # jobs: a prepared export is its requester's alone (here staff_user's)
    "jobs:export-new": ("get", SIGNED_IN),
    "jobs:export": ("get", row(302, 404, 404, 404, 404, 404, 404, 200)),
    "jobs:export-download": ("get", row(302, 404, 404, 404, 404, 404, 404, 200)),
    "api:openapi-json": ("get", EVERYONE),
    "api:openapi-view": ("get", EVERYONE),
    "api:initiative-list": ("get", EVERYONE),
    "api:initiative-detail": ("get", EVERYONE),
    "api:organisation-list": ("get", EVERYONE),
    "api:organisation-detail": ("get", EVERYONE),
    "api:meeting-list": ("get", EVERYONE),
    "api:meeting-detail": ("get", EVERYONE),
    "api:call-list": ("get", EVERYONE),
    "api:call-detail": ("get", EVERYONE),
    "api:article-list": ("get", EVERYONE),
    "api:article-detail": ("get", EVERYONE),
}

# Things one may not see stay invisible: extra cells on other objects.
HIDDEN = {
    "draft meeting": ("clubs:meeting-detail", row(404, 404, 404, 404, 404, 404, 200, 200)),
    "members-only initiative": ("initiatives:detail", row(404, 404, 200, 200, 200, 200, 200, 200)),
    "unpublished Cahier": ("reports:cahier", row(404, 404, 404, 404, 404, 404, 200, 200)),
    "member not in the directory": (
        "landlords:member-detail",
        row(302, 302, 404, 404, 404, 404, 404, 200),
    ),
    # Non-editors are stopped at the organisation (403); its editors find no such residence.
    "another landlord's residence": (
        "landlords:residence-edit",
        row(302, 302, 403, 403, 404, 403, 403, 404),
    ),
    "draft article": ("news:detail", row(404, 404, 404, 404, 404, 404, 200, 200)),
    "a draft meeting's document": (
        "clubs:agenda-document",
        row(404, 404, 404, 404, 404, 404, 200, 200),
    ),
    "a document before its Cahier is out": (
        "clubs:agenda-document",
        row(404, 404, 404, 404, 404, 404, 200, 200),
    ),
    # The API holds only what the public sees, whoever asks.
    "members-only initiative in the API": ("api:initiative-detail", row(*[404] * 8)),
    "draft meeting in the API": ("api:meeting-detail", row(*[404] * 8)),
    "draft article in the API": ("api:article-detail", row(*[404] * 8)),
}


def project_url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith(OUTSIDE)}


@pytest.fixture
def world(club, icf, chalets, alice, bob, edith, rita, charlie, staff_user, unapproved, workshop):
    """One of each object the URLs name, seen from ICF Habitat's side."""
    meeting = workshop.meeting
    alice.directory_consent = True
    alice.save()
    hidden_member = UserFactory(full_name="Hugo Discret", organisation=chalets)
    residence = Residence.objects.create(
        landlord=icf, name="Le Saint-Georges", commune=commune_named("Marseille")
    )
    other_residence = Residence.objects.create(
        landlord=chalets, name="Marvig", commune=commune_named("Toulouse")
    )
    registration = Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    flash_session = FlashSession.objects.create(meeting=meeting, status="open", rounds=2, tables=2)
    olivier = UserFactory(full_name="Olivier Flash", organisation=chalets)
    Registration.objects.create(meeting=meeting, user=olivier, status="confirmed")
    alice_profile = FlashProfile.objects.create(
        session=flash_session, user=alice, available_rounds=[1, 2]
    )
    olivier_profile = FlashProfile.objects.create(
        session=flash_session, user=olivier, available_rounds=[1, 2]
    )
    flash_request = FlashRequest.objects.create(
        session=flash_session, sender=olivier_profile, recipient=alice_profile
    )
    flash_meeting = FlashMeeting.objects.create(
        session=flash_session, first=alice_profile, second=olivier_profile, round=1, table=1
    )
    log = SessionLog.objects.create(workshop=workshop, author=rita, summary="Brouillon")
    held = MeetingFactory(
        club=club,
        number=7,
        date=datetime.date(2023, 6, 19),
        status=Meeting.Status.HELD,
        cahier_published_at=timezone.now(),
    )
    approved_workshop = Workshop.objects.create(meeting=held, title="Intergénérationnel")
    approved = SessionLog.objects.create(
        workshop=approved_workshop,
        author=rita,
        summary="Restitution validée",
        status=SessionLog.Status.APPROVED,
        approved_at=timezone.now(),
    )
    action = Action.objects.create(
        session_log=approved, meeting=approved.workshop.meeting, title="Recenser", owner=icf
    )
    unpublished = MeetingFactory(club=club, number=6, status=Meeting.Status.HELD)
    draft = MeetingFactory(club=club, number=9, status=Meeting.Status.DRAFT)
    initiative = InitiativeFactory(title="Jardins du Saint-Georges", slug="jardins", lead=icf)
    indicator = Indicator.objects.create(initiative=initiative, name="participants")
    measurement = Measurement.objects.create(
        indicator=indicator, date=datetime.date(2025, 3, 1), value=12
    )
    funding = Funding.objects.create(initiative=initiative, funder=chalets, amount=11000)
    photo = Photo(initiative=initiative, alt_text="Un potager", credit="ICF", consent=True)
    photo.image.save("potager.png", ContentFile(b"not read"), save=False)
    photo.save()
    members_only = InitiativeFactory(title="Compost", slug="compost", visibility="members")
    call = CallForProjects.objects.create(
        organiser=chalets, title="Habitat et Initiatives solidaires", slug="his", status="open"
    )
    resource = Resource(title="Guide", kind="guide", added_by=alice, filename="guide.pdf")
    resource.file.save("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    resource.save()
    article = Article.objects.create(
        title="Lancement du club", slug="lancement", text="Le 10 octobre.", status="published"
    )
    draft_article = Article.objects.create(title="Brouillon", slug="brouillon", text="Secret.")
    talk = AgendaItem.objects.create(
        meeting=meeting, start_time=datetime.time(10), kind="plenary", title="La Poste"
    )
    document = AgendaDocument(item=talk, title="Diaporama", filename="diaporama.pdf")
    document.file.save("diaporama.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    published_document = AgendaDocument(
        item=AgendaItem.objects.create(
            meeting=held, start_time=datetime.time(10), kind="plenary", title="La Poste"
        ),
        title="Diaporama du 7e Club",
        filename="diaporama.pdf",
    )
    published_document.file.save("diapo7.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    published_document.save()
    draft_document = AgendaDocument(
        item=AgendaItem.objects.create(
            meeting=draft, start_time=datetime.time(10), kind="plenary", title="Secret"
        ),
        title="Brouillon",
        filename="brouillon.pdf",
    )
    draft_document.file.save("brouillon.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    draft_document.save()
    export = Export(requested_by=staff_user, kind="catalogue", format="csv", status="ready")
    export.file.save("export.csv", ContentFile(b"\xef\xbb\xbfTitre\n"), save=False)
    export.save()
    return {
        "healthz": {},
        "readyz": {},
        "landlords:approval-approve": {"pk": unapproved.pk},
        "landlords:approval-confirm": {"pk": unapproved.pk},
        "landlords:approval-refuse": {"pk": unapproved.pk},
        "landlords:member-detail": {"pk": alice.pk},
        "landlords:organisation-detail": {"slug": icf.slug},
        "landlords:organisation-edit": {"slug": icf.slug},
        "landlords:residence-create": {"slug": icf.slug},
        "landlords:residence-edit": {"slug": icf.slug, "pk": residence.pk},
        "landlords:residence-delete": {"slug": icf.slug, "pk": residence.pk},
        "clubs:club-detail": {"slug": club.slug},
        "clubs:club-calendar": {"slug": club.slug},
        "clubs:action-list": {"slug": club.slug},
        "clubs:action-status": {"pk": action.pk},
        "clubs:meeting-create": {"slug": club.slug},
        "clubs:meeting-detail": {"pk": meeting.pk},
        "clubs:meeting-ics": {"pk": meeting.pk},
        "clubs:meeting-edit": {"pk": meeting.pk},
        "clubs:meeting-publish": {"pk": meeting.pk},
        "clubs:register": {"pk": meeting.pk},
        "clubs:registration-cancel": {"pk": registration.pk},
        "clubs:registration-change": {"pk": registration.pk},
        "clubs:meeting-unpublish": {"pk": meeting.pk},
        "clubs:cahier-unpublish": {"pk": held.pk},
        "clubs:walk-in-add": {"pk": held.pk},
        "clubs:attendance": {"pk": meeting.pk},
        "clubs:cahier-content": {"pk": meeting.pk},
        "clubs:agenda-document-add": {"pk": meeting.pk, "item_pk": talk.pk},
        "clubs:agenda-document-delete": {"pk": meeting.pk, "document_pk": document.pk},
        "clubs:agenda-document": {"pk": held.pk, "document_pk": published_document.pk},
        "clubs:flash": {"pk": meeting.pk},
        "clubs:flash-manage": {"pk": meeting.pk},
        "clubs:flash-plan": {"pk": meeting.pk},
        "clubs:flash-agenda": {"pk": meeting.pk},
        "clubs:flash-agenda-ics": {"pk": meeting.pk},
        "clubs:flash-agenda-pdf": {"pk": meeting.pk},
        "clubs:flash-request": {"pk": meeting.pk, "profile_pk": olivier_profile.pk},
        "clubs:flash-answer": {"pk": meeting.pk, "request_pk": flash_request.pk},
        "clubs:flash-qualify": {"pk": meeting.pk, "meeting_pk": flash_meeting.pk},
        "clubs:flash-followup": {"pk": meeting.pk, "meeting_pk": flash_meeting.pk},
        "clubs:sign-in-sheet": {"pk": meeting.pk},
        "clubs:participants-csv": {"pk": meeting.pk},
        "clubs:session-log": {"pk": log.workshop_id},
        "clubs:session-log-approve": {"pk": log.workshop_id},
        "clubs:session-log-return": {"pk": log.workshop_id},
        "clubs:session-log-history": {"pk": log.workshop_id},
        "initiatives:export": {"fmt": "csv"},
        "initiatives:detail": {"slug": initiative.slug},
        "initiatives:edit": {"slug": initiative.slug},
        "initiatives:indicator-add": {"slug": initiative.slug},
        "initiatives:measurement-add": {"slug": initiative.slug, "pk": indicator.pk},
        "initiatives:assessment-add": {"slug": initiative.slug},
        "initiatives:photo-add": {"slug": initiative.slug},
        "initiatives:data": {"slug": initiative.slug},
        "initiatives:indicator-edit": {"slug": initiative.slug, "pk": indicator.pk},
        "initiatives:indicator-delete": {"slug": initiative.slug, "pk": indicator.pk},
        "initiatives:measurement-edit": {"slug": initiative.slug, "pk": measurement.pk},
        "initiatives:measurement-delete": {"slug": initiative.slug, "pk": measurement.pk},
        "initiatives:photo-edit": {"slug": initiative.slug, "pk": photo.pk},
        "initiatives:photo-delete": {"slug": initiative.slug, "pk": photo.pk},
        "initiatives:funding-add": {"slug": initiative.slug},
        "initiatives:funding-edit": {"slug": initiative.slug, "pk": funding.pk},
        "initiatives:funding-delete": {"slug": initiative.slug, "pk": funding.pk},
        "initiatives:meeting-photo-add": {"pk": meeting.pk},
        "initiatives:call-detail": {"slug": call.slug},
        "initiatives:resource-download": {"pk": resource.pk},
        "initiatives:resource-delete": {"pk": resource.pk},
        "reports:cahier": {"pk": held.pk},
        "reports:cahier-publish": {"pk": held.pk},
        "reports:cahier-docx": {"pk": held.pk},
        "reports:initiative-sheet": {"pk": initiative.pk},
        "reports:open-data-file": {"dataset": "initiatives", "fmt": "json"},
        "jobs:export-new": {"fmt": "xlsx"},
        "jobs:export": {"pk": export.pk},
        "jobs:export-download": {"pk": export.pk},
        "notices:unsubscribe": {"token": unsubscribe_token(alice, "digest")},
        "news:detail": {"slug": article.slug},
        "news:edit": {"slug": article.slug},
        "api:initiative-detail": {"id": initiative.pk},
        "api:organisation-detail": {"id": icf.pk},
        "api:meeting-detail": {"id": meeting.pk},
        "api:call-detail": {"id": call.pk},
        "api:article-detail": {"id": article.pk},
        # hidden things
        "draft meeting": {"pk": draft.pk},
        "members-only initiative": {"slug": members_only.slug},
        "unpublished Cahier": {"pk": unpublished.pk},
        "member not in the directory": {"pk": hidden_member.pk},
        "another landlord's residence": {"slug": icf.slug, "pk": other_residence.pk},
        "draft article": {"slug": draft_article.slug},
        "a draft meeting's document": {"pk": draft.pk, "document_pk": draft_document.pk},
        "a document before its Cahier is out": {"pk": meeting.pk, "document_pk": document.pk},
        "members-only initiative in the API": {"id": members_only.pk},
        "draft meeting in the API": {"id": draft.pk},
        "draft article in the API": {"id": draft_article.pk},
    }


POST_DATA = {
    "clubs:session-log-return": {"comment": "À revoir"},
    "notices:follow": {"kind": "club", "target": "paca-corse", "following": "1"},
}


def statuses(client, request, method, url, data=None):
    got = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        savepoint = transaction.savepoint()
        try:
            response = getattr(client, method)(url, data or {})
            got[role] = response.status_code
        finally:
            transaction.savepoint_rollback(savepoint)
    return got


def test_every_url_of_the_project_has_a_row():
    from tests.calls.matrix import ROWS as CALL_ROWS  # the calls' own matrix

    assert not set(MATRIX) & set(CALL_ROWS)
    assert project_url_names() == set(MATRIX) | set(CALL_ROWS), (
        "Add the new views to MATRIX (and remove the gone ones)"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_the_expected_status(client, request, world, name):
    method, expected = MATRIX[name]
    url = reverse(name, kwargs=world.get(name, {}))
    assert statuses(client, request, method, url, POST_DATA.get(name)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(HIDDEN))
def test_what_one_may_not_see_stays_hidden(client, request, world, case):
    name, expected = HIDDEN[case]
    url = reverse(name, kwargs=world[case])
    assert statuses(client, request, "get", url) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (method, _) in MATRIX.items() if method == "post"))
def test_post_only_views_refuse_get(client, world, staff_user, name):
    """A GET never acts: POST rows answer 405 even to staff, who may act."""
    client.force_login(staff_user)
    assert client.get(reverse(name, kwargs=world.get(name, {}))).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, (method, _) in MATRIX.items() if method == "get"))
def test_every_page_carries_the_security_headers(client, world, staff_user, settings, name):
    """With production's HSTS over HTTPS, every answer (pages, PDFs, CSV, .ics, feed) carries
    HSTS, a CSP without unsafe-inline, nosniff, same-origin referrers and frame denial."""
    settings.SECURE_HSTS_SECONDS = 31536000
    client.force_login(staff_user)
    response = client.get(reverse(name, kwargs=world.get(name, {})), secure=True)
    assert response.status_code in {200, 302}, name
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "default-src" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
