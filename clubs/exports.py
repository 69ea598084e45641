"""The columns of the animators' CSV of a meeting's participants; config.spreadsheets writes
them."""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from clubs.models import Meeting
from clubs.selectors import meeting_participants


def participants_table(meeting: Meeting) -> tuple[list[str], Iterator[tuple]]:
    """The header and the rows: confirmed participants by organisation then name."""
    header = [
        _("Organisation"),
        _("Name"),
        _("Job title"),
        _("Email"),
        _("Workshop or visit"),
        _("Dietary needs"),
        _("Reduced mobility"),
        _("Photo consent"),
        _("Walk-in"),
        _("Present"),
    ]
    rows = (
        (
            getattr(registration.person_organisation, "name", ""),
            registration.person_name,
            registration.user.job_title if registration.user else "",
            registration.user.email if registration.user else "",
            " / ".join(workshop.title for workshop in registration.chosen_workshops),
            registration.dietary_note,
            *(
                _("yes") if flag else _("no")
                for flag in (
                    registration.reduced_mobility,
                    registration.photo_consent,
                    registration.walk_in,
                    registration.attended,
                )
            ),
        )
        for registration in meeting_participants(meeting)
    )
    return header, rows
