from django import forms

from accounts.models import User
from accounts.usernames import MAX_LENGTH, validate_username_choice
from menteo.forms import CheckedInput
from menteo.timezones import UTC, grouped_timezone_choices

TIMEZONE_HELP = "Times on Menteo are shown in this zone."


def timezone_field(current: str = "", *, required: bool = True) -> forms.ChoiceField:
    """Canonical names grouped by area; static/js/timezone.js proposes the browser's own
    when the value is still UTC (without JavaScript it stays as it is)."""
    return forms.ChoiceField(
        label="Time zone",
        choices=grouped_timezone_choices(current),
        initial=UTC,
        required=required,
        help_text=TIMEZONE_HELP,
        widget=forms.Select(attrs={"data-propose-timezone": ""}),
    )


class SignupForm(CheckedInput, forms.Form):
    """Extra fields on allauth's sign-up form: the name other people see, the time zone."""

    display_name = forms.CharField(
        label="Your name", max_length=80, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    field_order = ["display_name", "email", "password1", "password2", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not required: a sign-up from elsewhere than the form (an old tab) is still UTC.
        self.fields["timezone"] = timezone_field(required=False)

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"].strip()
        user.timezone = self.cleaned_data.get("timezone") or UTC
        user.save(update_fields=["display_name", "timezone"])


class ProfileForm(CheckedInput, forms.ModelForm):
    username = forms.CharField(
        label="Public address",
        max_length=MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )

    class Meta:
        model = User
        fields = ["display_name", "headline", "bio", "timezone"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"bio": "Markdown is fine. Tell people what you've done and what you enjoy."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"] = timezone_field(self.instance.timezone)
        self.fields["username"].initial = self.instance.username
        self.fields["username"].help_text = (
            f"Your public page is /u/{self.instance.username}/. Lowercase letters, digits and "
            "single hyphens. The old address stops working when you change it."
        )
        self.order_fields(["display_name", "username"])

    def clean_username(self) -> str | None:
        username = self.cleaned_data["username"].strip().lower()
        if not username or username == self.instance.username:
            return None  # unchanged
        validate_username_choice(username)
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Someone already has this address. Choose another.")
        return username


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
