from django.contrib import admin

from notices.models import ActionReminder, DigestSent


@admin.register(DigestSent)
class DigestSentAdmin(admin.ModelAdmin):
    list_display = ["user", "month", "sent_at"]
    list_select_related = ["user"]
    date_hierarchy = "month"


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["action", "kind", "due_date", "sent_at"]
    list_select_related = ["action"]
    list_filter = ["kind"]
