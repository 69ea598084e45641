from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from landlords.forms import RefusalForm
from landlords.models import Organisation, Region, Residence, Skill, Theme, User
from landlords.services import user_approve, user_refuse
from landlords.uploads import LOGO_RULES, PHOTO_RULES, reencode_image


@admin.register(Theme, Skill)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


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


def _reencoded(value, rules):
    """A newly uploaded image is re-encoded like on the site; a kept file stays as it is."""
    if isinstance(value, UploadedFile):
        return reencode_image(value, rules)
    return value


class OrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose

    def clean_logo(self):
        return _reencoded(self.cleaned_data.get("logo"), LOGO_RULES)


class UserAdminForm(UserChangeForm):
    def clean_photo(self):
        return _reencoded(self.cleaned_data.get("photo"), PHOTO_RULES)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    inlines = [ResidenceInline]
    list_display = ["name", "kind", "family", "departement", "dwellings"]
    list_filter = ["kind", "family", "regions", "departement"]
    search_fields = ["name", "slug", "about"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserAdminForm
    ordering = ["full_name", "email"]
    list_display = ["email", "full_name", "organisation", "job_title", "is_approved", "is_staff"]
    list_filter = [
        "is_approved",
        ("refused_at", admin.EmptyFieldListFilter),
        "is_organisation_editor",
        ("emailaddress__verified", admin.BooleanFieldListFilter),
        "is_staff",
        "is_active",
        "organisation__kind",
        "organisation",
    ]
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name", "job_title", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["groups", "user_permissions", "themes", "skills"]
    actions = ["approve_users", "refuse_users"]
    # Approval and refusal go through the list actions (or the approval page) only, so that they
    # are dated and the person is told.
    readonly_fields = [
        "is_approved",
        "approved_at",
        "refused_at",
        "refusal_reason",
        "deleted_at",
        "last_login",
        "date_joined",
    ]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Member"),
            {
                "fields": [
                    "full_name",
                    "organisation",
                    "is_organisation_editor",
                    "job_title",
                    "phone",
                    "photo",
                    "themes",
                    "skills",
                    "directory_consent",
                ]
            },
        ),
        (
            _("Approval"),
            {
                "fields": [
                    "is_approved",
                    "approved_at",
                    "refused_at",
                    "refusal_reason",
                    "deleted_at",
                ]
            },
        ),
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

    @admin.action(description=_("Refuse the selected accounts (asks for a reason, sends an email)"))
    def refuse_users(self, request, queryset):
        pending = queryset.filter(pk__in=User.objects.awaiting_approval())
        form = RefusalForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            refused = 0
            for user in pending:
                try:
                    user_refuse(actor=request.user, user=user, reason=form.cleaned_data["reason"])
                except PermissionDenied:
                    self.message_user(request, _("You may not refuse accounts."), messages.ERROR)
                    return None
                except ValidationError as error:
                    self.message_user(request, " ".join(error.messages), messages.ERROR)
                else:
                    refused += 1
            self.message_user(
                request,
                ngettext("%(count)d account refused.", "%(count)d accounts refused.", refused)
                % {"count": refused},
                messages.SUCCESS if refused else messages.WARNING,
            )
            return None
        return TemplateResponse(
            request,
            "admin/landlords/user/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse accounts"),
                "opts": self.model._meta,
                "pending": pending,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
