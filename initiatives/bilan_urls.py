"""URLs of the calls for projects: see initiatives/urls.py."""

urlpatterns: list = []
