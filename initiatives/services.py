"""Writes on initiatives: keyword-only functions that validate, run in a transaction, return."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.search import stored_vector
from initiatives.documents import clean_document
from initiatives.models import (
    Assessment,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    Resource,
)
from initiatives.selectors import INITIATIVE_SEARCH_FIELDS
from landlords.models import Organisation, User
from landlords.permissions import is_member
from landlords.uploads import ImageRules, reencode_image

FIELDS = (
    "title",
    "summary",
    "description",
    "commune",
    "departement",
    "region",
    "in_qpv",
    "status",
    "start_date",
    "end_date",
    "budget",
    "visibility",
    "contact",
    "replicability",
    "origin_action",
)
RELATIONS = ("co_landlords", "partners", "residences", "themes", "publics", "presented_at")

PHOTO_RULES = ImageRules(max_bytes=10 * 1024 * 1024, max_side=1600)
THUMBNAIL_RULES = ImageRules(max_bytes=10 * 1024 * 1024, max_side=480)


# Addresses under /initiatives/ that are pages, not initiatives.
RESERVED_SLUGS = {"nouvelle", "impact", "carte"}


def _unique_slug(title: str, exclude_pk=None) -> str:
    base = slugify(title)[:200] or "initiative"
    slug, number = base, 2
    taken = Initiative.objects.exclude(pk=exclude_pk)
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def initiative_index(initiative: Initiative) -> None:
    """Refresh the accent-free sort key and, on PostgreSQL, the French search vector."""
    fields = {"sort_title": slugify(initiative.title)[:220]}
    if connection.vendor == "postgresql":
        fields["search_vector"] = stored_vector(Initiative, INITIATIVE_SEARCH_FIELDS)
    Initiative.objects.filter(pk=initiative.pk).update(**fields)


def _write(initiative: Initiative, actor: User, data: dict) -> Initiative:
    unknown = set(data) - set(FIELDS) - set(RELATIONS)
    if unknown:
        raise ValueError(f"Not initiative fields: {sorted(unknown)}")
    if any(org.kind != Organisation.Kind.LANDLORD for org in data.get("co_landlords") or []):
        raise ValidationError({"co_landlords": _("Co-landlords must be landlords.")})
    for field in FIELDS:
        if field in data:
            value = data[field]
            setattr(initiative, field, value.strip() if isinstance(value, str) else value)
    if initiative.commune_id:  # the commune says the territory; the old free text has served
        initiative.departement = initiative.commune.departement
        initiative.region_id = initiative.commune.region_id
        initiative.commune_label = ""
    initiative.full_clean(exclude=["slug", "lead", "search_vector"])
    initiative._history_user = actor
    initiative.save()
    for relation in RELATIONS:
        if relation in data:
            getattr(initiative, relation).set(data[relation] or [])
    initiative_index(initiative)
    return initiative


def initiative_create(*, actor: User, organisation: Organisation, **data) -> Initiative:
    """A member creates an initiative led by their organisation (staff: by any)."""
    if not actor.has_perm("initiatives.add_initiative_for", organisation):
        raise PermissionDenied
    with transaction.atomic():
        initiative = Initiative(lead=organisation, contact=data.pop("contact", None) or actor)
        initiative.slug = _unique_slug(data.get("title", ""))
        return _write(initiative, actor, data)


def initiative_update(*, actor: User, initiative: Initiative, **data) -> Initiative:
    if not actor.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        return _write(initiative, actor, data)


def indicator_add(
    *, actor: User, initiative: Initiative, name: str, unit: str = "", baseline=None, target=None
) -> Indicator:
    if not actor.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied
    with transaction.atomic():
        indicator = Indicator(
            initiative=initiative,
            name=(name or "").strip(),
            unit=(unit or "").strip(),
            baseline=baseline,
            target=target,
        )
        indicator.full_clean()
        indicator.save()
    return indicator


def _check_editor(actor: User, initiative: Initiative) -> None:
    if not actor.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied


def _check_measurement_date(date) -> None:
    if date is None:
        raise ValidationError({"date": _("Give the date of the measurement.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("A measurement cannot be in the future.")})


def measurement_add(
    *, actor: User, indicator: Indicator, date: datetime.date, value, comment: str = ""
) -> Measurement:
    """Record where an indicator stands on a date."""
    _check_editor(actor, indicator.initiative)
    _check_measurement_date(date)
    with transaction.atomic():
        measurement = Measurement(
            indicator=indicator,
            date=date,
            value=Decimal(value) if value is not None else None,
            comment=(comment or "").strip(),
            created_by=actor,
        )
        measurement.full_clean()
        measurement.save()
    return measurement


def assessment_add(
    *, actor: User, initiative: Initiative, kind: str, date: datetime.date, text: str, call=None
) -> Assessment:
    """A bilan, intermediate or final (possibly the one a call for projects expects)."""
    if not actor.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied
    if call is not None and not initiative.applications.filter(call=call).exists():
        raise ValidationError({"call": _("This initiative did not apply to that call.")})
    with transaction.atomic():
        assessment = Assessment(
            initiative=initiative,
            kind=kind,
            date=date,
            text=(text or "").strip(),
            author=actor,
            call=call,
        )
        assessment.full_clean()
        assessment.save()
    return assessment


def photo_add(
    *,
    actor: User,
    initiative: Initiative,
    image,
    alt_text: str,
    credit: str,
    consent: bool,
    caption: str = "",
) -> Photo:
    """Store a photo of an initiative re-encoded (no EXIF, no GPS, no trailing bytes) with
    its thumbnail."""
    if not actor.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied
    return _photo_create(
        Photo(initiative=initiative, added_by=actor),
        image,
        alt_text=alt_text,
        credit=credit,
        consent=consent,
        caption=caption,
    )


def meeting_photo_add(
    *, actor: User, meeting, image, alt_text: str, credit: str, consent: bool, caption: str = ""
) -> Photo:
    """A photo of a meeting (for its page and its Cahier), by its animators or staff."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    return _photo_create(
        Photo(meeting=meeting, added_by=actor),
        image,
        alt_text=alt_text,
        credit=credit,
        consent=consent,
        caption=caption,
    )


def _photo_create(photo: Photo, image, *, alt_text, credit, consent, caption) -> Photo:
    errors = {}
    if not (alt_text or "").strip():
        errors["alt_text"] = _("Describe the photo for people who cannot see it.")
    if not (credit or "").strip():
        errors["credit"] = _("Who took the photo?")
    if not consent:
        errors["consent"] = _("Confirm that the people shown agreed to the publication.")
    if errors:
        raise ValidationError(errors)
    try:
        stored = reencode_image(image, PHOTO_RULES)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    thumbnail = reencode_image(stored, THUMBNAIL_RULES)
    photo.alt_text, photo.credit = alt_text.strip(), credit.strip()
    photo.caption, photo.consent = (caption or "").strip(), True
    with transaction.atomic():
        photo.image.save(stored.name, stored, save=False)
        photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        try:
            photo.full_clean()
            photo.save()
        except Exception:
            photo.image.delete(save=False)
            photo.thumbnail.delete(save=False)
            raise
    return photo


RESOURCE_FIELDS = ("title", "kind", "description", "url", "visibility")


def resource_add(
    *, actor: User, file=None, themes=(), initiatives=(), workshops=(), **data
) -> Resource:
    """A member adds a guide, template, link or file (checked by content) to the toolbox,
    linked to initiatives they may edit and to workshops of meetings they manage or took part
    in (the resource shows on those initiatives' pages)."""
    if not is_member(actor):
        raise PermissionDenied
    unknown = set(data) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValueError(f"Not resource fields: {sorted(unknown)}")
    initiatives, workshops = list(initiatives), list(workshops)
    errors = {}
    if not all(actor.has_perm("initiatives.edit_initiative", i) for i in initiatives):
        errors["initiatives"] = _("You may only link initiatives that you may edit.")
    if not all(actor.has_perm("initiatives.link_resource_to_workshop", w) for w in workshops):
        errors["workshops"] = _(
            "You may only link workshops of meetings that you animate or took part in."
        )
    if errors:
        raise ValidationError(errors)
    stored = None
    filename = ""
    if file:
        try:
            stored, filename = clean_document(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    if stored is None and not (data.get("url") or "").strip():
        raise ValidationError({"file": _("Give a file or a link.")})
    with transaction.atomic():
        resource = Resource(added_by=actor, filename=filename)
        for field, value in data.items():
            setattr(resource, field, value.strip() if isinstance(value, str) else value)
        if stored is not None:
            resource.file.save(stored.name, stored, save=False)
        try:
            resource.full_clean()
            resource.save()
            resource.themes.set(themes)
            resource.initiatives.set(initiatives)
            resource.workshops.set(workshops)
        except Exception:
            if resource.file:
                resource.file.delete(save=False)
            raise
    return resource


def resource_delete(*, actor: User, resource: Resource) -> None:
    if not actor.has_perm("initiatives.delete_resource_of", resource):
        raise PermissionDenied
    name = resource.file.name if resource.file else ""
    storage = resource.file.storage
    with transaction.atomic():
        resource.delete()
        if name:
            transaction.on_commit(lambda: storage.delete(name))


# Corrections: what the editors of an initiative added, changed or removed ---------------------


def _update(obj, *, actor: User, initiative: Initiative, data: dict):
    """Write `data` on `obj` (a row of `initiative`), validated, in one transaction."""
    _check_editor(actor, initiative)
    with transaction.atomic():
        obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        for field, value in data.items():
            setattr(obj, field, value.strip() if isinstance(value, str) else value)
        obj.full_clean()
        obj.save()
    return obj


def _delete(obj, *, actor: User, initiative: Initiative, files=()) -> None:
    """Remove `obj` (a row of `initiative`); its files go once the removal is committed."""
    _check_editor(actor, initiative)
    names = [(file.storage, file.name) for file in files if file]
    with transaction.atomic():
        obj.delete()
        for storage, name in names:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


def indicator_update(
    *, actor: User, indicator: Indicator, name: str, unit: str = "", baseline=None, target=None
) -> Indicator:
    data = {"name": name, "unit": unit, "baseline": baseline, "target": target}
    return _update(indicator, actor=actor, initiative=indicator.initiative, data=data)


def indicator_delete(*, actor: User, indicator: Indicator) -> None:
    """Remove an indicator with its measurements."""
    _delete(indicator, actor=actor, initiative=indicator.initiative)


def measurement_update(
    *, actor: User, measurement: Measurement, date: datetime.date, value, comment: str = ""
) -> Measurement:
    _check_measurement_date(date)
    data = {"date": date, "value": value, "comment": comment}
    initiative = measurement.indicator.initiative
    return _update(measurement, actor=actor, initiative=initiative, data=data)


def measurement_delete(*, actor: User, measurement: Measurement) -> None:
    _delete(measurement, actor=actor, initiative=measurement.indicator.initiative)


def _initiative_photo(photo: Photo) -> Initiative:
    if photo.initiative_id is None:
        raise PermissionDenied  # a meeting's photo: its animators manage it
    return photo.initiative


def photo_update(
    *, actor: User, photo: Photo, alt_text: str, credit: str, caption: str = ""
) -> Photo:
    """Correct the caption, text alternative or credit of an initiative's photo."""
    errors = {}
    if not (alt_text or "").strip():
        errors["alt_text"] = _("Describe the photo for people who cannot see it.")
    if not (credit or "").strip():
        errors["credit"] = _("Who took the photo?")
    if errors:
        raise ValidationError(errors)
    data = {"alt_text": alt_text, "credit": credit, "caption": caption or ""}
    return _update(photo, actor=actor, initiative=_initiative_photo(photo), data=data)


def photo_delete(*, actor: User, photo: Photo) -> None:
    """Remove an initiative's photo; the image and its thumbnail are deleted on commit."""
    initiative = _initiative_photo(photo)
    _delete(photo, actor=actor, initiative=initiative, files=(photo.image, photo.thumbnail))


def funding_add(
    *, actor: User, initiative: Initiative, funder: Organisation, amount, call=None
) -> Funding:
    _check_editor(actor, initiative)
    with transaction.atomic():
        funding = Funding(initiative=initiative, funder=funder, amount=amount, call=call)
        funding.full_clean()
        funding.save()
    return funding


def funding_update(
    *, actor: User, funding: Funding, funder: Organisation, amount, call=None
) -> Funding:
    data = {"funder": funder, "amount": amount, "call": call}
    return _update(funding, actor=actor, initiative=funding.initiative, data=data)


def funding_delete(*, actor: User, funding: Funding) -> None:
    _delete(funding, actor=actor, initiative=funding.initiative)
