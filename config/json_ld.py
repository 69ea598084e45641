"""schema.org descriptions of public pages (JSON-LD in their <head>), for search engines and the
national catalogues that read them: an initiative is a `Project`, a meeting or an event an
`Event`, an organisation an `Organization`. Only what the public page itself shows goes in."""

import json

from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe

CONTEXT = "https://schema.org"


def script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block; <, > and & are escaped as in json_script,
    so no text of a user can close the element."""
    text = json.dumps(data, ensure_ascii=False, default=str).translate(_json_script_escapes)
    block = f'<script type="application/ld+json">{text}</script>'
    return mark_safe(block)  # noqa: S308 — <, > and & escaped just above


def _drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organisation_ref(organisation, absolute) -> dict:
    return _drop_empty(
        {
            "@type": "Organization",
            "name": organisation.name,
            "url": absolute(reverse("landlords:organisation-detail", args=[organisation.slug])),
        }
    )


def organisation(organisation, absolute) -> dict:
    return _drop_empty(
        {
            "@context": CONTEXT,
            **organisation_ref(organisation, absolute),
            "description": organisation.about,
            "sameAs": organisation.website,
            "logo": absolute(organisation.logo.url) if organisation.logo else "",
            "location": _place(commune=organisation.commune) if organisation.commune_id else None,
        }
    )


def _place(*, name="", street="", locality="", region="", commune=None) -> dict | None:
    """A schema.org Place, or None when nothing of it is known. `commune` (places.Commune)
    gives the locality, a postal code and the coordinates of its centre where known."""
    postal_code = ""
    geo = None
    if commune is not None:
        locality = commune.name
        postal_code = commune.postal_codes.split(" ")[0]
        if commune.latitude is not None:
            geo = {
                "@type": "GeoCoordinates",
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            }
    address = _drop_empty(
        {
            "streetAddress": street,
            "postalCode": postal_code,
            "addressLocality": locality,
            "addressRegion": region,
        }
    )
    if not (name or address):
        return None
    postal = {"@type": "PostalAddress", **address, "addressCountry": "FR"}
    return _drop_empty({"@type": "Place", "name": name, "address": postal, "geo": geo})


def initiative(initiative, absolute) -> dict:
    region = initiative.region.name if initiative.region_id else ""
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Project",
            "name": initiative.title,
            "description": initiative.summary,
            "url": absolute(initiative.get_absolute_url()),
            "keywords": [theme.name for theme in initiative.themes.all()],
            "foundingDate": initiative.start_date.isoformat() if initiative.start_date else "",
            "dissolutionDate": initiative.end_date.isoformat() if initiative.end_date else "",
            "parentOrganization": organisation_ref(initiative.lead, absolute),
            "member": [organisation_ref(o, absolute) for o in initiative.co_landlords.all()],
            "sponsor": [organisation_ref(o, absolute) for o in initiative.partners.all()],
            "location": _place(
                locality=initiative.commune_label, region=region, commune=initiative.commune
            ),
        }
    )


def meeting(meeting, absolute) -> dict:
    organisers = [*meeting.co_organisers.all()] or ([meeting.host] if meeting.host_id else [])
    place = None
    if meeting.venue or meeting.city or meeting.address:  # where people meet, if anywhere
        place = _place(
            name=meeting.venue or (meeting.host.name if meeting.host_id else ""),
            street=meeting.address,
            locality=meeting.city,
        )
    locations = [place] if place else []
    if meeting.is_online:
        locations.append({"@type": "VirtualLocation", "url": absolute(meeting.get_absolute_url())})
    if meeting.is_online:
        mode = "MixedEventAttendanceMode" if place else "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    return _drop_empty(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": meeting.name,
            "description": meeting.theme,
            "url": absolute(meeting.get_absolute_url()),
            "startDate": meeting.starts_at().isoformat(),
            "endDate": meeting.ends_at().isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": [organisation_ref(o, absolute) for o in organisers],
            "sponsor": [organisation_ref(o, absolute) for o in meeting.partners.all()],
        }
    )
