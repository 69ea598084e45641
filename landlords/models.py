"""Organisations (landlords, partners, the federation), regions and the portal's users."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from config.collation import french
from landlords.departements import DEPARTEMENT_CHOICES


class Region(models.Model):
    """One of the administrative regions that AR Hlm covers (fixed list, loaded by migration)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = [french("name")]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def landlords(self):
        return self.filter(kind=Organisation.Kind.LANDLORD)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LANDLORD = "landlord", _("Social landlord")
        PARTNER = "partner", _("Partner")
        FEDERATION = "federation", _("Federation")

    class Family(models.TextChoices):
        OPH = "oph", _("OPH (public housing office)")
        ESH = "esh", _("ESH (social housing company)")
        COOP = "coop", _("Hlm cooperative")
        SEM = "sem", _("SEM (semi-public company)")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    family = models.CharField(
        _("landlord family"),
        max_length=10,
        choices=Family.choices,
        blank=True,
        help_text=_("Landlords only."),
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), related_name="organisations", blank=True
    )
    departement = models.CharField(
        _("département"), max_length=3, blank=True, help_text=_("Code, e.g. 13, 2A, 31.")
    )
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        related_name="organisations",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Where its head office is."),
    )
    dwellings = models.PositiveIntegerField(_("dwellings"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    about = models.TextField(_("about"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = [french("name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="landlord") | Q(family=""),
                name="organisation_family_only_for_landlords",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["landlord", "partner", "federation"]),
                name="organisation_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


STAFF_GROUP = "AR Hlm staff"


class Vocabulary(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = [french("name")]

    def __str__(self) -> str:
        return self.name


class Theme(Vocabulary):
    """A field of social action (gardening, sport, intergenerational…), shared by members'
    interests and initiatives. It lives here because users carry themes and imports flow
    landlords ← initiatives."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Skill(Vocabulary):
    """Something a member can help others with (project set-up, impact measurement, calls…)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=email.strip().lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("is_approved", True)
        return self._create_user(email, password, **extra_fields)

    def approved(self):
        return self.filter(is_active=True, is_approved=True)

    def in_directory(self):
        return self.approved().filter(directory_consent=True)

    def awaiting_approval(self):
        """Active accounts that staff have neither approved nor refused yet."""
        return self.filter(is_active=True, is_approved=False, refused_at__isnull=True)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: signs in with an email address, no username."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="members",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_approved = models.BooleanField(
        _("approved"),
        default=False,
        help_text=_("Approved by AR Hlm staff: may see members-only pages."),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    directory_consent = models.BooleanField(_("appears in the member directory"), default=False)
    is_organisation_editor = models.BooleanField(
        _("organisation editor"),
        default=False,
        help_text=_("May edit their organisation's page, logo and residences."),
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="members", blank=True
    )
    skills = models.ManyToManyField(
        Skill, verbose_name=_("skills"), related_name="members", blank=True
    )
    sought_skills = models.ManyToManyField(
        Skill,
        verbose_name=_("skills I am looking for"),
        related_name="seekers",
        blank=True,
        help_text=_("Members of other organisations who offer them are suggested to you."),
    )
    photo = models.ImageField(_("photo"), upload_to="photos/members/", blank=True)
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)
    deleted_at = models.DateTimeField(
        _("deleted at"),
        null=True,
        blank=True,
        help_text=_("Account deleted by its owner: personal data erased, texts kept."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("AR Hlm staff: may sign in to the administration."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()
    # Who approved, refused, edited an account, and when (not the password, not the logins).
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = [french("full_name"), "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_case_insensitive",
                violation_error_message=_("An account with this email address already exists."),
            ),
        ]

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def __str__(self) -> str:
        if self.deleted_at:
            return gettext("former member")
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    @property
    def public_name(self) -> str:
        """The name shown on public pages: never the email address `__str__` falls back to."""
        if self.deleted_at:
            return gettext("former member")
        return self.full_name or gettext("a member of the club")

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ResidenceManager(models.Manager):
    """A residence is always shown with its commune ("Marvig (Toulouse)"): fetched with it, so
    that no list of residences costs a query per residence."""

    def get_queryset(self):
        return super().get_queryset().select_related("commune")


class Residence(models.Model):
    """A residence of a landlord (visited in meetings, home of initiatives)."""

    landlord = models.ForeignKey(
        Organisation,
        verbose_name=_("landlord"),
        related_name="residences",
        on_delete=models.CASCADE,
        limit_choices_to={"kind": Organisation.Kind.LANDLORD},
    )
    name = models.CharField(_("name"), max_length=200)
    commune = models.ForeignKey(
        "places.Commune",
        verbose_name=_("commune"),
        related_name="residences",
        on_delete=models.PROTECT,
        null=True,
    )
    commune_label = models.CharField(
        _("commune as typed before the official list"),
        max_length=100,
        blank=True,
        help_text=_("Kept only where it matched no commune: choose the commune, then empty this."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    dwellings = models.PositiveIntegerField(_("dwellings"), null=True, blank=True)
    in_qpv = models.BooleanField(
        _("in a QPV"),
        default=False,
        help_text=_("In a priority neighbourhood of the city policy (quartier prioritaire)."),
    )

    objects = ResidenceManager()

    class Meta:
        base_manager_name = "objects"
        ordering = [french("commune__name"), french("name")]
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        constraints = [
            models.UniqueConstraint(
                fields=["landlord", "name", "commune"], name="residence_unique_per_landlord"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune_name})"

    @property
    def commune_name(self) -> str:
        return self.commune.name if self.commune_id else self.commune_label


class OrganisationProposal(models.Model):
    """An organisation that a person signing up did not find in the list, as they described it.

    Never public: it is not an Organisation. Staff validate it with the account, by creating
    the organisation from it or by merging it into one already listed (`organisation`)."""

    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        related_name="organisation_proposal",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Organisation.Kind.choices)
    departement = models.CharField(_("département"), max_length=3, choices=DEPARTEMENT_CHOICES)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        User,
        verbose_name=_("validated by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The organisation it became or was merged into."),
    )

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("organisation proposal")
        verbose_name_plural = _("organisation proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["landlord", "partner", "federation"]),
                name="organisation_proposal_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
