"""The footer's pages: legal notice, personal data, accessibility statement. Plain templates,
the same for everyone, served from the public page cache."""

import datetime

from django.shortcuts import render
from django.urls import path

from config.public_cache import public_page

CONTACT = "club@arhlm.example.org"
# When the texts were last reviewed: change it with them.
UPDATED = datetime.date(2026, 12, 1)


def _page(template: str):
    @public_page()
    def view(request):
        return render(request, f"pages/{template}.html", {"contact": CONTACT, "updated": UPDATED})

    view.__name__ = view.__qualname__ = template
    return view


legal = _page("legal")
privacy = _page("privacy")
accessibility = _page("accessibility")

app_name = "pages"
urlpatterns = [
    path("mentions-legales/", legal, name="legal"),
    path("donnees-personnelles/", privacy, name="privacy"),
    path("accessibilite/", accessibility, name="accessibility"),
]
