"""Clubs and their meetings (the walking skeleton's part; workshops and logs come later)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from landlords.models import Organisation, Region


def ordinal(number: int) -> str:
    """'1er', '2e' in French; '1st', '2nd' in English."""
    if (get_language() or "fr").startswith("fr"):
        return "1er" if number == 1 else f"{number}e"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class Club(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="clubs")
    description = models.TextField(_("description"), blank=True)
    animators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("animators"),
        related_name="animated_clubs",
        blank=True,
        help_text=_("AR Hlm staff who prepare meetings and approve restitutions."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")

    def __str__(self) -> str:
        return self.name


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Meeting.Status.DRAFT)

    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(date__gte=today).order_by("date", "start_time")


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")
        ARCHIVED = "archived", _("Archived")

    club = models.ForeignKey(
        Club, verbose_name=_("club"), related_name="meetings", on_delete=models.PROTECT
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("7 for the 7th Club."))
    title = models.CharField(_("theme of the day"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), default=datetime.time(9, 30))
    end_time = models.TimeField(_("end time"), default=datetime.time(16, 30))
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host landlord"),
        related_name="hosted_meetings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.LANDLORD},
        help_text=_("Empty for a meeting held online."),
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partner organisations"),
        related_name="partnered_meetings",
        blank=True,
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    programme_intro = models.TextField(_("programme introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=45)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "number"], name="meeting_number_unique_in_club"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="meeting_times_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "held", "archived"]),
                name="meeting_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.club}"

    @property
    def name(self) -> str:
        """'7e Club Innovation sociale'."""
        return pgettext("meeting name", "%(ordinal)s Club Innovation sociale") % {
            "ordinal": ordinal(self.number)
        }

    @property
    def is_online(self) -> bool:
        return self.host_id is None
