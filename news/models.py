"""News of the club ("Actualités"): articles that make the club known, each linked to what it
tells — a meeting or an event, initiatives, a call for projects."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED)

    def visible_to(self, user):
        """Those who write the news (animators, staff) see the drafts too; everyone else the
        published articles."""
        from news.permissions import may_write_news

        if may_write_news(user):
            return self.all()
        return self.published()


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(
        _("text"), help_text=_("Plain text; an empty line between two paragraphs.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    photo = models.ImageField(_("photo"), upload_to="photos/news/", blank=True)
    photo_alt = models.CharField(
        _("text alternative of the photo"),
        max_length=300,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    photo_caption = models.CharField(_("caption of the photo"), max_length=300, blank=True)
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    meeting = models.ForeignKey(
        "clubs.Meeting",
        verbose_name=_("meeting or event"),
        related_name="articles",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    call = models.ForeignKey(
        "initiatives.CallForProjects",
        verbose_name=_("call for projects"),
        related_name="articles",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("initiatives"),
        related_name="articles",
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[initiatives])

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # The public list, newest first: its count and its first page from the index.
            models.Index(fields=["status", "-date", "-id"], name="article_status_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(photo="") | (~Q(photo_credit="") & ~Q(photo_alt="")),
                name="article_photo_credited",
                violation_error_message=_("A photo needs its credit and its text alternative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
