"""iCalendar (RFC 5545) files for meetings, built with the icalendar library."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from clubs.models import Meeting


def meeting_calendar(meetings, *, name: str = "") -> bytes:
    """A VCALENDAR holding one VEVENT per meeting (times in Europe/Paris)."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//AR Hlm//Club Innovation sociale//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            calendar.add_component(_event(icalendar, meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(icalendar, meeting: Meeting):
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
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
    import datetime

    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//AR Hlm//Club Innovation sociale//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    meeting = session.meeting
    with translation.override(settings.LANGUAGE_CODE):
        from django.utils.translation import gettext as _

        for row in rows:
            event = icalendar.Event()
            event.add("uid", f"flash-{row['meeting'].pk}@{host}")
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
