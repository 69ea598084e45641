from django.urls import path

from landlords import views

app_name = "landlords"

urlpatterns = [
    path("compte/en-attente/", views.awaiting_approval, name="awaiting-approval"),
    path("compte/profil/", views.profile_edit, name="profile"),
    path("compte/mes-donnees/", views.my_data, name="my-data"),
    path("compte/supprimer/", views.account_delete, name="account-delete"),
    path("comptes-a-valider/", views.approval_queue_view, name="approval-queue"),
    path("comptes-a-valider/<int:pk>/valider/", views.approval_approve, name="approval-approve"),
    path("comptes-a-valider/<int:pk>/confirmer/", views.approval_confirm, name="approval-confirm"),
    path("comptes-a-valider/<int:pk>/refuser/", views.approval_refuse, name="approval-refuse"),
    path("membres/", views.member_list, name="member-list"),
    path("membres/<int:pk>/", views.member_detail, name="member-detail"),
    path("organismes/", views.organisation_list_view, name="organisation-list"),
    path("organismes/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organismes/<slug:slug>/modifier/", views.organisation_edit, name="organisation-edit"),
    path(
        "organismes/<slug:slug>/residences/ajouter/",
        views.residence_create,
        name="residence-create",
    ),
    path(
        "organismes/<slug:slug>/residences/<int:pk>/modifier/",
        views.residence_edit,
        name="residence-edit",
    ),
    path(
        "organismes/<slug:slug>/residences/<int:pk>/supprimer/",
        views.residence_delete,
        name="residence-delete",
    ),
]
