"""URLs of the laureates' bilans (initiatives/bilan_views.py), included by initiatives/urls.py
in the `initiatives` namespace."""

from django.urls import path

from initiatives import bilan_views

urlpatterns: list = [
    path("candidatures/<int:pk>/bilans/nouveau/", bilan_views.bilan_add, name="bilan-add"),
    path("appels-a-projets/<slug:slug>/bilans/", bilan_views.call_bilans, name="call-bilans"),
    path("bilans/<int:pk>/", bilan_views.bilan_detail, name="bilan-detail"),
]
