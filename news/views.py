from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.forms import errors_into, paginate, require_perm
from config.public_cache import public_page
from landlords.permissions import member_required
from news import services
from news.filters import ArticleFilter
from news.forms import ArticleForm
from news.models import Article
from news.selectors import article_detail_queryset, article_list

PER_PAGE = 10


@public_page(params=["page"])
def article_list_view(request):
    """The news, newest first (drafts too, marked, for those who write them)."""
    user = request.user
    filterset = ArticleFilter(request.GET, queryset=article_list(user=user))
    page, query = paginate(request, filterset, PER_PAGE)
    return render(
        request,
        "news/article_list.html",
        {"page": page, "query": query, "can_add": user.has_perm("news.add_article")},
    )


def _visible(request, slug, queryset=None) -> Article:
    """The article if the user may see it; 404 otherwise (drafts do not leak)."""
    article = get_object_or_404(queryset if queryset is not None else Article.objects, slug=slug)
    if not request.user.has_perm("news.see_article", article):
        raise Http404
    return article


@public_page()
def article_detail(request, slug):
    user = request.user
    article = _visible(request, slug, article_detail_queryset(user=user))
    meeting = article.meeting
    call = article.call
    return render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "meeting": meeting if meeting and user.has_perm("clubs.see_meeting", meeting) else None,
            "call": call if call and user.has_perm("initiatives.see_call", call) else None,
            "initiatives": list(article.initiatives.all()),  # those the visitor may open
            "can_edit": user.has_perm("news.change_article", article),
        },
    )


@member_required
def article_create(request):
    require_perm(request.user, "news.add_article")
    return _article_form(request, Article())


@member_required
def article_edit(request, slug):
    article = _visible(request, slug)
    require_perm(request.user, "news.change_article", article)
    return _article_form(request, article)


def _article_form(request, article):
    form = ArticleForm(
        request.POST or None,
        request.FILES or None,
        # A copy for the form to fill: the service reads the article again, locked.
        instance=Article.objects.get(pk=article.pk) if article.pk else article,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if article.pk:
                saved = services.article_update(actor=request.user, article=article, **data)
            else:
                saved = services.article_create(actor=request.user, **data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            if saved.is_published:
                messages.success(request, _("The article is saved and published."))
            else:
                messages.success(
                    request,
                    _("The article is saved as a draft: only those who write the news see it."),
                )
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "news/article_form.html",
        {"form": form, "article": article},
        status=400 if form.errors else 200,
    )
