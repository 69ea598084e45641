from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from clubs.models import Meeting
from config.widgets import Chooser
from initiatives.models import CallForProjects, Initiative
from landlords.uploads import IMAGE_ACCEPT
from news.models import Article

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ArticleForm(forms.ModelForm):
    """The article; its photo is re-encoded by the service (news.services), which refuses what
    is not an image beside the field."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "date",
            "text",
            "status",
            "photo_alt",
            "photo_caption",
            "photo_credit",
            "meeting",
            "initiatives",
            "call",
        ]
        widgets = {
            "date": DATE,
            "text": forms.Textarea(attrs={"rows": 14}),
            "initiatives": Chooser,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.photo:
            self.initial["photo"] = self.instance.photo
        meeting = self.fields["meeting"]
        meeting.queryset = (
            Meeting.objects.published().select_related("club").order_by("-date", "pk")
        )
        meeting.label_from_instance = lambda m: f"{m.name} ({m.date:%d/%m/%Y})"
        self.fields["initiatives"].queryset = Initiative.objects.visible_to(user).order_by(
            "title", "pk"
        )
        self.fields["call"].queryset = CallForProjects.objects.exclude(
            status=CallForProjects.Status.DRAFT
        ).order_by("-opens_on", "pk")

    def service_data(self) -> dict:
        """What the services take: the fields and the photo (a file, False to remove it, or
        None to keep it)."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        photo = self.cleaned_data.get("photo")
        if photo is False or isinstance(photo, UploadedFile):
            data["photo"] = photo
        else:
            data["photo"] = None  # unchanged
        return data
