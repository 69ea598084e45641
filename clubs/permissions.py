"""Who may see and manage clubs and meetings."""

import rules

from clubs.models import Meeting
from landlords.permissions import is_member


@rules.predicate
def is_club_animator(user, club) -> bool:
    return bool(
        user.is_authenticated and club is not None and club.animators.filter(pk=user.pk).exists()
    )


@rules.predicate
def is_animator(user) -> bool:
    return bool(user.is_authenticated and user.animated_clubs.exists())


@rules.predicate
def is_meeting_animator(user, meeting) -> bool:
    return is_club_animator(user, meeting.club)


@rules.predicate
def is_meeting_published(user, meeting) -> bool:
    return meeting.status != Meeting.Status.DRAFT


# Names distinct from Django's model permissions (view_meeting, change_meeting), which the admin
# checks without an object.
rules.add_perm("clubs.see_meeting", is_meeting_published | is_meeting_animator | rules.is_staff)
rules.add_perm("clubs.manage_meeting", is_meeting_animator | rules.is_staff)
rules.set_perm("landlords.approve_user", rules.is_staff | (is_animator & is_member))
