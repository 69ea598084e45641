from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from initiatives.models import (
    Application,
    Assessment,
    CallForProjects,
    Criterion,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    Resource,
    TargetPublic,
)
from initiatives.services import initiative_index


@admin.register(TargetPublic)
class TargetPublicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class FundingInline(admin.TabularInline):
    model = Funding
    fk_name = "initiative"
    extra = 0
    autocomplete_fields = ["funder"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    show_change_link = True


class AssessmentInline(admin.StackedInline):
    model = Assessment
    extra = 0
    autocomplete_fields = ["author"]


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    fields = ["title", "applicant", "status", "amount_asked", "amount_awarded", "initiative"]
    # Applications are written, submitted and decided in the portal (services send the emails).
    readonly_fields = ["title", "applicant", "status", "amount_asked", "amount_awarded"]
    autocomplete_fields = ["initiative"]
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    inlines = [FundingInline, IndicatorInline, AssessmentInline]
    list_display = ["title", "lead", "departement", "status", "visibility", "created_at"]
    list_filter = ["status", "visibility", "in_qpv", "themes", "region"]
    list_select_related = ["lead"]
    search_fields = ["title", "summary", "commune__name", "commune_label", "lead__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "lead",
        "co_landlords",
        "partners",
        "residences",
        "contact",
        "origin_action",
        "commune",
    ]
    filter_horizontal = ["themes", "publics"]
    readonly_fields = ["created_at", "updated_at"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        initiative_index(form.instance)  # search vector and sort key, as the services do


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "initiative", "unit", "target"]
    search_fields = ["name", "initiative__title"]
    list_select_related = ["initiative"]

    class MeasurementInline(admin.TabularInline):
        model = Measurement
        extra = 0
        readonly_fields = ["created_by"]

    inlines = [MeasurementInline]


@admin.register(CallForProjects)
class CallForProjectsAdmin(SimpleHistoryAdmin):
    inlines = [CriterionInline, ApplicationInline]
    list_display = ["title", "organiser", "status", "opens_on", "closes_on", "ceiling"]
    list_filter = ["status"]
    search_fields = ["title", "organiser__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "jurors"]
    filter_horizontal = ["themes"]
    readonly_fields = ["results_published_at"]


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["__str__", "initiative", "meeting", "credit", "created_at"]
    list_select_related = ["initiative", "meeting"]
    search_fields = ["caption", "alt_text", "credit", "initiative__title"]
    readonly_fields = ["image", "thumbnail", "added_by", "created_at"]
    # Photos are added through the initiative page, which re-encodes them.

    def has_add_permission(self, request):
        return False


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "visibility", "added_by", "created_at"]
    list_filter = ["kind", "visibility", "themes"]
    list_select_related = ["added_by"]
    search_fields = ["title", "description"]
    # Files come through the toolbox page, which checks them; here they can be removed only.
    readonly_fields = ["file", "filename", "added_by", "created_at"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["initiatives", "workshops"]

    def has_add_permission(self, request):
        return False
