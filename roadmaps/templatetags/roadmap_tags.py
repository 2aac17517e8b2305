from django import template

from roadmaps import selectors

register = template.Library()


@register.simple_tag
def roadmap_comparison(mentorship):
    """{% roadmap_comparison mentorship as compare %}: the agreed roadmap beside the current
    one, for the Separation review (two queries, whatever the size)."""
    return selectors.roadmap_comparison(mentorship)
