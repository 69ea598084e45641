"""Who may see and change initiatives and calls for projects."""

import rules
from django.db.models import Q

from clubs.models import Registration, Workshop
from clubs.permissions import is_workshop_published
from initiatives.models import Application, CallForProjects, Initiative, Review
from landlords.permissions import is_member, is_organisation_editor


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


# --- Calls for projects: organiser, applicants, jury -------------------------------------------
#
# Outsiders get 404 on what they may not see (a draft call, someone else's application), 403 on
# what they may not do to what they see. The predicates read the call's and the application's
# own rows and the member's organisation; the conflicts of a juror are their organisation being
# the applicant or a co-applicant, or a conflict they declared.


def _organisation_ids(application) -> set[int]:
    return application.organisation_ids()


@rules.predicate
def manages_call(user, call) -> bool:
    """Members of the organiser, and staff."""
    return bool(user.is_authenticated and user.is_staff) or bool(
        is_member(user) and user.organisation_id == call.organiser_id
    )


@rules.predicate
def is_call_published(user, call) -> bool:
    return call.status != CallForProjects.Status.DRAFT


@rules.predicate
def may_apply(user, call) -> bool:
    """A member of an organisation the call accepts, other than its organiser, while open."""
    return bool(
        is_member(user)
        and user.organisation_id != call.organiser_id
        and call.takes_applications()
        and call.accepts(user.organisation)
    )


@rules.predicate
def is_juror_of(user, call) -> bool:
    """Named in the call's jury (from the prefetch when there is one)."""
    if not is_member(user):
        return False
    if "jurors" in getattr(call, "_prefetched_objects_cache", {}):
        return any(juror.pk == user.pk for juror in call.jurors.all())
    return call.jurors.filter(pk=user.pk).exists()


@rules.predicate
def is_of_applicants(user, application) -> bool:
    """A member of the lead applicant or of a co-applicant."""
    return bool(is_member(user) and user.organisation_id in _organisation_ids(application))


@rules.predicate
def manages_application_call(user, application) -> bool:
    return manages_call(user, application.call)


@rules.predicate
def is_juror_without_conflict(user, application) -> bool:
    """A juror of the call whose organisation does not apply and who declared no conflict; the
    jury sees applications once submitted (not drafts, not withdrawn ones)."""
    if application.status in {Application.Status.DRAFT, Application.Status.WITHDRAWN}:
        return False
    if not is_juror_of(user, application.call):
        return False
    if user.organisation_id in _organisation_ids(application):
        return False
    return not Review.objects.filter(
        application=application, juror=user, conflict_declared=True
    ).exists()


@rules.predicate
def is_application_editable(user, application) -> bool:
    return (
        application.status
        in {
            Application.Status.DRAFT,
            Application.Status.SUBMITTED,
        }
        and application.call.takes_applications()
    )


@rules.predicate
def is_application_reviewable(user, application) -> bool:
    return application.status == Application.Status.SUBMITTED and application.call.phase() in {
        CallForProjects.Phase.CLOSED,
        CallForProjects.Phase.UNDER_REVIEW,
    }


@rules.predicate
def is_application_call_under_review(user, application) -> bool:
    return application.call.status == CallForProjects.Status.UNDER_REVIEW


@rules.predicate
def is_laureate_with_results_out(user, application) -> bool:
    return (
        application.status == Application.Status.LAUREATE
        and application.call.results_published_at is not None
    )


rules.add_perm("initiatives.see_call", is_call_published | manages_call)
rules.add_perm("initiatives.manage_call", manages_call)
# Writing a call in an organisation's name is for its editors (and staff); its members then
# manage it.
rules.add_perm("initiatives.add_call_for", is_organisation_editor | rules.is_staff)
rules.add_perm("initiatives.apply_to_call", may_apply)
rules.add_perm("initiatives.review_call", is_juror_of)


@rules.predicate
def is_application_sent(user, application) -> bool:
    """Submitted (or decided, or withdrawn after being sent): no longer a private draft."""
    return application.status != Application.Status.DRAFT or application.submitted_at is not None


# A draft is its applicants' own: the organiser (and staff) read an application once sent.
rules.add_perm(
    "initiatives.see_application",
    is_of_applicants | manages_application_call & is_application_sent | is_juror_without_conflict,
)
rules.add_perm("initiatives.edit_application", is_of_applicants & is_application_editable)
# A juror with a conflict sees that the application exists (its title, in the jury's list) but
# neither its content nor its scores, and may not score it: 403 rather than 404 there.
rules.add_perm(
    "initiatives.review_application", is_juror_without_conflict & is_application_reviewable
)
rules.add_perm("initiatives.see_reviews", manages_application_call | is_juror_without_conflict)
rules.add_perm(
    "initiatives.decide_application", manages_application_call & is_application_call_under_review
)
rules.add_perm("initiatives.write_bilan", is_of_applicants & is_laureate_with_results_out)


# --- Bilans of the laureates (initiatives/bilans.py) -------------------------------------------


@rules.predicate
def may_read_bilan(user, assessment) -> bool:
    """A laureate's bilan: its call's organiser and staff, and the laureate's members."""
    application = assessment.application
    return application is not None and bool(
        manages_call(user, application.call) or is_of_applicants(user, application)
    )


rules.add_perm("initiatives.read_bilan", may_read_bilan)
