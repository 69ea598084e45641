"""Each public object as the API says it: plain dicts matching api/schemas.py, read from the
rows and prefetches that api/selectors.py loads (no query here)."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import translation

from clubs.models import Meeting, SessionLog
from initiatives.models import CallForProjects
from landlords.departements import DEPARTEMENTS
from news.models import Article

DEPARTEMENT_NAMES = dict(DEPARTEMENTS)


def page_url(request, name: str, *args) -> str:
    """The absolute address of a page of the portal, in its default language (the API's
    bodies do not change with the reader's language)."""
    with translation.override(None):
        return request.build_absolute_uri(reverse(name, args=args))


# Stands for the argument while an address is reversed: a valid slug and a valid id.
PLACEHOLDER = "9081726354"


def page_urls(request, name: str) -> Callable[[str | int], str]:
    """`page_url` for one kind of page and many objects: the address is reversed once, with a
    placeholder for its one argument, which each object's slug or id then replaces (neither
    needs quoting in a path). Reversing four addresses per item took a tenth of a list's time."""
    before, after = page_url(request, name, PLACEHOLDER).split(PLACEHOLDER)

    def url(argument: str | int) -> str:
        return f"{before}{argument}{after}"

    return url


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


def initiative(request) -> Callable[[dict], dict]:
    """An initiative as the API says it, from a row of `selectors.initiative_rows`."""
    page = page_urls(request, "initiatives:detail")
    api = page_urls(request, "api:initiative-detail")
    sheet = page_urls(request, "reports:initiative-sheet")

    def data(row: dict) -> dict:
        commune = None
        if row["commune_id"] is not None:
            commune = {
                "code": row["commune_id"],
                "name": row["commune__name"],
                "latitude": row["commune__latitude"],
                "longitude": row["commune__longitude"],
            }
        region = None
        if row["region__code"] is not None:
            region = {"code": row["region__code"], "name": row["region__name"]}
        return {
            "id": row["id"],
            "slug": row["slug"],
            "url": page(row["slug"]),
            "title": row["title"],
            "summary": row["summary"],
            "description": row["description"],
            "status": row["status"],
            "themes": [{"slug": slug, "name": name} for slug, name in row["themes"]],
            "publics": [{"slug": slug, "name": name} for slug, name in row["publics"]],
            "territory": {
                "commune": commune,
                "departement": _departement(row["departement"]),
                "region": region,
                "in_qpv": row["in_qpv"],
            },
            "lead": {"id": row["lead_id"], "name": row["lead__name"]},
            "co_landlords": [{"id": pk, "name": name} for pk, name in row["co_landlords"]],
            "partners": [{"id": pk, "name": name} for pk, name in row["partners"]],
            "indicators": [
                {
                    "name": name,
                    "unit": unit,
                    "baseline": _number(baseline),
                    "target": _number(target),
                    "latest": {"date": date, "value": float(value)} if date else None,
                }
                for name, unit, baseline, target, date, value in row["indicators"]
            ],
            "laureate": row["is_laureate"],
            "start_date": row["start_date"],
            "end_date": row["end_date"],
            "links": {
                "api": api(row["id"]),
                "page": page(row["slug"]),
                "sheet_pdf": sheet(row["id"]),
            },
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
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
