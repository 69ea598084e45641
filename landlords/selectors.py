"""Reads on organisations shared by views (eager loading lives here)."""

from allauth.account.models import EmailAddress
from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from config.collation import french, sort_key
from landlords.models import Organisation, Residence, User


def matching_organisation(name: str) -> Organisation | None:
    """The listed organisation whose name is `name`, accents, case and spacing aside."""
    wanted = sort_key(" ".join(name.split()))[0]
    for organisation in Organisation.objects.only("pk", "name"):
        if sort_key(" ".join(organisation.name.split()))[0] == wanted:
            return organisation
    return None


def organisation_list() -> QuerySet[Organisation]:
    return (
        Organisation.objects.prefetch_related("regions")
        .annotate(residence_count=Count("residences", distinct=True))
        .order_by(french("name"), "pk")
    )


def organisation_detail_queryset() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related(
        "regions",
        Prefetch(
            "residences",
            queryset=Residence.objects.select_related("commune").order_by("commune__name", "name"),
        ),
    )


def member_directory() -> QuerySet[User]:
    """Approved members who agreed to appear in the directory, with what their cards show."""
    return (
        User.objects.in_directory()
        .select_related("organisation")
        .prefetch_related("themes", "skills")
        .order_by(french("full_name"), "pk")
    )


def member_detail_queryset() -> QuerySet[User]:
    return (
        User.objects.approved()
        .select_related("organisation")
        .prefetch_related("themes", "skills", "organisation__regions")
    )


def approval_queue() -> QuerySet[User]:
    """Accounts waiting for a decision, oldest first, with whether their email is confirmed."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    return (
        User.objects.awaiting_approval()
        .select_related("organisation", "organisation_proposal")
        .annotate(email_confirmed=Exists(confirmed))
        .order_by("date_joined", "pk")
    )


def user_data_export(user: User) -> dict:
    """Everything the portal holds about `user`: their account and every row that points at them.

    Related rows are found through the model's reverse relations, so data added by later apps
    (registrations, session logs…) is included without this function knowing about them.
    """
    account = _row_to_dict(user)
    del account["password"]
    account.update(
        {
            "organisation": user.organisation.name if user.organisation else None,
            "photo": user.photo.url if user.photo else None,
            "themes": [theme.name for theme in user.themes.all()],
            "skills": [skill.name for skill in user.skills.all()],
            "sought_skills": [skill.name for skill in user.sought_skills.all()],
            "groups": [group.name for group in user.groups.all()],
        }
    )
    related = {}
    for label, _model, _field, rows in records_about(user):
        dumped = [_row_to_dict(row) for row in rows]
        if dumped:
            related.setdefault(label, []).extend(dumped)
    return {
        "exported_at": timezone.now(),
        "account": account,
        "related": related,
    }


def records_about(user: User):
    """(label, model, field, rows) for each relation by which rows point at `user`: found
    through the model's reverse relations, so later apps' rows come without this knowing."""
    for relation in User._meta.related_objects:
        model = relation.related_model
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if label in EXPORT_SKIPPED:
            continue
        rows = model._default_manager.filter(**{relation.field.name: user}).order_by("pk")
        yield label, model, relation.field, rows


# Rows that point at the user but hold nothing about them worth exporting (or secrets).
EXPORT_SKIPPED = {"account.emailconfirmation", "admin.logentry"}


def _row_to_dict(row) -> dict:
    data = {"id": row.pk}
    for field in row._meta.concrete_fields:
        value = getattr(row, field.attname)
        if isinstance(value, FieldFile):
            value = value.name or None
        data[field.attname] = value
    return data
