from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("compte/annonces/", views.preferences, name="preferences"),
    path("suivre/", views.follow, name="follow"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
