from django import forms

from menteo.forms import CheckedInput
from notifications.models import Kind

REMINDERS = [
    Kind.REVIEW_REMINDER,
    Kind.INITIATION_NUDGE,
    Kind.SEPARATION_READY,
    Kind.ACCOUNTABILITY_NUDGE,
    Kind.REDEFINITION_CHECKIN,
    Kind.UNREAD_DIGEST,
]


class EmailPreferencesForm(CheckedInput, forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=[
            (
                "When something happens in your mentorships",
                [(kind.value, kind.label) for kind in Kind if kind not in REMINDERS],
            ),
            ("Reminders and nudges", [(kind.value, kind.label) for kind in REMINDERS]),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Email me about",
    )
