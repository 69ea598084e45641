"""iCalendar (RFC 5545) files for meetings, built with the icalendar library."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clubs.models import Meeting


def meeting_calendar(meetings, *, name: str = "") -> bytes:
    """A VCALENDAR holding one VEVENT per meeting (times in Europe/Paris)."""
    import icalendar

    calendar = _calendar()
    if name:
        calendar.add("x-wr-calname", name)
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            calendar.add_component(_event(icalendar, meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _calendar():
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//AR Hlm//Club Innovation sociale//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def _uid(kind: str, pk: int) -> str:
    """A stable identifier: the same event keeps it from one download to the next."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    return f"{kind}-{pk}@{host}"


def _event(icalendar, meeting: Meeting):
    event = icalendar.Event()
    event.add("uid", _uid("meeting", meeting.pk))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at())
    event.add("dtend", meeting.ends_at())
    summary = meeting.name
    if meeting.theme:
        summary += f" — {meeting.theme}"
    event.add("summary", summary)
    if meeting.place:
        event.add("location", meeting.place)
    url = settings.SITE_URL + reverse("clubs:meeting-detail", args=[meeting.pk])
    event.add("url", url)
    lines = [meeting.club.name] if meeting.club_id else [meeting.get_kind_display()]
    organisers = [organisation.name for organisation in meeting.co_organisers.all()]
    if organisers:
        lines.append(", ".join(organisers))
    if meeting.host:
        lines.append(meeting.host.name)
    if meeting.programme_intro:
        lines.append(meeting.programme_intro)
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    return event


def flash_agenda_calendar(session, rows) -> bytes:
    """A participant's flash meetings (`clubs.flash.agenda` rows) as one VEVENT each."""
    import icalendar

    calendar = _calendar()
    meeting = session.meeting
    with translation.override(settings.LANGUAGE_CODE):
        for row in rows:
            event = icalendar.Event()
            event.add("uid", _uid("flash", row["meeting"].pk))
            event.add("dtstamp", timezone.now())
            start = datetime.datetime.combine(meeting.date, row["start"])
            end = datetime.datetime.combine(meeting.date, row["end"])
            event.add("dtstart", timezone.make_aware(start))
            event.add("dtend", timezone.make_aware(end))
            other = row["with"].user
            who = f"{other.full_name} ({other.organisation})" if other.organisation else str(other)
            event.add(
                "summary",
                _("Flash meeting with %(who)s, table %(table)s")
                % {"who": who, "table": row["table"]},
            )
            if meeting.place:
                event.add("location", meeting.place)
            event.add("description", meeting.name)
            calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar.to_ical()
