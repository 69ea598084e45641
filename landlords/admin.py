from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from landlords.models import Organisation, Region, Residence, User
from landlords.services import user_approve


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class ResidenceInline(admin.TabularInline):
    model = Residence
    extra = 0
    fields = ["name", "commune", "address", "dwellings", "in_qpv"]


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "landlord", "dwellings", "in_qpv"]
    list_filter = ["in_qpv", "landlord"]
    list_select_related = ["landlord"]
    search_fields = ["name", "commune", "address", "landlord__name"]
    autocomplete_fields = ["landlord"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    inlines = [ResidenceInline]
    list_display = ["name", "kind", "family", "departement", "dwellings"]
    list_filter = ["kind", "family", "regions", "departement"]
    search_fields = ["name", "slug", "about"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "organisation", "job_title", "is_approved", "is_staff"]
    list_filter = [
        "is_approved",
        ("emailaddress__verified", admin.BooleanFieldListFilter),
        "is_staff",
        "is_active",
        "organisation__kind",
        "organisation",
    ]
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name", "job_title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    actions = ["approve_users"]
    # Approval goes through the list action only, so that it is dated and the member is told.
    readonly_fields = ["is_approved", "approved_at", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Member"),
            {"fields": ["full_name", "organisation", "job_title", "phone", "directory_consent"]},
        ),
        (_("Approval"), {"fields": ["is_approved", "approved_at"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "organisation", "password1", "password2"],
            },
        ),
    ]

    @admin.action(description=_("Approve the selected accounts (sends an email)"))
    def approve_users(self, request, queryset):
        approved = 0
        for user in queryset.filter(is_approved=False):
            try:
                user_approve(actor=request.user, user=user)
            except PermissionDenied:
                self.message_user(request, _("You may not approve accounts."), messages.ERROR)
                return
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                approved += 1
        self.message_user(
            request,
            ngettext("%(count)d account approved.", "%(count)d accounts approved.", approved)
            % {"count": approved},
            messages.SUCCESS if approved else messages.WARNING,
        )
