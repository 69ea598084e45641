from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from clubs.models import (
    Action,
    AgendaItem,
    Club,
    Meeting,
    Registration,
    RegistrationChoice,
    RoadmapObjective,
    SessionLog,
    Workshop,
)


class RoadmapObjectiveInline(admin.TabularInline):
    model = RoadmapObjective
    extra = 0
    fields = ["order", "title", "status", "description"]


@admin.register(Club)
class ClubAdmin(admin.ModelAdmin):
    inlines = [RoadmapObjectiveInline]
    list_display = ["name"]
    list_filter = ["regions"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions", "animators"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["start_time", "end_time", "kind", "title", "speakers", "residence"]
    autocomplete_fields = ["residence"]


class WorkshopInline(admin.StackedInline):
    model = Workshop
    extra = 0
    fields = [
        ("kind", "order"),
        "title",
        "theme",
        "description",
        ("facilitators", "rapporteurs"),
        ("room", "capacity"),
        "residence",
    ]
    autocomplete_fields = ["facilitators", "rapporteurs", "residence"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    inlines = [AgendaItemInline, WorkshopInline]
    list_display = ["__str__", "date", "host", "city", "status"]
    list_filter = ["status", "club", "host"]
    list_select_related = ["club", "host"]
    search_fields = ["title", "venue", "city", "host__name", "partners__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["host", "partners"]


class RegistrationChoiceInline(admin.TabularInline):
    """Read only: choices move through the services (one per slot, capacities)."""

    model = RegistrationChoice
    extra = 0
    fields = ["workshop", "chosen_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    inlines = [RegistrationChoiceInline]
    list_display = ["person", "meeting", "status", "attended", "walk_in", "created_at"]
    list_filter = ["status", "attended", "walk_in", "meeting__club", "meeting"]
    list_select_related = ["user", "guest_organisation", "meeting__club"]
    search_fields = [
        "user__full_name",
        "user__email",
        "user__organisation__name",
        "guest_name",
        "guest_organisation__name",
    ]
    autocomplete_fields = ["user", "guest_organisation", "meeting"]
    # Statuses move through the services (capacity, waiting list, emails), not by hand.
    readonly_fields = ["status", "status_changed_at", "created_at", "reminded_at"]

    @admin.display(description=_("person"), ordering="user__full_name")
    def person(self, registration) -> str:
        return registration.person_name


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["title", "owner", "due_date", "status"]
    autocomplete_fields = ["owner"]


@admin.register(SessionLog)
class SessionLogAdmin(SimpleHistoryAdmin):
    inlines = [ActionInline]
    list_display = ["workshop", "meeting", "author", "status", "updated_at"]
    list_filter = ["status", "workshop__meeting__club"]
    list_select_related = ["workshop__meeting__club", "author"]
    search_fields = ["workshop__title", "summary", "key_findings", "proposals"]
    readonly_fields = ["version", "submitted_at", "approved_by", "approved_at", "updated_at"]
    autocomplete_fields = ["author"]

    def save_formset(self, request, form, formset, change):
        """An action added here is decided at the restitution's meeting."""
        if formset.model is Action:
            for action in formset.save(commit=False):
                action.meeting_id = form.instance.workshop.meeting_id
                action.save()
            for action in formset.deleted_objects:
                action.delete()
            formset.save_m2m()
        else:
            super().save_formset(request, form, formset, change)

    @admin.display(description=Meeting._meta.verbose_name)
    def meeting(self, log):
        return log.workshop.meeting


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "meeting"]
    list_filter = ["kind", "meeting__club"]
    list_select_related = ["meeting__club"]
    search_fields = ["title", "meeting__title"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "owner", "meeting", "due_date", "status"]
    list_filter = ["status", "meeting__kind", "owner"]
    list_select_related = ["owner", "meeting__club"]
    search_fields = ["title", "owner__name"]
    # Where it was decided is fixed by the restitution or the flash meeting it comes from.
    readonly_fields = ["meeting", "session_log", "flash_meeting"]

    def has_add_permission(self, request):
        return False  # from a restitution (its inline) or a flash meeting's page
