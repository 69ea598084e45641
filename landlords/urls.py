from django.urls import path

from landlords import views

app_name = "landlords"

urlpatterns = [
    path("compte/en-attente/", views.awaiting_approval, name="awaiting-approval"),
]
