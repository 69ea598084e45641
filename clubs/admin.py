from django.contrib import admin

from clubs.models import Club, Meeting


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    list_display = ["name"]
    list_filter = ["regions"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "animators"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "date", "host", "city", "status"]
    list_filter = ["status", "club", "host"]
    list_select_related = ["club", "host"]
    search_fields = ["title", "venue", "city", "host__name", "partners__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["host", "partners"]
