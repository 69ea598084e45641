"""URLs of calls for projects for their organiser and their applicants (included by
initiatives/urls.py, in the `initiatives` namespace)."""

urlpatterns: list = []
