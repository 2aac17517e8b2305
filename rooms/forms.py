import uuid

from django import forms

from menteo.forms import CheckedInput
from rooms.models import MAX_MESSAGE_LENGTH


class MessageForm(CheckedInput, forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message (Markdown)…"}),
        error_messages={
            "required": "Write something first.",
            "max_length": "A message can be at most %(limit_value)d characters "
            "(this one has %(show_value)d).",
        },
    )
    # Generated when the form is shown: posting the same form twice stores one message.
    client_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class MessageEditForm(CheckedInput, forms.Form):
    body = MessageForm.base_fields["body"]


class SearchForm(CheckedInput, forms.Form):
    q = forms.CharField(label="Search this room", max_length=200, required=False)
