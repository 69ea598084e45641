""" "My data" as a person reads it: each field by its French name, values in words and dates,
without the portal's internal numbers and flags. The JSON download stays complete
(`landlords.selectors.user_data_export`)."""

import datetime
from decimal import Decimal

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from config.typography import date_text
from landlords.models import User
from landlords.selectors import records_about

# Fields that are the portal's own bookkeeping, not something about the person.
INTERNAL = {"id", "password", "is_superuser", "is_staff", "is_active", "deleted_at"}
# Columns of other models that say nothing to a reader (search keys, ordering, versions).
TECHNICAL = {"search_vector", "sort_title", "order", "version"}


def _file_name(value: FieldFile) -> str:
    return value.name.rsplit("/", 1)[-1] if value.name else "—"


# How a value of each kind reads (the first matching type wins: datetime before date).
FORMATS = [
    (bool, lambda value: _("Yes") if value else _("No")),
    (datetime.datetime, lambda value: date_text(timezone.localtime(value), "DATETIME_FORMAT")),
    (datetime.date, date_text),
    (Decimal | int | float, lambda value: number_format(value, use_l10n=True, force_grouping=True)),
    (FieldFile, _file_name),
    (list | tuple, lambda value: ", ".join(str(item) for item in value) or "—"),
]


def readable(value) -> str:
    if value is None or value == "":
        return "—"
    for kind, written in FORMATS:
        if isinstance(value, kind):
            return written(value)
    return str(value)


def _value(row, field, user=None) -> str:
    if user is not None and field.related_model is User and getattr(row, field.attname) == user.pk:
        return _("You")
    if field.choices:
        return readable(getattr(row, f"get_{field.name}_display")())
    return readable(getattr(row, field.name))


def _columns(model, exclude) -> list:
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in exclude | INTERNAL | TECHNICAL
    ]


def account_rows(user: User) -> list[tuple[str, str]]:
    """(label, value) for what the person's account holds, then their themes and skills."""
    rows = [
        (capfirst(field.verbose_name), _value(user, field))
        for field in _columns(User, exclude=set())
    ]
    for name in ("themes", "skills", "sought_skills"):
        field = User._meta.get_field(name)
        names = [str(item) for item in getattr(user, name).all()]
        rows.append((capfirst(field.verbose_name), readable(names)))
    return [(label, value) for label, value in rows if value != "—"]  # what is held, only


def other_records(user: User) -> list[dict]:
    """For each kind of record pointing at the person: its name and its records, each a list
    of (label, value) with the empty ones left out; each record once, even when it points at
    them twice (e.g. registered and registered by)."""
    tables: dict[str, dict] = {}
    for label, model, _field, rows in records_about(user):
        columns = _columns(model, exclude=set())
        relations = [column.name for column in columns if column.is_relation]
        table = tables.setdefault(
            label,
            {"title": capfirst(model._meta.verbose_name_plural), "seen": set(), "rows": []},
        )
        for row in rows.select_related(*relations):
            if row.pk in table["seen"]:
                continue
            table["seen"].add(row.pk)
            values = [(capfirst(c.verbose_name), _value(row, c, user)) for c in columns]
            table["rows"].append([(name, value) for name, value in values if value != "—"])
    return [table for table in tables.values() if table["rows"]]
