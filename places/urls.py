from django.urls import path

from places import views

app_name = "places"

urlpatterns = [path("lieux/communes", views.suggest, name="suggest")]
