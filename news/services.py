"""Writes on the news: keyword-only functions that check, validate, run in a transaction and
return the article."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from landlords.models import User
from landlords.uploads import ImageRules, reencode_image
from news.models import Article

FIELDS = (
    "title",
    "date",
    "text",
    "status",
    "photo_alt",
    "photo_caption",
    "photo_credit",
    "meeting",
    "call",
)
RELATIONS = ("initiatives",)
PHOTO_RULES = ImageRules(max_bytes=10 * 1024 * 1024, max_side=1600)

# Addresses under /actualites/ that are pages, not articles.
RESERVED_SLUGS = {"nouvelle"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "article"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Article.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _checked_photo(article: Article, photo):
    """The upload re-encoded (None without one), once the article's photo has what it needs: its
    text alternative and its credit. Each error is raised beside its field."""
    stored, errors = None, {}
    if photo:
        try:
            stored = reencode_image(photo, PHOTO_RULES)
        except ValidationError as error:
            errors["photo"] = error.messages
    has_photo = stored is not None or (photo is None and bool(article.photo))
    if has_photo or "photo" in errors:
        if not article.photo_alt:
            errors["photo_alt"] = _("Describe the photo for people who cannot see it.")
        if not article.photo_credit:
            errors["photo_credit"] = _("Who took the photo?")
    if errors:
        raise ValidationError(errors)
    return stored


def _write(article: Article, actor: User, data: dict, photo) -> Article:
    """`photo`: an uploaded file to store (re-encoded), False to remove the photo, None to
    keep it."""
    unknown = set(data) - set(FIELDS) - set(RELATIONS)
    if unknown:
        raise ValueError(f"Not article fields: {sorted(unknown)}")
    for field in FIELDS:
        if field in data:
            value = data[field]
            setattr(article, field, value.strip() if isinstance(value, str) else value)
    stored = _checked_photo(article, photo)
    old_photo = article.photo.name if (stored is not None or photo is False) else None
    if photo is False:
        article.photo = ""
        article.photo_alt = article.photo_caption = article.photo_credit = ""
    if stored is not None:
        article.photo.save(stored.name, stored, save=False)
    try:
        article.full_clean(exclude=["slug"])  # made unique above, and kept
        article._history_user = actor
        article.save()
        for relation in RELATIONS:
            if relation in data:
                getattr(article, relation).set(data[relation] or [])
    except Exception:
        if stored is not None:
            article.photo.delete(save=False)
        raise
    if old_photo:
        # The history keeps the name of the old file, not the file: gone once replaced.
        storage = article.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return article


def article_create(*, actor: User, photo=None, **data) -> Article:
    """An animator or staff member writes an article (a draft until published)."""
    if not actor.has_perm("news.add_article"):
        raise PermissionDenied
    with transaction.atomic():
        article = Article(author=actor)
        article.slug = _unique_slug(data.get("title") or "")
        return _write(article, actor, data, photo)


def article_update(*, actor: User, article: Article, photo=None, **data) -> Article:
    """Change an article (its address stays: links to it keep working)."""
    if not actor.has_perm("news.change_article", article):
        raise PermissionDenied
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        return _write(article, actor, data, photo)
