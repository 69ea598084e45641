from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from news.models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "date",
            "text",
            "status",
            "photo_alt",
            "photo_caption",
            "photo_credit",
            "meeting",
            "initiatives",
            "call",
            "author",
        ]

    def clean(self):
        # The photo is read-only here, so the database's rule (a photo has its credit and its
        # text alternative) is checked by hand, beside the fields.
        cleaned = super().clean()
        if self.instance.photo:
            if not cleaned.get("photo_credit"):
                self.add_error("photo_credit", _("Who took the photo?"))
            if not cleaned.get("photo_alt"):
                self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return cleaned


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    form = ArticleAdminForm
    list_display = ["title", "date", "status", "meeting", "call", "author"]
    list_filter = ["status", "date"]
    list_select_related = ["meeting__club", "call", "author"]
    search_fields = ["title", "text", "photo_credit"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "date"
    autocomplete_fields = ["meeting", "call", "initiatives", "author"]
    # The photo is uploaded through the portal's form, which re-encodes it (EXIF dropped).
    readonly_fields = ["photo", "created_at", "updated_at"]
