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
        }
    )


def initiative(initiative, absolute) -> dict:
    where = _drop_empty(
        {
            "@type": "Place",
            "address": _drop_empty(
                {
                    "@type": "PostalAddress",
                    "addressLocality": initiative.commune,
                    "addressRegion": initiative.region.name if initiative.region_id else "",
                    "addressCountry": "FR",
                }
            ),
        }
    )
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
            "location": where if len(where["address"]) > 2 else None,
        }
    )


def meeting(meeting, absolute) -> dict:
    organisers = [*meeting.co_organisers.all()] or ([meeting.host] if meeting.host_id else [])
    where = _drop_empty(
        {
            "@type": "Place",
            "name": meeting.venue or (meeting.host.name if meeting.host_id else ""),
            "address": _drop_empty(
                {
                    "@type": "PostalAddress",
                    "streetAddress": meeting.address,
                    "addressLocality": meeting.city,
                    "addressCountry": "FR",
                }
            ),
        }
    )
    locations = [where] if (meeting.venue or meeting.city or meeting.address) else []
    if meeting.is_online:
        locations.append({"@type": "VirtualLocation", "url": absolute(meeting.get_absolute_url())})
    if meeting.is_online and locations[:-1]:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif meeting.is_online:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
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
            "eventAttendanceMode": mode,
            "location": locations[0] if len(locations) == 1 else locations,
            "organizer": [organisation_ref(o, absolute) for o in organisers],
            "sponsor": [organisation_ref(o, absolute) for o in meeting.partners.all()],
        }
    )
