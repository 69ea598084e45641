"""The juror's review form: per criterion a 0–5 choice and a comment, an opinion, a comment.
The service (initiatives.jury.review_save) decides what is accepted; the form reads the typed
values and shows the refusals beside the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from initiatives.jury import SCORE_COMMENT_MAX, score_comment_field, score_field
from initiatives.models import Review

SCORE_CHOICES = [(value, str(value)) for value in range(6)]


class ReviewForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Overall opinion"),
        choices=Review.Opinion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Give your overall opinion.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the organiser should know of your opinion."),
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        self.criteria = list(criteria)
        if review is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_of(review)
        super().__init__(*args, **kwargs)
        fields = {}
        for criterion in self.criteria:
            weight = ngettext("weight %(weight)d", "weight %(weight)d", criterion.weight) % {
                "weight": criterion.weight
            }
            fields[score_field(criterion.pk)] = forms.TypedChoiceField(
                label=f"{criterion.title} ({weight})",
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                widget=forms.RadioSelect(attrs={"class": "score-choices"}),
                error_messages={
                    "required": _("Give a score from 0 to 5."),
                    "invalid_choice": _("A score goes from 0 to 5."),
                },
                help_text=criterion.description,
            )
            fields[score_comment_field(criterion.pk)] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.title},
                required=False,
                max_length=SCORE_COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        # The criteria first, then the opinion and the comment.
        self.fields = {
            **fields,
            "opinion": self.fields["opinion"],
            "comment": self.fields["comment"],
        }

    @staticmethod
    def initial_of(review: Review) -> dict:
        initial = {"opinion": review.opinion, "comment": review.comment}
        for score in review.scores.all():
            initial[score_field(score.criterion_id)] = score.value
            initial[score_comment_field(score.criterion_id)] = score.comment
        return initial

    def criterion_fields(self):
        """(score field, comment field) per criterion, bound, for the template."""
        return [
            (self[score_field(criterion.pk)], self[score_comment_field(criterion.pk)])
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple]:
        data = self.cleaned_data
        return {
            criterion.pk: (
                data.get(score_field(criterion.pk)),
                data.get(score_comment_field(criterion.pk), ""),
            )
            for criterion in self.criteria
        }
