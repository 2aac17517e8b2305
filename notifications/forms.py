from django import forms

from menteo.forms import CheckedInput
from notifications.models import Kind
from notifications.services.sweeps import REMINDER_KINDS


class EmailPreferencesForm(CheckedInput, forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=[
            (
                "When something happens in your mentorships",
                [(kind.value, kind.label) for kind in Kind if kind not in REMINDER_KINDS],
            ),
            ("Reminders and nudges", [(kind.value, kind.label) for kind in REMINDER_KINDS]),
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Email me about",
    )
