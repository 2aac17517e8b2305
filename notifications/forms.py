from django import forms

from notifications.models import Kind


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Email me about",
    )
