from django.urls import path

from initiatives import bilan_urls, call_urls, jury_urls, views
from initiatives.feeds import NewInitiativesFeed

app_name = "initiatives"

urlpatterns = [
    # Calls for projects: the organiser and the applicants (call_urls), the jury (jury_urls),
    # the laureates' bilans (bilan_urls). First: "appels-a-projets/nouveau/" is not a call's slug.
    *call_urls.urlpatterns,
    *jury_urls.urlpatterns,
    *bilan_urls.urlpatterns,
    path("initiatives/", views.catalogue, name="catalogue"),
    path("initiatives/nouvelle/", views.initiative_create, name="create"),
    path("initiatives/carte/", views.catalogue_map, name="map"),
    path("initiatives/export.<str:fmt>", views.catalogue_export, name="export"),
    path("initiatives/flux.atom", NewInitiativesFeed(), name="feed"),
    path("initiatives/impact/", views.impact, name="impact"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="detail"),
    path("initiatives/<slug:slug>/modifier/", views.initiative_edit, name="edit"),
    path("initiatives/<slug:slug>/indicateurs/", views.indicator_add, name="indicator-add"),
    path(
        "initiatives/<slug:slug>/indicateurs/<int:pk>/mesures/",
        views.measurement_add,
        name="measurement-add",
    ),
    path("initiatives/<slug:slug>/bilans/", views.assessment_add, name="assessment-add"),
    path("initiatives/<slug:slug>/photos/", views.photo_add, name="photo-add"),
    path("initiatives/<slug:slug>/donnees/", views.initiative_data, name="data"),
    path(
        "initiatives/<slug:slug>/indicateurs/<int:pk>/modifier/",
        views.indicator_edit,
        name="indicator-edit",
    ),
    path(
        "initiatives/<slug:slug>/indicateurs/<int:pk>/supprimer/",
        views.indicator_delete,
        name="indicator-delete",
    ),
    path(
        "initiatives/<slug:slug>/mesures/<int:pk>/modifier/",
        views.measurement_edit,
        name="measurement-edit",
    ),
    path(
        "initiatives/<slug:slug>/mesures/<int:pk>/supprimer/",
        views.measurement_delete,
        name="measurement-delete",
    ),
    path("initiatives/<slug:slug>/photos/<int:pk>/modifier/", views.photo_edit, name="photo-edit"),
    path(
        "initiatives/<slug:slug>/photos/<int:pk>/supprimer/",
        views.photo_delete,
        name="photo-delete",
    ),
    path("initiatives/<slug:slug>/financements/", views.funding_add, name="funding-add"),
    path(
        "initiatives/<slug:slug>/financements/<int:pk>/modifier/",
        views.funding_edit,
        name="funding-edit",
    ),
    path(
        "initiatives/<slug:slug>/financements/<int:pk>/supprimer/",
        views.funding_delete,
        name="funding-delete",
    ),
    path("rencontres/<int:pk>/photos/", views.meeting_photo_add, name="meeting-photo-add"),
    path("appels-a-projets/", views.call_list, name="call-list"),
    path("appels-a-projets/<slug:slug>/", views.call_detail, name="call-detail"),
    path("boite-a-outils/", views.toolbox, name="toolbox"),
    path("boite-a-outils/ajouter/", views.resource_add, name="resource-add"),
    path("boite-a-outils/<int:pk>/telecharger/", views.resource_download, name="resource-download"),
    path("boite-a-outils/<int:pk>/supprimer/", views.resource_delete, name="resource-delete"),
]
