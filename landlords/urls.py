from django.urls import path

from landlords import views

app_name = "landlords"

urlpatterns = [
    path("compte/en-attente/", views.awaiting_approval, name="awaiting-approval"),
    path("organismes/", views.organisation_list_view, name="organisation-list"),
    path("organismes/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
]
