"""Template helpers of the desk's screens: which of 作为废稿 / 恢复 the story
page offers, whether it offers 添加更正, and the names of story kinds on the
import screen."""

from django import template

from .. import corrections, spike
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


@register.simple_tag(takes_context=True)
def may_correct(context, article):
    """Whether the user viewing `article` may add a 更正 to it now."""
    user = context["request"].user
    return article is not None and not corrections.correction_refusal(article, user)


@register.filter
def kind_label(kind):
    """The kind's name (photo → 图片新闻); an unknown value as it is."""
    try:
        return Article.Kind(kind).label
    except ValueError:
        return kind
