from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from menteo.forms import CheckedInput
from menteo.params import NumberField
from mentorships import rules
from mentorships.models import (
    CheckinRhythm,
    CommunicationMethod,
    ExitFeedback,
    Expertise,
    FocusArea,
    GoalAcknowledgement,
    MeetingCadence,
    MentorProfile,
    Relationship,
    Stage,
)
from mentorships.services import GoalInput


class MentorProfileForm(CheckedInput, forms.Form):
    expertise = forms.CharField(
        max_length=500,
        required=False,
        help_text="Comma-separated, e.g. 'Engineering management, Hiring, System design'.",
    )
    capacity = NumberField(min_value=1, max_value=50, label="Capacity (active mentees at once)")
    is_accepting = forms.BooleanField(required=False, label="I'm accepting new requests")

    def clean_expertise(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["expertise"].split(",")]
        names = [name for name in names if name]
        if len(names) > 12:
            raise forms.ValidationError("List at most 12 areas of expertise.")
        if any(len(name) > 60 for name in names):
            raise forms.ValidationError("Keep each area under 60 characters.")
        return names


class DirectoryForm(CheckedInput, forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search")
    expertise = forms.ChoiceField(required=False, label="Expertise")

    def __init__(self, *args, expertise_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].choices = [("", "Any expertise"), *expertise_choices]

    @staticmethod
    def expertise_choices():
        # A semi-join (one index probe per tag), not a DISTINCT over every mentor's tags: the
        # cost follows the number of tags, not of mentors.
        tagged = MentorProfile.expertise.through.objects.filter(expertise=OuterRef("pk"))
        return list(Expertise.objects.filter(Exists(tagged)).values_list("slug", "name"))


class RequestForm(CheckedInput, forms.Form):
    focus_area = forms.ChoiceField(choices=FocusArea.choices, label="What is it about?")
    focus = forms.CharField(
        max_length=140,
        label="Your focus",
        help_text="The skill or transition, e.g. 'Land my first engineering manager role'.",
    )
    message = forms.CharField(
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Where you are, where you want to be, and why this mentor.",
    )


class DeclineForm(CheckedInput, forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason (optional, shown to the mentee)",
    )


class ContractForm(CheckedInput, forms.Form):
    ground_rules = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How you work together: response times, cancellations, confidentiality.",
    )
    meeting_cadence = forms.ChoiceField(choices=MeetingCadence.choices)
    communication_methods = forms.MultipleChoiceField(
        choices=CommunicationMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        label="How you'll communicate",
    )
    review_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The planned review of the relationship, e.g. six months from now.",
    )

    def clean_review_date(self):
        review_date = self.cleaned_data["review_date"]
        if review_date <= timezone.localdate():
            raise forms.ValidationError("The review date must be in the future.")
        return review_date


class GoalForm(CheckedInput, forms.Form):
    id = NumberField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        max_length=140,
        required=False,
        label="Goal",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Land a Director role"}),
    )
    success_criterion = forms.CharField(
        max_length=300,
        required=False,
        label="How you'll know",
        widget=forms.TextInput(attrs={"placeholder": "Measurable: a number, a date, a result"}),
    )
    target_date = forms.DateField(
        required=False, label="Target date", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("success_criterion"):
            self.add_error("success_criterion", "Say how you'll know this goal is reached.")
        if data.get("success_criterion") and not data.get("title"):
            self.add_error("title", "Name the goal.")
        return data

    @property
    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("title") or self.cleaned_data.get("success_criterion"))


class BaseGoalFormSet(forms.BaseFormSet):
    def __init__(self, *args, minimum=rules.GOALS_MIN, kept_goal_ids=(), **kwargs):
        self.minimum = minimum
        # Goals with progress recorded: their rows can't be removed (rules.goals_with_progress).
        self.kept_goal_ids = set(kept_goal_ids)
        super().__init__(*args, **kwargs)

    def clean(self):
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            removed = data and (data.get("DELETE") or form.is_blank)
            if removed and data.get("id") in self.kept_goal_ids:
                form.add_error("DELETE" if data.get("DELETE") else "title", rules.GOAL_KEPT)
        if any(self.errors):
            return
        count = len(self.goals())
        if not self.minimum <= count <= rules.GOALS_MAX:
            raise forms.ValidationError(
                f"Write {self.minimum} to {rules.GOALS_MAX} specific, measurable goals "
                f"(you have {count})."
            )

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this goal"

    def goals(self) -> list[GoalInput]:
        return [
            GoalInput(
                id=form.cleaned_data.get("id"),
                title=form.cleaned_data["title"],
                success_criterion=form.cleaned_data["success_criterion"],
                target_date=form.cleaned_data.get("target_date"),
            )
            for form in self.forms
            if form.cleaned_data and not form.is_blank and not form.cleaned_data.get("DELETE")
        ]

    def rows_as_typed(self) -> list[dict]:
        """What each row holds as typed, rows ticked for removal left out: to show again."""
        return [
            {name: row[name].value() for name in row.fields if name != "DELETE"}
            for row in self.forms
            if not row["DELETE"].value()
        ]


GoalFormSet = forms.formset_factory(
    GoalForm,
    formset=BaseGoalFormSet,
    extra=0,
    can_delete=True,
    max_num=rules.GOALS_MAX,
    absolute_max=rules.GOALS_MAX,
)


class TransitionForm(CheckedInput, forms.Form):
    to = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    reopen_goals = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Goals to carry into the new cycle",
    )
    # Only read when the mentorship moves to Redefinition.
    relationship = forms.ChoiceField(
        choices=Relationship.choices,
        initial=Relationship.PEERS,
        required=False,
        label="What the relationship becomes",
    )
    checkin_rhythm = forms.ChoiceField(
        choices=CheckinRhythm.choices,
        initial=CheckinRhythm.QUARTERLY,
        required=False,
        label="How often you check in",
    )
    # Set by the confirmation step when something is left unfinished (rules.left_unfinished).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reopen_goals"].choices = [(goal.pk, goal.title) for goal in goals]

    def clean(self):
        data = super().clean()
        data["relationship"] = data.get("relationship") or Relationship.PEERS
        data["checkin_rhythm"] = data.get("checkin_rhythm") or CheckinRhythm.QUARTERLY
        return data


class GoalStatusForm(CheckedInput, forms.Form):
    achieved = forms.BooleanField(required=False)
    evidence = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Evidence",
        help_text="What shows it is reached: a link, a result, a date.",
    )

    def clean(self):
        data = super().clean()
        if data.get("achieved") and not data.get("evidence", "").strip():
            self.add_error("evidence", "Add a line of evidence when you mark a goal achieved.")
        return data


class AcknowledgementForm(CheckedInput, forms.Form):
    outcome = forms.ChoiceField(
        choices=GoalAcknowledgement.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an outcome for this goal."},
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EndForm(CheckedInput, forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why are you ending the mentorship?",
        help_text="Both of you keep read-only access to everything you wrote.",
    )


class PauseForm(CheckedInput, forms.Form):
    reason = forms.CharField(
        max_length=300, label="Why pause?", help_text="e.g. parental leave, a busy quarter."
    )
    resume_on = forms.DateField(
        required=False,
        label="Resume on (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The mentorship resumes by itself on this date.",
    )

    def clean_resume_on(self):
        resume_on = self.cleaned_data["resume_on"]
        if resume_on and resume_on <= timezone.localdate():
            raise forms.ValidationError("The resume date must be in the future.")
        return resume_on


class RelationshipForm(CheckedInput, forms.Form):
    relationship = forms.ChoiceField(
        choices=Relationship.choices, label="What the relationship becomes"
    )
    checkin_rhythm = forms.ChoiceField(choices=CheckinRhythm.choices, label="How often to check in")


def _rating_field(label: str) -> forms.TypedChoiceField:
    # Radio buttons with none chosen: a model field's blank "---------" would be a choice that
    # only exists to be refused.
    return forms.TypedChoiceField(
        choices=ExitFeedback.RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        label=label,
        error_messages={"required": "Choose a rating from 1 to 5."},
    )


class ExitFeedbackForm(CheckedInput, forms.ModelForm):
    relationship_rating = _rating_field("The relationship (1 = poor, 5 = excellent)")
    progress_rating = _rating_field("Progress on the goals (1 = none, 5 = all of them)")

    class Meta:
        model = ExitFeedback
        fields = [
            "what_worked",
            "what_to_change",
            "relationship_rating",
            "progress_rating",
            "would_recommend",
        ]
        labels = {
            "what_worked": "What worked?",
            "what_to_change": "What would you change?",
            "would_recommend": "I would recommend the other person",
        }
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_to_change": forms.Textarea(attrs={"rows": 3}),
        }
