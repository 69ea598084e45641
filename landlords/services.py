"""Writes on accounts: keyword-only functions that validate, run in a transaction, return."""

import contextlib
import uuid

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from config.mail import send_templated
from landlords.models import Organisation, OrganisationProposal, Residence, User
from landlords.selectors import matching_organisation


def _send_account_email(template: str, user: User, **context) -> None:
    send_templated(f"landlords/email/{template}", [user.email], user=user, **context)


def _send_approval_email(user: User) -> None:
    _send_account_email("approved", user, url=settings.SITE_URL + reverse("clubs:dashboard"))


PROPOSAL_ORGANISATION_FIELDS = ("name", "kind", "departement", "website")


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "organisme"
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _organisation_from_proposal(data: dict) -> Organisation:
    _assign(Organisation(), data, PROPOSAL_ORGANISATION_FIELDS)  # refuses any other field
    name = " ".join((data.get("name") or "").split())
    if name and (listed := matching_organisation(name)) is not None:
        raise ValidationError(
            {"name": _("%(name)s is already in the list: merge into it.") % {"name": listed.name}}
        )
    organisation = Organisation(
        name=name,
        slug=_unique_slug(name),
        kind=data.get("kind") or "",
        departement=(data.get("departement") or "").strip().upper(),
        website=(data.get("website") or "").strip(),
    )
    organisation.full_clean()
    organisation.save()
    return organisation


def user_approve(
    *,
    actor: User,
    user: User,
    organisation: Organisation | None = None,
    new_organisation: dict | None = None,
) -> User:
    """Approve a member's account and tell them by email (sent once the transaction commits).

    An account that proposed an organisation at sign-up is approved with a decision on it:
    `new_organisation` (the proposal's fields, as staff corrected them) creates it, or
    `organisation` merges the proposal into one already listed. Either way the account joins
    that organisation and the proposal is resolved, in the same transaction."""
    if not actor.has_perm("landlords.approve_user"):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot be approved."))
    if not user.emailaddress_set.filter(email__iexact=user.email, verified=True).exists():
        raise ValidationError(
            _("The email address %(email)s is not confirmed yet.") % {"email": user.email}
        )
    if organisation is not None and new_organisation is not None:
        raise ValidationError(_("Create the organisation or merge it into another, not both."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_approved:
            return user
        proposal = (
            OrganisationProposal.objects.select_for_update()
            .filter(user=user, resolved_at__isnull=True)
            .first()
        )
        fields = ["is_approved", "approved_at"]
        if proposal is not None:
            if organisation is None and new_organisation is None:
                raise ValidationError(
                    _(
                        "%(name)s proposed a new organisation, %(organisation)s: create it or "
                        "merge it into an existing one when you approve the account."
                    )
                    % {"name": user.full_name, "organisation": proposal.name}
                )
            if new_organisation is not None:
                organisation = _organisation_from_proposal(new_organisation)
            proposal.organisation = organisation
            proposal.resolved_at = timezone.now()
            proposal.resolved_by = actor
            proposal.save(update_fields=["organisation", "resolved_at", "resolved_by"])
            user.organisation = organisation
            fields.append("organisation")
        elif organisation is not None or new_organisation is not None:
            raise ValidationError(_("This account proposed no organisation."))
        user.is_approved = True
        user.approved_at = timezone.now()
        user._history_user = actor
        user.save(update_fields=fields)
        transaction.on_commit(lambda: _send_approval_email(user))
    return user


def user_refuse(*, actor: User, user: User, reason: str) -> User:
    """Refuse a pending account: it is deactivated and its owner told why, by email."""
    if not actor.has_perm("landlords.approve_user"):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the account is refused: the person will read it.")}
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_approved:
            raise ValidationError(_("This account is already approved."))
        if user.refused_at:
            return user
        if not user.is_active:
            raise ValidationError(_("This account is closed."))
        user.is_active = False
        user.refused_at = timezone.now()
        user.refusal_reason = reason
        user._history_user = actor
        user.save(update_fields=["is_active", "refused_at", "refusal_reason"])
        transaction.on_commit(lambda: _send_account_email("refused", user, reason=reason))
    return user


def _assign(instance, data: dict, allowed: tuple[str, ...]) -> None:
    """Set the editable fields that a service accepts; strip text; refuse anything else."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable on {type(instance).__name__}: {sorted(unknown)}")
    for field, value in data.items():
        setattr(instance, field, value.strip() if isinstance(value, str) else value)


@contextlib.contextmanager
def _image_replaced(instance, field_name: str, new_file, remove: bool):
    """Store a new (already re-encoded) image or clear the field, for the enclosed writes.

    If they fail, the new file is deleted; once the transaction commits, the file it replaced
    is deleted. Use inside transaction.atomic().
    """
    field = getattr(instance, field_name)
    storage, old_name = field.storage, field.name or ""
    if new_file is not None:
        field.save(new_file.name, new_file, save=False)
    elif remove:
        setattr(instance, field_name, "")
    new_name = getattr(instance, field_name).name or ""
    try:
        yield
    except BaseException:
        if new_name and new_name != old_name:
            storage.delete(new_name)
        raise
    if old_name and old_name != new_name:
        transaction.on_commit(lambda: storage.delete(old_name))


PROFILE_FIELDS = ("job_title", "phone", "directory_consent")


def profile_update(
    *,
    actor: User,
    user: User,
    themes=None,
    skills=None,
    sought_skills=None,
    photo=None,
    remove_photo=False,
    **data,
) -> User:
    """A member edits their own profile; `photo` is an already re-encoded image file."""
    if actor.pk != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        # The row as it is now, not as the request found it: staff may have withdrawn the
        # account or changed its organisation while a large photo was uploading.
        user = User.objects.select_for_update().get(pk=user.pk)
        with _image_replaced(user, "photo", photo, remove_photo):
            _assign(user, data, PROFILE_FIELDS)
            user.full_clean(exclude=["password"])
            user.save(update_fields=[*data, "photo"])
        if themes is not None:
            user.themes.set(themes)
        if skills is not None:
            user.skills.set(skills)
        if sought_skills is not None:
            user.sought_skills.set(sought_skills)
    return user


ORGANISATION_FIELDS = ("about", "website", "commune", "dwellings")


def organisation_update(
    *, actor: User, organisation: Organisation, logo=None, remove_logo=False, **data
) -> Organisation:
    """An organisation editor (or staff) updates the public page; `logo` is re-encoded already."""
    if not actor.has_perm("landlords.edit_organisation", organisation):
        raise PermissionDenied
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        with _image_replaced(organisation, "logo", logo, remove_logo):
            _assign(organisation, data, ORGANISATION_FIELDS)
            placed = []
            if data.get("commune"):  # the head office's commune says the département
                organisation.departement = organisation.commune.departement
                placed = ["departement"]
            organisation.full_clean()
            organisation.save(update_fields=[*data, *placed, "logo"])
    return organisation


RESIDENCE_FIELDS = ("name", "commune", "address", "dwellings", "in_qpv")


def _residence_fill(residence: Residence, data: dict) -> Residence:
    _assign(residence, data, RESIDENCE_FIELDS)
    placed = []
    if data.get("commune"):  # chosen from the official list: the old free text has served
        residence.commune_label = ""
        placed = ["commune_label"]
    residence.full_clean()
    if residence.pk is None:
        residence.save()
    else:
        residence.save(update_fields=[*data, *placed])
    return residence


def residence_create(*, actor: User, organisation: Organisation, **data) -> Residence:
    if not actor.has_perm("landlords.edit_organisation", organisation):
        raise PermissionDenied
    if organisation.kind != Organisation.Kind.LANDLORD:
        raise ValidationError(_("Only landlords have residences."))
    with transaction.atomic():
        return _residence_fill(Residence(landlord=organisation), data)


def residence_update(*, actor: User, residence: Residence, **data) -> Residence:
    with transaction.atomic():
        # of=self: the residence row only (its commune comes along on the nullable side of a join)
        residence = Residence.objects.select_for_update(of=("self",)).get(pk=residence.pk)
        if not actor.has_perm("landlords.edit_organisation", residence.landlord):
            raise PermissionDenied
        return _residence_fill(residence, data)


def residence_delete(*, actor: User, residence: Residence) -> None:
    if not actor.has_perm("landlords.edit_organisation", residence.landlord):
        raise PermissionDenied
    try:
        with transaction.atomic():
            residence.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("This residence is used elsewhere on the portal (a visit, an initiative).")
        ) from error


# Functions that erase what an app holds about a person when they delete their account (e.g. the
# clubs app clears dietary notes). Apps append to it from AppConfig.ready().
ACCOUNT_ERASERS: list = []


def user_delete(*, actor: User, user: User) -> User:
    """Delete one's own account: personal data goes, texts written for the club stay, signed
    "former member". The row is kept (anonymised) so that those texts keep an author."""
    if actor.pk != user.pk or user.deleted_at:
        raise PermissionDenied
    if user.is_staff or user.is_superuser:
        raise ValidationError(_("Staff accounts are closed by another administrator."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        old_photo = user.photo.name if user.photo else ""
        storage = user.photo.storage
        user.email = f"former-member-{uuid.uuid4().hex}@invalid"
        user.full_name = ""
        user.job_title = ""
        user.phone = ""
        user.photo = ""
        user.directory_consent = False
        user.is_organisation_editor = False
        user.is_active = False
        user.is_approved = False
        user.refusal_reason = ""
        user.organisation = None
        user.last_login = None
        user.deleted_at = timezone.now()
        user.set_unusable_password()
        user.save()
        # The account's history held its name, email and phone: only the erasure stays.
        User.history.filter(id=user.pk).exclude(history_date__gte=user.deleted_at).delete()
        user.themes.clear()
        user.skills.clear()
        user.sought_skills.clear()
        user.groups.clear()
        user.user_permissions.clear()
        user.emailaddress_set.all().delete()
        # The admin's history names the account in each entry about it.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).update(object_repr=gettext("former member"))
        for erase in ACCOUNT_ERASERS:
            erase(user)
        if old_photo:
            transaction.on_commit(lambda: storage.delete(old_photo))
    return user
