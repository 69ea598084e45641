from django.urls import path

from clubs import views

app_name = "clubs"

urlpatterns = [
    path("", views.home, name="home"),
    path("espace-membres/", views.dashboard, name="dashboard"),
]
