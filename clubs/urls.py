from django.urls import path

from clubs import cahier_views, flash_views, views

app_name = "clubs"

urlpatterns = [
    path("", views.home, name="home"),
    path("espace-membres/", views.dashboard, name="dashboard"),
    path("mes-inscriptions/", views.my_registrations, name="my-registrations"),
    path("clubs/<slug:slug>/", views.club_detail, name="club-detail"),
    path("clubs/<slug:slug>/calendrier.ics", views.club_calendar, name="club-calendar"),
    path("clubs/<slug:slug>/actions/", views.club_action_list, name="action-list"),
    path("clubs/<slug:slug>/rencontres/nouvelle/", views.meeting_create, name="meeting-create"),
    path("actions/<int:pk>/statut/", views.action_status, name="action-status"),
    path("rencontres/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("rencontres/<int:pk>/agenda.ics", views.meeting_ics, name="meeting-ics"),
    path("evenements/nouveau/", views.event_create, name="event-create"),
    path("rencontres/<int:pk>/modifier/", views.meeting_edit, name="meeting-edit"),
    path("rencontres/<int:pk>/publier/", views.meeting_publish, name="meeting-publish"),
    path("rencontres/<int:pk>/retirer/", views.meeting_unpublish, name="meeting-unpublish"),
    path("rencontres/<int:pk>/cahier/retirer/", views.cahier_unpublish, name="cahier-unpublish"),
    path("rencontres/<int:pk>/inscription/", views.registration_create, name="register"),
    path("rencontres/<int:pk>/presences/ajouter/", views.walk_in_add, name="walk-in-add"),
    path("rencontres/<int:pk>/presences/", views.attendance, name="attendance"),
    path("rencontres/<int:pk>/emargement/", views.sign_in_sheet, name="sign-in-sheet"),
    path("rencontres/<int:pk>/participants.csv", views.participants_csv, name="participants-csv"),
    path("inscriptions/<int:pk>/annuler/", views.registration_cancel, name="registration-cancel"),
    path("inscriptions/<int:pk>/modifier/", views.registration_change, name="registration-change"),
    path("ateliers/<int:pk>/restitution/", views.session_log, name="session-log"),
    path(
        "ateliers/<int:pk>/restitution/valider/",
        views.session_log_approve,
        name="session-log-approve",
    ),
    path(
        "ateliers/<int:pk>/restitution/renvoyer/",
        views.session_log_return,
        name="session-log-return",
    ),
    path(
        "ateliers/<int:pk>/restitution/historique/",
        views.session_log_history,
        name="session-log-history",
    ),
    # The Cahier's editorial content and the talks' documents (clubs/cahier_views.py)
    path("rencontres/<int:pk>/cahier/textes/", cahier_views.cahier_content, name="cahier-content"),
    path(
        "rencontres/<int:pk>/cahier/programme/<int:item_pk>/documents/",
        cahier_views.agenda_document_add,
        name="agenda-document-add",
    ),
    path(
        "rencontres/<int:pk>/documents/<int:document_pk>/supprimer/",
        cahier_views.agenda_document_delete,
        name="agenda-document-delete",
    ),
    path(
        "rencontres/<int:pk>/documents/<int:document_pk>/",
        cahier_views.agenda_document_download,
        name="agenda-document",
    ),
    # Flash meetings of an event (clubs/flash_views.py)
    path("rencontres/<int:pk>/flash/", flash_views.flash, name="flash"),
    path("rencontres/<int:pk>/flash/organiser/", flash_views.flash_manage, name="flash-manage"),
    path("rencontres/<int:pk>/flash/plan/", flash_views.flash_plan, name="flash-plan"),
    path("rencontres/<int:pk>/flash/agenda/", flash_views.flash_agenda, name="flash-agenda"),
    path(
        "rencontres/<int:pk>/flash/agenda.pdf",
        flash_views.flash_agenda_pdf,
        name="flash-agenda-pdf",
    ),
    path(
        "rencontres/<int:pk>/flash/agenda.ics",
        flash_views.flash_agenda_ics,
        name="flash-agenda-ics",
    ),
    path(
        "rencontres/<int:pk>/flash/demander/<int:profile_pk>/",
        flash_views.flash_request,
        name="flash-request",
    ),
    path(
        "rencontres/<int:pk>/flash/demandes/<int:request_pk>/",
        flash_views.flash_answer,
        name="flash-answer",
    ),
    path(
        "rencontres/<int:pk>/flash/rencontres/<int:meeting_pk>/",
        flash_views.flash_qualify,
        name="flash-qualify",
    ),
    path(
        "rencontres/<int:pk>/flash/rencontres/<int:meeting_pk>/suite/",
        flash_views.flash_followup,
        name="flash-followup",
    ),
]
