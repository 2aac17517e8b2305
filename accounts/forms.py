from django import forms

from accounts.models import User, timezone_choices
from menteo.forms import CheckedInput


class SignupForm(CheckedInput, forms.Form):
    """Extra field on allauth's sign-up form: the name other people see."""

    display_name = forms.CharField(
        label="Your name", max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    field_order = ["display_name", "email", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])


class ProfileForm(CheckedInput, forms.ModelForm):
    timezone = forms.ChoiceField(label="Time zone", choices=timezone_choices)

    class Meta:
        model = User
        fields = ["display_name", "headline", "bio", "timezone"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"bio": "Markdown is fine. Tell people what you've done and what you enjoy."}


class DeleteAccountForm(CheckedInput, forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand: my account and private data are deleted for good.",
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
