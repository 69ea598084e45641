"""Who may see and change initiatives and calls for projects."""

import rules

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


rules.add_perm("initiatives.see_resource", is_resource_public | is_member)
rules.add_perm("initiatives.add_resource", is_member)
rules.add_perm("initiatives.delete_resource_of", is_member & is_resource_adder | rules.is_staff)
rules.add_perm("initiatives.see_call_board", is_member & is_of_call_organiser | rules.is_staff)
