"""Each public object as the API says it: plain dicts matching api/schemas.py, read from the
rows and prefetches that api/selectors.py loads (no query here)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import translation

from clubs.models import Meeting, SessionLog
from initiatives.models import CallForProjects, Initiative
from landlords.departements import DEPARTEMENTS
from news.models import Article

DEPARTEMENT_NAMES = dict(DEPARTEMENTS)


def page_url(request, name: str, *args) -> str:
    """The absolute address of a page of the portal, in its default language (the API's
    bodies do not change with the reader's language)."""
    with translation.override(None):
        return request.build_absolute_uri(reverse(name, args=args))


def _number(value) -> float | None:
    return float(value) if value is not None else None


def _ref(organisation) -> dict | None:
    return {"id": organisation.pk, "name": organisation.name} if organisation else None


def _refs(organisations) -> list[dict]:
    return [_ref(organisation) for organisation in organisations]


def _terms(items) -> list[dict]:
    return [{"slug": item.slug, "name": item.name} for item in items]


def _departement(code: str) -> dict | None:
    return {"code": code, "name": DEPARTEMENT_NAMES.get(code.upper())} if code else None


def _commune(commune) -> dict | None:
    if commune is None:
        return None
    return {
        "code": commune.code,
        "name": commune.name,
        "latitude": commune.latitude,
        "longitude": commune.longitude,
    }


def _region(region) -> dict | None:
    return {"code": region.code, "name": region.name} if region else None


def initiative(request) -> Callable[[Initiative], dict]:
    def data(obj: Initiative) -> dict:
        indicators = []
        for indicator in obj.indicators.all():
            measurements = list(indicator.measurements.all())  # by date (the prefetch's order)
            latest = measurements[-1] if measurements else None
            indicators.append(
                {
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "baseline": _number(indicator.baseline),
                    "target": _number(indicator.target),
                    "latest": {"date": latest.date, "value": float(latest.value)}
                    if latest
                    else None,
                }
            )
        return {
            "id": obj.pk,
            "slug": obj.slug,
            "url": page_url(request, "initiatives:detail", obj.slug),
            "title": obj.title,
            "summary": obj.summary,
            "description": obj.description,
            "status": obj.status,
            "themes": _terms(obj.themes.all()),
            "publics": _terms(obj.publics.all()),
            "territory": {
                "commune": _commune(obj.commune),
                "departement": _departement(obj.departement),
                "region": _region(obj.region),
                "in_qpv": obj.in_qpv,
            },
            "lead": _ref(obj.lead),
            "co_landlords": _refs(obj.co_landlords.all()),
            "partners": _refs(obj.partners.all()),
            "indicators": indicators,
            "laureate": obj.is_laureate,
            "start_date": obj.start_date,
            "end_date": obj.end_date,
            "links": {
                "api": page_url(request, "api:initiative-detail", obj.pk),
                "page": page_url(request, "initiatives:detail", obj.slug),
                "sheet_pdf": page_url(request, "reports:initiative-sheet", obj.pk),
            },
            "created_at": obj.created_at,
            "updated_at": obj.updated_at,
        }

    return data


def organisation(request) -> Callable:
    def data(obj) -> dict:
        return {
            "id": obj.pk,
            "slug": obj.slug,
            "url": page_url(request, "landlords:organisation-detail", obj.slug),
            "name": obj.name,
            "kind": obj.kind,
            "family": obj.family,
            "regions": [_region(region) for region in obj.regions.all()],
            "departement": _departement(obj.departement),
            "commune": _commune(obj.commune),
            "dwellings": obj.dwellings,
            "website": obj.website,
            "about": obj.about,
            "logo": request.build_absolute_uri(obj.logo.url) if obj.logo else None,
            # A residence's name and commune, as its landlord's page shows them: no address.
            "residences": [
                {
                    "name": residence.name,
                    "commune": _commune(residence.commune),
                    "dwellings": residence.dwellings,
                    "in_qpv": residence.in_qpv,
                }
                for residence in obj.residences.all()
            ],
        }

    return data


def _restitution(workshop) -> dict | None:
    """The approved restitution of the workshop, or none (drafts stay with their writers)."""
    try:
        log = workshop.session_log
    except SessionLog.DoesNotExist:
        return None
    if log.status != SessionLog.Status.APPROVED:
        return None
    return {
        "summary": log.summary,
        "key_findings": log.key_findings,
        "proposals": log.proposals,
        "approved_at": log.approved_at,
    }


def meeting(request) -> Callable[[Meeting], dict]:
    def data(obj: Meeting) -> dict:
        cahier = obj.cahier_published_at is not None and obj.status in {
            Meeting.Status.HELD,
            Meeting.Status.ARCHIVED,
        }
        return {
            "id": obj.pk,
            "url": page_url(request, "clubs:meeting-detail", obj.pk),
            "kind": obj.kind,
            "name": obj.name,
            "title": obj.title,
            "number": obj.number,
            "club": {"slug": obj.club.slug, "name": obj.club.name} if obj.club_id else None,
            "status": obj.status,
            "date": obj.date,
            "start_time": obj.start_time.strftime("%H:%M"),
            "end_time": obj.end_time.strftime("%H:%M"),
            "is_online": obj.is_online,  # never its link: for the registered members only
            "venue": obj.venue,
            "address": obj.address,
            "city": obj.city,
            "host": _ref(obj.host),
            "co_organisers": _refs(obj.co_organisers.all()),
            "partners": _refs(obj.partners.all()),
            "programme_intro": obj.programme_intro,
            "workshops": [
                {
                    "id": workshop.pk,
                    "kind": workshop.kind,
                    "slot": workshop.slot,
                    "title": workshop.title,
                    "theme": _terms([workshop.theme])[0] if workshop.theme_id else None,
                    "description": workshop.description,
                    "restitution": _restitution(workshop),
                }
                for workshop in obj.workshops.all()
            ],
            "cahier_pdf": page_url(request, "reports:cahier", obj.pk) if cahier else None,
        }

    return data


def call(request) -> Callable[[CallForProjects], dict]:
    def data(obj: CallForProjects) -> dict:
        laureates = []
        for application in obj.public_laureates:
            linked = application.initiative
            laureates.append(
                {
                    "title": application.title,
                    "applicant": _ref(application.applicant),
                    "co_applicants": _refs(application.co_applicants.all()),
                    "amount_awarded": _number(application.amount_awarded),
                    "initiative": {
                        "id": linked.pk,
                        "title": linked.title,
                        "url": page_url(request, "initiatives:detail", linked.slug),
                    }
                    if linked
                    else None,
                }
            )
        return {
            "id": obj.pk,
            "slug": obj.slug,
            "url": page_url(request, "initiatives:call-detail", obj.slug),
            "title": obj.title,
            "summary": obj.summary,
            "rules": obj.rules,
            "organiser": _ref(obj.organiser),
            "status": obj.status,
            "phase": obj.phase(),
            "eligible": obj.eligible,
            "themes": _terms(obj.themes.all()),
            "ceiling": _number(obj.ceiling),
            "total_budget": _number(obj.total_budget),
            "opens_on": obj.opens_on,
            "closes_on": obj.closes_on,
            "results_published_at": obj.results_published_at,
            "laureates": laureates,
        }

    return data


def article(request) -> Callable[[Article], dict]:
    def data(obj: Article) -> dict:
        # What the article links to, where the public may see it: a published meeting, a call
        # out of its draft, public initiatives (selectors.articles prefetches only those).
        linked_meeting = obj.meeting if obj.meeting_id else None
        if linked_meeting and linked_meeting.status == Meeting.Status.DRAFT:
            linked_meeting = None
        linked_call = obj.call if obj.call_id else None
        if linked_call and linked_call.status == CallForProjects.Status.DRAFT:
            linked_call = None
        return {
            "id": obj.pk,
            "slug": obj.slug,
            "url": page_url(request, "news:detail", obj.slug),
            "title": obj.title,
            "date": obj.date,
            "text": obj.text,
            "photo": {
                "url": request.build_absolute_uri(obj.photo.url),
                "alt": obj.photo_alt,
                "caption": obj.photo_caption,
                "credit": obj.photo_credit,
            }
            if obj.photo
            else None,
            "meeting": {"id": linked_meeting.pk, "name": linked_meeting.name}
            if linked_meeting
            else None,
            "call": {"id": linked_call.pk, "name": linked_call.title} if linked_call else None,
            "initiatives": [
                {"id": linked.pk, "title": linked.title} for linked in obj.public_initiatives
            ],
            "created_at": obj.created_at,
            "updated_at": obj.updated_at,
        }

    return data
