"""Who may see and do what with clubs, meetings, registrations and session logs."""

import rules

from clubs.models import Meeting, SessionLog
from clubs.selectors import among
from landlords.permissions import is_member

is_staff = rules.is_staff


def animated_club_ids(user) -> set[int]:
    """The clubs `user` animates, looked up once per user object (that is, once per request:
    the menu and the page's permissions ask the same question)."""
    if not hasattr(user, "_animated_club_ids"):
        user._animated_club_ids = set(user.animated_clubs.values_list("pk", flat=True))
    return user._animated_club_ids


def _animates(user, club_id) -> bool:
    return bool(
        user.is_authenticated and club_id is not None and club_id in animated_club_ids(user)
    )


@rules.predicate
def is_club_animator(user, club) -> bool:
    return _animates(user, club.pk if club is not None else None)


@rules.predicate
def is_animator(user) -> bool:
    return bool(user.is_authenticated and animated_club_ids(user))


@rules.predicate
def is_meeting_animator(user, meeting) -> bool:
    return _animates(user, meeting.club_id)


@rules.predicate
def is_meeting_published(user, meeting) -> bool:
    return meeting.status != Meeting.Status.DRAFT


@rules.predicate
def is_own_registration(user, registration) -> bool:
    return user.is_authenticated and registration.user_id == user.pk


@rules.predicate
def is_registered_by(user, registration) -> bool:
    """The colleague who registered them."""
    return user.is_authenticated and registration.registered_by_id == user.pk


@rules.predicate
def is_colleague(user, other) -> bool:
    """Another approved member of the user's own organisation."""
    return bool(
        user.is_authenticated
        and user.organisation_id is not None
        and other.organisation_id == user.organisation_id
        and is_member(other)
    )


@rules.predicate
def is_meeting_open(user, meeting) -> bool:
    """Published and not yet held: the state a publication can be undone from."""
    return meeting.status == Meeting.Status.PUBLISHED


@rules.predicate
def is_registration_meeting_animator(user, registration) -> bool:
    return _animates(user, registration.meeting.club_id)


@rules.predicate
def is_rapporteur(user, workshop) -> bool:
    return bool(user.is_authenticated and among(user, workshop.rapporteurs))


@rules.predicate
def is_facilitator(user, workshop) -> bool:
    return bool(user.is_authenticated and among(user, workshop.facilitators))


@rules.predicate
def is_workshop_animator(user, workshop) -> bool:
    return _animates(user, workshop.meeting.club_id)


@rules.predicate
def is_workshop_published(user, workshop) -> bool:
    return workshop.meeting.status != Meeting.Status.DRAFT


@rules.predicate
def is_log_approved(user, workshop) -> bool:
    try:
        return workshop.session_log.status == SessionLog.Status.APPROVED
    except SessionLog.DoesNotExist:
        return False


@rules.predicate
def is_action_owner_member(user, action) -> bool:
    return bool(user.is_authenticated and user.organisation_id == action.owner_id)


@rules.predicate
def is_action_animator(user, action) -> bool:
    return _animates(user, action.meeting.club_id)


# Names distinct from Django's model permissions (view_meeting, change_meeting), which the admin
# checks without an object.
rules.add_perm("clubs.see_meeting", is_meeting_published | is_meeting_animator | is_staff)
rules.add_perm("clubs.manage_meeting", is_meeting_animator | is_staff)
rules.add_perm("clubs.add_meeting", is_club_animator | is_staff)


@rules.predicate
def is_cahier_published(user, meeting) -> bool:
    return meeting.cahier_published_at is not None and meeting.status in {
        Meeting.Status.HELD,
        Meeting.Status.ARCHIVED,
    }


rules.add_perm("clubs.see_participants", is_member)
# The published Cahier: everyone who sees the meeting (the public version has no names).
# Its animators and staff also preview the draft, watermarked.
rules.add_perm("clubs.see_cahier", is_meeting_published & is_cahier_published)
rules.add_perm("clubs.preview_cahier", is_meeting_animator | is_staff)
# A talk's slides: with the Cahier that lists them (animators and staff before it is out).
rules.add_perm(
    "clubs.see_cahier_documents",
    is_meeting_published & is_cahier_published | is_meeting_animator | is_staff,
)
rules.add_perm("clubs.register", is_member & is_meeting_published)
rules.add_perm("clubs.register_colleague", is_member & is_colleague)
# The member, the colleague who registered them, the club's animators and staff.
answers_for_registration = (
    is_member & (is_own_registration | is_registered_by | is_registration_meeting_animator)
    | is_staff
)
rules.add_perm("clubs.cancel_registration", answers_for_registration)
rules.add_perm("clubs.update_registration", answers_for_registration)
# Undo a publication, with a reason: the meeting (back to draft) or its Cahier.
rules.add_perm("clubs.unpublish_meeting", (is_meeting_animator | is_staff) & is_meeting_open)
rules.add_perm("clubs.unpublish_cahier", (is_meeting_animator | is_staff) & is_cahier_published)
rules.add_perm("clubs.write_session_log", is_member & is_rapporteur & is_workshop_published)
rules.add_perm("clubs.review_session_log", is_workshop_animator | is_staff)
# Drafts: their rapporteurs, facilitators, the club's animators and staff. Approved: everyone
# who sees the meeting.
rules.add_perm(
    "clubs.see_session_log",
    (is_workshop_published & is_log_approved)
    | (is_member & (is_rapporteur | is_facilitator))
    | is_workshop_animator
    | is_staff,
)
rules.add_perm("clubs.see_actions", is_member)
rules.add_perm(
    "clubs.update_action", is_member & (is_action_owner_member | is_action_animator) | is_staff
)
# Club animators approve accounts too; the rule is declared in landlords.permissions and extended
# here because animators are a clubs concept and imports flow landlords ← clubs.
rules.set_perm("landlords.approve_user", is_staff | (is_member & is_animator))
# The inbox (what to do next) and its count in the header: animators, of their clubs, and staff,
# of all. Its items each pass their own rule too (review_session_log, manage_meeting…).
rules.add_perm("clubs.see_inbox", is_member & (is_animator | is_staff))


# --- Flash meetings ----------------------------------------------------------------------------


@rules.predicate
def manages_flash_meeting(user, session) -> bool:
    """The event's animators (its club's) and staff run its flash session."""
    return is_meeting_animator(user, session.meeting) or is_staff(user)


@rules.predicate
def is_flash_visible(user, session) -> bool:
    return session.status != session.Status.DRAFT and is_meeting_published(user, session.meeting)


@rules.predicate
def is_registered_to_flash_event(user, session) -> bool:
    """A confirmed registration to the event (looked up once per request and session)."""
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_flash_registered", {})
    if session.pk not in cache:
        cache[session.pk] = session.meeting.registrations.confirmed().filter(user=user).exists()
    return cache[session.pk]


@rules.predicate
def is_flash_open(user, session) -> bool:
    return session.status == session.Status.OPEN


rules.add_perm("clubs.manage_flash", manages_flash_meeting)
rules.add_perm("clubs.see_flash", is_flash_visible | manages_flash_meeting)
# Profiles and requests while the session takes them; the agenda once published.
rules.add_perm("clubs.take_part_in_flash", is_member & is_registered_to_flash_event & is_flash_open)
# The organisers open it too (their own, usually empty; the table plan is theirs).
rules.add_perm(
    "clubs.see_flash_agenda", is_member & is_registered_to_flash_event | manages_flash_meeting
)


@rules.predicate
def is_flash_request_recipient(user, request) -> bool:
    return user.is_authenticated and request.recipient.user_id == user.pk


@rules.predicate
def may_take_part_in_request_session(user, request) -> bool:
    return user.has_perm("clubs.take_part_in_flash", request.session)


@rules.predicate
def is_flash_meeting_side(user, meeting) -> bool:
    return user.is_authenticated and user.pk in {meeting.first.user_id, meeting.second.user_id}


rules.add_perm(
    "clubs.answer_flash_request", is_flash_request_recipient & may_take_part_in_request_session
)


@rules.predicate
def organises_flash_meeting(user, meeting) -> bool:
    return manages_flash_meeting(user, meeting.session)


@rules.predicate
def is_of_a_flash_meeting_organisation(user, meeting) -> bool:
    """A member of either side's organisation: its next steps may be theirs to carry."""
    organisations = {meeting.first.user.organisation_id, meeting.second.user.organisation_id}
    return user.is_authenticated and user.organisation_id in organisations - {None}


# The two sides say how it went and write what follows; the organisers and the members of the
# two organisations (who carry its next steps) read it too.
rules.add_perm("clubs.qualify_flash_meeting", is_flash_meeting_side)
rules.add_perm(
    "clubs.see_flash_meeting",
    is_flash_meeting_side
    | organises_flash_meeting
    | is_member & is_of_a_flash_meeting_organisation,
)
