"""Which of 作为废稿 / 恢复 the story page offers this user."""

from django import template

from .. import spike

register = template.Library()


@register.simple_tag(takes_context=True)
def spike_step(context, article):
    """ "spike", "restore" or "" for the user viewing `article`."""
    user = context["request"].user
    if article is None:
        return ""
    if spike.spike_refusal(article, user) is None:
        return "spike"
    if spike.restore_refusal(article, user) is None:
        return "restore"
    return ""
