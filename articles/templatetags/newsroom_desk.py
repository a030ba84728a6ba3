"""Template helpers of the desk's screens: which of 作为废稿 / 恢复 the story
page offers, and the names of story kinds on the import screen."""

from django import template

from .. import spike
from ..models import Article

register = template.Library()


@register.simple_tag(takes_context=True)
def spike_step(context, article):
    """Which step the user viewing `article` may take: "spike", "restore"
    or ""."""
    user = context["request"].user
    if article is None:
        return ""
    if spike.spike_refusal(article, user) is None:
        return "spike"
    if spike.restore_refusal(article, user) is None:
        return "restore"
    return ""


@register.filter
def kind_label(kind):
    """The kind's name (photo → 图片新闻); an unknown value as it is."""
    try:
        return Article.Kind(kind).label
    except ValueError:
        return kind
