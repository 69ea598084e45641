from django.urls import path

from reports import open_data_views, views

app_name = "reports"

urlpatterns = [
    path("rencontres/<int:pk>/cahier.pdf", views.cahier, name="cahier"),
    path("rencontres/<int:pk>/cahier.docx", views.cahier_docx, name="cahier-docx"),
    path("rencontres/<int:pk>/cahier/publier/", views.cahier_publish, name="cahier-publish"),
    path("initiatives/fiche/<int:pk>.pdf", views.initiative_sheet, name="initiative-sheet"),
    path("initiatives/catalogue.pdf", views.catalogue, name="catalogue"),
    path("donnees/", open_data_views.open_data_page, name="open-data"),
    path(
        "donnees/<slug:dataset>.<slug:fmt>",
        open_data_views.open_data_file,
        name="open-data-file",
    ),
]
