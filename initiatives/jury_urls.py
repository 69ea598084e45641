"""URLs of the jury of a call for projects (included by initiatives/urls.py, in the
`initiatives` namespace)."""

from django.urls import path

from initiatives import jury_views

urlpatterns = [
    path("appels-a-projets/<slug:slug>/jury/", jury_views.jury_list, name="jury"),
    path(
        "appels-a-projets/<slug:slug>/jury/export.xlsx",
        jury_views.jury_export,
        name="jury-export",
    ),
    path(
        "candidatures/<int:pk>/evaluation/",
        jury_views.application_review,
        name="application-review",
    ),
    path(
        "candidatures/<int:pk>/dossier.pdf",
        jury_views.application_dossier,
        name="application-dossier",
    ),
]
