"""Social initiatives of landlords: their partners, territory, indicators, bilans, fundings, calls
for projects and photos. Themes are `landlords.Theme`, shared with members' interests."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clubs.models import Action
from config.storage import PrivateStorage
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
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        related_name="initiatives",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    commune_label = models.CharField(
        _("commune as typed before the official list"),
        max_length=100,
        blank=True,
        help_text=_("Kept only where it matched no commune: choose the commune, then empty this."),
    )
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
            # The département filter compares case-insensitively (UPPER(departement) = UPPER(…));
            # a département's newest first (the catalogue, initiatives/nearby.py) in order.
            models.Index(
                Upper("departement"),
                F("created_at").desc(),
                "id",
                name="initiative_departement_newest",
            ),
            models.Index(fields=["region", "-created_at", "id"], name="initiative_region_newest"),
            # The map's counts per commune (places/map.py), from the index alone.
            models.Index(
                fields=["visibility", "commune", "departement"], name="initiative_map_counts"
            ),
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

    @property
    def commune_name(self) -> str:
        return self.commune.name if self.commune_id else self.commune_label


class CallForProjects(models.Model):
    """A call for projects of an organisation (a landlord, AR Hlm): its rules and money, who may
    apply, the criteria its jury scores, and what came of it.

    Its life: draft (only its organiser sees it) → open, which takes applications from
    `opens_on` to the end of `closes_on` (Europe/Paris) and is *closed* after that → under review
    → decided (results published). `phase()` says where it is today, dates included."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        UNDER_REVIEW = "under_review", _("Under review")
        DECIDED = "decided", _("Decided")

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UPCOMING = "upcoming", _("Opens soon")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        UNDER_REVIEW = "under_review", _("Under review")
        DECIDED = "decided", _("Decided")

    class Eligible(models.TextChoices):
        BOTH = "both", _("Landlords and partners")
        LANDLORDS = "landlords", _("Social landlords")
        PARTNERS = "partners", _("Partners (associations, companies…)")

    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        related_name="calls_for_projects",
        on_delete=models.PROTECT,
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    rules = models.TextField(_("rules"), blank=True)
    ceiling = models.DecimalField(
        _("ceiling per project (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    total_budget = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("Applications until the end of this day."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="calls_for_projects", blank=True
    )
    eligible = models.CharField(
        _("who may apply"), max_length=20, choices=Eligible.choices, default=Eligible.BOTH
    )
    required_documents = models.TextField(
        _("documents to attach"),
        blank=True,
        help_text=_(
            "One per line, e.g. “Provisional budget”. An application is submitted with each."
        ),
    )
    jurors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury"),
        related_name="juried_calls",
        blank=True,
    )
    anonymous_review = models.BooleanField(
        _("anonymous review"),
        default=False,
        help_text=_("The jury sees no applicant's name."),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(m2m_fields=[jurors])

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
            models.CheckConstraint(
                condition=Q(total_budget__isnull=True) | Q(total_budget__gte=0),
                name="call_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "open", "under_review", "decided"]),
                name="call_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(eligible__in=["both", "landlords", "partners"]),
                name="call_eligible_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:call-detail", args=[self.slug])

    def phase(self, today=None) -> str:
        """draft, upcoming, open, closed, under_review or decided, today (Europe/Paris)."""
        if self.status != self.Status.OPEN:
            return self.status
        today = today or timezone.localdate()
        if self.opens_on and today < self.opens_on:
            return self.Phase.UPCOMING
        if self.closes_on and today > self.closes_on:
            return self.Phase.CLOSED
        return self.Phase.OPEN

    def get_phase_display(self) -> str:
        return self.Phase(self.phase()).label

    def takes_applications(self, today=None) -> bool:
        return self.phase(today) == self.Phase.OPEN

    @property
    def document_list(self) -> list[str]:
        return [line.strip() for line in self.required_documents.splitlines() if line.strip()]

    def eligible_kinds(self) -> list[str]:
        """The kinds of organisation that may apply (lead or co-applicant)."""
        return {
            self.Eligible.LANDLORDS: [Organisation.Kind.LANDLORD],
            self.Eligible.PARTNERS: [Organisation.Kind.PARTNER],
        }.get(self.eligible, [Organisation.Kind.LANDLORD, Organisation.Kind.PARTNER])

    def accepts(self, organisation) -> bool:
        """May this organisation apply, by its kind?"""
        return organisation is not None and organisation.kind in self.eligible_kinds()


class Criterion(models.Model):
    """What the jury scores, 0 to 5, with its weight in the weighted mean."""

    call = models.ForeignKey(
        CallForProjects, verbose_name=_("call"), related_name="criteria", on_delete=models.CASCADE
    )
    title = models.CharField(_("criterion"), max_length=200)
    description = models.CharField(_("what the jury looks at"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["call", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=10),
                name="criterion_weight_range",
                violation_error_message=_("A weight goes from 1 to 10."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Application(models.Model):
    """An organisation's answer to a call (with co-applicants: landlords answer calls together).
    Its members write it as a draft and submit it before the deadline; the jury reviews it; the
    organiser decides. A laureate gets its initiative, its funding and its bilans due."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        LAUREATE = "laureate", _("Laureate")
        NOT_RETAINED = "not_retained", _("Not retained")

    call = models.ForeignKey(
        CallForProjects,
        verbose_name=_("call for projects"),
        related_name="applications",
        on_delete=models.CASCADE,
    )
    applicant = models.ForeignKey(
        Organisation,
        verbose_name=_("applicant"),
        related_name="applications",
        on_delete=models.PROTECT,
        help_text=_("The lead applicant."),
    )
    co_applicants = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-applicants"),
        related_name="co_applications",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    title = models.CharField(_("project title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    objectives = models.TextField(_("what it answers in the call's objectives"), blank=True)
    territory = models.CharField(_("territory"), max_length=300, blank=True)
    residences = models.ManyToManyField(
        Residence, verbose_name=_("residences"), related_name="applications", blank=True
    )
    publics = models.ManyToManyField(
        TargetPublic, verbose_name=_("target publics"), related_name="applications", blank=True
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners"),
        related_name="partnered_applications",
        blank=True,
    )
    budget = models.DecimalField(
        _("total budget of the project (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_asked = models.DecimalField(
        _("amount asked (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    co_financing = models.TextField(_("co-financing"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Sent to the applicant when not retained.")
    )
    amount_awarded = models.DecimalField(
        _("amount awarded (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        related_name="applications",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("What the laureate's project became in the catalogue."),
    )
    intermediate_bilan_due_on = models.DateField(
        _("intermediate bilan due on"), null=True, blank=True
    )
    bilan_due_on = models.DateField(
        _("final bilan due on"), null=True, blank=True, help_text=_("For laureates.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[co_applicants])

    class Meta:
        ordering = ["call", "title", "pk"]
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
                condition=(Q(amount_asked__isnull=True) | Q(amount_asked__gte=0))
                & (Q(budget__isnull=True) | Q(budget__gte=0)),
                name="application_asked_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["draft", "submitted", "withdrawn", "laureate", "not_retained"]
                ),
                name="application_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"], name="application_call_status")]

    def __str__(self) -> str:
        return f"{self.title} — {self.call}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:application-detail", args=[self.pk])

    def organisation_ids(self) -> set[int]:
        """The applicant's and the co-applicants' (from the prefetch when there is one)."""
        return {self.applicant_id, *(org.pk for org in self.co_applicants.all())}


class PlannedIndicator(models.Model):
    """What an application promises to measure, with its target."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        related_name="planned_indicators",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("planned indicator")
        verbose_name_plural = _("planned indicators")

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    """One juror's review of one application: a score per criterion, an opinion, a comment. A
    juror declares a conflict instead when there is one (then scores nothing)."""

    class Opinion(models.TextChoices):
        FAVOURABLE = "favourable", _("Favourable")
        RESERVED = "reserved", _("Favourable with reservations")
        UNFAVOURABLE = "unfavourable", _("Unfavourable")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), related_name="reviews", on_delete=models.CASCADE
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        related_name="reviews",
        on_delete=models.PROTECT,
    )
    opinion = models.CharField(
        _("overall opinion"), max_length=20, choices=Opinion.choices, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    conflict_declared = models.BooleanField(_("conflict of interest declared"), default=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["application", "juror__full_name", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["application", "juror"], name="review_once_per_juror"),
        ]

    def __str__(self) -> str:
        return f"{self.juror} — {self.application}"


class ReviewScore(models.Model):
    review = models.ForeignKey(
        Review, verbose_name=_("review"), related_name="scores", on_delete=models.CASCADE
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), related_name="scores", on_delete=models.CASCADE
    )
    value = models.PositiveSmallIntegerField(_("score (0 to 5)"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        ordering = ["review", "criterion__order", "criterion__pk"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_once_per_criterion"
            ),
            models.CheckConstraint(condition=Q(value__lte=5), name="score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


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
    application = models.ForeignKey(
        Application,
        verbose_name=_("for the laureate"),
        related_name="assessments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The laureate's application this bilan answers."),
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


class Attachment(models.Model):
    """A document sent with an application or a bilan: checked like the toolbox files (content,
    size, no active content), kept in private storage, served through a view that checks
    access."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        related_name="attachments",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("bilan"),
        related_name="attachments",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    label = models.CharField(
        _("document"), max_length=200, help_text=_("Which of the call's documents it is.")
    )
    file = models.FileField(_("file"), upload_to="calls/", storage=PrivateStorage(), max_length=200)
    filename = models.CharField(_("file name"), max_length=200, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(application__isnull=False, assessment__isnull=True)
                | Q(application__isnull=True, assessment__isnull=False),
                name="attachment_of_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.filename}"


class BilanReminder(models.Model):
    """A reminder of a bilan due, sent once (30 and 7 days before, then when late): claimed
    before its emails go, so that a second run never sends it again."""

    class Moment(models.TextChoices):
        DAYS_30 = "30", _("30 days before")
        DAYS_7 = "7", _("7 days before")
        LATE = "late", _("late")

    application = models.ForeignKey(
        Application,
        verbose_name=_("laureate"),
        related_name="bilan_reminders",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("bilan"), max_length=20, choices=Assessment.Kind.choices)
    due_on = models.DateField(_("due on"))
    moment = models.CharField(_("moment"), max_length=10, choices=Moment.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("bilan reminder")
        verbose_name_plural = _("bilan reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "due_on", "moment"], name="bilan_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} — {self.get_kind_display()} ({self.get_moment_display()})"
