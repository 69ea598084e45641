"""Who may see and change initiatives and calls for projects."""

import rules
from django.db.models import Q

from clubs.models import Registration, Workshop
from clubs.permissions import is_workshop_published
from initiatives.models import Initiative
from landlords.permissions import is_member


@rules.predicate
def is_initiative_public(user, initiative) -> bool:
    return initiative.visibility == Initiative.Visibility.PUBLIC


@rules.predicate
def is_of_lead_or_co_landlord(user, initiative) -> bool:
    """A member of the lead organisation or of a co-landlord."""
    if not user.is_authenticated or user.organisation_id is None:
        return False
    if initiative.lead_id == user.organisation_id:
        return True
    return any(org.pk == user.organisation_id for org in initiative.co_landlords.all())


@rules.predicate
def is_of_organisation(user, organisation) -> bool:
    return bool(
        user.is_authenticated
        and organisation is not None
        and user.organisation_id == organisation.pk
    )


@rules.predicate
def is_of_call_organiser(user, call) -> bool:
    return bool(user.is_authenticated and user.organisation_id == call.organiser_id)


rules.add_perm("initiatives.see_initiative", is_initiative_public | is_member)
rules.add_perm(
    "initiatives.edit_initiative", is_member & is_of_lead_or_co_landlord | rules.is_staff
)
rules.add_perm("initiatives.add_initiative_for", is_member & is_of_organisation | rules.is_staff)


@rules.predicate
def is_resource_adder(user, resource) -> bool:
    return bool(user.is_authenticated and resource.added_by_id == user.pk)


@rules.predicate
def is_resource_public(user, resource) -> bool:
    return resource.visibility == Initiative.Visibility.PUBLIC


@rules.predicate
def may_manage_workshop_meeting(user, workshop) -> bool:
    """The clubs.manage_meeting rule, for the workshop's meeting: its animators and staff."""
    return user.has_perm("clubs.manage_meeting", workshop.meeting)


@rules.predicate
def took_part_in_workshop_meeting(user, workshop) -> bool:
    """A confirmed registration for the workshop's meeting, or facilitating or reporting one of
    its workshops."""
    if not user.is_authenticated:
        return False
    meeting_id = workshop.meeting_id
    return (
        Registration.objects.confirmed().filter(meeting_id=meeting_id, user_id=user.pk).exists()
        or Workshop.objects.filter(meeting_id=meeting_id)
        .filter(Q(facilitators=user) | Q(rapporteurs=user))
        .exists()
    )


rules.add_perm("initiatives.see_resource", is_resource_public | is_member)
rules.add_perm("initiatives.add_resource", is_member)
# A resource shows on the pages of the initiatives it is linked to: only who may edit one may
# link it (initiatives.edit_initiative). Workshops: those of published meetings its animators
# (or staff) manage, or that the member took part in.
rules.add_perm(
    "initiatives.link_resource_to_workshop",
    is_workshop_published
    & (may_manage_workshop_meeting | is_member & took_part_in_workshop_meeting),
)
rules.add_perm("initiatives.delete_resource_of", is_member & is_resource_adder | rules.is_staff)
rules.add_perm("initiatives.see_call_board", is_member & is_of_call_organiser | rules.is_staff)
