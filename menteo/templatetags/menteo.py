from django import template

from menteo.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """{{ message.body|markdown }}: the sanitized HTML of what someone wrote."""
    return render_markdown(text)
