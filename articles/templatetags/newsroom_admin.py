import re

from django import template
from django.urls import reverse
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts import roles

from .. import workflow

register = template.Library()

#: The dashboard's action bar: (label, URL name, the permission it needs,
#: the page of the role's policy it needs, accounts.roles.Policy.pages).
#: 导入版面 is guarded as its view is (articles.admin.import_page.may_import).
ACTIONS = [
    (_("写新稿件"), "admin:articles_article_add", "articles.add_article", None),
    (_("上传图片"), "admin:articles_photo_add", "articles.add_photo", None),
    (_("批量上传图片"), "admin:articles_photo_upload", "articles.add_photo", None),
    (
        _("导入版面"),
        "admin:articles_article_import",
        "articles.add_article",
        "import",
    ),
]


#: A space Django puts after a sentence it joins to another ("…。 您可以…").
SPACE_AFTER_FULL_STOP = re.compile(r"(?<=[。！？；]) +")


@register.filter
def chinese_spacing(message):
    """A message as Chinese is written: no space after a Chinese full stop
    (Django joins "added successfully." and "You may edit it again below."
    with one)."""
    message = getattr(message, "message", message)  # a messages' Message
    text = SPACE_AFTER_FULL_STOP.sub("", str(message))
    return mark_safe(text) if isinstance(message, SafeData) else text


def actions_for(user):
    """What the user may start from the top of the dashboard."""
    pages = roles.policy_for(user).pages
    return [
        {"label": label, "url": reverse(name)}
        for label, name, permission, page in ACTIONS
        if user.has_perm(permission) and (page is None or page in pages)
    ]


@register.inclusion_tag("admin/includes/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    user = context["request"].user
    return {
        "dashboard": workflow.dashboard(user),
        "actions": actions_for(user),
        "request": context["request"],
    }
