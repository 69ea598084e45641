from django.urls import path

from config.public_cache import public_page
from news import views
from news.feeds import ArticlesFeed

app_name = "news"

urlpatterns = [
    path("actualites/", views.article_list_view, name="list"),
    path("actualites/nouvelle/", views.article_create, name="create"),
    path("actualites/flux.atom", public_page()(ArticlesFeed()), name="feed"),
    path("actualites/<slug:slug>/", views.article_detail, name="detail"),
    path("actualites/<slug:slug>/modifier/", views.article_edit, name="edit"),
]
