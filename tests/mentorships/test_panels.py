import pytest

from mentorships import panels
from tests.factories import make_mentorship


def test_the_features_register_their_panels_in_page_order():
    assert [panel.name for panel in panels.panels()] == ["roadmaps", "meetings", "rooms", "threads"]


@pytest.mark.django_db
def test_two_panels_may_not_give_the_page_the_same_name(monkeypatch):
    monkeypatch.setattr(panels, "_PANELS", {})
    panels.register("one", template="one.html", order=1, context=lambda m, u: {"rhythm": 1})
    panels.register("two", template="two.html", order=2, context=lambda m, u: {"rhythm": 2})
    mentorship = make_mentorship()
    with pytest.raises(ValueError, match="two panel gives \\['rhythm'\\]"):
        panels.page_context(mentorship, mentorship.mentor)
