from dalf.admin import DALFModelAdmin, DALFRelatedOnlyField
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mailer import admin as mailer_admin
from mailer.models import Message, MessageLog
from simple_history.admin import SimpleHistoryAdmin

from landlords.forms import RefusalForm
from landlords.models import (
    Organisation,
    OrganisationProposal,
    Region,
    Residence,
    Skill,
    Theme,
    User,
)
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
    fields = ["name", "commune", "commune_label", "address", "dwellings", "in_qpv"]
    autocomplete_fields = ["commune"]


@admin.register(Residence)
class ResidenceAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "commune_label", "landlord", "dwellings", "in_qpv"]
    list_filter = ["in_qpv", "landlord"]
    list_select_related = ["landlord", "commune"]
    search_fields = ["name", "commune__name", "commune_label", "address", "landlord__name"]
    autocomplete_fields = ["landlord", "commune"]


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


class StaffUserCreationForm(forms.ModelForm):
    """An account added by staff who are not superusers: no password and no privileges. The
    person chooses their password with "forgotten password"; nobody else ever knows it."""

    class Meta:
        model = User
        fields = ["email", "full_name", "organisation"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


# What only superusers see or change on an account: the roles, the privileges and the password.
# Staff who are not superusers run the club with the rest (names, organisation, editor flag,
# withdrawal), and only on accounts that are neither staff nor superusers: the address, which
# a password reset goes to, stays read-only for them too.
PRIVILEGED_FIELDS = {"password", "is_staff", "is_superuser", "groups", "user_permissions"}
STAFF_READ_ONLY = ["email"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationAdminForm
    inlines = [ResidenceInline]
    list_display = ["name", "kind", "family", "departement", "dwellings"]
    list_filter = ["kind", "family", "regions", "departement"]
    search_fields = ["name", "slug", "about"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["regions"]
    autocomplete_fields = ["commune"]


@admin.register(OrganisationProposal)
class OrganisationProposalAdmin(admin.ModelAdmin):
    """Organisations proposed at sign-up, read-only: staff decide on one when they approve its
    account (the approval page), which creates it or merges it and dates the decision."""

    list_display = ["name", "user", "kind", "departement", "status", "created_at"]
    list_filter = ["kind", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "organisation"]
    search_fields = ["name", "user__full_name", "user__email"]
    fields = [
        "user",
        "name",
        "kind",
        "departement",
        "website",
        "created_at",
        "status",
        "organisation",
        "resolved_at",
        "resolved_by",
    ]
    readonly_fields = fields

    @admin.display(description=_("status"))
    def status(self, proposal):
        if proposal.organisation_id:
            return _("validated: %(organisation)s") % {"organisation": proposal.organisation}
        if proposal.user.refused_at:
            return _("account refused")
        return _("waiting for the account's approval")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DALFModelAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
    form = UserAdminForm
    ordering = ["full_name", "email"]
    # Few, short columns: the list fits beside the filters at 1280 px (the job title is on
    # each user's page and in the search).
    list_display = ["full_name", "email", "organisation", "is_approved", "is_staff"]
    list_per_page = 50
    list_filter = [
        "is_approved",
        ("refused_at", admin.EmptyFieldListFilter),
        "is_organisation_editor",
        ("emailaddress__verified", admin.BooleanFieldListFilter),
        "is_staff",
        "is_active",
        "organisation__kind",
        # Only organisations that have users (not the whole directory), in a searchable select
        # (dalf: the admin's own select2, no request of its own).
        ("organisation", DALFRelatedOnlyField),
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

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        if obj is None:
            return [(None, {"fields": StaffUserCreationForm.Meta.fields})]
        return [
            (
                name,
                {**options, "fields": [f for f in options["fields"] if f not in PRIVILEGED_FIELDS]},
            )
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None and not request.user.is_superuser:
            kwargs["form"] = StaffUserCreationForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser or obj is None:
            return fields
        return [*fields, *STAFF_READ_ONLY]

    def get_list_display(self, request):
        if request.user.is_superuser:
            return self.list_display
        return [f for f in self.list_display if f not in PRIVILEGED_FIELDS]

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return self.list_filter
        return [f for f in self.list_filter if f not in PRIVILEGED_FIELDS]

    def lookup_allowed(self, lookup, value, request=None):
        if (
            not (request and request.user.is_superuser)
            and lookup.split("__")[0] in PRIVILEGED_FIELDS
        ):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # Staff see the accounts of other staff and of superusers, and change none of them.
        return obj is None or request.user.is_superuser or not (obj.is_staff or obj.is_superuser)

    def user_change_password(self, request, id, form_url=""):  # noqa: A002 — the URL names it
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting writes back every field of the old version, privileges included.
        if request.method == "POST" and not request.user.is_superuser:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

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


# The mail queue (django-mailer). A message's body can hold a working password-reset link, an
# email-confirmation key or a login code: only superusers read bodies. Staff see who was mailed
# what subject, when, and whether it failed. ("mailer" comes before the project's apps in
# INSTALLED_APPS, so its own registrations exist when this module replaces them.)
class RedactedMailAdmin:
    def get_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fields(request, obj)
        return self.staff_fields

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return self.staff_fields

    @admin.display(description=_("To"))
    def recipients(self, message):
        return mailer_admin.show_to(message)

    @admin.display(description=_("Subject"))
    def subject_line(self, message):
        return mailer_admin.show_subject(message)


admin.site.unregister([Message, MessageLog])


@admin.register(Message)
class MessageAdmin(RedactedMailAdmin, mailer_admin.MessageAdmin):
    list_display = ["id", "recipients", "subject_line", "when_added", "priority", "retry_count"]
    staff_fields = ["recipients", "subject_line", "when_added", "priority", "retry_count"]

    @admin.action(description=_("Send the selected messages now"), permissions=["change"])
    def send_messages(self, request, queryset):
        return super().send_messages(request, queryset)


@admin.register(MessageLog)
class MessageLogAdmin(RedactedMailAdmin, mailer_admin.MessageLogAdmin):
    list_display = ["id", "recipients", "subject_line", "when_attempted", "result"]
    staff_fields = [
        "recipients",
        "subject_line",
        "when_added",
        "when_attempted",
        "result",
        "log_message",
    ]
