from django.contrib import admin

from places.models import Commune


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    """Read only: the list comes from places/data/ (`manage.py places_refresh`). Staff look
    communes up here and in the commune fields of initiatives, residences and organisations."""

    list_display = [
        "name",
        "code",
        "departement",
        "postal_codes",
        "population",
        "latitude",
        "longitude",
    ]
    list_filter = ["region", "departement"]
    search_fields = ["name", "code", "postal_codes"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
