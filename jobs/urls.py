from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("exports/preparer.<str:fmt>", views.export_new, name="export-new"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/fichier/", views.export_download, name="export-download"),
]
