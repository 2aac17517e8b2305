from django import forms
from django.utils import timezone

from menteo.forms import CheckedInput
from roadmaps.models import Milestone, RoadmapTemplate


class MilestoneForm(CheckedInput, forms.Form):
    title = forms.CharField(max_length=140)
    description = forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    goal = forms.TypedChoiceField(
        label="Contract goal", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", "No goal")] + [(g.pk, g.title) for g in goals]
        if not goals:
            self.fields["goal"].help_text = "Link a goal once the contract has goals."


class MilestoneStatusForm(CheckedInput, forms.Form):
    status = forms.ChoiceField(choices=Milestone.Status.choices)


class ApplyTemplateForm(CheckedInput, forms.Form):
    template = forms.ModelChoiceField(
        queryset=RoadmapTemplate.objects.filter(is_published=True), empty_label=None
    )
    start_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Due dates are counted from this day.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, **kwargs)
