"""Social initiatives of landlords: their partners, territory, indicators, bilans, fundings, calls
for projects and photos. Themes are `landlords.Theme`, shared with members' interests."""

from pathlib import Path

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clubs.models import Action
from landlords.models import Organisation, Region, Residence, Theme, Vocabulary


class TargetPublic(Vocabulary):
    """Who an initiative is for: youth, seniors, families, women, all residents…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("target public")
        verbose_name_plural = _("target publics")


class InitiativeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(visibility=Initiative.Visibility.PUBLIC)

    def visible_to(self, user):
        """Members see members-only initiatives too; everyone else the public ones."""
        if user.is_authenticated and user.is_active and user.is_approved:
            return self.all()
        return self.public()


class Initiative(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PREPARATION = "preparation", _("In preparation")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone")
        MEMBERS = "members", _("Members of the club only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        related_name="led_initiatives",
        on_delete=models.PROTECT,
    )
    co_landlords = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-landlords"),
        related_name="co_led_initiatives",
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.LANDLORD},
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners"),
        related_name="partner_initiatives",
        blank=True,
    )
    residences = models.ManyToManyField(
        Residence, verbose_name=_("residences"), related_name="initiatives", blank=True
    )
    commune = models.CharField(_("commune"), max_length=100, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        related_name="initiatives",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    in_qpv = models.BooleanField(_("in a QPV"), default=False)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="initiatives", blank=True
    )
    publics = models.ManyToManyField(
        TargetPublic, verbose_name=_("target publics"), related_name="initiatives", blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREPARATION
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    visibility = models.CharField(
        _("visible to"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        related_name="initiatives_in_charge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    replicability = models.TextField(
        _("replicability notes"),
        blank=True,
        help_text=_("What another landlord needs to know to do the same."),
    )
    presented_at = models.ManyToManyField(
        "clubs.Meeting",
        verbose_name=_("presented at the meetings"),
        related_name="presented_initiatives",
        blank=True,
    )
    origin_action = models.ForeignKey(
        Action,
        verbose_name=_("workshop action it came from"),
        related_name="initiatives",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Filled by initiatives.services.initiative_index: an accent-free sort key, and on
    # PostgreSQL the French search vector (GIN index); SQLite searches without it.
    sort_title = models.CharField(max_length=220, blank=True, editable=False, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = InitiativeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_vector", "sort_title"])

    class Meta:
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["-created_at", "id"], name="initiative_newest_first"),
            # The public catalogue: its count and its first page from the index alone.
            models.Index(
                fields=["visibility", "-created_at", "id"], name="initiative_visible_newest"
            ),
            # The département filter compares case-insensitively (UPPER(departement) = UPPER(…)).
            models.Index(Upper("departement"), name="initiative_departement_upper"),
        ]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="initiative_dates_ordered",
                violation_error_message=_("The end date cannot come before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="initiative_budget_not_negative",
                violation_error_message=_("A budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["idea", "preparation", "running", "completed", "stopped"]),
                name="initiative_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "members"]),
                name="initiative_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.slug])


class CallForProjects(models.Model):
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        related_name="calls_for_projects",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    rules = models.TextField(_("rules"), blank=True)
    ceiling = models.DecimalField(
        _("ceiling per project (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="calls_for_projects", blank=True
    )

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True)
                | Q(opens_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="call_dates_ordered",
                violation_error_message=_("A call cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(ceiling__isnull=True) | Q(ceiling__gte=0),
                name="call_ceiling_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        LAUREATE = "laureate", _("Laureate")
        NOT_RETAINED = "not_retained", _("Not retained")

    call = models.ForeignKey(
        CallForProjects,
        verbose_name=_("call for projects"),
        related_name="applications",
        on_delete=models.CASCADE,
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        related_name="applications",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    amount_awarded = models.DecimalField(
        _("amount awarded (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    bilan_due_on = models.DateField(
        _("bilan due on"), null=True, blank=True, help_text=_("For laureates.")
    )

    class Meta:
        ordering = ["call", "initiative__title"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "initiative"], name="application_unique_per_call"
            ),
            models.CheckConstraint(
                condition=Q(amount_awarded__isnull=True) | Q(amount_awarded__gte=0),
                name="application_amount_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "laureate", "not_retained"]),
                name="application_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} — {self.call}"


class Funding(models.Model):
    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), related_name="fundings", on_delete=models.CASCADE
    )
    funder = models.ForeignKey(
        Organisation, verbose_name=_("funder"), related_name="fundings", on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2)
    call = models.ForeignKey(
        CallForProjects,
        verbose_name=_("call for projects"),
        related_name="fundings",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["initiative", "-amount"]
        verbose_name = _("funding")
        verbose_name_plural = _("fundings")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="funding_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount} €"


class Indicator(models.Model):
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        related_name="indicators",
        on_delete=models.CASCADE,
    )
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("Use a shared name (e.g. “participants”) to add it up across initiatives."),
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["initiative", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "name"], name="indicator_unique_per_initiative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        related_name="measurements",
        on_delete=models.CASCADE,
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["indicator", "date", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


class Assessment(models.Model):
    """A bilan: intermediate or final, e.g. the ones laureates of a call owe."""

    class Kind(models.TextChoices):
        INTERMEDIATE = "intermediate", _("Intermediate bilan")
        FINAL = "final", _("Final bilan")

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        related_name="assessments",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="assessments",
        on_delete=models.PROTECT,
    )
    call = models.ForeignKey(
        CallForProjects,
        verbose_name=_("for the call"),
        related_name="assessments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["initiative", "date", "pk"]
        verbose_name = _("bilan")
        verbose_name_plural = _("bilans")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["intermediate", "final"]), name="assessment_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.initiative}"


class Photo(models.Model):
    """A photo of an initiative (or of a meeting), re-encoded on upload, EXIF stripped."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        related_name="photos",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    meeting = models.ForeignKey(
        "clubs.Meeting",
        verbose_name=_("meeting"),
        related_name="photos",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    image = models.ImageField(_("image"), upload_to="photos/initiatives/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="photos/thumbnails/", blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=200)
    consent = models.BooleanField(
        _("consent of the people shown"),
        default=False,
        help_text=_("The people who can be recognised agreed to the publication."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(initiative__isnull=False) | Q(meeting__isnull=False),
                name="photo_belongs_somewhere",
            ),
            models.CheckConstraint(condition=Q(consent=True), name="photo_has_consent"),
        ]

    def __str__(self) -> str:
        return self.caption or self.alt_text


class PrivateStorage(FileSystemStorage):
    """Files served only through a view that checks access (never by URL): PRIVATE_MEDIA_ROOT."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view.")


class ResourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.is_active and user.is_approved:
            return self.all()
        return self.filter(visibility=Initiative.Visibility.PUBLIC)


class Resource(models.Model):
    """An item of the toolbox: a guide, a template, a link or a file."""

    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Template")
        LINK = "link", _("Link")
        FILE = "file", _("File")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"), upload_to="toolbox/", storage=PrivateStorage(), blank=True, max_length=200
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    url = models.URLField(_("link"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="resources", blank=True
    )
    initiatives = models.ManyToManyField(
        Initiative, verbose_name=_("initiatives"), related_name="resources", blank=True
    )
    workshops = models.ManyToManyField(
        "clubs.Workshop", verbose_name=_("workshops"), related_name="resources", blank=True
    )
    visibility = models.CharField(
        _("visible to"),
        max_length=10,
        choices=Initiative.Visibility.choices,
        default=Initiative.Visibility.PUBLIC,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        related_name="resources",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("toolbox resources")
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""),
                name="resource_has_file_or_link",
                violation_error_message=_("Give a file or a link."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["guide", "template", "link", "file"]),
                name="resource_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title
