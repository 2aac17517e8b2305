from django import forms

from menteo.forms import CheckedInput
from mentorships.models import Goal, Mentorship
from roadmaps.models import Milestone
from threads.models import Kind, Post, Visibility


class PostForm(CheckedInput, forms.Form):
    title = forms.CharField(max_length=140)
    body = forms.CharField(
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        label="What happened",
        help_text="Markdown: **bold**, _italic_, lists, [links](https://example.com).",
    )
    kind = forms.ChoiceField(
        choices=Kind.choices, widget=forms.RadioSelect, label="What kind of entry is it?"
    )
    visibility = forms.ChoiceField(
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.MENTORSHIP,
        label="Who can read it?",
    )
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        label="Linked goal (optional)",
        empty_label="No goal",
    )
    milestone = forms.ModelChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        label="Linked milestone (optional)",
        empty_label="No milestone",
    )

    def __init__(self, *args, mentorship: Mentorship | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if mentorship is None:
            del self.fields["goal"], self.fields["milestone"]
            self.fields["visibility"].choices = [
                (Visibility.PUBLIC, Visibility.PUBLIC.label),
                (Visibility.PRIVATE, Visibility.PRIVATE.label),
            ]
            self.fields["visibility"].initial = Visibility.PRIVATE
            return
        self.fields["goal"].queryset = Goal.objects.filter(
            mentorship=mentorship, cycle=mentorship.cycle
        )
        self.fields["milestone"].queryset = Milestone.objects.filter(roadmap__mentorship=mentorship)

    @staticmethod
    def initial_from(post: Post) -> dict:
        return {
            "title": post.title,
            "body": post.body,
            "kind": post.kind,
            "visibility": post.visibility,
            "goal": post.goal_id,
            "milestone": post.milestone_id,
        }


class CommentForm(CheckedInput, forms.Form):
    body = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your feedback",
        help_text="Markdown. Read by the author and their mentor.",
    )


class PreviewForm(CheckedInput, forms.Form):
    body = forms.CharField(max_length=20000, required=False, widget=forms.Textarea)


class FeedFilterForm(CheckedInput, forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *Kind.choices], required=False, label="Kind"
    )
    q = forms.CharField(max_length=100, required=False, label="Search")


class JourneyPostsForm(CheckedInput, forms.Form):
    posts = forms.ModelMultipleChoiceField(
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Posts to include",
    )

    def __init__(self, *args, mentorship: Mentorship, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = Post.objects.filter(
            mentorship=mentorship, author=mentee, published_at__isnull=False
        ).order_by("published_at")
