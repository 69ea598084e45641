"""URLs of calls for projects for their organiser and their applicants (included by
initiatives/urls.py, in the `initiatives` namespace)."""

from django.urls import path

from initiatives import call_views as views

urlpatterns = [
    path("appels-a-projets/nouveau/", views.call_create, name="call-create"),
    path("appels-a-projets/<slug:slug>/modifier/", views.call_edit, name="call-edit"),
    path("appels-a-projets/<slug:slug>/publier/", views.call_open, name="call-open"),
    path("appels-a-projets/<slug:slug>/examen/", views.call_review_start, name="call-review-start"),
    path(
        "appels-a-projets/<slug:slug>/resultats/",
        views.call_results_publish,
        name="call-results-publish",
    ),
    path("appels-a-projets/<slug:slug>/tableau/", views.call_board, name="call-board"),
    path(
        "appels-a-projets/<slug:slug>/candidater/",
        views.application_create,
        name="application-create",
    ),
    path("candidatures/<int:pk>/", views.application_detail, name="application-detail"),
    path("candidatures/<int:pk>/modifier/", views.application_edit, name="application-edit"),
    path("candidatures/<int:pk>/soumettre/", views.application_submit, name="application-submit"),
    path("candidatures/<int:pk>/retirer/", views.application_withdraw, name="application-withdraw"),
    path("candidatures/<int:pk>/pieces/", views.attachment_add, name="application-attachment-add"),
    path("pieces-jointes/<int:pk>/", views.attachment_download, name="attachment-download"),
    path(
        "pieces-jointes/<int:pk>/supprimer/",
        views.attachment_delete,
        name="attachment-delete",
    ),
    path("candidatures/<int:pk>/decision/", views.application_decide, name="application-decide"),
]
