"""Clubs, their roadmap and meetings: programme, workshops and visits, registrations, session logs
(restitutions) and their follow-up actions."""

import datetime
from functools import partial

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.storage import PrivateStorage
from landlords.models import Organisation, Region, Residence, Theme


def ordinal(number: int) -> str:
    """'1er', '2e' in French; '1st', '2nd' in English."""
    if (get_language() or "fr").startswith("fr"):
        return "1er" if number == 1 else f"{number}e"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def free_places(capacity: int | None, confirmed: int) -> int | None:
    """What is left of `capacity` once `confirmed` people hold a place (never below 0); None
    for no capacity of its own (a workshop open up to the meeting's capacity)."""
    return None if capacity is None else max(capacity - confirmed, 0)


class Club(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), related_name="clubs")
    description = models.TextField(_("description"), blank=True)
    roadmap = models.TextField(
        _("roadmap introduction"), blank=True, help_text=_("Shown above the objectives.")
    )
    animators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("animators"),
        related_name="animated_clubs",
        blank=True,
        help_text=_("AR Hlm staff who prepare meetings and approve restitutions."),
    )
    meeting_name = models.CharField(
        _("name of its meetings"),
        max_length=100,
        default="Club Innovation sociale",
        help_text=_(
            "After the number: “7e Club Innovation sociale”, “3e Club maîtrise d’ouvrage”."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")

    def __str__(self) -> str:
        return self.name


class RoadmapObjective(models.Model):
    """One line of a club's roadmap (feuille de route)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        REACHED = "reached", _("Reached")
        DROPPED = "dropped", _("Dropped")

    club = models.ForeignKey(
        Club, verbose_name=_("club"), related_name="objectives", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["club", "order", "pk"]
        verbose_name = _("roadmap objective")
        verbose_name_plural = _("roadmap objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["planned", "in_progress", "reached", "dropped"]),
                name="objective_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=Meeting.Status.DRAFT)

    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(date__gte=today).order_by("date", "start_time")


class Meeting(models.Model):
    """A day of the club (numbered: the 7th Club), or an event beyond it that AR Hlm
    co-organises (its own title: the interregional meetings with the social economy), or a
    webinar. Each reads right everywhere through `name` and `place`."""

    class Kind(models.TextChoices):
        CLUB = "club", _("Club meeting")
        EVENT = "event", _("Interregional or partner event")
        WEBINAR = "webinar", _("Webinar")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        HELD = "held", _("Held")
        ARCHIVED = "archived", _("Archived")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLUB)
    club = models.ForeignKey(
        Club,
        verbose_name=_("club"),
        related_name="meetings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("A club's meeting belongs to it; an event or a webinar may."),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("7 for the 7th Club (club meetings).")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("A club meeting's theme of the day; an event's or a webinar's own title."),
    )
    date = models.DateField(_("date"))
    # Time defaults are callables: Django warns (fields.W161) about a fixed one
    # whenever its checks happen to run within ten seconds of that time of day.
    start_time = models.TimeField(_("start time"), default=partial(datetime.time, 9, 30))
    end_time = models.TimeField(_("end time"), default=partial(datetime.time, 16, 30))
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        related_name="hosted_meetings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("The organisation that welcomes the day (a landlord for a club meeting)."),
    )
    co_organisers = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-organisers"),
        related_name="co_organised_meetings",
        blank=True,
        help_text=_("Organisations of any kind that organise the event with AR Hlm."),
    )
    is_online = models.BooleanField(
        _("online"), default=False, help_text=_("Held by video (a webinar, a lockdown meeting).")
    )
    online_url = models.URLField(
        _("link to join"), blank=True, help_text=_("Shown to the registered members only.")
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
    cahier_title = models.CharField(
        _("title of the Cahier"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “Cahier du Saint Georges”; empty: “Cahier du” and the venue."),
    )
    cahier_published_at = models.DateTimeField(_("Cahier published at"), null=True, blank=True)
    # The Cahier's editorial content, written by the animators (plain text, paragraphs).
    cahier_introduction = models.TextField(
        _("introduction of the Cahier"),
        blank=True,
        help_text=_("The host, the day, why this theme: it opens the Cahier, beside the contents."),
    )
    cahier_synthesis = models.TextField(
        _("synthesis across workshops"),
        blank=True,
        help_text=_("What the workshops and visits said together; it follows their chapters."),
    )
    cahier_cover_photo = models.ForeignKey(
        "initiatives.Photo",
        verbose_name=_("cover photo of the Cahier"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    registration_closes_on = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("Last day to register; empty: the day before the meeting."),
    )
    # The last undo of a publication (the history keeps the earlier ones).
    unpublished_reason = models.TextField(_("reason for unpublishing"), blank=True)
    unpublished_at = models.DateTimeField(_("unpublished at"), null=True, blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("unpublished by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    cahier_unpublished_reason = models.TextField(
        _("reason for unpublishing the Cahier"), blank=True
    )
    cahier_unpublished_at = models.DateTimeField(_("Cahier unpublished at"), null=True, blank=True)
    cahier_unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Cahier unpublished by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "number"], name="meeting_number_unique_in_club"
            ),
            models.CheckConstraint(
                condition=Q(kind="club", club__isnull=False, number__isnull=False)
                | (Q(kind__in=["event", "webinar"]) & ~Q(title="")),
                name="meeting_kind_complete",
                violation_error_message=_(
                    "A club meeting has its club and number; an event or a webinar its title."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="meeting_times_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "held", "archived"]),
                name="meeting_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_on__isnull=True)
                | Q(registration_closes_on__lte=models.F("date")),
                name="meeting_registration_closes_by_the_day",
                violation_error_message=_("Registration must close on or before the meeting day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.club}" if self.club_id else self.name

    def get_absolute_url(self) -> str:
        return reverse("clubs:meeting-detail", args=[self.pk])

    @property
    def is_club_meeting(self) -> bool:
        return self.kind == self.Kind.CLUB

    @property
    def name(self) -> str:
        """'7e Club Innovation sociale' for a club's meeting (its club's own name for its
        meetings); an event's or a webinar's title."""
        if self.kind != self.Kind.CLUB:
            return self.title
        meeting_name = self.club.meeting_name if self.club_id else "Club Innovation sociale"
        return pgettext("meeting name", "%(ordinal)s %(club)s") % {
            "ordinal": ordinal(self.number or 0),
            "club": meeting_name,
        }

    @property
    def theme(self) -> str:
        """The theme of a club's day (its title); an event's title is its name."""
        return self.title if self.kind == self.Kind.CLUB else ""

    @property
    def registration_deadline(self) -> datetime.date:
        return self.registration_closes_on or self.date - datetime.timedelta(days=1)

    def is_registration_open(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.PUBLISHED and today <= self.registration_deadline

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.start_time))

    def ends_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time))

    def has_taken_place(self, today: datetime.date | None = None) -> bool:
        """On or after the day: attendance and restitutions are for a meeting that took place."""
        return self.date <= (today or timezone.localdate())

    def is_past(self, today: datetime.date | None = None) -> bool:
        return self.date < (today or timezone.localdate())

    @property
    def cahier_name(self) -> str:
        if self.cahier_title:
            return self.cahier_title
        if self.venue:
            return pgettext("cahier", "Cahier du %(venue)s") % {"venue": self.venue}
        return pgettext("cahier", "Cahier of the %(meeting)s") % {"meeting": self.name}

    @property
    def place(self) -> str:
        """Where it is: the venue, the address and the city; online, said so (and where
        people also meet, if anywhere)."""
        where = ", ".join(part for part in (self.venue, self.address, self.city) if part)
        if self.is_online:
            online = pgettext("place", "Online")
            return f"{online} · {where}" if where else online
        return where

    @property
    def places_left(self) -> int:
        """Needs `confirmed_count`, which clubs.selectors.meeting_counts sets."""
        return free_places(self.capacity, self.confirmed_count)


class AgendaItem(models.Model):
    """One step of a meeting's programme."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome")
        PLENARY = "plenary", _("Plenary talk")
        WORKSHOPS = "workshops", _("Parallel workshops")
        VISIT = "visit", _("Field visit")
        LUNCH = "lunch", _("Lunch")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="agenda_items", on_delete=models.CASCADE
    )
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    speakers = models.CharField(
        _("speakers"),
        max_length=300,
        blank=True,
        help_text=_("Names and roles, e.g. “Sophie Matrat, présidente du directoire”."),
    )
    residence = models.ForeignKey(
        Residence,
        verbose_name=_("visited residence"),
        related_name="agenda_items",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    account = models.TextField(
        _("what was said"),
        blank=True,
        help_text=_("For the Cahier: what was presented and said, by whom."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "start_time", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="agenda_item_times_ordered",
                violation_error_message=_("The end time must come after the start time."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["welcome", "plenary", "workshops", "visit", "lunch"]),
                name="agenda_item_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_time:%H:%M} {self.title}"


class AgendaDocument(models.Model):
    """Slides or a document presented at a programme item, listed in the Cahier. Checked by its
    content on upload, like the toolbox's files."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("programme item"),
        related_name="documents",
        on_delete=models.CASCADE,
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to="agenda/", storage=PrivateStorage(), max_length=200
    )
    filename = models.CharField(_("file name"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("programme document")
        verbose_name_plural = _("programme documents")

    def __str__(self) -> str:
        return self.title


class Workshop(models.Model):
    """A parallel workshop or a field visit of a meeting, with its facilitators and rapporteurs.
    Those of one time slot run at the same time: a participant chooses one per slot."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        VISIT = "visit", _("Field visit")

    class Slot(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="workshops", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    slot = models.CharField(
        _("time slot"),
        max_length=20,
        choices=Slot.choices,
        default=Slot.MORNING,
        help_text=_("Workshops and visits of one slot run at the same time: one choice each."),
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        related_name="workshops",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_workshops",
        blank=True,
    )
    rapporteurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rapporteurs"),
        related_name="reported_workshops",
        blank=True,
        help_text=_("They write the restitution (session log)."),
    )
    room = models.CharField(_("room"), max_length=100, blank=True)
    residence = models.ForeignKey(
        Residence,
        verbose_name=_("visited residence"),
        related_name="visits",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty: only the meeting's capacity.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("workshop or visit")
        verbose_name_plural = _("workshops and visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["workshop", "visit"]), name="workshop_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(slot__in=["morning", "afternoon"]), name="workshop_slot_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int | None:
        """None without a capacity of its own. Needs `confirmed_count`, which
        clubs.selectors.meeting_workshops annotates."""
        return free_places(self.capacity, self.confirmed_count)


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by(
            "status_changed_at", "pk"
        )

    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="registrations", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        related_name="registrations",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty for a walk-in without an account (then a name is given)."),
    )
    # A person who came on the day without an account: only a name and, when listed, the
    # organisation, so that the register and the Cahier count them. No email: nobody writes
    # to them through the portal.
    guest_name = models.CharField(
        _("name (walk-in without an account)"), max_length=200, blank=True
    )
    guest_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation (walk-in without an account)"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    workshops = models.ManyToManyField(
        Workshop,
        verbose_name=_("workshops and visits"),
        related_name="registrations",
        through="RegistrationChoice",
        blank=True,
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("A colleague of the same organisation; empty: the member themself."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    dietary_note = models.CharField(_("dietary needs"), max_length=200, blank=True)
    reduced_mobility = models.BooleanField(_("reduced mobility"), default=False)
    photo_consent = models.BooleanField(_("photo consent"), default=False)
    walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Added to the register on the day.")
    )
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    status_changed_at = models.DateTimeField(
        _("status changed at"),
        default=timezone.now,
        help_text=_("The waiting list is served in this order."),
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], name="registration_unique_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "cancelled"]),
                name="registration_status_valid",
            ),
            # A member's registration, or a walk-in without an account who has a name.
            models.CheckConstraint(
                condition=Q(user__isnull=False, guest_name="", guest_organisation__isnull=True)
                | (Q(user__isnull=True, walk_in=True) & ~Q(guest_name="")),
                name="registration_member_or_named_walk_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} — {self.meeting.name}"

    @property
    def person_name(self) -> str:
        return str(self.user) if self.user_id else self.guest_name

    @property
    def person_organisation(self) -> Organisation | None:
        return self.user.organisation if self.user_id else self.guest_organisation

    @property
    def chosen_workshops(self) -> list:
        """Its workshops and visits, morning first (from the prefetch when there is one)."""
        return sorted(
            self.workshops.all(), key=lambda w: (w.slot != Workshop.Slot.MORNING, w.order)
        )


class RegistrationChoice(models.Model):
    """The workshop or visit a registration chose in one time slot (one per slot: the
    services check it with the meeting's row locked, like the capacities)."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        related_name="choices",
        on_delete=models.CASCADE,
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop or visit"),
        related_name="choices",
        on_delete=models.CASCADE,
    )
    chosen_at = models.DateTimeField(_("chosen at"), default=timezone.now)

    class Meta:
        ordering = ["registration", "pk"]
        verbose_name = _("workshop choice")
        verbose_name_plural = _("workshop choices")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "workshop"], name="registration_choice_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} — {self.workshop}"


class SessionLog(models.Model):
    """The restitution of a workshop or a visit, written by its rapporteur, approved by an
    animator. `version` grows with every save: a save based on an older one is refused."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    workshop = models.OneToOneField(
        Workshop,
        verbose_name=_("workshop or visit"),
        related_name="session_log",
        on_delete=models.CASCADE,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="session_logs",
        on_delete=models.PROTECT,
    )
    summary = models.TextField(_("summary"), blank=True)
    key_findings = models.TextField(_("key findings"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        related_name="approved_session_logs",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_comment = models.TextField(_("animator's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session log")
        verbose_name_plural = _("session logs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="session_log_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="session_log_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.workshop)


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS])


class Action(models.Model):
    """A follow-up action owned by an organisation: decided in a workshop (its restitution) or,
    at an event, as the next step of a flash meeting. `meeting` is where it was decided (the
    origin's meeting, set by the services that create it), kept beside its origin so that lists
    and reminders filter on one join."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="actions", on_delete=models.CASCADE
    )
    session_log = models.ForeignKey(
        SessionLog,
        verbose_name=_("session log"),
        related_name="actions",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    flash_meeting = models.ForeignKey(
        "FlashMeeting",
        verbose_name=_("flash meeting"),
        related_name="actions",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        related_name="club_actions",
        on_delete=models.PROTECT,
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "in_progress", "done", "dropped"]),
                name="action_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(session_log__isnull=False, flash_meeting__isnull=True)
                | Q(session_log__isnull=True, flash_meeting__isnull=False),
                name="action_one_origin",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where it is listed with its status: the club's actions, or the flash meeting's page.
        Needs `meeting__club` loaded for a workshop's action."""
        if self.flash_meeting_id:
            return reverse("clubs:flash-followup", args=[self.meeting_id, self.flash_meeting_id])
        return reverse("clubs:action-list", args=[self.meeting.club.slug])

    @property
    def is_late(self) -> bool:
        """Past its due date (today, in the portal's time zone) and neither done nor dropped."""
        return bool(
            self.due_date
            and self.due_date < timezone.localdate()
            and self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}
        )


# --- Flash meetings ----------------------------------------------------------------------------
#
# At an event, participants meet one to one in short rounds at numbered tables: each fills a
# profile (what they offer, what they seek, the rounds they are free), asks others for a meeting,
# accepts or declines what they are asked; the scheduler (clubs/flash_solver.py) places the
# accepted requests in (round, table); after the event each side says whether the exchange was
# qualified.


class FlashSession(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being prepared")
        OPEN = "open", _("Open for requests")
        PUBLISHED = "published", _("Schedule published")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("event"), related_name="flash_session", on_delete=models.CASCADE
    )
    starts_at = models.TimeField(_("first round at"), default=partial(datetime.time, 14, 0))
    rounds = models.PositiveSmallIntegerField(_("rounds"), default=8)
    round_minutes = models.PositiveSmallIntegerField(_("minutes per round"), default=12)
    changeover_minutes = models.PositiveSmallIntegerField(
        _("minutes between rounds"), default=3, help_text=_("To change tables.")
    )
    break_after = models.PositiveSmallIntegerField(
        _("break after round"), null=True, blank=True, help_text=_("Empty: no break.")
    )
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=15)
    tables = models.PositiveSmallIntegerField(_("tables"), default=20)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # What the last run of the scheduler found (shown to the organiser).
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    requested = models.PositiveIntegerField(_("accepted requests"), default=0)
    scheduled = models.PositiveIntegerField(_("meetings scheduled"), default=0)
    objective = models.PositiveIntegerField(_("weight scheduled"), default=0)
    bound = models.PositiveIntegerField(_("best possible weight"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flash session")
        verbose_name_plural = _("flash sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(rounds__gte=1) & Q(rounds__lte=40) & Q(tables__gte=1),
                name="flash_session_sizes",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "published"]),
                name="flash_session_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Flash meetings')} — {self.meeting.name}"

    def round_times(self) -> list[tuple[int, datetime.time, datetime.time]]:
        """(number from 1, start, end) of each round, the break included."""
        start = datetime.datetime.combine(datetime.date(2000, 1, 1), self.starts_at)
        times = []
        for number in range(1, self.rounds + 1):
            end = start + datetime.timedelta(minutes=self.round_minutes)
            times.append((number, start.time(), end.time()))
            start = end + datetime.timedelta(minutes=self.changeover_minutes)
            if self.break_after and number == self.break_after:
                start += datetime.timedelta(minutes=self.break_minutes)
        return times


class FlashProfile(models.Model):
    """A participant of a flash session: what they offer and seek, the rounds they are free."""

    session = models.ForeignKey(
        FlashSession, verbose_name=_("session"), related_name="profiles", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        related_name="flash_profiles",
        on_delete=models.CASCADE,
    )
    offers_themes = models.ManyToManyField(
        Theme, verbose_name=_("I offer, on the themes"), related_name="+", blank=True
    )
    offers_skills = models.ManyToManyField(
        "landlords.Skill", verbose_name=_("I offer the skills"), related_name="+", blank=True
    )
    seeks_themes = models.ManyToManyField(
        Theme, verbose_name=_("I seek, on the themes"), related_name="+", blank=True
    )
    seeks_skills = models.ManyToManyField(
        "landlords.Skill", verbose_name=_("I seek the skills"), related_name="+", blank=True
    )
    departement = models.CharField(_("territory (département)"), max_length=3, blank=True)
    sentence = models.CharField(_("in one sentence"), max_length=300, blank=True)
    available_rounds = models.JSONField(
        _("rounds I am free"), default=list, help_text=_("Round numbers, from 1.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["session", "user__full_name", "pk"]
        verbose_name = _("flash profile")
        verbose_name_plural = _("flash profiles")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="flash_profile_once"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class FlashRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    session = models.ForeignKey(
        FlashSession, verbose_name=_("session"), related_name="requests", on_delete=models.CASCADE
    )
    sender = models.ForeignKey(
        FlashProfile, verbose_name=_("from"), related_name="sent", on_delete=models.CASCADE
    )
    recipient = models.ForeignKey(
        FlashProfile, verbose_name=_("to"), related_name="received", on_delete=models.CASCADE
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["session", "-created_at", "pk"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.UniqueConstraint(fields=["sender", "recipient"], name="flash_request_once"),
            models.CheckConstraint(
                condition=~Q(sender=models.F("recipient")), name="flash_request_not_to_self"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined"]),
                name="flash_request_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"


class FlashMeeting(models.Model):
    """A scheduled one-to-one meeting: two profiles, a round and a table; after the event, what
    each side made of it."""

    session = models.ForeignKey(
        FlashSession, verbose_name=_("session"), related_name="meetings", on_delete=models.CASCADE
    )
    first = models.ForeignKey(
        FlashProfile, verbose_name=_("participant"), related_name="+", on_delete=models.CASCADE
    )
    second = models.ForeignKey(
        FlashProfile, verbose_name=_("participant"), related_name="+", on_delete=models.CASCADE
    )
    round = models.PositiveSmallIntegerField(_("round"))
    table = models.PositiveSmallIntegerField(_("table"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    qualified_by_first = models.BooleanField(_("qualified (first)"), null=True, blank=True)
    qualified_by_second = models.BooleanField(_("qualified (second)"), null=True, blank=True)

    class Meta:
        ordering = ["session", "round", "table"]
        verbose_name = _("flash meeting")
        verbose_name_plural = _("flash meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "round", "table"], name="flash_meeting_one_per_table"
            ),
            models.UniqueConstraint(
                fields=["session", "first", "second"], name="flash_meeting_pair_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first} × {self.second} ({self.round}/{self.table})"

    @property
    def qualified(self) -> bool:
        """A qualified exchange: both sides said so."""
        return bool(self.qualified_by_first and self.qualified_by_second)
