from django import forms
from django.utils import timezone

from meetings.models import Meeting
from menteo.forms import CheckedInput

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class MeetingForm(CheckedInput, forms.Form):
    starts_at = forms.DateTimeField(
        label="When (your time)",
        input_formats=[DATETIME_LOCAL],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL),
        help_text="In your own time zone; the other person sees it in theirs.",
    )
    duration_minutes = forms.TypedChoiceField(
        choices=Meeting.DURATIONS, coerce=int, initial=45, label="How long"
    )
    where = forms.CharField(
        required=False,
        max_length=300,
        label="Where",
        help_text="A video-call link, a phone number or a place.",
    )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future.")
        return starts_at


class PlanForm(MeetingForm):
    """Plans a meeting, or logs one that already happened (the service says how far back)."""

    agenda = forms.CharField(required=False, max_length=300, label="First agenda item (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = (
            "In your own time zone. A future time plans the meeting and invites the other "
            "person; a past time logs a meeting you already had, to write its notes."
        )

    def clean_starts_at(self):
        return self.cleaned_data["starts_at"]


class AgendaForm(CheckedInput, forms.Form):
    text = forms.CharField(max_length=300, label="Add to the agenda")


class NotesForm(CheckedInput, forms.Form):
    notes = forms.CharField(
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Notes",
        help_text="What you discussed and decided. Markdown works.",
    )
    actions = forms.CharField(
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="New action items",
        help_text="One per line. Each can become a roadmap milestone in one click.",
    )

    def clean_actions(self):
        return [line for line in self.cleaned_data["actions"].splitlines() if line.strip()]


class ActionForm(CheckedInput, forms.Form):
    text = forms.CharField(max_length=300, label="Action item")
