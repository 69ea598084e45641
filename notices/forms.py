from django import forms
from django.utils.translation import gettext_lazy as _

from clubs.models import Club
from landlords.departements import DEPARTEMENT_CHOICES
from landlords.models import Theme
from notices.models import Follow, Preferences


class PreferencesForm(forms.Form):
    """What I follow and which emails I want, on one page."""

    clubs = forms.ModelMultipleChoiceField(
        label=_("Clubs"),
        queryset=Club.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departements = forms.MultipleChoiceField(
        label=_("Départements"),
        choices=DEPARTEMENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose départements from the list.")},
    )

    def __init__(self, *args, user, **kwargs):
        preferences = Preferences.objects.filter(user=user).first() or Preferences(user=user)
        follows = list(Follow.objects.filter(user=user))
        initial = {
            "clubs": [f.club_id for f in follows if f.kind == Follow.Kind.CLUB],
            "themes": [f.theme_id for f in follows if f.kind == Follow.Kind.THEME],
            "departements": [f.departement for f in follows if f.kind == Follow.Kind.DEPARTEMENT],
        }
        for topic in Preferences.TOPICS:
            initial[topic] = getattr(preferences, topic)
        super().__init__(*args, initial=initial, **kwargs)
        for topic in Preferences.TOPICS:
            field = Preferences._meta.get_field(topic)
            self.fields[topic] = forms.BooleanField(
                label=field.verbose_name.capitalize(), help_text=field.help_text, required=False
            )


class FollowForm(forms.Form):
    """The follow / unfollow button: what, and which way."""

    kind = forms.ChoiceField(choices=Follow.Kind.choices)
    target = forms.CharField(max_length=200)
    following = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
    next = forms.CharField(required=False)
