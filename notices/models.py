"""What members follow, which announcements they want, and what was sent (so that no job sends
the same thing twice)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from landlords.departements import DEPARTEMENT_CHOICES


class Follow(models.Model):
    """A member follows one club, one theme or one département (exactly one of the three)."""

    class Kind(models.TextChoices):
        CLUB = "club", _("Club")
        THEME = "theme", _("Theme")
        DEPARTEMENT = "departement", _("Département")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        related_name="follows",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    club = models.ForeignKey(
        "clubs.Club",
        verbose_name=_("club"),
        related_name="follows",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    theme = models.ForeignKey(
        "landlords.Theme",
        verbose_name=_("theme"),
        related_name="follows",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    departement = models.CharField(
        _("département"), max_length=3, blank=True, choices=DEPARTEMENT_CHOICES
    )
    created_at = models.DateTimeField(_("followed since"), default=timezone.now)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="club", club__isnull=False, theme__isnull=True, departement="")
                    | Q(kind="theme", club__isnull=True, theme__isnull=False, departement="")
                    | (
                        Q(kind="departement", club__isnull=True, theme__isnull=True)
                        & ~Q(departement="")
                    )
                ),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "club"], condition=Q(kind="club"), name="follow_club_once"
            ),
            models.UniqueConstraint(
                fields=["user", "theme"], condition=Q(kind="theme"), name="follow_theme_once"
            ),
            models.UniqueConstraint(
                fields=["user", "departement"],
                condition=Q(kind="departement"),
                name="follow_departement_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.club or self.theme or self.get_departement_display())


class Preferences(models.Model):
    """Which announcements a member wants by email. No row: all of them (the defaults).

    Changes to or the cancellation of a meeting one registered for are not listed: they always
    go to the registrants."""

    TOPICS = ("meetings", "cahiers", "digest", "reminders")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        related_name="notice_preferences",
        on_delete=models.CASCADE,
    )
    meetings = models.BooleanField(
        _("new meetings"),
        default=True,
        help_text=_("A meeting of a club or in a département I follow is published."),
    )
    cahiers = models.BooleanField(
        _("Cahiers"),
        default=True,
        help_text=_("The Cahier of a meeting I took part in, or of a club I follow, is out."),
    )
    digest = models.BooleanField(
        _("monthly digest"),
        default=True,
        help_text=_("Once a month: new initiatives and open calls on what I follow."),
    )
    reminders = models.BooleanField(
        _("follow-up action reminders"),
        default=True,
        help_text=_("An action of my organisation is due in a week, or late."),
    )

    class Meta:
        verbose_name = _("email preferences")
        verbose_name_plural = _("email preferences")

    def __str__(self) -> str:
        return str(self.user)


class DigestSent(models.Model):
    """One monthly digest sent to one member: the next one starts where this one ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        related_name="digests_sent",
        on_delete=models.CASCADE,
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="digest_once_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.month:%Y-%m}"


class ActionReminder(models.Model):
    """A reminder about a follow-up action, sent once of each kind."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due in a week")
        LATE = "late", _("Late")

    action = models.ForeignKey(
        "clubs.Action",
        verbose_name=_("action"),
        related_name="reminders",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(
        _("due date"), help_text=_("The due date reminded of: a new date gets new reminders.")
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_date"], name="action_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} · {self.get_kind_display()}"
